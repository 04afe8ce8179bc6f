import type { BookingRecord, CardRow, CardSettings } from '../decide';
import { columnTypesFor, SYSTEM_CARD_COLUMNS } from '../decide';
import type { RemovalPlan } from '../decide/removal';
import { planRemoval } from '../decide/removal';
import type { CardBoard } from './syncBooking';

/** What removing bookings of disabled event types needs from a board. */
export interface RemovalBoard extends Pick<
	CardBoard,
	'updateIfUnchanged' | 'deleteIfUnchanged' | 'ensureColumns'
> {
	/** The row as stored now; null when it is gone. */
	readCard(id: number): Promise<CardRow | null>;
}

export interface CardRemoval {
	action: 'removed' | 'cardDeleted';
	cardId: number;
	email: string;
	removed: BookingRecord[];
	/** The row before, as last read. */
	before: CardRow;
	/** The row afterwards (as it would be, in a dry run); null when the card is deleted. */
	after: Record<string, unknown> | null;
	/** Conditional writes that lost a race to another execution and were computed again. */
	conflicts: number;
}

export class RemovalConflictError extends Error {
	constructor(attempts: number) {
		super(
			`the card kept changing under this execution (${attempts} attempts): other executions are writing it. Run the removal again.`,
		);
		this.name = 'RemovalConflictError';
	}
}

export interface RemovalOptions {
	dryRun?: boolean;
	maxAttempts?: number;
	/** Waits before computing again after a lost race (attempt starts at 1). */
	backoff?: (attempt: number) => Promise<void>;
}

/**
 * Removes the bookings of disabled event types from one card: rewrites the card derived from what
 * remains, or deletes it when nothing remains, each only while its revision is still the one read.
 * When another execution changed the card in between, reads it again and decides again. Null when
 * the card has nothing to remove (or is gone).
 */
export async function removeFromCard(
	board: RemovalBoard,
	row: CardRow,
	settings: CardSettings,
	options: RemovalOptions = {},
): Promise<CardRemoval | null> {
	const maxAttempts = options.maxAttempts ?? 8;
	let current: CardRow | null = row;
	for (let conflicts = 0; current !== null;) {
		const plan: RemovalPlan = planRemoval(current, settings);
		if (plan.kind === 'none') return null;
		const outcome = {
			action: plan.kind === 'delete' ? ('cardDeleted' as const) : ('removed' as const),
			cardId: current.id,
			email: String(current[SYSTEM_CARD_COLUMNS.email] ?? ''),
			removed: plan.removed,
			before: current,
			after: plan.kind === 'rewrite' ? plan.after : null,
			conflicts,
		};
		if (options.dryRun) return outcome;
		let written: boolean;
		if (plan.kind === 'delete') {
			written = await board.deleteIfUnchanged(current.id, plan.expectedRevision);
		} else {
			await board.ensureColumns(columnTypesFor(settings, Object.keys(plan.write)));
			const stored = await board.updateIfUnchanged(current.id, plan.expectedRevision, plan.write);
			if (stored !== null) outcome.after = stored;
			written = stored !== null;
		}
		if (written) return outcome;
		conflicts++;
		if (conflicts >= maxAttempts) throw new RemovalConflictError(conflicts);
		if (options.backoff) await options.backoff(conflicts);
		current = await board.readCard(current.id);
	}
	return null;
}
