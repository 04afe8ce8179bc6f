import type { NormalizedBooking } from '../../shared/booking/normalizeBooking';
import type { CardRow, CardSettings, CellValue, ColumnType, SyncPlan } from '../decide';
import { columnTypesFor, isFiltered, planSync } from '../decide';

/** Where cards live. Every method is one round trip to the store. */
export interface CardBoard {
	/** All cards whose email column equals `email`, oldest (lowest id) first. */
	findByEmail(email: string): Promise<CardRow[]>;
	insert(row: Record<string, CellValue>): Promise<CardRow>;
	/** Writes `data` into card `id` only while its revision is still `expected`; null when it changed or is gone. */
	updateIfUnchanged(id: number, expected: string | null, data: Record<string, CellValue>): Promise<CardRow | null>;
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
	attempts: number;
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
}

/**
 * Applies one delivery: read the contact's cards, decide, write conditionally, and retry from the
 * read when another execution changed a card in between. After inserting a card it reads again,
 * because executions in other processes may have inserted one for the same contact at the same
 * time; the next pass then merges them into the oldest card. Typical cost: duplicate 1 call,
 * update 2, create 3.
 */
export async function syncBooking(
	board: CardBoard,
	booking: NormalizedBooking,
	settings: CardSettings,
	options: SyncOptions = {},
): Promise<SyncResult> {
	const maxAttempts = options.maxAttempts ?? 8;
	let applied: SyncPlan | null = null;
	let card: Record<string, unknown> | null = null;
	const merged: number[] = [];
	if (isFiltered(booking, settings)) {
		return { plan: planSync([], booking, settings), card: null, merged, attempts: 0 };
	}
	let rows = await board.findByEmail(booking.email);
	for (let attempt = 1; attempt <= maxAttempts; attempt++) {
		const plan = planSync(rows, booking, settings);
		if (options.dryRun || plan.write === null) {
			return { plan: applied ?? plan, card: applied ? card : plan.after, merged, attempts: attempt };
		}
		await board.ensureColumns(columnTypesFor(settings, Object.keys(plan.write)));
		let conflict = false;
		if (plan.targetId === null) {
			card = await board.insert(plan.write);
			applied ??= plan;
			rows = await board.findByEmail(booking.email);
			const others = rows.filter((row) => row.id !== card!.id);
			if (others.length === 0 || planSync(rows, booking, settings).write === null) {
				return { plan: applied, card, merged, attempts: attempt };
			}
			continue;
		}
		const written = await board.updateIfUnchanged(plan.targetId, plan.expectedRevision, plan.write);
		if (written === null) {
			conflict = true;
		} else {
			card = written;
			applied ??= plan;
			for (const extra of plan.deletes) {
				if (await board.deleteIfUnchanged(extra.id, extra.revision)) merged.push(extra.id);
				else conflict = true;
			}
			if (!conflict) return { plan: applied, card, merged, attempts: attempt };
		}
		if (attempt < maxAttempts && options.backoff) await options.backoff(attempt);
		rows = await board.findByEmail(booking.email);
	}
	throw new SyncConflictError(booking.email, maxAttempts);
}
