// How a card's state is kept in its calendlyState column: the CardState as readable JSON, described once
// below (STATE, RECORD, SNAPSHOT, ENTRY) for both writing and reading. The column stands alone: nothing
// in it is read from the columns people see and edit. To keep rows small, a value equal to its default
// is left out, and Calendly's API origin is left out of URIs. n8n caps all data tables together at
// 200 MiB by default, so the size of this column decides how many contacts fit.
import type { BookingRecord, BookingSnapshot } from './bookingRecord';
import type { ActivityEntry, CardState } from './cardState';

type Json = Record<string, unknown>;

/** Calendly's URIs all start with it; a URI under another origin (a test double, a proxy) is kept whole. */
const CALENDLY_ORIGIN = 'https://api.calendly.com';
const shortUri = (uri: string): string => (uri.startsWith(`${CALENDLY_ORIGIN}/`) ? uri.slice(CALENDLY_ORIGIN.length) : uri);
const fullUri = (uri: string): string => (uri.startsWith('/') ? CALENDLY_ORIGIN + uri : uri);

/** What a default is computed from: the object being read or written, and the card's email and booking URI. */
interface Context {
	email: string;
	uri: string;
}

/**
 * One field of a stored object, in the object's field order: `uri` when it holds a Calendly URI,
 * `fallback` the value it has when the JSON leaves it out (none: it is always written).
 */
interface Field<T> {
	name: keyof T & string;
	uri?: true;
	fallback?: (object: T, context: Context) => unknown;
}

const nil = () => null;
const inviteeId = (uri: string): string => uri.replace(/#.*$/, '').replace(/^.*\//, '');
const standardLink = (kind: 'cancellations' | 'reschedulings', uri: string) => `https://calendly.com/${kind}/${inviteeId(uri)}`;

const TRACKING: Array<Field<BookingSnapshot['tracking']>> = ['utmSource', 'utmMedium', 'utmCampaign', 'utmContent', 'utmTerm'].map(
	(name) => ({ name: name as keyof BookingSnapshot['tracking'], fallback: nil }),
);

const SNAPSHOT: Array<Field<BookingSnapshot>> = [
	{ name: 'email', fallback: (_, { email }) => email },
	{ name: 'name', fallback: () => '' },
	{ name: 'firstName', fallback: nil },
	{ name: 'lastName', fallback: nil },
	{ name: 'phone', fallback: nil },
	{ name: 'inviteeTimeZone', fallback: nil },
	{ name: 'eventName', fallback: nil },
	{ name: 'eventUri', uri: true, fallback: (_, { uri }) => uri.replace(/\/invitees\/[^/]*$/, '') },
	{ name: 'eventTypeUri', uri: true, fallback: nil },
	{ name: 'startTime' },
	{ name: 'endTime', fallback: (snapshot) => snapshot.startTime },
	{ name: 'location', fallback: nil },
	{ name: 'joinUrl', fallback: (snapshot) => snapshot.location },
	{ name: 'hostName', fallback: nil },
	{ name: 'hostEmail', fallback: nil },
	{ name: 'guestOf', fallback: nil },
	{ name: 'questions', fallback: () => [] },
	{ name: 'tracking', fallback: () => read({}, TRACKING, { email: '', uri: '' }) },
	{ name: 'cancelUrl', fallback: (_, { uri }) => standardLink('cancellations', uri) },
	{ name: 'rescheduleUrl', fallback: (_, { uri }) => standardLink('reschedulings', uri) },
];

const RECORD: Array<Field<BookingRecord>> = [
	{ name: 'uri', uri: true },
	{ name: 'bookedAt' },
	{ name: 'status', fallback: () => 'active' },
	{ name: 'rescheduled', fallback: () => false },
	{ name: 'newInvitee', uri: true, fallback: nil },
	{ name: 'oldInvitee', uri: true, fallback: nil },
	{ name: 'cancellation', fallback: nil },
	{ name: 'noShowMarkedAt', fallback: nil },
	{ name: 'noShowClearedAt', fallback: nil },
	{ name: 'snapshotKey', fallback: (record) => `${record.bookedAt}|0` },
	{ name: 'snapshot' },
	{ name: 'lead', fallback: () => undefined },
];

/** An activity entry as stored: its key's parts as fields of their own (the key is rebuilt from them). */
interface StoredEntry {
	at: string;
	type: ActivityEntry['type'];
	event: string;
	invitee: string;
	detail: string;
	text: string;
}
const ENTRY: Array<Field<StoredEntry>> = [
	{ name: 'at' },
	{ name: 'type' },
	{ name: 'event' },
	{ name: 'invitee', uri: true },
	{ name: 'detail', fallback: () => '' },
	{ name: 'text' },
];

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

function write<T>(object: T, fields: Array<Field<T>>, context: Context): Json {
	const out: Json = {};
	for (const { name, uri, fallback } of fields) {
		const value = object[name as keyof T];
		if (value === undefined || (fallback && same(value, fallback(object, context)))) continue;
		out[name] = uri && typeof value === 'string' ? shortUri(value) : value;
	}
	return out;
}

/** The object in field order (the order fresh objects have, which ties between equal keys compare by). */
function read<T>(json: Json, fields: Array<Field<T>>, context: Context): T {
	const out: Record<string, unknown> = {};
	for (const { name, uri, fallback } of fields) {
		if (!(name in json)) {
			const value = fallback?.(out as T, context);
			if (value !== undefined) out[name] = value;
			continue;
		}
		const value = json[name];
		out[name] = uri && typeof value === 'string' ? fullUri(value) : value;
	}
	return out as T;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function writeRecord(record: BookingRecord, email: string): Json {
	const context = { email, uri: record.uri };
	const snapshot = write(record.snapshot, SNAPSHOT, context);
	const tracking = write(record.snapshot.tracking, TRACKING, context);
	if (Object.keys(tracking).length > 0) snapshot.tracking = tracking;
	else delete snapshot.tracking;
	return { ...write(record, RECORD, context), snapshot };
}

function readRecord(json: Json, email: string): BookingRecord {
	const uri = fullUri(String(json.uri));
	const context = { email, uri };
	const raw = isObject(json.snapshot) ? json.snapshot : {};
	const snapshot = read<BookingSnapshot>(raw, SNAPSHOT, context);
	// Only the tracking values that are set are written.
	snapshot.tracking = read(isObject(raw.tracking) ? raw.tracking : {}, TRACKING, context);
	return read<BookingRecord>({ ...json, snapshot }, RECORD, context);
}

const entryKey = (event: string, invitee: string, detail: string) => `${event}|${invitee}|${detail}`;

function writeEntry(entry: ActivityEntry): Json {
	const [event, , ...detail] = entry.key.split('|');
	return write<StoredEntry>({ at: entry.at, type: entry.type, event, invitee: entry.invitee, detail: detail.join('|'), text: entry.text }, ENTRY, {
		email: '',
		uri: '',
	});
}

function readEntry(json: Json): ActivityEntry {
	const entry = read<StoredEntry>(json, ENTRY, { email: '', uri: '' });
	return { key: entryKey(entry.event, entry.invitee, entry.detail), at: entry.at, type: entry.type, invitee: entry.invitee, text: entry.text };
}

/** The column text for a state of the card of `email`. */
export function writeState(state: CardState, email: string): string {
	const out: Json = {
		email,
		bookings: Object.values(state.bookings).map((record) => writeRecord(record, email)),
		activity: state.activity.map(writeEntry),
	};
	if (state.pending) out.pending = true;
	if (state.forgotten) out.forgotten = true;
	if (state.clock) out.clock = state.clock;
	if (state.forgottenAnswers) out.forgottenAnswers = state.forgottenAnswers;
	return JSON.stringify(out);
}

/** The state writeState wrote, or what is wrong with the JSON. */
export function readState(json: Json): { state: CardState } | { problem: string } {
	const { email, bookings, activity } = json;
	if (typeof email !== 'string' || !Array.isArray(bookings) || !Array.isArray(activity)) {
		return { problem: 'is not a card state this node wrote (it needs "email", "bookings" and "activity")' };
	}
	const state: CardState = { bookings: {}, activity: [] };
	for (const [i, raw] of bookings.entries()) {
		if (!isObject(raw) || typeof raw.uri !== 'string' || typeof raw.bookedAt !== 'string' || !isObject(raw.snapshot) || typeof raw.snapshot.startTime !== 'string') {
			return { problem: `has an unreadable booking (number ${i + 1})` };
		}
		const record = readRecord(raw, email);
		state.bookings[record.uri] = record;
	}
	for (const [i, raw] of activity.entries()) {
		if (!isObject(raw) || !['at', 'type', 'event', 'invitee', 'text'].every((name) => typeof raw[name] === 'string')) {
			return { problem: `has an unreadable activity entry (number ${i + 1})` };
		}
		state.activity.push(readEntry(raw));
	}
	if (json.pending === true) state.pending = true;
	if (json.forgotten === true) state.forgotten = true;
	if (typeof json.clock === 'string') state.clock = json.clock;
	if (isObject(json.forgottenAnswers)) state.forgottenAnswers = json.forgottenAnswers as CardState['forgottenAnswers'];
	return { state };
}
