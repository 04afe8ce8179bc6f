import { hash } from 'crypto';
import type { BookingAction, NormalizedBooking } from '../../shared/booking/normalizeBooking';
import { describeTimeRange, isValidTimeZone } from '../../shared/booking/zonedTime';
import type { BookingRecord } from './bookingRecord';
import { bookingFromDelivery, isNoShow, joinBookings } from './bookingRecord';
import { sameJson } from './sameJson';
import type { CancelPolicy, CardField, CardSettings } from './settings';
import { CARD_FIELD_KEYS, SYSTEM_CARD_COLUMNS, questionColumns } from './settings';

/**
 * A card's state: its bookings (by invitee URI) and its activity log. Everything visible on the card
 * is derived from this by deriveCard, so the card only depends on which deliveries it has seen.
 */
export interface CardState {
	bookings: Record<string, BookingRecord>;
	activity: ActivityEntry[];
	/**
	 * Set on a card this node inserted until an execution announces it on the Created output. Inserting
	 * cannot be that moment: executions in other processes may insert the same contact at the same time.
	 * The announcement is a revision-conditional update, so exactly one execution wins it (see planSync).
	 */
	pending?: true;
}

/** One line of the card's activity log; `key` identifies the delivery it came from. */
export interface ActivityEntry {
	key: string;
	at: string;
	type: BookingAction;
	invitee: string;
	eventName: string | null;
	startTime: string;
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

export function activityFromDelivery(booking: NormalizedBooking, record: BookingRecord, timeZone: string): ActivityEntry {
	let discriminator = '';
	let at = record.bookedAt;
	if (booking.event === 'invitee.canceled') at = record.cancellation?.at ?? booking.deliveredAt ?? record.bookedAt;
	if (booking.event === 'invitee_no_show.created') {
		at = record.noShowMarkedAt ?? at;
		discriminator = booking.noShow?.uri ?? at;
	}
	if (booking.event === 'invitee_no_show.deleted') {
		at = record.noShowClearedAt ?? at;
		discriminator = at;
	}
	const when = describeTimeRange(booking.startTime, booking.endTime, timeZone);
	const eventName = booking.eventName ?? 'event';
	const texts: Record<BookingAction, string> = {
		booked: booking.oldInviteeUri ? `Rescheduled ${eventName} to ${when}` : `Booked ${eventName} for ${when}`,
		rescheduled: `Moved ${eventName} from ${when}`,
		canceled:
			`Canceled ${eventName} of ${when}` +
			(booking.cancellation?.cancelerType ? ` (by ${booking.cancellation.cancelerType}` : ' (') +
			(booking.cancellation?.canceledBy ? ` ${booking.cancellation.canceledBy})` : ')') +
			(booking.cancellation?.reason ? `: ${booking.cancellation.reason}` : ''),
		no_show: `Marked as no-show for ${eventName} of ${when}`,
		no_show_cleared: `No-show mark removed for ${eventName} of ${when}`,
		form_submitted: 'Submitted a routing form',
	};
	return {
		key: `${booking.event}|${booking.inviteeUri}|${discriminator}`,
		at,
		type: booking.action,
		invitee: booking.inviteeUri,
		eventName: booking.eventName,
		startTime: booking.startTime,
		text: texts[booking.action].replace(' ( )', '').replace(' ()', ''),
	};
}

const compareActivity = (a: ActivityEntry, b: ActivityEntry) =>
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
	return { bookings: sortedByKey(bookings), activity: [...byKey.values()].sort(compareActivity) };
}

export function stateFromDelivery(booking: NormalizedBooking, timeZone: string): CardState {
	const record = bookingFromDelivery(booking);
	return { bookings: { [record.uri]: record }, activity: [activityFromDelivery(booking, record, timeZone)] };
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
	return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]]));
}

export function serializeState(state: CardState): { state: string; activity: string; revision: string } {
	const stateText = JSON.stringify({ v: 1, bookings: sortedByKey(state.bookings), ...(state.pending ? { pending: true } : {}) });
	const activityText = JSON.stringify(state.activity);
	return { state: stateText, activity: activityText, revision: revisionOf(stateText + '\n' + activityText) };
}

const sameRecord = (a: BookingRecord, b: BookingRecord): boolean =>
	a.uri === b.uri &&
	a.bookedAt === b.bookedAt &&
	a.status === b.status &&
	a.rescheduled === b.rescheduled &&
	a.newInvitee === b.newInvitee &&
	a.oldInvitee === b.oldInvitee &&
	a.cancellation === b.cancellation &&
	a.noShowMarkedAt === b.noShowMarkedAt &&
	a.noShowClearedAt === b.noShowClearedAt &&
	a.snapshotKey === b.snapshotKey &&
	a.snapshot === b.snapshot;

/**
 * Whether `delivery` is surely one the card has seen, found without serializing the join: the row's
 * revision is the hash of its stored texts (so they are what serializeState wrote for `stored`, and
 * `stored` serializes back to them), each booking of the delivery joins to the record already held
 * (joinBookings keeps the held snapshot and cancellation objects when they win), and its activity
 * entry is logged already, the same or later. False means "not shown", not "changed".
 */
export function isKnownDelivery(row: Record<string, unknown>, stored: CardState, delivery: CardState): boolean {
	for (const [uri, record] of Object.entries(delivery.bookings)) {
		const held = Object.prototype.hasOwnProperty.call(stored.bookings, uri) ? stored.bookings[uri] : undefined;
		if (held === undefined || !sameRecord(joinBookings(held, record), held)) return false;
	}
	for (const entry of delivery.activity) {
		const held = stored.activity.find((logged) => logged.key === entry.key);
		if (held === undefined || (!sameJson(entry, held) && JSON.stringify(entry) > JSON.stringify(held))) return false;
	}
	const stateText = row[SYSTEM_CARD_COLUMNS.state];
	const activityText = row[SYSTEM_CARD_COLUMNS.activity];
	return (
		typeof stateText === 'string' &&
		typeof activityText === 'string' &&
		row[SYSTEM_CARD_COLUMNS.revision] === revisionOf(stateText + '\n' + activityText)
	);
}

export const sameState = (a: CardState, b: CardState): boolean =>
	serializeState(a).revision === serializeState(b).revision;

/** A short content hash: equal states give equal revisions. */
function revisionOf(textValue: string): string {
	return hash('sha256', textValue, 'hex').slice(0, 16);
}

/** Reads the state from a card row; null when the row was not made by this node. */
export function parseRowState(row: Record<string, unknown>): CardState | null {
	const rawState = row[SYSTEM_CARD_COLUMNS.state];
	if (rawState === null || rawState === undefined || rawState === '') return null;
	return parseStoredState(row, rawState);
}

function parseStoredState(row: Record<string, unknown>, rawState: unknown): CardState {
	if (typeof rawState !== 'string') throw new CardStateError(row.id, SYSTEM_CARD_COLUMNS.state, 'is not text: it must hold the JSON this node wrote');
	const parsed = parseJson(rawState);
	if (parsed === undefined) {
		throw new CardStateError(row.id, SYSTEM_CARD_COLUMNS.state, 'is not valid JSON: restore it or clear it to let the node rebuild the card from new bookings');
	}
	const bookings = (parsed as { bookings?: unknown }).bookings;
	if (typeof bookings !== 'object' || bookings === null || Array.isArray(bookings)) {
		throw new CardStateError(row.id, SYSTEM_CARD_COLUMNS.state, 'has no "bookings" object: restore it or clear it');
	}
	for (const [uri, record] of Object.entries(bookings as Record<string, BookingRecord>)) {
		if (typeof record !== 'object' || record === null || record.uri !== uri || typeof record.snapshot !== 'object') {
			throw new CardStateError(row.id, SYSTEM_CARD_COLUMNS.state, `has an unreadable booking '${uri}': restore it or clear the column`);
		}
	}
	let activity: ActivityEntry[] = [];
	const rawActivity = row[SYSTEM_CARD_COLUMNS.activity];
	if (typeof rawActivity === 'string' && rawActivity !== '') {
		const list = parseJson(rawActivity);
		if (!Array.isArray(list)) {
			throw new CardStateError(row.id, SYSTEM_CARD_COLUMNS.activity, 'is not a JSON list: restore it or clear it');
		}
		activity = list.filter(
			(entry): entry is ActivityEntry =>
				typeof entry === 'object' && entry !== null && typeof (entry as ActivityEntry).key === 'string',
		);
	}
	const state = joinStates(EMPTY_STATE, { bookings: bookings as Record<string, BookingRecord>, activity });
	// Cards written before the flag existed have been announced already.
	return (parsed as { pending?: unknown }).pending === true ? { ...state, pending: true } : state;
}

type CurrentKind = 'active' | 'moved' | 'canceled';

const byBookedThenUri = (a: BookingRecord, b: BookingRecord) =>
	a.bookedAt < b.bookedAt ? -1 : a.bookedAt > b.bookedAt ? 1 : a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0;

/**
 * The card's current event: the active booking made most recently (ties by URI). With no active
 * booking, the most recently made one, which is then either moved away by a reschedule whose new
 * booking has not arrived yet, or canceled.
 */
export function currentBooking(state: CardState): { record: BookingRecord; kind: CurrentKind } | null {
	return currentOf(Object.values(state.bookings).sort(byBookedThenUri));
}

/** currentBooking for the state's bookings sorted by byBookedThenUri. */
function currentOf(all: BookingRecord[]): { record: BookingRecord; kind: CurrentKind } | null {
	if (all.length === 0) return null;
	const active = all.filter((record) => record.status === 'active');
	if (active.length > 0) return { record: active[active.length - 1], kind: 'active' };
	const record = all[all.length - 1];
	return { record, kind: record.rescheduled ? 'moved' : 'canceled' };
}

export function cancelPolicyFor(record: BookingRecord, settings: CardSettings): CancelPolicy {
	if (record.cancellation?.cancelerType === 'host' && settings.hostCancelPolicy !== 'same') return settings.hostCancelPolicy;
	return settings.cancelPolicy;
}

/** `when` is the event's time range as describeTimeRange writes it. */
function describeCard(record: BookingRecord, kind: CurrentKind, settings: CardSettings, when: string): string {
	const snap = record.snapshot;
	const lines = [snap.eventName ?? 'Calendly event', `When: ${when}`];
	if (snap.location) lines.push(`Where: ${snap.location}`);
	if (snap.hostName || snap.hostEmail) lines.push(`Host: ${[snap.hostName, snap.hostEmail].filter(Boolean).join(' <')}${snap.hostName && snap.hostEmail ? '>' : ''}`);
	if (kind === 'moved') lines.push('Status: rescheduled, waiting for the new time');
	if (kind === 'canceled') {
		const cancel = record.cancellation;
		const by = cancel ? [cancel.by, cancel.cancelerType ? `(${cancel.cancelerType})` : null].filter(Boolean).join(' ') : '';
		lines.push(`Status: canceled${by ? ` by ${by}` : ''}${cancel?.reason ? `: ${cancel.reason}` : ''}`);
	}
	if (kind === 'active' && isNoShow(record)) lines.push('Status: no-show');
	if (settings.questionsInDescription && snap.questions.length > 0) {
		lines.push('Answers:');
		for (const qa of snap.questions) lines.push(`- ${qa.question}: ${qa.answer}`);
	}
	return lines.join('\n');
}

/** The row values this node manages for a card, keyed by column name. */
export function deriveCard(
	email: string,
	state: CardState,
	settings: CardSettings,
	serialized: ReturnType<typeof serializeState> = serializeState(state),
): Record<string, CellValue> {
	const fields: Partial<Record<CardField, CellValue>> = {};
	const timeZone = isValidTimeZone(settings.timeZone) ? settings.timeZone : 'UTC';
	const all = Object.values(state.bookings).sort(byBookedThenUri);
	const current = currentOf(all);
	if (current) {
		const { record, kind } = current;
		const snap = record.snapshot;
		// The contact's details come from the most recent view of any booking (the greatest snapshotKey).
		let latest = all[0];
		for (const booking of all) {
			const order =
				booking.snapshotKey < latest.snapshotKey ? -1 : booking.snapshotKey > latest.snapshotKey ? 1 : byBookedThenUri(booking, latest);
			if (order > 0) latest = booking;
		}
		const contact = latest.snapshot;
		const policy = kind === 'canceled' ? cancelPolicyFor(record, settings) : null;
		const removeEvent = policy === 'removeEvent';
		const noShow = kind === 'active' && isNoShow(record);
		const roots = all.filter((booking) => booking.oldInvitee === null).length;
		const baseStage = roots <= 1 ? settings.stages.new : settings.stages.updated;
		let stage = baseStage;
		if (kind === 'active' && noShow && settings.stages.noShow) stage = settings.stages.noShow;
		else if (kind === 'active' && record.oldInvitee && settings.stages.rescheduled) stage = settings.stages.rescheduled;
		else if (kind === 'moved' && settings.stages.rescheduled) stage = settings.stages.rescheduled;
		else if (kind === 'canceled' && settings.stages.canceled) stage = settings.stages.canceled;

		Object.assign(fields, {
			name: contact.name,
			firstName: contact.firstName,
			lastName: contact.lastName,
			phone: contact.phone,
			contactTimeZone: contact.inviteeTimeZone,
			contactType: settings.contactType || null,
			stage: stage || null,
			assignee:
				settings.assign === 'fixed'
					? settings.fixedAssignee
					: settings.assign === 'host'
						? (snap.hostName ?? snap.hostEmail)
						: null,
			calendar: settings.calendarName || null,
			eventStatus: kind === 'active' ? (noShow ? 'no_show' : 'scheduled') : kind === 'moved' ? 'rescheduled' : 'canceled',
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
		if (removeEvent) fields.description = describeCard(record, kind, { ...settings, questionsInDescription: false }, when).split('\n').slice(-1)[0];
	}
	const row: Record<string, CellValue> = { [SYSTEM_CARD_COLUMNS.email]: email };
	for (const key of CARD_FIELD_KEYS) {
		const column = settings.columns[key];
		if (column !== '' && key in fields) row[column] = fields[key] ?? null;
	}
	if (settings.questionColumns) {
		// Each question's column holds the answer from the most recently made booking that asked it.
		for (const record of all) {
			const names = questionColumns(record.snapshot.questions);
			for (const qa of record.snapshot.questions) row[names.get(qa.question)!] = qa.answer;
		}
	}
	row[SYSTEM_CARD_COLUMNS.state] = serialized.state;
	row[SYSTEM_CARD_COLUMNS.activity] = serialized.activity;
	row[SYSTEM_CARD_COLUMNS.revision] = serialized.revision;
	return row;
}
