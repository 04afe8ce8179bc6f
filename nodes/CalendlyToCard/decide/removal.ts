// Removing from a card the bookings of event types that are no longer enabled (pure: no I/O).
import type { BookingRecord } from './bookingRecord';
import type { CardState, CellValue } from './cardState';
import { cardFields, deriveCard, parseRowState } from './cardState';
import { changedFields } from './handEdits';
import type { CardRow } from './decide';
import { isEnabledEventType } from '../../shared/booking/eventTypes';
import type { CardSettings } from './settings';
import { SYSTEM_CARD_COLUMNS } from './settings';

/** A card's state without the bookings of disabled event types, and the bookings taken out. */
export interface BookingRemoval {
	state: CardState;
	/** In the order of the state's bookings (by invitee URI). */
	removed: BookingRecord[];
	/** Whether nothing is left that a card is made of: no booking and no lead. */
	empty: boolean;
}

/**
 * Takes out every booking whose event type is not in `enabledEventTypes` (URIs or UUIDs, matched
 * as the sync filter matches them; an empty list enables all, so nothing is removed), with the
 * activity entries of those bookings. Records without an event type (routing form leads) stay.
 */
export function removeDisabledBookings(
	state: CardState,
	enabledEventTypes: string[],
): BookingRemoval {
	const bookings: Record<string, BookingRecord> = {};
	const removed: BookingRecord[] = [];
	for (const [uri, record] of Object.entries(state.bookings)) {
		const eventTypeUri = record.snapshot.eventTypeUri;
		const disabled =
			eventTypeUri !== null &&
			eventTypeUri !== '' &&
			!isEnabledEventType(eventTypeUri, enabledEventTypes);
		if (disabled) removed.push(record);
		else bookings[uri] = record;
	}
	if (removed.length === 0)
		return { state, removed, empty: Object.keys(state.bookings).length === 0 };
	const gone = new Set(removed.map((record) => record.uri));
	const next: CardState = {
		...state,
		bookings,
		activity: state.activity.filter((entry) => !gone.has(entry.invitee)),
	};
	return { state: next, removed, empty: Object.keys(bookings).length === 0 };
}

/**
 * What removing disabled event types does to one card row: nothing (not made by this node, or
 * nothing to remove), a rewrite of the row (conditional on its revision) or its deletion.
 */
export type RemovalPlan =
	| { kind: 'none' }
	| {
			kind: 'rewrite';
			removed: BookingRecord[];
			expectedRevision: string | null;
			/** The columns to write: the card derived again, and null for columns only the removed bookings filled. */
			write: Record<string, CellValue>;
			after: Record<string, unknown>;
	  }
	| { kind: 'delete'; removed: BookingRecord[]; expectedRevision: string | null };

/** Throws CardStateError when the row's bookkeeping cannot be read. */
export function planRemoval(row: CardRow, settings: CardSettings): RemovalPlan {
	const state = parseRowState(row);
	if (state === null) return { kind: 'none' };
	const { state: next, removed, empty } = removeDisabledBookings(state, settings.eventTypes);
	if (removed.length === 0) return { kind: 'none' };
	const revision = row[SYSTEM_CARD_COLUMNS.revision];
	const expectedRevision = typeof revision === 'string' ? revision : null;
	if (empty) return { kind: 'delete', removed, expectedRevision };
	const email = String(row[SYSTEM_CARD_COLUMNS.email] ?? '');
	const write = changedFields(
		row,
		cardFields(email, state, settings),
		deriveCard(email, next, settings),
	);
	return { kind: 'rewrite', removed, expectedRevision, write, after: { ...row, ...write } };
}
