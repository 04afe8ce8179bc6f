// How a card's state is written into its calendlyState column: compact JSON that leaves out what can be
// rebuilt (the API origin in every URI, the event URI inside the invitee URI, Calendly's standard cancel
// and reschedule links, values equal to the card's latest contact details, nulls) and what the same row
// shows in a column under its default name (the contact, the current event's name, times, location and
// UTM values, the answers its question columns show, the last activity): those are read back from the
// row, so a value edited there by hand is what the card keeps. n8n caps all data tables together at
// 200 MiB by default, so the size of this column decides how many contacts fit.
import { answerColumns } from './answers';
import type { BookingRecord, BookingSnapshot } from './bookingRecord';
import { byBookedThenUri } from './bookingRecord';
import type { ActivityEntry, CardState } from './cardState';
import type { CardField } from './settings';
import { CARD_FIELDS, SYSTEM_CARD_COLUMNS } from './settings';

/** The row a state is written with: its visible values, the settings' column names, its current booking. */
export interface ShownRow {
	row: Record<string, unknown>;
	columns: Record<CardField, string>;
	current: string | null;
	/** The question columns the row shows (answerColumns), none when they are off. */
	answers: ReturnType<typeof answerColumns>;
}

/** Record fields that may be left out when the row shows them, with their card field. */
const SHOWN_FIELDS = { e: 'eventName', st: 'eventTime', en: 'eventEnd', l: 'location' } as const satisfies Record<string, CardField>;
const DATE_FIELDS = new Set(['st', 'en']);
const CONTACT_FIELDS: CardField[] = ['name', 'firstName', 'lastName', 'phone', 'contactTimeZone'];
const TRACKING_FIELDS: CardField[] = ['utmSource', 'utmMedium', 'utmCampaign', 'utmContent', 'utmTerm'];

/** Whether the row shows `value` in the field's column under its default name. */
function shows(shown: ShownRow | undefined, field: CardField, value: unknown): boolean {
	if (!shown || value === null || shown.columns[field] !== CARD_FIELDS[field].column) return false;
	return shown.row[CARD_FIELDS[field].column] === value;
}

/** A value read back from the row: text, or a date column's instant in the form the node writes it. */
function fromRow(row: Record<string, unknown>, field: CardField, date = false): string | null {
	const value = row[CARD_FIELDS[field].column];
	if (date && (typeof value === 'string' || value instanceof Date)) {
		// n8n keeps dates in UTC; a text without a zone (as SQLite may give it) is read as UTC.
		const time = typeof value === 'string' && !/(Z|[+-]\d\d:?\d\d)$/i.test(value) ? new Date(`${value.replace(' ', 'T')}Z`) : new Date(value);
		return Number.isNaN(time.getTime()) ? null : time.toISOString();
	}
	return typeof value === 'string' ? value : null;
}

const isCanonicalTime = (value: string) => !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;

/** Format version written into the column; version 1 (the full records) is still read. */
const VERSION = 2;
/** Calendly's URIs all start with it; only another origin (a test double, a proxy) is written out. */
const CALENDLY_ORIGIN = 'https://api.calendly.com';

type Json = Record<string, unknown>;

const EVENT_CODES: Record<string, string> = {
	'invitee.created': 'b',
	'invitee.canceled': 'c',
	'invitee_no_show.created': 'n',
	'invitee_no_show.deleted': 'd',
	'routing_form_submission.created': 'f',
};
const EVENTS_BY_CODE = Object.fromEntries(Object.entries(EVENT_CODES).map(([event, code]) => [code, event]));

const TYPES: Array<ActivityEntry['type']> = ['booked', 'canceled', 'rescheduled', 'no_show', 'no_show_cleared', 'form_submitted'];

/** The scheme and host of a URI ("https://api.calendly.com"), or '' when it has none. */
const originOf = (uri: string): string => /^[a-z][a-z0-9+.-]*:\/\/[^/]+/i.exec(uri)?.[0] ?? '';

/** URIs under the state's origin, shortened: "EVT/INV" for invitees, "f:ID" for routing form submissions. */
function shortUri(uri: string, origin: string): string {
	if (origin === '' || !uri.startsWith(`${origin}/`)) return uri;
	const path = uri.slice(origin.length);
	const invitee = /^\/scheduled_events\/([^/]+)\/invitees\/(.+)$/.exec(path);
	if (invitee) return `${invitee[1]}/${invitee[2]}`;
	const submission = /^\/routing_form_submissions\/(.+)$/.exec(path);
	if (submission) return `f:${submission[1]}`;
	return uri;
}

function fullUri(short: string, origin: string): string {
	if (short.includes('://')) return short;
	if (short.startsWith('f:')) return `${origin}/routing_form_submissions/${short.slice(2)}`;
	const slash = short.indexOf('/');
	return `${origin}/scheduled_events/${short.slice(0, slash)}/invitees/${short.slice(slash + 1)}`;
}

/** The invitee's own UUID in a (possibly guest-suffixed) invitee URI. */
const inviteeId = (uri: string): string => uri.replace(/#.*$/, '').replace(/^.*\//, '');
const eventUriOf = (uri: string): string => uri.replace(/\/invitees\/[^/]*$/, '');
const standardLink = (kind: 'cancellations' | 'reschedulings', uri: string) => `https://calendly.com/${kind}/${inviteeId(uri)}`;

const CONTACT_KEYS = ['name', 'firstName', 'lastName', 'phone', 'inviteeTimeZone'] as const;
const TRACKING_KEYS = ['utmSource', 'utmMedium', 'utmCampaign', 'utmContent', 'utmTerm'] as const;

/** Sets `key` unless the value is null (or equal to `omitWhen`). */
function put(target: Json, key: string, value: unknown, omitWhen: unknown = null): void {
	if (value !== omitWhen && value !== undefined) target[key] = value;
}

function writeRecord(record: BookingRecord, origin: string, email: string, contact: Json, shown: ShownRow | undefined, shownAnswers: Set<string>): Json {
	const snap = record.snapshot;
	const out: Json = { t: record.bookedAt };
	const current = shown?.current === record.uri;
	const hidden: string[] = [];
	put(out, 's', record.status === 'canceled' ? 1 : null);
	put(out, 'r', record.rescheduled ? 1 : null);
	put(out, 'L', record.lead ? 1 : null);
	if (record.newInvitee !== null) out.n = shortUri(record.newInvitee, origin);
	if (record.oldInvitee !== null) out.o = shortUri(record.oldInvitee, origin);
	if (record.cancellation) {
		const { by, reason, cancelerType, at } = record.cancellation;
		out.x = [by, reason, cancelerType, at];
	}
	put(out, 'm', record.noShowMarkedAt);
	put(out, 'u', record.noShowClearedAt);
	put(out, 'k', record.snapshotKey, `${record.bookedAt}|0`);
	put(out, 'em', snap.email, email);
	const ownContact = CONTACT_KEYS.map((key) => snap[key]);
	if (CONTACT_KEYS.some((key, i) => ownContact[i] !== contact[key])) out.c = ownContact;
	const values: Record<keyof typeof SHOWN_FIELDS, string | null> = { e: snap.eventName, st: snap.startTime, en: snap.endTime, l: snap.location };
	for (const [code, field] of Object.entries(SHOWN_FIELDS) as Array<[keyof typeof SHOWN_FIELDS, CardField]>) {
		const value = values[code];
		if (current && shows(shown, field, value) && (!DATE_FIELDS.has(code) || isCanonicalTime(value!))) hidden.push(code);
		else if (code === 'st') out.st = value;
		else if (code === 'en') put(out, 'en', value, snap.startTime);
		else put(out, code, value);
	}
	put(out, 'ev', snap.eventUri, record.lead ? '' : eventUriOf(record.uri));
	if (snap.eventTypeUri !== null) out.et = snap.eventTypeUri.startsWith(`${origin}/event_types/`) ? snap.eventTypeUri.slice(origin.length + 13) : snap.eventTypeUri;
	if (snap.joinUrl !== snap.location) out.j = snap.joinUrl;
	put(out, 'h', snap.hostName);
	put(out, 'he', snap.hostEmail);
	// An answer a question column shows is left out (null), read back from that column.
	if (snap.questions.length > 0) {
		out.q = snap.questions.map((qa, i) => {
			const answer = shownAnswers.has(`${record.uri}\n${qa.question}`) ? null : qa.answer;
			return qa.position === i ? (answer === null ? [qa.question] : [qa.question, answer]) : [qa.question, answer, qa.position];
		});
	}
	const tracking = TRACKING_KEYS.map((key) => snap.tracking[key]);
	if (current && tracking.some((value) => value !== null) && TRACKING_FIELDS.every((field, i) => tracking[i] === null ? shown!.columns[field] === CARD_FIELDS[field].column && (shown!.row[CARD_FIELDS[field].column] ?? null) === null : shows(shown, field, tracking[i]))) {
		hidden.push('g');
	} else if (tracking.some((value) => value !== null)) out.g = tracking;
	if (hidden.length > 0) out.z = hidden;
	if (snap.cancelUrl !== standardLink('cancellations', record.uri)) out.cu = snap.cancelUrl;
	if (snap.rescheduleUrl !== standardLink('reschedulings', record.uri)) out.ru = snap.rescheduleUrl;
	return out;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function readRecord(short: string, raw: Json, origin: string, email: string, contact: Json, row: Record<string, unknown>): BookingRecord {
	const uri = fullUri(short, origin);
	const lead = raw.L === 1;
	const bookedAt = String(raw.t);
	const ownContact = Array.isArray(raw.c) ? (raw.c as unknown[]) : CONTACT_KEYS.map((key) => contact[key]);
	const x = Array.isArray(raw.x) ? (raw.x as unknown[]) : null;
	const hidden = new Set(Array.isArray(raw.z) ? (raw.z as string[]) : []);
	for (const [code, field] of Object.entries(SHOWN_FIELDS)) if (hidden.has(code)) raw = { ...raw, [code]: fromRow(row, field, DATE_FIELDS.has(code)) };
	const tracking = hidden.has('g') ? TRACKING_FIELDS.map((field) => fromRow(row, field)) : Array.isArray(raw.g) ? (raw.g as unknown[]) : [];
	const et = text(raw.et);
	const snapshot: BookingSnapshot = {
		email: text(raw.em) ?? email,
		name: String(ownContact[0] ?? ''),
		firstName: text(ownContact[1]),
		lastName: text(ownContact[2]),
		phone: text(ownContact[3]),
		inviteeTimeZone: text(ownContact[4]),
		eventName: text(raw.e),
		eventUri: 'ev' in raw ? String(raw.ev) : lead ? '' : eventUriOf(uri),
		eventTypeUri: et === null ? null : et.includes('://') ? et : `${origin}/event_types/${et}`,
		startTime: String(raw.st ?? ''),
		endTime: text(raw.en) ?? String(raw.st ?? ''),
		location: text(raw.l),
		joinUrl: 'j' in raw ? text(raw.j) : text(raw.l),
		hostName: text(raw.h),
		hostEmail: text(raw.he),
		questions: Array.isArray(raw.q)
			? (raw.q as unknown[][]).map((qa, i) => ({ question: String(qa[0]), answer: typeof qa[1] === 'string' ? qa[1] : '', position: typeof qa[2] === 'number' ? qa[2] : i }))
			: [],
		tracking: Object.fromEntries(TRACKING_KEYS.map((key, i) => [key, text(tracking[i])])) as BookingSnapshot['tracking'],
		cancelUrl: 'cu' in raw ? text(raw.cu) : standardLink('cancellations', uri),
		rescheduleUrl: 'ru' in raw ? text(raw.ru) : standardLink('reschedulings', uri),
	};
	return {
		uri,
		bookedAt,
		status: raw.s === 1 ? 'canceled' : 'active',
		rescheduled: raw.r === 1,
		newInvitee: typeof raw.n === 'string' ? fullUri(raw.n, origin) : null,
		oldInvitee: typeof raw.o === 'string' ? fullUri(raw.o, origin) : null,
		cancellation: x
			? { by: text(x[0]), reason: text(x[1]), cancelerType: x[2] === 'host' || x[2] === 'invitee' ? x[2] : null, at: text(x[3]) }
			: null,
		noShowMarkedAt: text(raw.m),
		noShowClearedAt: text(raw.u),
		snapshotKey: text(raw.k) ?? `${bookedAt}|0`,
		snapshot,
		...(lead ? { lead: true as const } : {}),
	};
}

/** The key of an activity entry ("event|uri|discriminator") with the event as a letter and the URI shortened. */
function shortKey(key: string, origin: string): string {
	const [event, uri, ...rest] = key.split('|');
	return [EVENT_CODES[event] ?? event, shortUri(uri ?? '', origin), ...rest].join('|');
}

function fullKey(short: string, origin: string): string {
	const [code, uri, ...rest] = short.split('|');
	return [EVENTS_BY_CODE[code] ?? code, fullUri(uri ?? '', origin), ...rest].join('|');
}

/** The contact details most bookings share: those of the record with the latest snapshot. */
function commonContact(records: BookingRecord[]): Json {
	let latest: BookingRecord | null = null;
	for (const record of records) if (latest === null || record.snapshotKey > latest.snapshotKey) latest = record;
	return Object.fromEntries(CONTACT_KEYS.map((key) => [key, latest ? latest.snapshot[key] : null]));
}

/**
 * The column text for a state; `email` is the card's (records holding it leave it out). Given the row it
 * is written with, values that row shows are left out too.
 */
export function writeState(state: CardState, email: string, shown?: ShownRow): string {
	const records = Object.values(state.bookings);
	const origin = originOf(records[0]?.uri ?? state.activity[0]?.invitee ?? '');
	const contact = commonContact(records);
	const out: Json = { v: VERSION };
	if (origin !== CALENDLY_ORIGIN) out.o = origin;
	const contactShown = records.length > 0 && CONTACT_FIELDS.every((field, i) => {
		const value = contact[CONTACT_KEYS[i]];
		return value === null ? shown?.columns[field] === CARD_FIELDS[field].column && (shown.row[CARD_FIELDS[field].column] ?? null) === null : shows(shown, field, value);
	});
	out.c = contactShown ? 0 : CONTACT_KEYS.map((key) => contact[key]);
	// Answers the question columns show: the winning booking's answer to each question.
	const shownAnswers = new Set<string>();
	for (const [question, { key }] of shown?.answers ?? []) {
		const uri = key.split('|')[1];
		if (state.bookings[uri] !== undefined) shownAnswers.add(`${uri}\n${question}`);
	}
	out.b = Object.fromEntries(records.map((record) => [shortUri(record.uri, origin), writeRecord(record, origin, email, contact, shown, shownAnswers)]));
	const last = state.activity.length - 1;
	out.a = state.activity.map((entry, i) =>
		i === last && shows(shown, 'lastActivity', entry.text)
			? [entry.at, TYPES.indexOf(entry.type), shortKey(entry.key, origin)]
			: [entry.at, TYPES.indexOf(entry.type), shortKey(entry.key, origin), entry.text],
	);
	if (state.pending) out.p = 1;
	if (state.forgotten) out.f = 1;
	if (state.clock) out.k = state.clock;
	if (state.forgottenAnswers) out.q = state.forgottenAnswers;
	return JSON.stringify(out);
}

/** What writeState wrote (or version 1's full JSON) for `row`, or a description of what is wrong with it. */
export function readState(parsed: Json, row: Record<string, unknown>): { state: CardState } | { problem: string } {
	if (parsed.v === 1) return readVersion1(parsed);
	const email = String(row[SYSTEM_CARD_COLUMNS.email] ?? '');
	if (parsed.v !== VERSION || typeof parsed.b !== 'object' || parsed.b === null || !Array.isArray(parsed.a)) {
		return { problem: `is not state this node wrote (format ${String(parsed.v)})` };
	}
	const origin = typeof parsed.o === 'string' ? parsed.o : CALENDLY_ORIGIN;
	const contact = Object.fromEntries(
		CONTACT_KEYS.map((key, i) => [key, Array.isArray(parsed.c) ? (parsed.c as unknown[])[i] ?? null : parsed.c === 0 ? fromRow(row, CONTACT_FIELDS[i]) : null]),
	);
	const bookings: Record<string, BookingRecord> = {};
	for (const [short, raw] of Object.entries(parsed.b as Record<string, unknown>)) {
		if (typeof raw !== 'object' || raw === null || typeof (raw as Json).t !== 'string') return { problem: `has an unreadable booking '${short}'` };
		const record = readRecord(short, raw as Json, origin, email, contact, row);
		bookings[record.uri] = record;
	}
	const forgottenAnswers = typeof parsed.q === 'object' && parsed.q !== null ? (parsed.q as Record<string, [string, string]>) : undefined;
	// Answers left out were shown by their question column: read them back from it.
	for (const [question, { column, key }] of answerColumns(forgottenAnswers, Object.values(bookings).sort(byBookedThenUri))) {
		const record = bookings[key.split('|')[1]];
		const raw = record && (parsed.b as Record<string, Json>)[shortUri(record.uri, origin)];
		const stored = Array.isArray(raw?.q) ? (raw.q as unknown[][]).find((qa) => qa[0] === question) : undefined;
		const value = row[column];
		if (stored && typeof stored[1] !== 'string') {
			const qa = record.snapshot.questions.find((candidate) => candidate.question === question);
			if (qa) qa.answer = typeof value === 'string' ? value : '';
		}
	}
	const activity: ActivityEntry[] = [];
	for (const raw of parsed.a as unknown[]) {
		if (!Array.isArray(raw) || typeof raw[0] !== 'string' || typeof raw[2] !== 'string') return { problem: 'has an unreadable activity entry' };
		const key = fullKey(raw[2], origin);
		const entryText = raw.length > 3 ? String(raw[3]) : (fromRow(row, 'lastActivity') ?? '');
		activity.push({ key, at: raw[0], type: TYPES[Number(raw[1])] ?? 'booked', invitee: key.split('|')[1], text: entryText });
	}
	return {
		state: {
			bookings,
			activity,
			...(parsed.p === 1 ? { pending: true as const } : {}),
			...(parsed.f === 1 ? { forgotten: true as const } : {}),
			...(typeof parsed.k === 'string' ? { clock: parsed.k } : {}),
			...(forgottenAnswers ? { forgottenAnswers } : {}),
		},
	};
}

/** Version 1: { v: 1, bookings: { [uri]: BookingRecord }, pending? }, its activity in the separate activity column. */
function readVersion1(parsed: Json): { state: CardState } | { problem: string } {
	const bookings = parsed.bookings;
	if (typeof bookings !== 'object' || bookings === null || Array.isArray(bookings)) return { problem: 'has no "bookings" object' };
	for (const [uri, record] of Object.entries(bookings as Record<string, BookingRecord>)) {
		if (typeof record !== 'object' || record === null || record.uri !== uri || typeof record.snapshot !== 'object') {
			return { problem: `has an unreadable booking '${uri}'` };
		}
	}
	return { state: { bookings: bookings as Record<string, BookingRecord>, activity: [], ...(parsed.pending === true ? { pending: true as const } : {}) } };
}

/** Version 1 kept the activity log in its own column as a JSON list of entries. */
export function readVersion1Activity(list: unknown[]): ActivityEntry[] {
	return list
		.filter((entry): entry is ActivityEntry => typeof entry === 'object' && entry !== null && typeof (entry as ActivityEntry).key === 'string')
		.map(({ key, at, type, invitee, text: entryText }) => ({ key, at, type, invitee, text: entryText }));
}
