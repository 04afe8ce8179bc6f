import type { NormalizedBooking } from '../../shared/booking/normalizeBooking';
import type { NormalizedContact } from '../../shared/booking/normalizeContact';
import type { NormalizedRecap } from '../../shared/booking/normalizeRecap';
import { isEnabledEventType } from '../../shared/booking/eventTypes';
import { isInviteeEventName } from '../../shared/booking/normalizeBooking';
import type { CardState, CellValue, LogLine } from './cardState';
import {
	EMPTY_STATE,
	bookingLine,
	boundState,
	cardEmail,
	cardFields,
	currentBooking,
	deriveCard,
	joinStates,
	parseRowState,
	recapActivity,
	stateFromContact,
	stateFromDelivery,
	stateFromRecap,
} from './cardState';
import { bookingFromDelivery, isNoShow, linkedUris } from './bookingRecord';
import { BOOKKEEPING, changedFields, sameValue } from './handEdits';
import { writeState } from './storedState';
import type { CardSettings } from './settings';
import { SYSTEM_CARD_COLUMNS } from './settings';

export type CardAction = 'created' | 'updated' | 'rescheduled' | 'canceled' | 'no_show' | 'skipped';
/**
 * Why a delivery leaves the board as it was: seen before (`duplicate`), event type not enabled
 * (`filtered`), about a booking, contact or recap older than the card keeps (`forgotten`), not an event
 * the card acts on (`unsupported_event`), or a contact or recap of someone without a card (`no_card`:
 * it waits beside the board for the card their first booking makes).
 */
export type SkipReason = 'duplicate' | 'filtered' | 'forgotten' | 'unsupported_event' | 'no_card';

/** A Calendly contact delivery as it applies to the cards of one of its emails. */
export interface ContactChange {
	kind: 'contact';
	email: string;
	contact: NormalizedContact;
}
/** A meeting recap delivery as it applies to the cards of one of its attendees. */
export interface RecapChange {
	kind: 'recap';
	email: string;
	recap: NormalizedRecap;
}
/** What one delivery brings to the cards of one email. */
export type CardChange = NormalizedBooking | ContactChange | RecapChange;

const isBooking = (change: CardChange): change is NormalizedBooking => !('kind' in change);

/** What the change adds to a card's state. */
function stateOfChange(change: CardChange): CardState {
	if (isBooking(change)) return stateFromDelivery(change);
	return change.kind === 'contact'
		? stateFromContact(change.contact)
		: stateFromRecap(change.recap);
}

/** Whether the state still holds what the change is about (a bounded card may have forgotten it). */
function keeps(state: CardState, change: CardChange): boolean {
	const has = (record: object | undefined, key: string) =>
		record !== undefined && Object.prototype.hasOwnProperty.call(record, key);
	if (isBooking(change)) return has(state.bookings, change.inviteeUri);
	return change.kind === 'contact'
		? has(state.contacts, change.contact.contactUri)
		: has(state.recaps, change.recap.recapUri);
}

/** A card row as the data table returns it: system columns id, createdAt, updatedAt plus the user columns. */
export type CardRow = Record<string, unknown> & { id: number };

/** A plan that writes nothing, for a delivery skipped for `reason`. */
export const skippedPlan = (reason: SkipReason): SyncPlan => ({
	action: 'skipped',
	skipReason: reason,
	targetId: null,
	expectedRevision: null,
	write: null,
	deletes: [],
	before: null,
	after: null,
	changes: [],
	shownEventChanged: false,
	activity: null,
	announces: false,
	announceNext: false,
	waits: false,
});

/**
 * What to do for one delivery, given every card that holds the contact's email.
 * `write` is null when nothing must be written; otherwise it goes to `targetId` (an update that
 * only applies while the row's revision is still `expectedRevision`) or, with no target, is inserted.
 * `deletes` are the duplicate cards merged into the target, each deleted only while unchanged.
 */
export interface SyncPlan {
	action: CardAction;
	skipReason: SkipReason | null;
	targetId: number | null;
	expectedRevision: string | null;
	write: Record<string, CellValue> | null;
	deletes: Array<{ id: number; revision: string | null }>;
	before: Record<string, unknown> | null;
	after: Record<string, unknown> | null;
	changes: string[];
	/** Whether the card's current event (which booking, its status, its time) is another one afterwards. */
	shownEventChanged: boolean;
	activity: LogLine | null;
	/** Whether this write announces a card still pending announcement (see CardState.pending). */
	announces: boolean;
	/** Whether the card is still pending after this write, with a booking to announce it in a next pass. */
	announceNext: boolean;
	/**
	 * Whether to look again shortly instead: the delivery is already on a card still pending announcement
	 * (a copy of it, running at the same moment, inserted the card and is about to announce it; see
	 * PlanOptions.announceHeld), or a copy's card beside it is about to be removed by that copy.
	 */
	waits: boolean;
}

export interface PlanOptions {
	/**
	 * Whether to announce a pending card that already holds this delivery. The execution that inserted the
	 * card does; a copy of its delivery first waits for that (syncBooking), so it comes out Skipped, and
	 * only announces once the inserter has had time to (it may have crashed).
	 */
	announceHeld?: boolean;
	/** The card this execution inserted, while it is as inserted: it is this execution's to merge or remove. */
	ownCardId?: number;
	/**
	 * The time now (ms). A new card another execution inserted less than NEW_CARD_MS ago is left to it
	 * (see newCardOfAnother). Without it, every card is merged as usual.
	 */
	now?: number;
	/** What waited beside the board for this email (contacts and recaps before a card existed): joined in. */
	held?: CardState;
	/** Deciding for the table beside the board where contacts and recaps wait: any change may make a row. */
	holding?: boolean;
}

/** How long a new card is left to the execution that inserted it, before others merge it (it may have crashed). */
const NEW_CARD_MS = 60_000;

export class MultipleCardsError extends Error {
	constructor(
		readonly email: string,
		readonly ids: number[],
	) {
		super(
			`Several cards hold ${email} (ids ${ids.join(', ')}), as their email or, through the person's Calendly contact, among their other emails (calendlyEmails), and "Multiple Matches" is set to stop: merge or delete the extra cards, or choose another "Multiple Matches" option`,
		);
		this.name = 'MultipleCardsError';
	}
}

/** Whether the booking's event type is not enabled; leads (routing form submissions) have none and are never filtered. */
export function isFiltered(booking: NormalizedBooking, settings: CardSettings): boolean {
	return (
		booking.event !== 'routing_form_submission.created' &&
		!isEnabledEventType(booking.eventTypeUri, settings.eventTypes)
	);
}

/**
 * The deliveries that make a new card, announced on Created: a booking, a lead (with "Routing Form
 * Leads" on), or a contact (with "Cards for Calendly Contacts" on).
 */
function createsCard(change: CardChange, settings: CardSettings): boolean {
	if (isBooking(change))
		return change.event === 'invitee.created' || change.event === 'routing_form_submission.created';
	return change.kind === 'contact' && !change.contact.deleted && settings.contactCards;
}

/** Whether the change may insert a card when there is none; other bookings' deliveries make a card unannounced. */
const makesCard = (change: CardChange, settings: CardSettings, options: PlanOptions) =>
	isBooking(change) || options.holding === true || createsCard(change, settings);

/**
 * The event of a Calendly webhook delivery ({ event, payload }) that is not an invitee event, such as
 * routing_form_submission.created or event_type.updated: the card node passes it over. Null for
 * invitee events and for items that are not deliveries (those are reported as unusable).
 */
export function unsupportedEvent(item: unknown): string | null {
	if (typeof item !== 'object' || item === null) return null;
	const { event, payload } = item as { event?: unknown; payload?: unknown };
	if (typeof event !== 'string' || isInviteeEventName(event) || !/^[a-z_]+\.[a-z_]+$/.test(event))
		return null;
	return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? event : null;
}

const emailOf = (row: CardRow): string => String(row[SYSTEM_CARD_COLUMNS.email] ?? '');

const revisionOf = (row: CardRow): string | null => {
	const value = row[SYSTEM_CARD_COLUMNS.revision];
	return typeof value === 'string' ? value : null;
};

const SYSTEM_ROW_COLUMNS = new Set(['id', 'createdAt', 'updatedAt']);

function actionFor(change: CardChange, hadCard: boolean): CardAction {
	if (!isBooking(change)) return hadCard ? 'updated' : 'created';
	const booking = change;
	switch (booking.event) {
		case 'routing_form_submission.created':
			return hadCard ? 'updated' : 'created';
		case 'invitee.created':
			if (!hadCard) return 'created';
			return booking.oldInviteeUri ? 'rescheduled' : 'updated';
		case 'invitee.canceled':
			return booking.rescheduled ? 'rescheduled' : 'canceled';
		case 'invitee_no_show.created':
			return 'no_show';
		default:
			return 'updated';
	}
}

/**
 * Decides one delivery. `rows` are all cards whose email equals the change's (any order).
 * Pure: the same rows, delivery and settings always give the same plan. Deliveries of event types that
 * are not enabled never get here: run.ts checks that once per delivery (isFiltered), before any I/O.
 */
export function planSync(
	rows: CardRow[],
	change: CardChange,
	settings: CardSettings,
	options: PlanOptions = {},
): SyncPlan {
	const fresh = stateOfChange(change);
	const delivery = options.held ? joinStates(fresh, options.held) : fresh;
	const email = change.email;
	const sorted = [...rows].sort((a, b) => a.id - b.id);
	const states = new Map(sorted.map((row) => [row.id, parseRowState(row)]));

	// Which cards this change belongs to: the contact's cards, or in "new card per booking" mode
	// only those holding a booking linked to it by a reschedule (for a contact or recap, see cardOfMeeting).
	let relevant = sorted;
	if (settings.createMode === 'newPerBooking' && !isBooking(change)) {
		relevant = cardOfMeeting(sorted, states, change);
	} else if (settings.createMode === 'newPerBooking' && isBooking(change)) {
		const links = new Set(linkedUris(bookingFromDelivery(change)));
		relevant = sorted.filter((row) => {
			const state = states.get(row.id);
			return (
				state !== null &&
				state !== undefined &&
				Object.values(state.bookings).some((record) =>
					linkedUris(record).some((uri) => links.has(uri)),
				)
			);
		});
	}
	// New cards of executions running at the same moment are theirs: each either removes its card as a
	// copy's (see isCopyOf) or merges it into the contact's oldest card. Only then is the card announced.
	// Only deliveries that make cards do: a cancellation or no-show goes onto the new card, keeping it pending.
	const creates = createsCard(change, settings);
	const leftAlone = creates
		? relevant.filter((row) => newCardOfAnother(row, states.get(row.id), relevant[0].id, options))
		: [];
	const cards = relevant.filter((row) => !leftAlone.includes(row));
	const target = cards[0] ?? null;
	const others = cards.slice(1);
	const activity = activityOf(change, delivery, settings);
	if (target === null && leftAlone.some((row) => holds(states.get(row.id)!, fresh, email))) {
		// A copy of a delivery whose new card its execution is still handling: look again shortly.
		return { ...skippedPlan('duplicate'), activity, waits: true };
	}
	// A contact or recap of someone without a card waits beside the board (see syncChange).
	if (target === null && leftAlone.length === 0 && !makesCard(change, settings, options))
		return { ...skippedPlan('no_card'), activity };
	// Duplicates of the card under its own email that this node made itself (parallel executions) are
	// always merged; the policy decides about cards made by hand, and about cards of the person's other
	// emails (found through the card's other emails, see otherEmails).
	const own = (row: CardRow) =>
		states.get(row.id) !== null && target !== null && emailOf(row) === emailOf(target);
	if (others.some((row) => !own(row)) && settings.multipleMatches === 'error') {
		throw new MultipleCardsError(
			email,
			cards.map((row) => row.id),
		);
	}
	const merged = settings.multipleMatches === 'merge' ? others : others.filter(own);
	// The card keeps its email (cardEmail may move it to its contact's primary one).
	const key = target !== null ? emailOf(target) || email : email;

	const stored = target ? states.get(target.id) : null;
	// A card a booking inserted is pending; the first booking delivery that writes it afterwards announces
	// it, even one the card has seen (the inserting execution's own, or a retry after it crashed). Only a
	// single conditional update announces: a merge also deletes, and when a delete loses its race the
	// update stands without anyone having won the announcement, so merging keeps the card pending.
	const pending =
		target !== null && [target, ...merged].every((row) => states.get(row.id)?.pending === true);
	const announces = pending && creates && merged.length === 0 && leftAlone.length === 0;

	let previous: CardState = stored ?? EMPTY_STATE;
	for (const row of merged) previous = joinStates(previous, states.get(row.id) ?? EMPTY_STATE);
	if (pending) previous = { ...previous, pending: true };
	const next: CardState = boundState(joinStates(previous, delivery), settings);
	// Only a booking or a lead makes a card pending: a card first made by a cancellation or a no-show
	// (deliveries out of order) is never announced as Created.
	if ((target === null && creates) || (pending && !announces)) next.pending = true;
	const announceNext = next.pending === true && creates;

	// News is what the delivery adds to the card's state, bounded the same way (a card kept under a larger
	// bound is not changed by a delivery it has seen); being announced is not news.
	// The state's text is the costliest step of a decision: `next`'s is written once, under the email the
	// card will have, and compared and stored as it is.
	const cardKey = cardEmail(next, key, settings);
	const nextText = unannounced(next, cardKey);
	const news =
		target === null ||
		stored === null ||
		unannounced(boundState(previous, settings), cardKey) !== nextText;
	const forgotten = !keeps(next, change);
	const skipReason: SkipReason = forgotten ? 'forgotten' : 'duplicate';
	if (!news && merged.length === 0 && (!announces || !options.announceHeld)) {
		const waits = pending && creates && (leftAlone.length > 0 || !options.announceHeld);
		return {
			...skippedPlan(skipReason),
			targetId: target!.id,
			before: target,
			after: target,
			activity,
			waits,
		};
	}

	const derived = deriveCard(cardKey, next, settings, next.pending ? undefined : nextText);
	// A card made by hand, or merged with others, gets every field; a card of this node only what changed.
	const write =
		target !== null && stored && merged.length === 0
			? changedFields(target, cardFields(key, stored, settings), derived)
			: derived;
	// Keep what people typed into merged cards' other columns when the target's cell is empty.
	for (const row of merged) {
		for (const [column, value] of Object.entries(row)) {
			if (SYSTEM_ROW_COLUMNS.has(column) || column in derived) continue;
			if (target && sameValue(target[column], null) && !sameValue(value, null))
				write[column] = value as CellValue;
		}
	}
	const before = target ? { ...target } : null;
	const after: Record<string, unknown> = { ...(before ?? {}), ...write };
	const changes = Object.keys(write).filter(
		(column) => !BOOKKEEPING.has(column) && !sameValue(before?.[column], write[column]),
	);
	// News about a forgotten booking (its bound moved) or a merge that brings the card more: the card
	// changed, not its bookings. Merging away duplicates of the very same card (made by executions running
	// at the same moment) or only announcing leaves the card as it was.
	const cardChanged =
		news || stored === null || stored === undefined || unannounced(stored, cardKey) !== nextText;
	const action: CardAction =
		news && !forgotten ? actionFor(change, target !== null) : cardChanged ? 'updated' : 'skipped';
	return {
		action,
		skipReason: action === 'skipped' ? skipReason : null,
		targetId: target?.id ?? null,
		expectedRevision: target ? revisionOf(target) : null,
		write,
		deletes: merged.map((row) => ({ id: row.id, revision: revisionOf(row) })),
		before,
		after,
		changes,
		shownEventChanged: shownEvent(previous) !== shownEvent(next),
		activity,
		announces,
		announceNext,
		waits: false,
	};
}

/** The log entry of the change: a booking's own, a recap's as the card shows it; none for a contact. */
function activityOf(
	change: CardChange,
	delivery: CardState,
	settings: CardSettings,
): LogLine | null {
	if (isBooking(change)) {
		const [entry] = delivery.activity;
		return bookingLine(entry, delivery.bookings[entry.invitee], settings.timeZone);
	}
	if (change.kind === 'contact') return null;
	return recapActivity(delivery.recaps![change.recap.recapUri], settings.timeZone);
}

/**
 * In "new card per booking" mode, the one card a contact or recap goes to: a recap to the card holding
 * a booking of its meeting, else (and a contact always) the card made last.
 */
function cardOfMeeting(
	sorted: CardRow[],
	states: Map<number, CardState | null>,
	change: ContactChange | RecapChange,
): CardRow[] {
	const eventUri = change.kind === 'recap' ? change.recap.eventUri : null;
	const ofMeeting = sorted.filter((row) =>
		Object.values(states.get(row.id)?.bookings ?? {}).some(
			(record) => eventUri !== null && record.snapshot.eventUri === eventUri,
		),
	);
	return (ofMeeting.length > 0 ? ofMeeting : sorted).slice(-1);
}

/**
 * Whether the card `ownId`, as this execution inserted it, holds nothing another card does not: a copy of
 * this delivery, running at the same moment, brought it there. No one merges another execution's new
 * card while it is new (see newCardOfAnother), so the other card did not get it from this one; of two
 * new cards as their deliveries inserted them, the one inserted first is the original.
 */
export function isCopyOf(rows: CardRow[], ownId: number): boolean {
	const own = rows.find((row) => row.id === ownId);
	const ownState = own ? parseRowState(own) : null;
	if (!own || !ownState?.pending) return false;
	const email = String(own[SYSTEM_CARD_COLUMNS.email] ?? '');
	return rows.some((row) => {
		const state = row.id === ownId ? null : parseRowState(row);
		return (
			state !== null &&
			(!state.pending || !asInserted(state) || row.id < ownId) &&
			holds(state, ownState, email)
		);
	});
}

/**
 * A card another execution inserted moments ago with one delivery, not yet announced: it is left to
 * that execution. An execution with a new card of its own merges it into the contact's oldest card,
 * whoever made that one (`oldestId`).
 */
function newCardOfAnother(
	row: CardRow,
	state: CardState | null | undefined,
	oldestId: number,
	options: PlanOptions,
): boolean {
	if (options.now === undefined || row.id === options.ownCardId || !state?.pending) return false;
	if (options.ownCardId !== undefined && row.id === oldestId) return false;
	return asInserted(state) && options.now - Date.parse(String(row.createdAt)) < NEW_CARD_MS;
}

/** A card as one delivery made it: one booking and its log entry, or one contact. */
const asInserted = (state: CardState): boolean =>
	state.activity.length <= 1 &&
	Object.keys(state.bookings).length +
		Object.keys(state.contacts ?? {}).length +
		Object.keys(state.recaps ?? {}).length ===
		1;

/** Whether `state` holds everything `part` does. */
function holds(state: CardState, part: CardState, email: string): boolean {
	return sameState(joinStates(state, part), joinStates(state, EMPTY_STATE), email);
}

/** Whether two states are the same card, apart from being announced. */
const sameState = (a: CardState, b: CardState, email: string): boolean =>
	unannounced(a, email) === unannounced(b, email);

/** The state's stored text without its announcement mark. */
function unannounced(state: CardState, email: string): string {
	const { pending: _pending, ...rest } = state;
	return writeState(rest, email);
}

/** The card's current event as a comparable text; '' when the card shows none. */
function shownEvent(state: CardState): string {
	const current = currentBooking(state);
	if (current === null) return '';
	const { record, kind } = current;
	return JSON.stringify([
		record.uri,
		kind,
		isNoShow(record),
		record.snapshot.startTime,
		record.snapshot.endTime,
	]);
}
