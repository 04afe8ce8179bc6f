// A Calendly Notetaker delivery (meeting_recap.created, .updated, .deleted) as the card sees it.
// Shapes (Calendly API v2, webhook payload `{created_at?, event, recap}`): `event` is the meeting
// ({uri only for meetings Calendly scheduled, name, start_time, end_time, location, attendees[]}),
// `recap` the highlights in Markdown. An update may leave content out (only recap.uri is required):
// left out means unknown, not empty. A deletion carries only the recap's URI, `deleted_at` and perhaps
// the meeting's URI, so a deleted recap is found by its URI, never by email.
import type { WebhookEventName } from '../calendly/webhookEvents';
import { WEBHOOK_EVENTS } from '../calendly/webhookEvents';
import { BookingValidationError } from './normalizeBooking';
import { emailKey } from './emailKey';
import { instant, isObject, text } from './readJson';

export type RecapEventName = Extract<WebhookEventName, `meeting_recap.${string}`>;
/** The meeting recap events of the one event catalogue. */
export const RECAP_EVENTS = WEBHOOK_EVENTS.map((entry) => entry.name).filter(
	(name): name is RecapEventName => name.startsWith('meeting_recap.'),
);

export interface RecapAttendee {
	email: string;
	name: string | null;
	host: boolean;
}

export interface NormalizedRecap {
	event: RecapEventName;
	recapUri: string;
	/** The scheduled event's URI; null for a meeting Calendly did not schedule. */
	eventUri: string | null;
	/** When this view of the recap was made: updated_at (created_at, the delivery's time) or deleted_at. */
	updatedAt: string | null;
	deleted: boolean;
	meetingName: string | null;
	startTime: string | null;
	endTime: string | null;
	attendees: RecapAttendee[];
	/** Markdown; undefined when the delivery left it out (unknown), null when Calendly says there is none. */
	summary?: string | null;
	actionItems?: string | null;
	discussion?: string | null;
	shareLink?: string | null;
	transcriptUri: string | null;
}

export const isRecapEventName = (event: unknown): event is RecapEventName =>
	RECAP_EVENTS.includes(event as RecapEventName);

/** A recap delivery as `{event, created_at, payload}`; throws a BookingValidationError naming what is missing. */
export function normalizeRecap(item: unknown): NormalizedRecap {
	if (!isObject(item) || !isRecapEventName(item.event))
		throw new BookingValidationError(
			'event',
			`is not a meeting recap event (${RECAP_EVENTS.join(', ')})`,
		);
	if (!isObject(item.payload) || !isObject(item.payload.recap))
		throw new BookingValidationError('payload.recap', 'is missing or not an object');
	const { event } = item;
	const recap = item.payload.recap;
	const meeting = isObject(item.payload.event) ? item.payload.event : {};
	const recapUri = text(recap.uri);
	if (recapUri === null)
		throw new BookingValidationError('payload.recap.uri', 'is missing: it names the recap');
	const deleted = event === 'meeting_recap.deleted';
	const attendees = (Array.isArray(meeting.attendees) ? meeting.attendees : [])
		.filter(isObject)
		.map((person) => ({
			email: emailKey(String(person.user_email ?? '')),
			name: text(person.user_name),
			host: person.host === true,
		}))
		.filter((person) => person.email !== '');
	// Left out of the delivery: unknown (undefined), not empty.
	const known = (key: string): string | null | undefined =>
		key in recap ? text(recap[key]) : undefined;
	return {
		event,
		recapUri,
		eventUri: text(meeting.uri),
		updatedAt: deleted
			? instant(recap.deleted_at)
			: (instant(recap.updated_at) ??
				instant(recap.created_at) ??
				instant(item.payload.created_at) ??
				instant(item.created_at)),
		deleted,
		meetingName: text(meeting.name),
		startTime: instant(meeting.start_time),
		endTime: instant(meeting.end_time),
		attendees,
		summary: known('summary_md'),
		actionItems: known('action_items_md'),
		discussion: known('discussion_md'),
		shareLink: known('share_link'),
		transcriptUri: text(recap.transcript),
	};
}

/** A recap delivery as sent, or as the Calendly Trigger's flat output (normalizeRecap's result). */
export function readRecap(item: unknown): NormalizedRecap {
	if (!isObject(item) || 'payload' in item || typeof item.recapUri !== 'string')
		return normalizeRecap(item);
	if (!isRecapEventName(item.event))
		throw new BookingValidationError(
			'event',
			`is not a meeting recap event (${RECAP_EVENTS.join(', ')})`,
		);
	if (!Array.isArray(item.attendees))
		throw new BookingValidationError('attendees', 'is missing or not a list');
	return item as unknown as NormalizedRecap;
}
