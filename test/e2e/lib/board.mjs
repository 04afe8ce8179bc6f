// Reading a Calendly Cards board (an n8n data table) through n8n's public API.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.mjs';
import { waitFor } from './wait.mjs';

// The card's bookkeeping is read with the package's own reader, from the build the run installed.
const { parseRowState } = createRequire(import.meta.url)(
	join(REPO_ROOT, 'dist', 'nodes', 'CalendlyToCard', 'decide'),
);

export async function findBoard(api, name) {
	return waitFor(
		`the data table "${name}"`,
		async () => (await api.dataTables()).find((table) => table.name === name),
		{ timeoutMs: 30_000 },
	);
}

/**
 * Every card on the board, with its bookings and activity log (from calendlyState) as `bookings` and
 * `activity`; the Activity Log column (text) as `activityColumn`.
 */
export async function readCards(api, tableId) {
	const rows = await api.rows(tableId);
	return rows.map((row) => {
		const state = parseRowState(row);
		return {
			...row,
			activityColumn: row.activity,
			bookings: state?.bookings ?? {},
			activity: state?.activity ?? [],
		};
	});
}

export async function cardsFor(api, tableId, email) {
	return (await readCards(api, tableId)).filter((card) => card.email === email);
}

/** Same instant, whatever format n8n returns a date column in. */
export const sameInstant = (a, b) =>
	a !== null && b !== null && new Date(a).getTime() === new Date(b).getTime();
