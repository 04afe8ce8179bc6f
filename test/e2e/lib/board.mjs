// Reading a Calendly Cards board (an n8n data table) through n8n's public API.
import { waitFor } from './wait.mjs';

export async function findBoard(api, name) {
	return waitFor(`the data table "${name}"`, async () => (await api.dataTables()).find((table) => table.name === name), { timeoutMs: 30_000 });
}

/** Every card on the board, with its activity log parsed. */
export async function readCards(api, tableId) {
	const rows = await api.rows(tableId);
	return rows.map((row) => ({ ...row, activity: row.activity ? JSON.parse(row.activity) : [] }));
}

export async function cardsFor(api, tableId, email) {
	return (await readCards(api, tableId)).filter((card) => card.email === email);
}

/** Same instant, whatever format n8n returns a date column in. */
export const sameInstant = (a, b) => a !== null && b !== null && new Date(a).getTime() === new Date(b).getTime();
