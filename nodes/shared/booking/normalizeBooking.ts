import type { InviteeEventName } from '../calendly/types';
import { WEBHOOK_EVENTS } from '../calendly/webhookEvents';
import { emailKey } from './emailKey';
import { type Json, isObject } from './readJson';
import { isValidTimeZone, toZonedIso } from './zonedTime';

/**
 * A Calendly invitee delivery flattened into one record (used by "Calendly to Card" and by the
 * Calendly Trigger's "flat booking" output). Every field is always present; absent values are null.
 *
 * Delivery
 *   event             invitee.created | invitee.canceled | invitee_no_show.created | invitee_no_show.deleted
 *   action            booked | canceled | rescheduled (the old invitee of a reschedule) | no_show | no_show_cleared
 *   deliveredAt       the envelope's created_at (when Calendly created the webhook event)
 * Invitee (one per person per booking; a reschedule creates a new invitee)
 *   inviteeUri, inviteeUuid, status (active | canceled), bookedAt (invitee created_at), updatedAt
 *   email (emailKey: NFKC, lower-cased, trimmed), name, firstName, lastName (split from name when Calendly sends null),
 *   phone (text_reminder_number), inviteeTimeZone, schedulingMethod
 * Scheduled event
 *   eventName, eventUri, eventTypeUri, eventStatus (active | canceled), meetingNotes
 *   startTime, endTime (ISO UTC), timeZone (the zone asked for, else the invitee's, else UTC),
 *   startLocal, endLocal (ISO with offset in timeZone), durationMinutes
 *   location { type, kind (physical | phone | conference | custom | ask_invitee | none), value, joinUrl, status, text }
 *   hosts [{ name, email, uri }], hostName, hostEmail (the first host), guests (emails added by the invitee),
 *   guestOf (on a guest's booking, see guestBookings: the invitee's name and email; null otherwise)
 *   seats { total, active, limit } (group events)
 * Answers and attribution
 *   questions [{ question, answer, position }] in position order; answers { [question text]: answer }
 *   tracking { utmSource, utmMedium, utmCampaign, utmContent, utmTerm, salesforceUuid }
 *   routingFormSubmission (URI), payment { provider, amount (number), currency, successful, externalId, terms }
 * Links and changes
 *   cancelUrl, rescheduleUrl
 *   cancellation { canceledBy (a name), reason, cancelerType (host | invitee), createdAt }
 *   rescheduled (this invitee was replaced by newInviteeUri), oldInviteeUri (the invitee this one replaced)
 *   noShow { uri, createdAt } (null when not marked)
 */
export interface NormalizedBooking {
	event: CardEventName;
	action: BookingAction;
	deliveredAt: string | null;
	inviteeUri: string;
	inviteeUuid: string;
	status: 'active' | 'canceled';
	bookedAt: string | null;
	updatedAt: string | null;
	email: string;
	name: string;
	firstName: string | null;
	lastName: string | null;
	phone: string | null;
	inviteeTimeZone: string | null;
	schedulingMethod: string | null;
	eventName: string | null;
	eventUri: string;
	eventTypeUri: string | null;
	eventStatus: 'active' | 'canceled' | null;
	meetingNotes: string | null;
	startTime: string;
	endTime: string;
	timeZone: string;
	startLocal: string | null;
	endLocal: string | null;
	durationMinutes: number;
	location: BookingLocation;
	hosts: BookingHost[];
	hostName: string | null;
	hostEmail: string | null;
	guests: string[];
	guestOf: { name: string; email: string } | null;
	seats: { total: number; active: number; limit: number } | null;
	questions: Array<{ question: string; answer: string; position: number }>;
	answers: Record<string, string>;
	tracking: BookingTracking;
	routingFormSubmission: string | null;
	payment: BookingPayment | null;
	cancelUrl: string | null;
	rescheduleUrl: string | null;
	cancellation: BookingCancellation | null;
	rescheduled: boolean;
	oldInviteeUri: string | null;
	newInviteeUri: string | null;
	noShow: { uri: string | null; createdAt: string | null } | null;
}

export type BookingAction =
	'booked' | 'canceled' | 'rescheduled' | 'no_show' | 'no_show_cleared' | 'form_submitted';

/**
 * The events a card is built from: the invitee events, and a routing form submission read as a lead
 * (a "booking" without an event: startTime and endTime are when it was submitted, eventUri and
 * eventTypeUri are empty/null, inviteeUri is the submission's URI).
 */
type CardEventName = InviteeEventName | 'routing_form_submission.created';

interface BookingLocation {
	type: string | null;
	kind: 'physical' | 'phone' | 'conference' | 'custom' | 'ask_invitee' | 'none';
	value: string | null;
	joinUrl: string | null;
	status: string | null;
	/** What a person would read: the join URL, address or phone number, with extra info. */
	text: string | null;
}

interface BookingHost {
	name: string | null;
	email: string | null;
	uri: string | null;
}

interface BookingTracking {
	utmSource: string | null;
	utmMedium: string | null;
	utmCampaign: string | null;
	utmContent: string | null;
	utmTerm: string | null;
	salesforceUuid: string | null;
}

interface BookingPayment {
	provider: string | null;
	amount: number | null;
	currency: string | null;
	successful: boolean | null;
	externalId: string | null;
	terms: string | null;
}

interface BookingCancellation {
	canceledBy: string | null;
	reason: string | null;
	cancelerType: 'host' | 'invitee' | null;
	createdAt: string | null;
}

/** The events whose deliveries are bookings (the catalogue's card handling 'booking'). */
export const INVITEE_EVENTS = WEBHOOK_EVENTS.filter((event) => event.card === 'booking').map(
	(event) => event.name,
) as readonly InviteeEventName[];

/** A payload that cannot be read; `field` is the JSON path that is missing or wrong. */
export class BookingValidationError extends Error {
	constructor(
		readonly field: string,
		problem: string,
	) {
		super(`${field} ${problem}`);
		this.name = 'BookingValidationError';
	}
}

function text(value: unknown): string | null {
	if (typeof value === 'string') {
		const trimmed = value.trim();
		return trimmed === '' ? null : trimmed;
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return null;
}

function requiredText(source: Json, key: string, path: string): string {
	const value = text(source[key]);
	if (value === null) throw new BookingValidationError(`${path}.${key}`, 'is missing or empty');
	return value;
}

function requiredInstant(source: Json, key: string, path: string): string {
	const value = requiredText(source, key, path);
	const ms = Date.parse(value);
	if (Number.isNaN(ms))
		throw new BookingValidationError(`${path}.${key}`, `is not a date-time: '${value}'`);
	return new Date(ms).toISOString();
}

function optionalInstant(value: unknown): string | null {
	const raw = text(value);
	if (raw === null) return null;
	const ms = Date.parse(raw);
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The URI's last path segment, ignoring trailing slashes. */
export function lastSegment(uri: string): string {
	let end = uri.length;
	while (end > 0 && uri[end - 1] === '/') end--;
	return uri.slice(uri.lastIndexOf('/', end - 1) + 1, end);
}

const CONFERENCE_TYPES = new Set([
	'zoom',
	'zoom_conference',
	'google_conference',
	'google_meet',
	'gotomeeting',
	'microsoft_teams_conference',
	'microsoft_teams',
	'webex_conference',
	'webex',
]);

function normalizeLocation(raw: unknown): BookingLocation {
	if (!isObject(raw)) {
		return { type: null, kind: 'none', value: null, joinUrl: null, status: null, text: null };
	}
	const type = text(raw.type);
	const value = text(raw.location);
	const joinUrl = text(raw.join_url);
	const extra = text(raw.additional_info);
	let kind: BookingLocation['kind'] = 'custom';
	if (type === 'physical') kind = 'physical';
	else if (type === 'outbound_call' || type === 'inbound_call') kind = 'phone';
	else if (type === 'ask_invitee') kind = 'ask_invitee';
	else if (
		joinUrl !== null ||
		(type !== null && (CONFERENCE_TYPES.has(type) || type.endsWith('_conference')))
	)
		kind = 'conference';
	const main = joinUrl ?? value;
	const shown = [main, extra].filter((part): part is string => part !== null).join(' — ');
	return {
		type,
		kind,
		value,
		joinUrl,
		status: text(raw.status),
		text: shown === '' ? null : shown,
	};
}

/** Calendly sends null first/last names for single-name forms: split on the last space then. */
export function splitName(name: string): { firstName: string | null; lastName: string | null } {
	const trimmed = name.trim().replace(/\s+/g, ' ');
	if (trimmed === '') return { firstName: null, lastName: null };
	const space = trimmed.lastIndexOf(' ');
	if (space < 0) return { firstName: trimmed, lastName: null };
	return { firstName: trimmed.slice(0, space), lastName: trimmed.slice(space + 1) };
}

function normalizeAmount(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
		return Number(value);
	return null;
}

export function isInviteeEventName(value: unknown): value is InviteeEventName {
	return typeof value === 'string' && (INVITEE_EVENTS as readonly string[]).includes(value);
}

/**
 * Flattens an invitee.* or invitee_no_show.* webhook envelope.
 * `timeZone` (IANA) is the zone for startLocal/endLocal; without it the invitee's zone, else UTC.
 * Throws BookingValidationError naming the first missing or malformed field.
 */
export function normalizeBooking(
	envelope: unknown,
	options: { timeZone?: string } = {},
): NormalizedBooking {
	if (!isObject(envelope)) throw new BookingValidationError('item', 'is not a JSON object');
	const event = envelope.event;
	if (!isInviteeEventName(event)) {
		throw new BookingValidationError(
			'event',
			typeof event === 'string'
				? `'${event}' is not an invitee event (expected ${INVITEE_EVENTS.join(', ')})`
				: 'is missing: the item is not a Calendly webhook delivery ({ event, created_at, payload })',
		);
	}
	const payload = envelope.payload;
	if (!isObject(payload))
		throw new BookingValidationError('payload', 'is missing or not an object');
	const scheduled = payload.scheduled_event;
	if (!isObject(scheduled))
		throw new BookingValidationError('payload.scheduled_event', 'is missing or not an object');

	const inviteeUri = requiredText(payload, 'uri', 'payload');
	const rawEmail = requiredText(payload, 'email', 'payload');
	const email = emailKey(rawEmail);
	if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
		throw new BookingValidationError('payload.email', `is not an email address: '${rawEmail}'`);
	}
	const eventUri = text(scheduled.uri) ?? text(payload.event);
	if (eventUri === null)
		throw new BookingValidationError('payload.scheduled_event.uri', 'is missing or empty');
	const startTime = requiredInstant(scheduled, 'start_time', 'payload.scheduled_event');
	const endTime = requiredInstant(scheduled, 'end_time', 'payload.scheduled_event');

	const name =
		text(payload.name) ??
		[text(payload.first_name), text(payload.last_name)].filter(Boolean).join(' ');
	const split = splitName(name);
	const firstName = text(payload.first_name) ?? split.firstName;
	const lastName = text(payload.first_name) === null ? split.lastName : text(payload.last_name);

	const inviteeTimeZone = text(payload.timezone);
	const timeZone =
		[options.timeZone, inviteeTimeZone].find(
			(zone): zone is string => typeof zone === 'string' && zone !== '' && isValidTimeZone(zone),
		) ?? 'UTC';

	const hosts: BookingHost[] = (
		Array.isArray(scheduled.event_memberships) ? scheduled.event_memberships : []
	)
		.filter(isObject)
		.map((membership) => ({
			name: text(membership.user_name),
			email: text(membership.user_email)?.toLowerCase() ?? null,
			uri: text(membership.user),
		}));

	const questions = (
		Array.isArray(payload.questions_and_answers) ? payload.questions_and_answers : []
	)
		.filter(isObject)
		.map((qa, index) => ({
			question: text(qa.question) ?? `Question ${index + 1}`,
			answer: typeof qa.answer === 'string' ? qa.answer.trim() : (text(qa.answer) ?? ''),
			position: typeof qa.position === 'number' ? qa.position : index,
		}))
		.sort((a, b) => a.position - b.position);
	const answers: Record<string, string> = {};
	for (const qa of questions) answers[qa.question] = qa.answer;

	const tracking = isObject(payload.tracking) ? payload.tracking : {};
	const rawCancellation = isObject(payload.cancellation)
		? payload.cancellation
		: isObject(scheduled.cancellation) && event === 'invitee.canceled'
			? scheduled.cancellation
			: null;
	const cancellation: BookingCancellation | null = rawCancellation
		? {
				canceledBy: text(rawCancellation.canceled_by),
				reason: text(rawCancellation.reason),
				cancelerType:
					rawCancellation.canceler_type === 'host' || rawCancellation.canceler_type === 'invitee'
						? rawCancellation.canceler_type
						: null,
				createdAt: optionalInstant(rawCancellation.created_at),
			}
		: null;
	const rawPayment = isObject(payload.payment) ? payload.payment : null;
	const rawNoShow = isObject(payload.no_show) ? payload.no_show : null;
	const counter = isObject(scheduled.invitees_counter) ? scheduled.invitees_counter : null;
	const status: 'active' | 'canceled' =
		payload.status === 'canceled' || event === 'invitee.canceled' ? 'canceled' : 'active';
	const rescheduled = payload.rescheduled === true;

	let action: BookingAction = 'booked';
	if (event === 'invitee.canceled') action = rescheduled ? 'rescheduled' : 'canceled';
	else if (event === 'invitee_no_show.created') action = 'no_show';
	else if (event === 'invitee_no_show.deleted') action = 'no_show_cleared';

	return {
		event,
		action,
		deliveredAt: optionalInstant(envelope.created_at),
		inviteeUri,
		inviteeUuid: lastSegment(inviteeUri),
		status,
		bookedAt: optionalInstant(payload.created_at),
		updatedAt: optionalInstant(payload.updated_at),
		email,
		name: name === '' ? email : name,
		firstName,
		lastName,
		phone: text(payload.text_reminder_number),
		inviteeTimeZone,
		schedulingMethod: text(payload.scheduling_method),
		eventName: text(scheduled.name),
		eventUri,
		eventTypeUri: text(scheduled.event_type),
		eventStatus:
			scheduled.status === 'active' || scheduled.status === 'canceled' ? scheduled.status : null,
		meetingNotes: text(scheduled.meeting_notes_plain),
		startTime,
		endTime,
		timeZone,
		startLocal: toZonedIso(startTime, timeZone),
		endLocal: toZonedIso(endTime, timeZone),
		durationMinutes: Math.round((Date.parse(endTime) - Date.parse(startTime)) / 60000),
		location: normalizeLocation(scheduled.location),
		hosts,
		hostName: hosts[0]?.name ?? null,
		hostEmail: hosts[0]?.email ?? null,
		guests: (Array.isArray(scheduled.event_guests) ? scheduled.event_guests : [])
			.filter(isObject)
			.map((guest) => text(guest.email)?.toLowerCase())
			.filter((guest): guest is string => typeof guest === 'string'),
		guestOf: null,
		seats: counter
			? {
					total: Number(counter.total) || 0,
					active: Number(counter.active) || 0,
					limit: Number(counter.limit) || 0,
				}
			: null,
		questions,
		answers,
		tracking: {
			utmSource: text(tracking.utm_source),
			utmMedium: text(tracking.utm_medium),
			utmCampaign: text(tracking.utm_campaign),
			utmContent: text(tracking.utm_content),
			utmTerm: text(tracking.utm_term),
			salesforceUuid: text(tracking.salesforce_uuid),
		},
		routingFormSubmission: text(payload.routing_form_submission),
		payment: rawPayment
			? {
					provider: text(rawPayment.provider),
					amount: normalizeAmount(rawPayment.amount),
					currency: text(rawPayment.currency),
					successful: typeof rawPayment.successful === 'boolean' ? rawPayment.successful : null,
					externalId: text(rawPayment.external_id),
					terms: text(rawPayment.terms),
				}
			: null,
		cancelUrl: text(payload.cancel_url),
		rescheduleUrl: text(payload.reschedule_url),
		cancellation,
		rescheduled,
		oldInviteeUri: text(payload.old_invitee),
		newInviteeUri: text(payload.new_invitee),
		noShow: rawNoShow
			? { uri: text(rawNoShow.uri), createdAt: optionalInstant(rawNoShow.created_at) }
			: null,
	};
}

/**
 * Reads an item that is either a webhook envelope or a booking this module already flattened (the
 * Calendly Trigger's "flat booking" output), checking the fields a flat booking must have.
 */
export function readBooking(item: unknown, options: { timeZone?: string } = {}): NormalizedBooking {
	if (!isObject(item) || 'payload' in item || typeof item.inviteeUri !== 'string')
		return normalizeBooking(item, options);
	if (!isInviteeEventName(item.event)) {
		throw new BookingValidationError(
			'event',
			`is not an invitee event (expected ${INVITEE_EVENTS.join(', ')})`,
		);
	}
	const email = typeof item.email === 'string' ? emailKey(item.email) || null : null;
	if (email === null || !/^[^\s@]+@[^\s@]+$/.test(email))
		throw new BookingValidationError('email', 'is missing or not an email address');
	for (const key of ['inviteeUri', 'eventUri', 'name'] as const) requiredText(item, key, 'booking');
	for (const key of ['startTime', 'endTime'] as const) requiredInstant(item, key, 'booking');
	for (const key of ['location', 'tracking'] as const) {
		if (!isObject(item[key]))
			throw new BookingValidationError(`booking.${key}`, 'is missing or not an object');
	}
	for (const key of ['questions', 'hosts'] as const) {
		if (!Array.isArray(item[key]))
			throw new BookingValidationError(`booking.${key}`, 'is missing or not a list');
	}
	if (item.status !== 'active' && item.status !== 'canceled') {
		throw new BookingValidationError('booking.status', "must be 'active' or 'canceled'");
	}
	return { ...(item as unknown as NormalizedBooking), email };
}
