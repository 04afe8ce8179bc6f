#!/usr/bin/env node
// (f) How big a card row gets: the bytes a card of one contact takes in the data table after 1, 10 and
// 100 bookings (realistic deliveries: questions, UTM tracking, Zoom location; one booking a week, each
// made three days before its event, so a long-time customer's history is mostly in the past), with the
// node's default settings, from the compiled package in dist/ (build first). A row's size is the UTF-8 length of its
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
// Bookkeeping: calendlyState and calendlyRevision; everything else is what people read.
const BOOKKEEPING = new Set([SYSTEM_CARD_COLUMNS.state, SYSTEM_CARD_COLUMNS.revision]);

const WEEK = 7 * 24 * 3600_000;

/** Booking `i` of a contact who books every week: its event i weeks after the first, made 3 days before. */
function weeklyBooking(template, i) {
	const envelope = variant(template, i, {
		emailOf: () => 'jordan.rivera@example.com',
		nameOf: () => 'Jordan Rivera',
	});
	const event = envelope.payload.scheduled_event;
	const shift = (iso, ms) => new Date(Date.parse(iso) + ms).toISOString();
	const start = shift(template.payload.scheduled_event.start_time, i * WEEK);
	event.end_time = shift(start, Date.parse(event.end_time) - Date.parse(event.start_time));
	event.start_time = start;
	envelope.payload.created_at =
		envelope.payload.updated_at =
		envelope.created_at =
			shift(start, -3 * 24 * 3600_000);
	return envelope;
}

/** The row after `count` bookings of one contact, each applied as the node applies a delivery. */
function cardAfter(template, count, settings) {
	let row = null;
	for (let i = 0; i < count; i++) {
		const booking = normalizeBooking(weeklyBooking(template, i), { timeZone: settings.timeZone });
		// Twice: a new card is inserted pending, then announced by a second write (see planSync).
		for (let pass = 0; pass < 2; pass++) {
			const plan = planSync(row ? [row] : [], booking, settings);
			if (plan.write)
				row = {
					id: 1,
					createdAt: '2026-11-01T10:00:00.000Z',
					updatedAt: '2026-11-01T10:00:00.000Z',
					...(row ?? {}),
					...plan.write,
				};
		}
	}
	return row;
}

export async function benchRows() {
	// Captured from the simulator; its URIs are given Calendly's origin, as real cards have.
	const captured = await captureInviteeCreated();
	const simulatorOrigin = new URL(captured.payload.uri).origin;
	const template = JSON.parse(
		JSON.stringify(captured).replaceAll(simulatorOrigin, 'https://api.calendly.com'),
	);
	const settings = { ...DEFAULT_SETTINGS, timeZone: 'Europe/Berlin' };
	return [1, 10, 100].map((bookings) => {
		const row = cardAfter(template, bookings, settings);
		const bookkeeping = Object.fromEntries(
			Object.entries(row).filter(([column]) => BOOKKEEPING.has(column)),
		);
		return {
			bookings,
			rowBytes: bytes(row),
			bookkeepingBytes: bytes(bookkeeping),
			columns: Object.keys(row).length,
		};
	});
}

if (import.meta.url === `file://${process.argv[1]}`)
	console.log(JSON.stringify(await benchRows(), null, 2));
