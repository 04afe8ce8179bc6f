import type {
	CardChange,
	CardRow,
	CardSettings,
	CardState,
	CellValue,
	ColumnType,
	SyncPlan,
} from '../decide';
import {
	columnTypesFor,
	emailsOfRow,
	isCopyOf,
	joinStates,
	meetingsOf,
	parseRowState,
	planSync,
	SYSTEM_CARD_COLUMNS,
} from '../decide';

/** Where cards live. Every method is one round trip to the store. */
export interface CardBoard {
	/** All cards under `email` or listing it among their other emails (calendlyEmails), oldest (lowest id) first. */
	findByEmail(email: string): Promise<CardRow[]>;
	/** findByEmail for several emails at once. */
	findByEmails(emails: string[]): Promise<CardRow[]>;
	/** All cards whose state column contains `text` (a scan: for deletions, which carry only a URI). */
	findByStateText(text: string): Promise<CardRow[]>;
	/** findByEmails and findByStateText for several texts, in one round trip. */
	findByEmailsOrStateText(emails: string[], texts: string[]): Promise<CardRow[]>;
	insert(row: Record<string, CellValue>): Promise<CardRow>;
	/** Writes `data` into card `id` only while its revision is still `expected`; null when it changed or is gone. */
	updateIfUnchanged(
		id: number,
		expected: string | null,
		data: Record<string, CellValue>,
	): Promise<CardRow | null>;
	/** Deletes card `id` only while its revision is still `expected`; false when it changed or is gone. */
	deleteIfUnchanged(id: number, expected: string | null): Promise<boolean>;
	/** Makes sure these columns exist (adding missing ones); free when they are known to exist. */
	ensureColumns(columns: Record<string, ColumnType>): Promise<void>;
}

export interface SyncResult {
	/** The decision that was applied (the first one whose write went through). */
	plan: SyncPlan;
	/** The card as stored afterwards (or as it would be, in a dry run); null when skipped without a card. */
	card: Record<string, unknown> | null;
	/** Ids of duplicate cards merged into this one and deleted. */
	merged: number[];
	/** Passes over the card: reads followed by a decision (and its write, if any). */
	attempts: number;
	/** Conditional writes that lost a race to another execution and were retried. */
	conflicts: number;
}

export class SyncConflictError extends Error {
	constructor(email: string, attempts: number) {
		super(
			`The card for ${email} kept changing under this execution (${attempts} attempts): other executions are writing it at the same time. Retry the item.`,
		);
		this.name = 'SyncConflictError';
	}
}

export interface SyncOptions {
	dryRun?: boolean;
	maxAttempts?: number;
	/** Waits before retrying after a conflict (attempt starts at 1). */
	backoff?: (attempt: number) => Promise<void>;
	/** How often to look again for the announcement of a card another execution inserted with this delivery (see planSync). */
	announcementChecks?: number;
	/** Joined into the change (PlanOptions.held): deletions of its contact or recap known beside the board. */
	held?: CardState;
	/**
	 * Read right after a write gives a card emails or meetings it did not have (a new card, a contact
	 * linking another email, a new booking): what waited beside the board for them, joined in from then on.
	 */
	absorbHeld?: (emails: string[], meetings: string[]) => Promise<CardState | undefined>;
	/** Writing the table beside the board (PlanOptions.holding). */
	holding?: boolean;
}

/**
 * What this execution reports: the first plan it applied, with Created going to the one execution
 * whose write announced the card. Inserting cannot decide it (another process may insert the same
 * contact at the same moment); the announcement is a revision-conditional update of the surviving card,
 * so exactly one execution wins it, and the others' new bookings are updates of that card. A copy of a
 * delivery (see isCopyOf) wrote nothing in the end, and reports what planSync says: Skipped.
 */
function reported(applied: SyncPlan, announced: boolean): SyncPlan {
	if (announced) return { ...applied, action: 'created', skipReason: null };
	return applied.action === 'created' ? { ...applied, action: 'updated' } : applied;
}

/**
 * Applies one delivery: read the contact's cards, decide, write conditionally, and retry from the
 * read when another execution changed a card in between. A new card is inserted pending and read
 * again, because executions in other processes may have inserted one for the same contact at the same
 * time; the next pass merges them into the oldest card and announces it (see reported()). Typical
 * cost: duplicate 1 call, update 2, create 4 (read, insert, read, announce), plus the look beside the
 * board (absorbHeld) when the card gets a new email or meeting.
 */
export async function syncBooking(
	board: CardBoard,
	booking: CardChange,
	settings: CardSettings,
	options: SyncOptions = {},
): Promise<SyncResult> {
	// Each worker writing the same contact at once costs the others a few lost races; 16 leaves room for many.
	const maxAttempts = options.maxAttempts ?? 16;
	let applied: SyncPlan | null = null;
	let card: Record<string, unknown> | null = null;
	const merged: number[] = [];
	let rows = await board.findByEmail(booking.email);
	// Only lost races count against the budget; inserting, merging and announcing each take a pass.
	let conflicts = 0;
	const maxChecks = options.announcementChecks ?? 8;
	let checks = maxChecks;
	// The card this execution inserted, until it wrote it again or merged it away: a copy of this delivery
	// running at the same moment may have made the same card (see isCopyOf).
	let insertedId: number | null = null;
	let held = options.held;
	let announced = false;
	// Whatever is held from now on re-reads the board and finds the card under its new emails (see
	// syncContactRecap), so what waited for them is read after the write.
	const absorb = async (before: Record<string, unknown> | null, after: Record<string, unknown>) => {
		if (!options.absorbHeld) return undefined;
		const known = new Set(before ? emailsOfRow(before) : []);
		const added = emailsOfRow(after).filter((email) => email !== '' && !known.has(email));
		const by = Date.now() + RECAP_CLOCK_SLACK_MS;
		const had = new Set(before ? meetingsOfRow(before, by) : []);
		const meetings = meetingsOfRow(after, by).filter((uri) => !had.has(uri));
		return added.length > 0 || meetings.length > 0
			? await options.absorbHeld(added, meetings)
			: undefined;
	};
	for (let pass = 1; conflicts < maxAttempts && pass <= 3 * maxAttempts; pass++) {
		const own = rows.find((row) => row.id === insertedId);
		if (own && isCopyOf(rows, own.id)) {
			// This execution is the copy: another card holds all its card holds, so it deletes its card as
			// it is now (unless merged away meanwhile) and, having changed nothing, leaves Created to the other.
			await board.deleteIfUnchanged(
				own.id,
				(own[SYSTEM_CARD_COLUMNS.revision] as string | undefined) ?? null,
			);
			rows = await board.findByEmail(booking.email);
			if (!rows.some((row) => row.id === own.id)) {
				applied = null;
				insertedId = null;
			}
			continue;
		}
		// After a few looks, whoever has not shown up has crashed: announce, and merge their copies.
		const patient = checks > 0;
		const plan = planSync(rows, booking, settings, {
			announceHeld: applied !== null || !patient,
			ownCardId: insertedId ?? undefined,
			now: patient ? Date.now() : Number.POSITIVE_INFINITY,
			held,
			holding: options.holding,
		});
		if (plan.waits && patient && !options.dryRun) {
			checks--;
			if (options.backoff) await options.backoff(maxChecks - checks);
			rows = await board.findByEmail(booking.email);
			continue;
		}
		if (options.dryRun || plan.write === null) {
			return {
				plan: applied ? reported(applied, announced) : plan,
				card: applied ? card : plan.after,
				merged,
				attempts: pass,
				conflicts,
			};
		}
		await board.ensureColumns(columnTypesFor(settings, Object.keys(plan.write)));
		let conflict = false;
		if (plan.targetId === null) {
			card = await board.insert(plan.write);
			applied ??= plan;
			insertedId = Number(card.id);
			held = joinHeld(held, await absorb(null, card));
		} else {
			const written = await board.updateIfUnchanged(
				plan.targetId,
				plan.expectedRevision,
				plan.write,
			);
			if (written === null) {
				conflict = true;
			} else {
				const before = rows.find((row) => row.id === plan.targetId) ?? null;
				const grown = joinHeld(held, await absorb(before, written));
				const absorbed = JSON.stringify(grown) !== JSON.stringify(held);
				held = grown;
				if (plan.announces) announced = true;
				card = written;
				if (written.id === insertedId) insertedId = null;
				applied ??= plan;
				for (const extra of plan.deletes) {
					if (await board.deleteIfUnchanged(extra.id, extra.revision)) merged.push(extra.id);
					else conflict = true;
					if (extra.id === insertedId) insertedId = null;
				}
				if (!conflict && !plan.announceNext && !absorbed)
					return {
						plan: reported(applied, announced),
						card,
						merged,
						attempts: pass,
						conflicts,
					};
			}
		}
		if (conflict) {
			conflicts++;
			if (conflicts < maxAttempts && options.backoff) await options.backoff(conflicts);
		}
		rows = await board.findByEmail(booking.email);
	}
	throw new SyncConflictError(booking.email, maxAttempts);
}

/**
 * A meeting recap exists only once its meeting has begun, so only the meetings that have (with an hour's
 * slack for clocks that disagree) are looked for beside the board: a booking made ahead, the usual
 * case, costs no call for it.
 */
const RECAP_CLOCK_SLACK_MS = 60 * 60_000;

/** The meetings of a row's bookings that begin before `by`; none for a row that is not this node's or is unreadable. */
function meetingsOfRow(row: Record<string, unknown>, by: number): string[] {
	try {
		const state = parseRowState(row);
		return state ? meetingsOf(state, by) : [];
	} catch {
		return [];
	}
}

const joinHeld = (a: CardState | undefined, b: CardState | undefined) =>
	a && b ? joinStates(a, b) : (a ?? b);
