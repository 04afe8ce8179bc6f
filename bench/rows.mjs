#!/usr/bin/env node
// (f) How big a card row gets: the bytes a card of one contact takes in the data table after 1, 10 and
// 100 bookings (realistic deliveries: questions, UTM tracking, Zoom location), with the node's default
// settings, from the compiled package in dist/ (build first). A row's size is the UTF-8 length of its
// JSON (every column's value), split into what people read and the node's bookkeeping. n8n caps all
// data tables together at 200 MiB by default, so this decides how many contacts fit.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from '../test/e2e/lib/paths.mjs';
import { captureInviteeCreated, variant } from './lib/deliveries.mjs';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(REPO_ROOT, 'dist', path));
const { normalizeBooking } = dist('nodes/shared/booking/normalizeBooking');
const { DEFAULT_SETTINGS, SYSTEM_CARD_COLUMNS, planSync } = dist('nodes/CalendlyToCard/decide');

const bytes = (value) => Buffer.byteLength(JSON.stringify(value));
const BOOKKEEPING = new Set([SYSTEM_CARD_COLUMNS.state, SYSTEM_CARD_COLUMNS.revision, SYSTEM_CARD_COLUMNS.activity]);

/** The row after `count` bookings of one contact, each applied as the node applies a delivery. */
function cardAfter(template, count, settings) {
	let row = null;
	for (let i = 0; i < count; i++) {
		const booking = normalizeBooking(variant(template, i, { emailOf: () => 'jordan.rivera@example.com', nameOf: () => 'Jordan Rivera' }), { timeZone: settings.timeZone });
		// Twice: a new card is inserted pending, then announced by a second write (see planSync).
		for (let pass = 0; pass < 2; pass++) {
			const plan = planSync(row ? [row] : [], booking, settings);
			if (plan.write) row = { id: 1, createdAt: '2026-11-01T10:00:00.000Z', updatedAt: '2026-11-01T10:00:00.000Z', ...(row ?? {}), ...plan.write };
		}
	}
	return row;
}

export async function benchRows() {
	const template = await captureInviteeCreated();
	const settings = { ...DEFAULT_SETTINGS, timeZone: 'Europe/Berlin' };
	return [1, 10, 100].map((bookings) => {
		const row = cardAfter(template, bookings, settings);
		const bookkeeping = Object.fromEntries(Object.entries(row).filter(([column]) => BOOKKEEPING.has(column)));
		return { bookings, rowBytes: bytes(row), bookkeepingBytes: bytes(bookkeeping), columns: Object.keys(row).length };
	});
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchRows(), null, 2));
