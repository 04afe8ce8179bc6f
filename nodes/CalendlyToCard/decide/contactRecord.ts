import type { NormalizedContact } from '../../shared/booking/normalizeContact';

/**
 * What a card remembers about one Calendly contact (one contact URI; Calendly keeps a contact per host,
 * so one person may have several). Records are combined with joinContacts, commutative, associative
 * and idempotent: the live view with the latest updated_at wins whole (contact deliveries carry the
 * whole contact), and a deletion is kept as the time it happened.
 */
export interface ContactRecord {
	uri: string;
	/** The updated_at of `snapshot`; null while only the deletion is known. */
	updatedAt: string | null;
	snapshot: ContactSnapshot | null;
	deletedAt: string | null;
}

/** What a card shows of a contact; custom fields come bounded from normalizeContact. */
export type ContactSnapshot = Pick<
	NormalizedContact,
	| 'name'
	| 'emails'
	| 'phones'
	| 'company'
	| 'jobTitle'
	| 'linkedin'
	| 'location'
	| 'timeZone'
	| 'customFields'
>;

export function contactFromDelivery(contact: NormalizedContact): ContactRecord {
	if (contact.deleted)
		return {
			uri: contact.contactUri,
			updatedAt: null,
			snapshot: null,
			deletedAt: contact.updatedAt,
		};
	const { name, emails, phones, company, jobTitle, linkedin, location, timeZone, customFields } =
		contact;
	return {
		uri: contact.contactUri,
		updatedAt: contact.updatedAt,
		snapshot: {
			name,
			emails,
			phones,
			company,
			jobTitle,
			linkedin,
			location,
			timeZone,
			customFields,
		},
		deletedAt: null,
	};
}

const later = (a: string | null, b: string | null): string | null =>
	a === null ? b : b === null ? a : a > b ? a : b;

/** The live view ordered by updated_at, then by its JSON so equal times still give one answer. */
const liveKey = (record: ContactRecord): string =>
	record.snapshot === null ? '' : `${record.updatedAt}|${JSON.stringify(record.snapshot)}`;

export function joinContacts(a: ContactRecord, b: ContactRecord): ContactRecord {
	const live = liveKey(a) >= liveKey(b) ? a : b;
	return {
		uri: a.uri,
		updatedAt: live.updatedAt,
		snapshot: live.snapshot,
		deletedAt: later(a.deletedAt, b.deletedAt),
	};
}

/** The time the card last heard of the contact. */
export const contactTime = (record: ContactRecord): string =>
	later(record.updatedAt, record.deletedAt) ?? '';
