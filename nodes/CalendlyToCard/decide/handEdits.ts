// What a delivery writes into a card people may have edited: a value a person typed stays until the
// node's own value for that field changes; an empty cell is filled. The node's values are derived from the card's state, so what it
// showed before is derived again from the state before; nothing is read from the visible columns.
import type { CellValue } from './cardState';
import { SYSTEM_CARD_COLUMNS } from './settings';

/** The node's own columns, always written. */
export const BOOKKEEPING = new Set<string>([
	SYSTEM_CARD_COLUMNS.otherEmails,
	SYSTEM_CARD_COLUMNS.state,
	SYSTEM_CARD_COLUMNS.revision,
]);

/** Equal cell values: empty ones alike, and instants however n8n writes them. */
export function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if ((a === null || a === undefined || a === '') && (b === null || b === undefined || b === ''))
		return true;
	if (
		typeof a === 'string' &&
		typeof b === 'string' &&
		/^\d{4}-\d\d-\d\dT/.test(a) &&
		/^\d{4}-\d\d-\d\dT/.test(b)
	) {
		return Date.parse(a) === Date.parse(b);
	}
	return false;
}

/**
 * The columns to write into `row`, whose node values were `was` and now are `now`: the bookkeeping, every
 * field whose value changed, every field whose cell is empty or missing (cleared, or its column deleted or
 * renamed and made again), and null for a field the node no longer fills (e.g. the question of a removed
 * booking). To keep a field empty, clear its column under the node's Columns setting.
 */
export function changedFields(
	row: Record<string, unknown>,
	was: Record<string, CellValue>,
	now: Record<string, CellValue>,
): Record<string, CellValue> {
	const write: Record<string, CellValue> = {};
	for (const [column, value] of Object.entries(now)) {
		const empty = !(column in row) || (sameValue(row[column], null) && !sameValue(value, null));
		if (BOOKKEEPING.has(column) || empty || !sameValue(was[column], value)) write[column] = value;
	}
	for (const column of Object.keys(was))
		if (!(column in now) && column in row && !sameValue(was[column], null)) write[column] = null;
	return write;
}
