// A Calendly contact delivery (contact.created, contact.updated, contact.deleted) as the card sees it.
// Shapes (Calendly API v2, webhook payload `{user_uuid, contact}`): created and updated carry the whole
// contact (REST Contact minus app_url, plus creation_source); deleted carries only `{uri, deleted_at}`,
// so a deleted contact is found by its URI, never by email.
import type { WebhookEventName } from '../calendly/webhookEvents';
import { WEBHOOK_EVENTS } from '../calendly/webhookEvents';
import { BookingValidationError } from './normalizeBooking';
import { emailKey } from './emailKey';
import { instant, isObject, text } from './readJson';

export type ContactEventName = Extract<WebhookEventName, `contact.${string}`>;
/** The contact events of the one event catalogue. */
export const CONTACT_EVENTS = WEBHOOK_EVENTS.map((entry) => entry.name).filter(
	(name): name is ContactEventName => name.startsWith('contact.'),
);

/** Calendly allows 10 emails and 10 phone numbers per contact; custom fields are bounded here. */
export const CUSTOM_FIELDS_KEPT = 20;
/** A custom field's value is cut to this many characters (tags joined with ", "). */
export const CUSTOM_FIELD_MAX = 500;

export interface NormalizedContact {
	event: ContactEventName;
	contactUri: string;
	/** The UUID of the Calendly user whose contact book holds it (one person may be a contact of several users). */
	ownerUuid: string | null;
	/** When the delivery's view of the contact was made: updated_at, or deleted_at for a deletion. */
	updatedAt: string;
	deleted: boolean;
	/** Primary first, then the others in Calendly's order; email keys (see emailKey). Empty for a deletion. */
	emails: string[];
	name: string | null;
	phones: string[];
	company: string | null;
	jobTitle: string | null;
	linkedin: string | null;
	/** City, state and country, as far as known, joined by ", ". */
	location: string | null;
	timeZone: string | null;
	customFields: Array<{ label: string; value: string }>;
	nextMeeting: string | null;
	lastMeeting: string | null;
}

export const isContactEventName = (event: unknown): event is ContactEventName =>
	CONTACT_EVENTS.includes(event as ContactEventName);

function customFieldValue(value: unknown): string | null {
	if (Array.isArray(value)) {
		const parts = value.map(customFieldValue).filter((part) => part !== null);
		return parts.length > 0 ? parts.join(', ').slice(0, CUSTOM_FIELD_MAX) : null;
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return text(value)?.slice(0, CUSTOM_FIELD_MAX) ?? null;
}

/** A contact delivery as `{event, payload}`; throws a BookingValidationError naming what is missing. */
export function normalizeContact(item: unknown): NormalizedContact {
	if (!isObject(item) || !isContactEventName(item.event))
		throw new BookingValidationError(
			'event',
			`is not a contact event (${CONTACT_EVENTS.join(', ')})`,
		);
	if (!isObject(item.payload) || !isObject(item.payload.contact))
		throw new BookingValidationError('payload.contact', 'is missing or not an object');
	const { event } = item;
	const contact = item.payload.contact;
	const contactUri = text(contact.uri);
	if (contactUri === null)
		throw new BookingValidationError('payload.contact.uri', 'is missing: it names the contact');
	const deleted = event === 'contact.deleted';
	const updatedAt = instant(deleted ? contact.deleted_at : contact.updated_at);
	if (updatedAt === null)
		throw new BookingValidationError(
			`payload.contact.${deleted ? 'deleted_at' : 'updated_at'}`,
			'is missing or not a time',
		);
	const listed = Array.isArray(contact.emails) ? contact.emails.filter(isObject) : [];
	const ordered = [
		...listed.filter((entry) => entry.is_primary === true),
		...listed.filter((entry) => entry.is_primary !== true),
	];
	const emails = [
		...new Set(ordered.map((entry) => emailKey(String(entry.email ?? ''))).filter(Boolean)),
	];
	if (!deleted && emails.length === 0)
		throw new BookingValidationError('payload.contact.emails', 'has no email address');
	const phones = (Array.isArray(contact.phone_numbers) ? contact.phone_numbers : [])
		.map((entry) => (isObject(entry) ? text(entry.phone_number) : null))
		.filter((phone): phone is string => phone !== null);
	const place = [text(contact.city), text(contact.state), text(contact.country)].filter(Boolean);
	const customFields = (Array.isArray(contact.custom_fields) ? contact.custom_fields : [])
		.filter(isObject)
		.map((field) => ({ label: text(field.label), value: customFieldValue(field.value) }))
		.filter(
			(field): field is { label: string; value: string } =>
				field.label !== null && field.value !== null,
		)
		.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
		.slice(0, CUSTOM_FIELDS_KEPT);
	return {
		event,
		contactUri,
		ownerUuid: text(item.payload.user_uuid),
		updatedAt,
		deleted,
		emails,
		name: text(contact.name),
		phones,
		company: text(contact.company),
		jobTitle: text(contact.job_title),
		linkedin: text(contact.linkedin),
		location: place.length > 0 ? place.join(', ') : null,
		timeZone: text(contact.timezone),
		customFields,
		nextMeeting: instant(contact.next_meeting_date),
		lastMeeting: instant(contact.last_meeting_date),
	};
}

/** A contact delivery as sent, or as the Calendly Trigger's flat output (normalizeContact's result). */
export function readContact(item: unknown): NormalizedContact {
	if (!isObject(item) || 'payload' in item || typeof item.contactUri !== 'string')
		return normalizeContact(item);
	if (!isContactEventName(item.event))
		throw new BookingValidationError(
			'event',
			`is not a contact event (${CONTACT_EVENTS.join(', ')})`,
		);
	if (instant(item.updatedAt) === null)
		throw new BookingValidationError('updatedAt', 'is missing or not a time');
	const emails = Array.isArray(item.emails)
		? item.emails.map((email) => emailKey(String(email)))
		: [];
	if (item.event !== 'contact.deleted' && emails.filter(Boolean).length === 0)
		throw new BookingValidationError('emails', 'has no email address');
	for (const key of ['phones', 'customFields'] as const)
		if (!Array.isArray(item[key]))
			throw new BookingValidationError(key, 'is missing or not a list');
	return { ...(item as unknown as NormalizedContact), emails: emails.filter(Boolean) };
}
