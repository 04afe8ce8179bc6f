import { hash } from 'crypto';
import type { BookingAction, NormalizedBooking } from '../../shared/booking/normalizeBooking';
import { splitName } from '../../shared/booking/normalizeBooking';
import type { NormalizedContact } from '../../shared/booking/normalizeContact';
import type { NormalizedRecap } from '../../shared/booking/normalizeRecap';
import { describeStamp, describeTimeRange, isValidTimeZone } from '../../shared/booking/zonedTime';
import type { BookingRecord } from './bookingRecord';
import { bookingFromDelivery, byBookedThenUri, isNoShow, joinBookings } from './bookingRecord';
import type { CancelPolicy, CardField, CardSettings } from './settings';
import {
	ACTIVITY_LINES_SHOWN,
	CARD_FIELD_KEYS,
	CELL_TEXT_MAX,
	CONTACT_TYPES,
	customFieldColumns,
	SYSTEM_CARD_COLUMNS,
} from './settings';
import type { ContactRecord, ContactSnapshot } from './contactRecord';
import { contactFromDelivery, contactTime, joinContacts } from './contactRecord';
import type { RecapRecord } from './recapRecord';
import {
	byMeetingThenUri,
	joinRecaps,
	recapFirstSeen,
	recapFromDelivery,
	recapTime,
	recapValue,
} from './recapRecord';
import type { Answers } from './answers';
import { addAnswers, answerColumns, joinAnswers } from './answers';
import { readState, writeState } from './storedState';

/**
 * A card's state: its bookings (by invitee URI), its activity log, and the Calendly contacts and meeting
 * recaps of its person. Everything visible on the card is derived from this by deriveCard, so the card
 * only depends on which deliveries it has seen.
 */
export interface CardState {
	bookings: Record<string, BookingRecord>;
	/** Oldest first. Meeting recaps are not in it: their entries are derived from `recaps` (recapActivity). */
	activity: ActivityEntry[];
	/** By contact URI; absent when empty. */
	contacts?: Record<string, ContactRecord>;
	/** By recap URI, deleted ones included (so a late copy does not bring them back); absent when empty. */
	recaps?: Record<string, RecapRecord>;
	/**
	 * Set on a card this node inserted until an execution announces it on the Created output. Inserting
	 * cannot be that moment: executions in other processes may insert the same contact at the same time.
	 * The announcement is a revision-conditional update, so exactly one execution wins it (see planSync).
	 */
	pending?: true;
	/** Bookings beyond "Bookings Kept per Card" were dropped (see boundState): the contact booked before. */
	forgotten?: true;
	/** The latest time the card has heard of (see boundState); kept when the booking that brought it is dropped. */
	clock?: string;
	/**
	 * The answers of forgotten bookings, per question: [bookedAt|uri of the booking, answer],
	 * the greatest key winning, so question columns do not depend on when a booking was forgotten.
	 */
	forgottenAnswers?: Answers;
}

/**
 * What a booking delivery adds to the card's activity log; `key` identifies the delivery it came from.
 * Its text is not kept: it is written from the booking whenever the log is shown (bookingLine), in the
 * board's time zone, as a meeting recap's line is.
 */
export interface ActivityEntry {
	key: string;
	at: string;
	type: BookingAction;
	invitee: string;
}

/** A line of the activity log as shown on the card and in the node's output. */
export interface LogLine {
	key: string;
	at: string;
	type: BookingAction | 'recap' | 'recap_deleted';
	invitee: string;
	text: string;
}

export type CellValue = string | number | boolean | null;

export const EMPTY_STATE: CardState = { bookings: {}, activity: [] };

/** A card row whose bookkeeping columns cannot be read (edited by hand, or not this node's). */
export class CardStateError extends Error {
	constructor(
		readonly rowId: unknown,
		readonly column: string,
		problem: string,
	) {
		super(`Card ${String(rowId)}: column '${column}' ${problem}`);
		this.name = 'CardStateError';
	}
}

/** The parsed JSON, or undefined when the text is not JSON. */
function parseJson(textValue: string): unknown {
	try {
		return JSON.parse(textValue) as unknown;
	} catch {
		return undefined;
	}
}

function activityFromDelivery(booking: NormalizedBooking, record: BookingRecord): ActivityEntry {
	let discriminator = '';
	let at = record.bookedAt;
	if (booking.event === 'invitee.canceled')
		at = record.cancellation?.at ?? booking.deliveredAt ?? record.bookedAt;
	if (booking.event === 'invitee_no_show.created') {
		at = record.noShowMarkedAt ?? at;
		discriminator = booking.noShow?.uri ?? at;
	}
	if (booking.event === 'invitee_no_show.deleted') {
		at = record.noShowClearedAt ?? at;
		discriminator = at;
	}
	return {
		key: `${booking.event}|${booking.inviteeUri}|${discriminator}`,
		at,
		type: booking.action,
		invitee: booking.inviteeUri,
	};
}

/** The log line of a booking's entry, written from what the card knows of the booking. */
export function bookingLine(
	entry: ActivityEntry,
	record: BookingRecord,
	timeZone: string,
): LogLine {
	const snap = record.snapshot;
	// The line's other time, when it happened, is in the same zone unnamed (activityLog).
	const when = describeTimeRange(snap.startTime, snap.endTime, timeZone, { named: false });
	const eventName = snap.eventName ?? 'event';
	const cancel = record.cancellation;
	let text: string;
	switch (entry.type) {
		case 'booked':
			text = record.oldInvitee
				? `Rescheduled ${eventName} to ${when}`
				: `Booked ${eventName} for ${when}`;
			break;
		case 'rescheduled':
			text = `Moved ${eventName} from ${when}`;
			break;
		case 'canceled': {
			const by = [cancel?.cancelerType ? `by ${cancel.cancelerType}` : '', cancel?.by ?? '']
				.filter(Boolean)
				.join(' ');
			text = `Canceled ${eventName} of ${when}${by ? ` (${by})` : ''}${cancel?.reason ? `: ${cancel.reason}` : ''}`;
			break;
		}
		case 'no_show':
			text = `Marked as no-show for ${eventName} of ${when}`;
			break;
		case 'no_show_cleared':
			text = `No-show mark removed for ${eventName} of ${when}`;
			break;
		case 'form_submitted':
			text = `Submitted a routing form on ${describeTimeRange(snap.startTime, snap.startTime, timeZone, { named: false })}`;
			break;
	}
	return { ...entry, text: text.replace(/\s*\n\s*/g, ' ') };
}

/** Activity order: oldest first, ties by key. */
const compareActivity = (a: Pick<LogLine, 'at' | 'key'>, b: Pick<LogLine, 'at' | 'key'>) =>
	a.at < b.at ? -1 : a.at > b.at ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/** Union of two states; commutative, associative and idempotent. */
export function joinStates(a: CardState, b: CardState): CardState {
	const bookings: Record<string, BookingRecord> = { ...a.bookings };
	for (const [uri, record] of Object.entries(b.bookings)) {
		bookings[uri] = bookings[uri] ? joinBookings(bookings[uri], record) : record;
	}
	const byKey = new Map<string, ActivityEntry>();
	for (const entry of [...a.activity, ...b.activity]) {
		const existing = byKey.get(entry.key);
		if (!existing || JSON.stringify(entry) > JSON.stringify(existing)) byKey.set(entry.key, entry);
	}
	const joined: CardState = {
		bookings: sortedByKey(bookings),
		activity: [...byKey.values()].sort(compareActivity),
	};
	const contacts = joinMaps(a.contacts, b.contacts, joinContacts);
	if (contacts) joined.contacts = contacts;
	const recaps = joinMaps(a.recaps, b.recaps, joinRecaps);
	if (recaps) joined.recaps = recaps;
	if (a.forgotten || b.forgotten) joined.forgotten = true;
	const clock = (a.clock ?? '') > (b.clock ?? '') ? a.clock : b.clock;
	if (clock) joined.clock = clock;
	const answers = joinAnswers(a.forgottenAnswers, b.forgottenAnswers);
	if (answers) joined.forgottenAnswers = answers;
	return joined;
}

/** Union of two maps by key, joining the records both have; undefined when both are empty. */
function joinMaps<T>(
	a: Record<string, T> | undefined,
	b: Record<string, T> | undefined,
	join: (x: T, y: T) => T,
): Record<string, T> | undefined {
	if (!a || !b) return a ?? b;
	const joined = { ...a };
	for (const [key, value] of Object.entries(b))
		joined[key] = joined[key] ? join(joined[key], value) : value;
	return sortedByKey(joined);
}

/** Deliveries about an event come for about this long after it ended (no-show marks, Reconcile's default window). */
const FORGET_AFTER_DAYS = 30;
const FORGET_AFTER_MS = FORGET_AFTER_DAYS * 24 * 3600_000;

/** The latest time in a state: when its newest booking, cancellation, no-show mark or log entry happened. */
function clockOf(state: CardState): string {
	let clock = state.clock ?? '';
	const later = (time: string | null) => {
		if (time !== null && time > clock) clock = time;
	};
	for (const record of Object.values(state.bookings)) {
		later(record.bookedAt);
		later(record.cancellation?.at ?? null);
		later(record.noShowMarkedAt);
		later(record.noShowClearedAt);
	}
	for (const entry of state.activity) later(entry.at);
	for (const record of Object.values(state.contacts ?? {})) later(contactTime(record));
	for (const record of Object.values(state.recaps ?? {})) later(recapTime(record));
	return clock;
}

/** How many meeting recaps and Calendly contacts a card keeps at least (the latest); older ones go as bookings do. */
export const RECAPS_KEPT = 5;
export const CONTACTS_KEPT = 5;

/**
 * The `kept` last of `records` (in their order) and those `time` puts after `horizon`; like bookings,
 * dropping only ever grows as deliveries are added, so the result does not depend on their order.
 */
function keepLatest<T>(
	records: Record<string, T> | undefined,
	order: (a: T, b: T) => number,
	time: (record: T) => string,
	kept: number,
	horizon: string,
): Record<string, T> | undefined {
	if (!records) return undefined;
	const entries = Object.entries(records).sort(([, a], [, b]) => order(a, b));
	const dropped = entries
		.slice(0, Math.max(0, entries.length - kept))
		.filter(([, record]) => time(record) < horizon);
	if (dropped.length === 0) return records;
	const gone = new Set(dropped.map(([uri]) => uri));
	return Object.fromEntries(Object.entries(records).filter(([uri]) => !gone.has(uri)));
}

const byContactTime = (a: ContactRecord, b: ContactRecord) => {
	const ka = `${contactTime(a)}|${a.uri}`;
	const kb = `${contactTime(b)}|${b.uri}`;
	return ka < kb ? -1 : ka > kb ? 1 : 0;
};
/** A recap's meeting end, or when it was last heard of for one the card knows only as deleted. */
const recapEnd = (record: RecapRecord) =>
	recapValue(record, 'endTime') ?? recapValue(record, 'startTime') ?? recapTime(record);

/**
 * Bounds a card's size. A booking is forgotten once it is not among the `bookingsKept` most recently
 * made ones and its event ended FORGET_AFTER_DAYS before the card's clock, when no more deliveries are
 * expected for it; the log keeps its `activityKept` latest entries. Both rules only ever drop more as
 * deliveries are added (the clock only grows, an event's end never changes), so bounding after every
 * join gives the same card whatever order deliveries come in, and a repeated delivery of a forgotten
 * booking changes nothing. `forgotten` remembers that the contact had bookings before. Only the
 * activity log is bounded on cards per booking.
 */
export function boundState(
	state: CardState,
	settings: Pick<CardSettings, 'bookingsKept' | 'activityKept' | 'createMode'>,
): CardState {
	const clock = clockOf(state);
	const horizon = clock === '' ? '' : new Date(Date.parse(clock) - FORGET_AFTER_MS).toISOString();
	const records = Object.values(state.bookings).sort(byBookedThenUri);
	// A card per booking holds one reschedule chain; forgetting its start would let a late delivery
	// about it start a card of its own.
	const older =
		settings.createMode === 'newPerBooking'
			? []
			: records.slice(0, Math.max(0, records.length - settings.bookingsKept));
	const dropped = new Set(
		older
			.filter((record) => Date.parse(record.snapshot.endTime) < Date.parse(horizon))
			.map((record) => record.uri),
	);
	const bookings =
		dropped.size === 0
			? state.bookings
			: Object.fromEntries(Object.entries(state.bookings).filter(([uri]) => !dropped.has(uri)));
	// A forgotten booking's entries go with it, so a late delivery about it adds nothing to the card.
	const activity = state.activity.filter((entry) =>
		Object.prototype.hasOwnProperty.call(bookings, entry.invitee),
	);
	const bounded: CardState = {
		bookings,
		activity:
			activity.length > settings.activityKept ? activity.slice(-settings.activityKept) : activity,
	};
	const contacts = keepLatest(state.contacts, byContactTime, contactTime, CONTACTS_KEPT, horizon);
	if (contacts) bounded.contacts = contacts;
	const recaps = keepLatest(state.recaps, byMeetingThenUri, recapEnd, RECAPS_KEPT, horizon);
	if (recaps) bounded.recaps = recaps;
	if (state.pending) bounded.pending = true;
	if (state.forgotten || dropped.size > 0) bounded.forgotten = true;
	if (
		state.forgottenAnswers ||
		older.some((record) => dropped.has(record.uri) && record.snapshot.questions.length > 0)
	) {
		const answers = { ...state.forgottenAnswers };
		for (const record of older) if (dropped.has(record.uri)) addAnswers(answers, record);
		bounded.forgottenAnswers = Object.fromEntries(
			Object.entries(answers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
		);
	}
	// Only needed once a booking was dropped (it may have held the latest time); absent otherwise to save space.
	if (clock !== '' && (state.clock !== undefined || dropped.size > 0)) bounded.clock = clock;
	return bounded;
}

export function stateFromDelivery(booking: NormalizedBooking): CardState {
	const record = bookingFromDelivery(booking);
	return {
		bookings: { [record.uri]: record },
		activity: [activityFromDelivery(booking, record)],
	};
}

export function stateFromContact(contact: NormalizedContact): CardState {
	const record = contactFromDelivery(contact);
	return { bookings: {}, activity: [], contacts: { [record.uri]: record } };
}

export function stateFromRecap(recap: NormalizedRecap): CardState {
	const record = recapFromDelivery(recap);
	return { bookings: {}, activity: [], recaps: { [record.uri]: record } };
}

/** A recap's line in the activity log: when it arrived, or when it was deleted. Derived, never stored. */
export function recapActivity(record: RecapRecord, timeZone: string): LogLine {
	const start = recapValue(record, 'startTime');
	const meeting =
		(recapValue(record, 'meetingName') ?? 'the meeting') +
		(start
			? ` of ${describeTimeRange(start, recapValue(record, 'endTime') ?? start, timeZone, { named: false })}`
			: '');
	if (record.deletedAt !== null)
		return {
			key: `meeting_recap.deleted|${record.uri}|`,
			at: record.deletedAt,
			type: 'recap_deleted',
			invitee: record.uri,
			text: `Meeting recap of ${meeting} deleted`,
		};
	return {
		key: `meeting_recap.created|${record.uri}|`,
		at: recapFirstSeen(record),
		type: 'recap',
		invitee: record.uri,
		text: `Meeting recap of ${meeting} is ready`,
	};
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
	return Object.fromEntries(
		Object.keys(record)
			.sort()
			.map((key) => [key, record[key]]),
	);
}

/** A short content hash: equal states give equal revisions. */
function revisionOf(textValue: string): string {
	return hash('sha256', textValue, 'hex').slice(0, 16);
}

/** Reads the state from a card row; null when the row was not made by this node. */
export function parseRowState(row: Record<string, unknown>): CardState | null {
	const rawState = row[SYSTEM_CARD_COLUMNS.state];
	if (rawState === null || rawState === undefined || rawState === '') return null;
	if (typeof rawState !== 'string')
		throw new CardStateError(
			row.id,
			SYSTEM_CARD_COLUMNS.state,
			'is not text: it must hold the JSON this node wrote',
		);
	const parsed = parseJson(rawState);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new CardStateError(
			row.id,
			SYSTEM_CARD_COLUMNS.state,
			'is not valid JSON: restore it or clear it to let the node rebuild the card from new bookings',
		);
	}
	const read = readState(parsed as Record<string, unknown>);
	if ('problem' in read)
		throw new CardStateError(
			row.id,
			SYSTEM_CARD_COLUMNS.state,
			`${read.problem}: restore it or clear it`,
		);
	const joined = joinStates(EMPTY_STATE, read.state);
	if (read.state.pending) joined.pending = true;
	return joined;
}

type CurrentKind = 'active' | 'moved' | 'canceled';

/**
 * The card's current event: the active booking made most recently (ties by URI). With no active
 * booking, the most recently made one, which is then either moved away by a reschedule whose new
 * booking has not arrived yet, or canceled. Leads (routing form submissions) are never an event.
 */
export function currentBooking(
	state: CardState,
): { record: BookingRecord; kind: CurrentKind } | null {
	return currentOf(Object.values(state.bookings).sort(byBookedThenUri));
}

/** currentBooking for the state's records sorted by byBookedThenUri. */
function currentOf(records: BookingRecord[]): { record: BookingRecord; kind: CurrentKind } | null {
	const all = records.filter((record) => !record.lead);
	if (all.length === 0) return null;
	const active = all.filter((record) => record.status === 'active');
	if (active.length > 0) return { record: active[active.length - 1], kind: 'active' };
	const record = all[all.length - 1];
	return { record, kind: record.rescheduled ? 'moved' : 'canceled' };
}

function cancelPolicyFor(record: BookingRecord, settings: CardSettings): CancelPolicy {
	if (record.cancellation?.cancelerType === 'host' && settings.hostCancelPolicy !== 'same')
		return settings.hostCancelPolicy;
	return settings.cancelPolicy;
}

/** `when` is the event's time range as describeTimeRange writes it. */
function describeCard(
	record: BookingRecord,
	kind: CurrentKind,
	settings: CardSettings,
	when: string,
): string {
	const snap = record.snapshot;
	const lines = [snap.eventName ?? 'Calendly event', `When: ${when}`];
	if (snap.location) lines.push(`Where: ${snap.location}`);
	if (snap.hostName || snap.hostEmail)
		lines.push(
			`Host: ${[snap.hostName, snap.hostEmail].filter(Boolean).join(' <')}${snap.hostName && snap.hostEmail ? '>' : ''}`,
		);
	if (kind === 'moved') lines.push('Status: rescheduled, waiting for the new time');
	if (kind === 'canceled') {
		const cancel = record.cancellation;
		const by = cancel
			? [cancel.by, cancel.cancelerType ? `(${cancel.cancelerType})` : null]
					.filter(Boolean)
					.join(' ')
			: '';
		lines.push(
			`Status: canceled${by ? ` by ${by}` : ''}${cancel?.reason ? `: ${cancel.reason}` : ''}`,
		);
	}
	if (kind === 'active' && isNoShow(record)) lines.push('Status: no-show');
	if (settings.questionsInDescription && snap.questions.length > 0) {
		lines.push('Answers:');
		for (const qa of snap.questions) lines.push(`- ${qa.question}: ${qa.answer}`);
	}
	return lines.join('\n');
}

/** A card that only has leads shows the latest submission. */
function describeLead(lead: BookingRecord, settings: CardSettings, timeZone: string): string {
	const lines = [
		`Routing form submitted: ${describeTimeRange(lead.snapshot.startTime, lead.snapshot.startTime, timeZone)}`,
	];
	if (settings.questionsInDescription && lead.snapshot.questions.length > 0) {
		lines.push('Answers:');
		for (const qa of lead.snapshot.questions) lines.push(`- ${qa.question}: ${qa.answer}`);
	}
	return lines.join('\n');
}

/**
 * The Activity Log column: the latest entries, recaps' included, newest first, one line each with when
 * it happened. Every time in it is in the board's time zone, named once in the event's own columns.
 */
function activityLog(state: CardState, timeZone: string): string | null {
	const recaps = Object.values(state.recaps ?? {}).map((record) => recapActivity(record, timeZone));
	const entries: Array<ActivityEntry | LogLine> =
		recaps.length > 0 ? [...state.activity, ...recaps].sort(compareActivity) : state.activity;
	const lines = entries
		.slice(-ACTIVITY_LINES_SHOWN)
		.reverse()
		.map((entry) => {
			const { text } =
				'text' in entry ? entry : bookingLine(entry, state.bookings[entry.invitee], timeZone);
			return `${describeStamp(entry.at, timeZone) || entry.at} · ${text}`;
		});
	return lines.length > 0 ? lines.join('\n') : null;
}

/** What people see of a card: the values of the columns this node writes for them, keyed by column name. */
export function cardFields(
	email: string,
	state: CardState,
	settings: CardSettings,
): Record<string, CellValue> {
	const fields: Partial<Record<CardField, CellValue>> = {};
	const timeZone = isValidTimeZone(settings.timeZone) ? settings.timeZone : 'UTC';
	const all = Object.values(state.bookings).sort(byBookedThenUri);
	const current = currentOf(all);
	// The contact's details come from the most recent view of any booking or lead (the greatest
	// snapshotKey); a booking they were a guest of knows only their email, so it counts only alone.
	const own = all.filter((record) => !record.uri.includes('#guest='));
	const sources = own.length > 0 ? own : all;
	let latest: BookingRecord | undefined = sources[0];
	for (const booking of sources) {
		const order =
			booking.snapshotKey < latest.snapshotKey
				? -1
				: booking.snapshotKey > latest.snapshotKey
					? 1
					: byBookedThenUri(booking, latest);
		if (order > 0) latest = booking;
	}
	const person = shownContact(state, settings);
	const recap = shownRecap(state);
	Object.assign(fields, {
		company: cut(person?.company),
		jobTitle: cut(person?.jobTitle),
		linkedin: cut(person?.linkedin),
		contactLocation: cut(person?.location),
		recapSummary: cut(recap && recapValue(recap, 'summary')),
		recapActionItems: cut(recap && recapValue(recap, 'actionItems')),
		recapLink: recap && recapValue(recap, 'shareLink'),
	} satisfies Partial<Record<CardField, CellValue>>);
	if (latest === undefined && person !== null) {
		// A card of a Calendly contact who has not booked (with "Contact Cards" on): a lead card.
		const { firstName, lastName } = splitName(person.name ?? '');
		Object.assign(fields, {
			name: person.name,
			firstName,
			lastName,
			phone: person.phones[0] ?? null,
			contactTimeZone: person.timeZone,
			contactType: settings.contactType || CONTACT_TYPES.lead,
			calendar: settings.calendarName || null,
			activity: activityLog(state, timeZone),
			stage: settings.stages.lead || null,
			assignee: settings.assign === 'fixed' ? settings.fixedAssignee : null,
			description: ['Calendly contact', person.company, person.jobTitle].filter(Boolean).join('\n'),
		} satisfies Partial<Record<CardField, CellValue>>);
	}
	if (latest !== undefined) {
		const contact = latest.snapshot;
		const kind = own.some((record) => !record.lead)
			? 'invitee'
			: own.length === 0
				? 'guest'
				: 'lead';
		Object.assign(fields, {
			name: contact.name,
			firstName: contact.firstName,
			lastName: contact.lastName,
			phone: contact.phone ?? person?.phones[0] ?? null,
			contactTimeZone: contact.inviteeTimeZone,
			contactType: settings.contactType || CONTACT_TYPES[kind],
			calendar: settings.calendarName || null,
			activity: activityLog(state, timeZone),
		} satisfies Partial<Record<CardField, CellValue>>);
	}
	if (current === null && latest !== undefined) {
		const lead = all.filter((record) => record.lead).pop()!;
		Object.assign(fields, {
			stage: settings.stages.lead || null,
			assignee: settings.assign === 'fixed' ? settings.fixedAssignee : null,
			utmSource: lead.snapshot.tracking.utmSource,
			utmMedium: lead.snapshot.tracking.utmMedium,
			utmCampaign: lead.snapshot.tracking.utmCampaign,
			utmContent: lead.snapshot.tracking.utmContent,
			utmTerm: lead.snapshot.tracking.utmTerm,
			description: describeLead(lead, settings, timeZone),
		} satisfies Partial<Record<CardField, CellValue>>);
	}
	if (current) {
		const { record, kind } = current;
		const snap = record.snapshot;
		const policy = kind === 'canceled' ? cancelPolicyFor(record, settings) : null;
		const removeEvent = policy === 'removeEvent';
		const noShow = kind === 'active' && isNoShow(record);
		const roots = all.filter((booking) => booking.oldInvitee === null && !booking.lead).length;
		const baseStage =
			roots <= 1 && !state.forgotten ? settings.stages.new : settings.stages.updated;
		let stage = baseStage;
		if (kind === 'active' && noShow && settings.stages.noShow) stage = settings.stages.noShow;
		else if (kind === 'active' && record.oldInvitee && settings.stages.rescheduled)
			stage = settings.stages.rescheduled;
		else if (kind === 'moved' && settings.stages.rescheduled) stage = settings.stages.rescheduled;
		else if (kind === 'canceled' && settings.stages.canceled) stage = settings.stages.canceled;

		Object.assign(fields, {
			stage: stage || null,
			assignee:
				settings.assign === 'fixed'
					? settings.fixedAssignee
					: settings.assign === 'host'
						? (snap.hostName ?? snap.hostEmail)
						: null,
			eventStatus:
				kind === 'active'
					? noShow
						? 'no_show'
						: 'scheduled'
					: kind === 'moved'
						? 'rescheduled'
						: 'canceled',
			guestOf: snap.guestOf,
			utmSource: snap.tracking.utmSource,
			utmMedium: snap.tracking.utmMedium,
			utmCampaign: snap.tracking.utmCampaign,
			utmContent: snap.tracking.utmContent,
			utmTerm: snap.tracking.utmTerm,
			noShow,
			archived: policy === 'archive',
		} satisfies Partial<Record<CardField, CellValue>>);
		const when = describeTimeRange(snap.startTime, snap.endTime, timeZone);
		const eventFields: Partial<Record<CardField, CellValue>> = {
			eventName: snap.eventName,
			eventTime: snap.startTime,
			eventEnd: snap.endTime,
			eventWhen: when,
			location: snap.location,
			joinUrl: snap.joinUrl,
			cancelUrl: kind === 'active' ? snap.cancelUrl : null,
			rescheduleUrl: kind === 'active' ? snap.rescheduleUrl : null,
			description: describeCard(record, kind, settings, when),
		};
		for (const [key, value] of Object.entries(eventFields) as Array<[CardField, CellValue]>) {
			fields[key] = removeEvent && key !== 'description' ? null : value;
		}
		if (removeEvent)
			fields.description = describeCard(
				record,
				kind,
				{ ...settings, questionsInDescription: false },
				when,
			)
				.split('\n')
				.slice(-1)[0];
	}
	const row: Record<string, CellValue> = {
		[SYSTEM_CARD_COLUMNS.email]: cardEmail(state, email, settings),
	};
	for (const key of CARD_FIELD_KEYS) {
		const column = settings.columns[key];
		if (column !== '' && key in fields) row[column] = fields[key] ?? null;
	}
	// Each question's column holds the answer from the most recently made booking or lead that asked it,
	// forgotten ones included (their answers are kept per question).
	const answers = settings.questionColumns ? answerColumns(state.forgottenAnswers, all) : new Map();
	for (const { column, answer } of answers.values()) row[column] = answer;
	if (settings.customFieldColumns && person !== null) {
		const columns = customFieldColumns(person.customFields.map((field) => field.label));
		for (const { label, value } of person.customFields) row[columns.get(label)!] = value;
	}
	return row;
}

/** Text for a column: cut to CELL_TEXT_MAX characters (the node's output has it whole). */
const cut = (value: string | null | undefined): string | null =>
	value === null || value === undefined
		? null
		: value.length > CELL_TEXT_MAX
			? `${value.slice(0, CELL_TEXT_MAX - 1)}…`
			: value;

/**
 * The Calendly contact a card shows: the one updated last (ties by URI); a deleted one only while
 * "Contact Deleted" keeps the details.
 */
export const shownContact = (state: CardState, settings: CardSettings): ContactSnapshot | null =>
	latestContact(
		state,
		(record) => record.deletedAt === null || settings.contactDeleted !== 'clear',
	);

/** The snapshot of the contact updated last (ties by URI) among those `counts` lets through. */
function latestContact(
	state: CardState,
	counts: (record: ContactRecord) => boolean,
): ContactSnapshot | null {
	let latest: ContactRecord | null = null;
	for (const record of Object.values(state.contacts ?? {})) {
		if (record.snapshot === null || !counts(record)) continue;
		if (
			latest === null ||
			`${record.updatedAt}|${record.uri}` > `${latest.updatedAt}|${latest.uri}`
		)
			latest = record;
	}
	return latest?.snapshot ?? null;
}

/** The emails the person booked under on this card, as the invitee (not as a guest of others). */
const bookedEmails = (state: CardState): Set<string> =>
	new Set(
		Object.values(state.bookings)
			.filter((record) => !record.uri.includes('#guest='))
			.map((record) => record.snapshot.email),
	);

/** The meeting recap a card shows: of its latest meeting, not deleted. */
export function shownRecap(state: CardState): RecapRecord | null {
	const live = Object.values(state.recaps ?? {}).filter(
		(record) => record.deletedAt === null && Object.keys(record.fields).length > 0,
	);
	return live.sort(byMeetingThenUri).pop() ?? null;
}

/**
 * The email a card is matched and shown under. With "Multiple Matches" merging, the first email of its
 * Calendly contact (the one updated last; primary first) that it holds a booking under, or the primary
 * one while it holds no booking: cards merged through a contact end up under one email whatever order
 * they came in. Otherwise, and without a contact, `email` (the card's own, or the delivery's for a new
 * card), so cards the policy keeps apart never come to share an email.
 */
export function cardEmail(state: CardState, email: string, settings: CardSettings): string {
	if (settings.multipleMatches !== 'merge') return email;
	const listed = latestContact(state, (record) => record.snapshot!.emails.length > 0)?.emails ?? [];
	const booked = bookedEmails(state);
	if (booked.size === 0) return listed[0] ?? email;
	return listed.find((other) => booked.has(other)) ?? email;
}

/** The card's emails besides `email`: its contacts' and its own bookings' (merged cards keep theirs), sorted. */
export function otherEmails(state: CardState, email: string): string[] {
	const emails = bookedEmails(state);
	for (const record of Object.values(state.contacts ?? {}))
		for (const other of record.snapshot?.emails ?? []) emails.add(other);
	emails.delete(email);
	return [...emails].sort();
}

/** How otherEmails are stored, each between bars so a search for one cannot match part of another. */
export const otherEmailsText = (emails: string[]): string | null =>
	emails.length === 0 ? null : `|${emails.join('|')}|`;

/** The meetings (scheduled-event URIs) of a state's bookings that begin before `by` (ms); leads have none. */
export const meetingsOf = (state: CardState, by: number): string[] =>
	Object.values(state.bookings)
		.filter(({ snapshot }) => snapshot.eventUri !== '' && Date.parse(snapshot.startTime) < by)
		.map(({ snapshot }) => snapshot.eventUri);

/** A state holding only the meeting recaps of these meetings; undefined when there are none. */
export function recapsOfMeetings(state: CardState, meetings: string[]): CardState | undefined {
	const recaps = Object.entries(state.recaps ?? {}).filter(([, record]) => {
		const meeting = record.fields.eventUri?.[1];
		return meeting !== undefined && meeting !== null && meetings.includes(meeting);
	});
	return recaps.length === 0
		? undefined
		: { bookings: {}, activity: [], recaps: Object.fromEntries(recaps) };
}

/** Every email a card row is found under: its own and its other emails. */
export const emailsOfRow = (row: Record<string, unknown>): string[] => [
	String(row[SYSTEM_CARD_COLUMNS.email] ?? ''),
	...String(row[SYSTEM_CARD_COLUMNS.otherEmails] ?? '')
		.split('|')
		.filter((email) => email !== ''),
];

/**
 * The whole row this node writes for a card: what people see (cardFields), the card's other emails and
 * its state, under the card's email (cardEmail; `email` is its own, or the delivery's for a new card).
 */
export function deriveCard(
	email: string,
	state: CardState,
	settings: CardSettings,
	/** writeState(state, the card's email), when the caller has it already. */
	written?: string,
): Record<string, CellValue> {
	const key = cardEmail(state, email, settings);
	const stateText = written ?? writeState(state, key);
	return {
		...cardFields(key, state, settings),
		[SYSTEM_CARD_COLUMNS.otherEmails]: otherEmailsText(otherEmails(state, key)),
		[SYSTEM_CARD_COLUMNS.state]: stateText,
		[SYSTEM_CARD_COLUMNS.revision]: revisionOf(stateText),
	};
}
