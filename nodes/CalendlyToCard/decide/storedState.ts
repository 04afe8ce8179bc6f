// How a card's state is kept in its calendlyState column: the CardState as readable JSON, described once
// below (RECORD, SNAPSHOT, QUESTION, ENTRY) for both writing and reading. Each booking holds its own
// activity entries (a log entry always belongs to a booking the card keeps, see boundState); an entry's
// text is not kept, it is written from the booking when shown (bookingLine). The column stands alone:
// nothing in it is read from the columns people see and edit. To keep rows small, a value equal to its
// default is left out, and Calendly's API origin is left out of URIs. n8n caps all data tables together
// at 200 MiB by default (counted in database pages), so the size of this column decides how many
// contacts fit.
import type { BookingAction } from '../../shared/booking/normalizeBooking';
import { splitName } from '../../shared/booking/normalizeBooking';
import type { BookingRecord, BookingSnapshot } from './bookingRecord';
import type { ActivityEntry, CardState } from './cardState';
import type { ContactRecord, ContactSnapshot } from './contactRecord';
import type { RecapRecord, Stamped } from './recapRecord';
import { RECAP_FIELDS } from './recapRecord';

type Json = Record<string, unknown>;

/** Calendly's URIs all start with it; a URI under another origin (a test double, a proxy) is kept whole. */
const CALENDLY_ORIGIN = 'https://api.calendly.com';
const shortUri = (uri: string): string =>
	uri.startsWith(`${CALENDLY_ORIGIN}/`) ? uri.slice(CALENDLY_ORIGIN.length) : uri;
const fullUri = (uri: string): string => (uri.startsWith('/') ? CALENDLY_ORIGIN + uri : uri);

/** What a default is computed from besides the object itself: the card's email, the booking, a list item's index. */
interface Context {
	email: string;
	uri: string;
	bookedAt: string;
	index: number;
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
const standardLink = (kind: 'cancellations' | 'reschedulings', uri: string) =>
	`https://calendly.com/${kind}/${inviteeId(uri)}`;

const NO_CONTEXT: Context = { email: '', uri: '', bookedAt: '', index: 0 };

type Question = BookingSnapshot['questions'][number];
const QUESTION: Array<Field<Question>> = [
	{ name: 'question' },
	{ name: 'answer' },
	{ name: 'position', fallback: (_, { index }) => index },
];

const TRACKING: Array<Field<BookingSnapshot['tracking']>> = [
	'utmSource',
	'utmMedium',
	'utmCampaign',
	'utmContent',
	'utmTerm',
].map((name) => ({ name: name as keyof BookingSnapshot['tracking'], fallback: nil }));

const SNAPSHOT: Array<Field<BookingSnapshot>> = [
	{ name: 'email', fallback: (_, { email }) => email },
	{ name: 'name', fallback: () => '' },
	{ name: 'firstName', fallback: (snapshot) => splitName(snapshot.name).firstName },
	{ name: 'lastName', fallback: (snapshot) => splitName(snapshot.name).lastName },
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
	{ name: 'tracking', fallback: () => read({}, TRACKING, NO_CONTEXT) },
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

/** The event each kind of log entry comes from (a reschedule's old half is a cancellation). */
const EVENT_OF_TYPE: Record<BookingAction, string> = {
	booked: 'invitee.created',
	canceled: 'invitee.canceled',
	rescheduled: 'invitee.canceled',
	no_show: 'invitee_no_show.created',
	no_show_cleared: 'invitee_no_show.deleted',
	form_submitted: 'routing_form_submission.created',
};

/**
 * An activity entry as stored under its booking: its key's parts as fields (the key is rebuilt from
 * them). A booking's list defaults to its "booked" entry alone, which is then left out.
 */
interface StoredEntry {
	type: BookingAction;
	at: string;
	event: string;
	detail: string;
}
const ENTRY: Array<Field<StoredEntry>> = [
	{ name: 'type', fallback: () => 'booked' },
	{
		name: 'at',
		fallback: (entry, { bookedAt }) =>
			entry.type === 'booked' || entry.type === 'form_submitted' ? bookedAt : undefined,
	},
	{ name: 'event', fallback: (entry) => EVENT_OF_TYPE[entry.type] },
	{ name: 'detail', fallback: () => '' },
];

const same = (a: unknown, b: unknown): boolean =>
	a === b ||
	(typeof a === 'object' &&
		typeof b === 'object' &&
		a !== null &&
		b !== null &&
		JSON.stringify(a) === JSON.stringify(b));

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

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function writeRecord(record: BookingRecord, email: string, activity: ActivityEntry[]): Json {
	const context = { email, uri: record.uri, bookedAt: record.bookedAt, index: 0 };
	const snapshot = write(record.snapshot, SNAPSHOT, context);
	const tracking = write(record.snapshot.tracking, TRACKING, context);
	if (Object.keys(tracking).length > 0) snapshot.tracking = tracking;
	else delete snapshot.tracking;
	if (record.snapshot.questions.length > 0)
		snapshot.questions = record.snapshot.questions.map((qa, index) =>
			write(qa, QUESTION, { ...context, index }),
		);
	const entries = activity
		.filter((entry) => entry.invitee === record.uri)
		.map((entry) => writeEntry(entry, context));
	const onlyBooked = entries.length === 1 && Object.keys(entries[0]).length === 0;
	return {
		...write(record, RECORD, context),
		snapshot,
		...(onlyBooked ? {} : { activity: entries }),
	};
}

function readRecord(
	json: Json,
	email: string,
): { record: BookingRecord; activity: ActivityEntry[] } {
	const uri = fullUri(String(json.uri));
	const context = { email, uri, bookedAt: String(json.bookedAt), index: 0 };
	const raw = isObject(json.snapshot) ? json.snapshot : {};
	const snapshot = read<BookingSnapshot>(raw, SNAPSHOT, context);
	// Only the tracking values that are set are written.
	snapshot.tracking = read(isObject(raw.tracking) ? raw.tracking : {}, TRACKING, context);
	snapshot.questions = (Array.isArray(raw.questions) ? raw.questions : []).map((qa, index) =>
		read<Question>(isObject(qa) ? qa : {}, QUESTION, { ...context, index }),
	);
	const record = read<BookingRecord>({ ...json, snapshot }, RECORD, context);
	const activity = (Array.isArray(json.activity) ? json.activity : [{}]).map((entry: Json) =>
		readEntry(entry, context),
	);
	return { record, activity };
}

function writeEntry(entry: ActivityEntry, context: Context): Json {
	const event = entry.key.slice(0, entry.key.indexOf('|'));
	const detail = entry.key.slice(event.length + entry.invitee.length + 2);
	return write<StoredEntry>({ type: entry.type, at: entry.at, event, detail }, ENTRY, context);
}

function readEntry(json: Json, context: Context): ActivityEntry {
	const entry = read<StoredEntry>(json, ENTRY, context);
	return {
		key: `${entry.event}|${context.uri}|${entry.detail}`,
		at: entry.at,
		type: entry.type,
		invitee: context.uri,
	};
}

const CONTACT: Array<Field<ContactSnapshot>> = [
	{ name: 'name', fallback: nil },
	{ name: 'emails', fallback: (_, { email }) => [email] },
	{ name: 'phones', fallback: () => [] },
	{ name: 'company', fallback: nil },
	{ name: 'jobTitle', fallback: nil },
	{ name: 'linkedin', fallback: nil },
	{ name: 'location', fallback: nil },
	{ name: 'timeZone', fallback: nil },
	{ name: 'customFields', fallback: () => [] },
];

function writeContact(record: ContactRecord, email: string): Json {
	const out: Json = { uri: shortUri(record.uri) };
	if (record.snapshot !== null) {
		out.updatedAt = record.updatedAt;
		out.snapshot = write(record.snapshot, CONTACT, { ...NO_CONTEXT, email });
	}
	if (record.deletedAt !== null) out.deletedAt = record.deletedAt;
	return out;
}

function readContact(json: Json, email: string): ContactRecord {
	const live = isObject(json.snapshot) && typeof json.updatedAt === 'string';
	return {
		uri: fullUri(String(json.uri)),
		updatedAt: live ? (json.updatedAt as string) : null,
		snapshot: live ? read(json.snapshot as Json, CONTACT, { ...NO_CONTEXT, email }) : null,
		deletedAt: typeof json.deletedAt === 'string' ? json.deletedAt : null,
	};
}

/** A recap as stored: `at` once, each field a value when it came at `at`, else its [at, value]. */
function writeRecap(record: RecapRecord): Json {
	const stamps = Object.values(record.fields).map(([at]) => at);
	const at = stamps.reduce((a, b) => (b > a ? b : a), '');
	const out: Json = { uri: shortUri(record.uri) };
	if (at !== '') out.at = at;
	for (const field of RECAP_FIELDS) {
		const stamped = record.fields[field];
		if (stamped === undefined) continue;
		const value = field === 'eventUri' && stamped[1] !== null ? shortUri(stamped[1]) : stamped[1];
		out[field] = stamped[0] === at ? value : [stamped[0], value];
	}
	if (record.deletedAt !== null) out.deletedAt = record.deletedAt;
	return out;
}

function readRecap(json: Json): RecapRecord {
	const at = typeof json.at === 'string' ? json.at : '';
	const fields: RecapRecord['fields'] = {};
	for (const field of RECAP_FIELDS) {
		if (!(field in json)) continue;
		const raw = json[field];
		const stamped: Stamped = Array.isArray(raw)
			? [String(raw[0]), typeof raw[1] === 'string' ? raw[1] : null]
			: [at, typeof raw === 'string' ? raw : null];
		if (field === 'eventUri' && stamped[1] !== null) stamped[1] = fullUri(stamped[1]);
		fields[field] = stamped;
	}
	return {
		uri: fullUri(String(json.uri)),
		fields,
		deletedAt: typeof json.deletedAt === 'string' ? json.deletedAt : null,
	};
}

/** Records by URI from a stored list: undefined when there are none, null when the list is unreadable. */
function readRecords<T extends { uri: string }>(
	list: unknown,
	readOne: (json: Json) => T,
): Record<string, T> | undefined | null {
	if (list === undefined) return undefined;
	if (!Array.isArray(list) || !list.every((raw) => isObject(raw) && typeof raw.uri === 'string'))
		return null;
	if (list.length === 0) return undefined;
	return Object.fromEntries(
		list.map((raw: Json) => readOne(raw)).map((record) => [record.uri, record]),
	);
}

/** The column text for a state of the card of `email`. */
export function writeState(state: CardState, email: string): string {
	const out: Json = {
		email,
		bookings: Object.values(state.bookings).map((record) =>
			writeRecord(record, email, state.activity),
		),
	};
	if (state.contacts)
		out.contacts = Object.values(state.contacts).map((record) => writeContact(record, email));
	if (state.recaps) out.recaps = Object.values(state.recaps).map(writeRecap);
	if (state.pending) out.pending = true;
	if (state.forgotten) out.forgotten = true;
	if (state.clock) out.clock = state.clock;
	if (state.forgottenAnswers) out.forgottenAnswers = state.forgottenAnswers;
	return JSON.stringify(out);
}

/** The state writeState wrote, or what is wrong with the JSON. */
export function readState(json: Json): { state: CardState } | { problem: string } {
	const { email, bookings } = json;
	if (typeof email !== 'string' || !Array.isArray(bookings)) {
		return { problem: 'is not a card state this node wrote (it needs "email" and "bookings")' };
	}
	const state: CardState = { bookings: {}, activity: [] };
	for (const [i, raw] of bookings.entries()) {
		if (
			!isObject(raw) ||
			typeof raw.uri !== 'string' ||
			typeof raw.bookedAt !== 'string' ||
			!isObject(raw.snapshot) ||
			typeof raw.snapshot.startTime !== 'string'
		) {
			return { problem: `has an unreadable booking (number ${i + 1})` };
		}
		const entries: unknown = raw.activity ?? [];
		const readable = (entry: unknown) =>
			isObject(entry) &&
			(entry.type === undefined ||
				Object.prototype.hasOwnProperty.call(EVENT_OF_TYPE, String(entry.type)));
		if (!Array.isArray(entries) || !entries.every(readable)) {
			return { problem: `has an unreadable activity entry in booking number ${i + 1}` };
		}
		const { record, activity } = readRecord(raw, email);
		state.bookings[record.uri] = record;
		state.activity.push(...activity);
	}
	const contacts = readRecords(json.contacts, (raw) => readContact(raw, email));
	const recaps = readRecords(json.recaps, readRecap);
	if (contacts === null) return { problem: 'has unreadable contacts' };
	if (recaps === null) return { problem: 'has unreadable meeting recaps' };
	if (contacts) state.contacts = contacts;
	if (recaps) state.recaps = recaps;
	if (json.pending === true) state.pending = true;
	if (json.forgotten === true) state.forgotten = true;
	if (typeof json.clock === 'string') state.clock = json.clock;
	if (isObject(json.forgottenAnswers))
		state.forgottenAnswers = json.forgottenAnswers as CardState['forgottenAnswers'];
	return { state };
}
