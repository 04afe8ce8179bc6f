import type { NormalizedRecap } from '../../shared/booking/normalizeRecap';

/** The parts of a meeting recap a card shows; the discussion and transcript stay in the node's output. */
export const RECAP_FIELDS = [
	'eventUri',
	'meetingName',
	'startTime',
	'endTime',
	'summary',
	'actionItems',
	'shareLink',
] as const;
export type RecapField = (typeof RECAP_FIELDS)[number];

/**
 * What a card remembers about one meeting recap (one recap URI). Each field keeps the value of the
 * latest delivery that carried it, with that delivery's time: an update that leaves a field out keeps
 * the earlier value. A deletion is kept as the time it happened. joinRecaps is commutative,
 * associative and idempotent (each field is the greatest [time, value] pair).
 */
export interface RecapRecord {
	uri: string;
	fields: Partial<Record<RecapField, Stamped>>;
	deletedAt: string | null;
}
/** A value with the updated_at of the delivery that carried it. */
export type Stamped = [at: string, value: string | null];

export function recapFromDelivery(recap: NormalizedRecap): RecapRecord {
	const at = recap.updatedAt ?? '';
	if (recap.deleted) return { uri: recap.recapUri, fields: {}, deletedAt: at };
	const fields: RecapRecord['fields'] = {};
	for (const field of RECAP_FIELDS) {
		const value = recap[field];
		// A meeting without a Calendly event (an external meeting) carries no URI: that is known, not left out.
		if (value !== undefined) fields[field] = [at, value];
	}
	return { uri: recap.recapUri, fields, deletedAt: null };
}

const greater = (a: Stamped, b: Stamped): Stamped =>
	a[0] !== b[0] ? (a[0] > b[0] ? a : b) : String(a[1]) >= String(b[1]) ? a : b;

export function joinRecaps(a: RecapRecord, b: RecapRecord): RecapRecord {
	const fields: RecapRecord['fields'] = {};
	for (const field of RECAP_FIELDS) {
		const x = a.fields[field];
		const y = b.fields[field];
		if (x && y) fields[field] = greater(x, y);
		else if (x ?? y) fields[field] = (x ?? y)!;
	}
	const deletedAt =
		a.deletedAt === null
			? b.deletedAt
			: b.deletedAt === null || a.deletedAt > b.deletedAt
				? a.deletedAt
				: b.deletedAt;
	return { uri: a.uri, fields, deletedAt };
}

export const recapValue = (record: RecapRecord, field: RecapField): string | null =>
	record.fields[field]?.[1] ?? null;

/** The latest time of any of its deliveries. */
export function recapTime(record: RecapRecord): string {
	let time = record.deletedAt ?? '';
	for (const stamped of Object.values(record.fields)) if (stamped[0] > time) time = stamped[0];
	return time;
}

/** When the card first knew the recap: its earliest delivery that carried content. */
export function recapFirstSeen(record: RecapRecord): string {
	let time = '';
	for (const stamped of Object.values(record.fields))
		if (time === '' || stamped[0] < time) time = stamped[0];
	return time;
}

/** Which recaps a card shows first: the latest meeting, ties by URI. */
export const byMeetingThenUri = (a: RecapRecord, b: RecapRecord): number => {
	const ka = `${recapValue(a, 'startTime') ?? recapFirstSeen(a)}|${a.uri}`;
	const kb = `${recapValue(b, 'startTime') ?? recapFirstSeen(b)}|${b.uri}`;
	return ka < kb ? -1 : ka > kb ? 1 : 0;
};
