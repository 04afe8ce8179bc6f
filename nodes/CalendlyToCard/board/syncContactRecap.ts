// Calendly contacts and meeting recaps on the board. Both often come before the card they belong to
// (Calendly makes a contact when the booking is made, and deliveries come in any order), so what finds
// no card waits in a table beside the board (BoardSession.held), and a new card takes in what waited
// for its email. Deletions carry only a URI: the cards holding it are found by searching their state,
// and the deletion is kept beside the board under the URI, so a late copy of what it deleted cannot
// bring it back. Every step is a join of card states, so repeating or reordering them changes nothing.
import type {
	CardChange,
	CardRow,
	CardSettings,
	CardState,
	ContactChange,
	RecapChange,
} from '../decide';
import {
	CARD_FIELD_KEYS,
	joinStates,
	parseRowState,
	recapsOfMeetings,
	SYSTEM_CARD_COLUMNS,
} from '../decide';
import { holdsEmail } from './cardBoard';
import type { CardBoard, SyncOptions, SyncResult } from './syncBooking';
import { syncBooking } from './syncBooking';

/** The table beside the board; null while there is none and `create` is false. */
export type HeldTable = (create: boolean) => Promise<CardBoard | null>;

/** What the table beside the board writes: the state only, under the email (or the deletion key). */
export const heldSettings = (settings: CardSettings): CardSettings => ({
	...settings,
	createMode: 'updateByEmail',
	multipleMatches: 'merge',
	columns: Object.fromEntries(CARD_FIELD_KEYS.map((key) => [key, ''])) as CardSettings['columns'],
	questionColumns: false,
	customFieldColumns: false,
	contactCards: false,
});

/** Where a deletion of a contact or recap is kept beside the board, in place of an email. */
const deletionKey = (uri: string): string => `uri:${uri}`;

const uriOf = (change: ContactChange | RecapChange): string =>
	change.kind === 'contact' ? change.contact.contactUri : change.recap.recapUri;

const isDeletion = (change: ContactChange | RecapChange): boolean =>
	change.kind === 'contact' ? change.contact.deleted : change.recap.deleted;

/** A row's state; null for a row that is not this node's or whose state was broken by hand (passed over here). */
function stateOf(row: CardRow): CardState | null {
	try {
		return parseRowState(row);
	} catch {
		return null;
	}
}

/** The join of the rows' states. */
function joinRows(rows: CardRow[]): CardState | undefined {
	let joined: CardState | undefined;
	for (const state of rows.map(stateOf))
		if (state !== null) joined = joined ? joinStates(joined, state) : state;
	return joined;
}

/** The emails of the rows whose state passes `test`, each once; deletion keys left out. */
function emailsWhere(rows: CardRow[], test: (state: CardState) => boolean): string[] {
	const emails = rows
		.filter((row) => {
			const state = stateOf(row);
			return state !== null && test(state);
		})
		.map((row) => String(row[SYSTEM_CARD_COLUMNS.email] ?? ''));
	return [...new Set(emails)].filter((email) => email !== '' && !email.startsWith('uri:'));
}

/** The deletions kept beside the board for these URIs. */
async function deletionsOf(held: HeldTable, uris: string[]): Promise<CardState | undefined> {
	const table = uris.length > 0 ? await held(false) : null;
	return table ? joinRows(await table.findByEmails(uris.map(deletionKey))) : undefined;
}

/**
 * What waited beside the board for a card's new emails, the recaps of its new meetings waiting under
 * other emails (an attendee may join under another email than the one booked), and the deletions of
 * what it holds (SyncOptions.absorbHeld): one call, two when something waited. Once the card holds
 * them, `release` deletes the rows of its emails, each only while unchanged (a row written meanwhile
 * stays, and its writer reads the board again and finds the card); a recap found through its meeting
 * also stays under its email, for that person's own card.
 */
function heldFor(held: HeldTable): {
	absorbHeld: (emails: string[], meetings: string[]) => Promise<CardState | undefined>;
	release: () => Promise<void>;
} {
	let taken: CardRow[] = [];
	return {
		absorbHeld: async (emails, meetings) => {
			const table = await held(false);
			const rows = table ? await table.findByEmailsOrStateText(emails, meetings.map(lastPart)) : [];
			const own = rows.filter((row) => emails.some((email) => holdsEmail(row, email)));
			taken.push(...own);
			let waiting = joinRows(own);
			for (const row of rows.filter((row) => !own.includes(row))) {
				const state = stateOf(row);
				const recaps = state ? recapsOfMeetings(state, meetings) : undefined;
				if (recaps) waiting = waiting ? joinStates(waiting, recaps) : recaps;
			}
			if (!waiting) return undefined;
			const uris = [...Object.keys(waiting.contacts ?? {}), ...Object.keys(waiting.recaps ?? {})];
			const deletions = await deletionsOf(held, uris);
			return deletions ? joinStates(waiting, deletions) : waiting;
		},
		release: async () => {
			const table = taken.length > 0 ? await held(false) : null;
			for (const row of taken) {
				const revision = row[SYSTEM_CARD_COLUMNS.revision];
				await table?.deleteIfUnchanged(row.id, typeof revision === 'string' ? revision : null);
			}
			taken = [];
		},
	};
}

/** syncBooking that takes in what waited beside the board for the card's new emails, then lets it go. */
export async function syncTakingHeld(
	board: CardBoard,
	held: HeldTable,
	change: CardChange,
	settings: CardSettings,
	options: SyncOptions,
): Promise<SyncResult> {
	const waiting = heldFor(held);
	const result = await syncBooking(board, change, settings, {
		...options,
		absorbHeld: waiting.absorbHeld,
	});
	await waiting.release();
	return result;
}

const sameHeld = (a: CardState | undefined, b: CardState | undefined) =>
	JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * A contact or recap (created or updated) for the cards of one email. No card: it waits beside the
 * board, then the board is read again, so a card made meanwhile gets it either way (its maker reads
 * what waits after inserting the card). The deletion of it kept beside the board is read before and
 * after, so a deletion racing with this delivery is never lost either.
 */
export async function syncContactRecap(
	board: CardBoard,
	held: HeldTable,
	change: ContactChange | RecapChange,
	settings: CardSettings,
	options: SyncOptions = {},
): Promise<SyncResult> {
	const uri = uriOf(change);
	const apply = async (deletion: CardState | undefined): Promise<SyncResult> => {
		const onBoard = async () =>
			await syncTakingHeld(board, held, change, settings, { ...options, held: deletion });
		const result = await onBoard();
		if (result.plan.skipReason !== 'no_card' || options.dryRun) return result;
		const table = await held(true);
		await syncBooking(table!, change, heldSettings(settings), {
			holding: true,
			held: deletion,
			backoff: options.backoff,
		});
		return await onBoard();
	};
	let deletion = await deletionsOf(held, [uri]);
	let result = await apply(deletion);
	for (;;) {
		const again = await deletionsOf(held, [uri]);
		if (sameHeld(again, deletion)) return result;
		deletion = again;
		result = await apply(deletion);
	}
}

/** The emails of the rows whose state holds the contact or recap. */
function emailsHolding(rows: CardRow[], change: ContactChange | RecapChange): string[] {
	const uri = uriOf(change);
	return emailsWhere(rows, (state) => {
		const records = change.kind === 'contact' ? state.contacts : state.recaps;
		return records !== undefined && Object.prototype.hasOwnProperty.call(records, uri);
	});
}

/** The last part of a Calendly URI (its UUID): what a card's state is searched for. */
const lastPart = (uri: string): string => uri.replace(/\/+$/, '').replace(/^.*\//, '');

/**
 * contact.deleted or meeting_recap.deleted: kept beside the board under the URI, then applied to every
 * card and every waiting entry holding it. One result per card changed.
 */
export async function removeContactRecap(
	board: CardBoard,
	held: HeldTable,
	change: ContactChange | RecapChange,
	settings: CardSettings,
	options: SyncOptions = {},
): Promise<SyncResult[]> {
	if (!isDeletion(change)) throw new Error('removeContactRecap takes a deletion');
	const uri = uriOf(change);
	const waiting = heldSettings(settings);
	const table = options.dryRun ? await held(false) : await held(true);
	if (!options.dryRun)
		await syncBooking(table!, { ...change, email: deletionKey(uri) }, waiting, {
			holding: true,
			backoff: options.backoff,
		});
	const results: SyncResult[] = [];
	for (const email of emailsHolding(await board.findByStateText(lastPart(uri)), change))
		results.push(await syncBooking(board, { ...change, email }, settings, options));
	if (table && !options.dryRun)
		for (const email of emailsHolding(await table.findByStateText(lastPart(uri)), change))
			await syncBooking(table, { ...change, email }, waiting, {
				holding: true,
				backoff: options.backoff,
			});
	return results;
}

/** Emails of cards holding a booking of the meeting (a recap's attendees may have joined under another email). */
export async function emailsOfMeeting(board: CardBoard, eventUri: string): Promise<string[]> {
	return emailsWhere(await board.findByStateText(lastPart(eventUri)), (state) =>
		Object.values(state.bookings).some((record) => record.snapshot.eventUri === eventUri),
	);
}
