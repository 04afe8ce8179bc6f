#!/usr/bin/env node
// (f) How big a card row gets: the bytes a card of one contact takes in the data table after 1, 10 and
// 100 bookings (realistic deliveries: questions, UTM tracking, Zoom location; one booking a week, each
// made three days before its event, so a long-time customer's history is mostly in the past), with the
// node's default settings, from the compiled package in dist/ (build first). A row's size is the UTF-8 length of its
// JSON (every column's value), split into what people read and the node's bookkeeping. n8n caps all
// data tables together at 200 MiB by default, so this decides how many contacts fit. Also a card that
// holds, beside one booking, the person's Calendly contact and the meeting's recap, and a regular's
// card (100 bookings) with the contact and a recap of every meeting, of which it keeps RECAPS_KEPT.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from '../test/e2e/lib/paths.mjs';
import { contactDelivery, recapDelivery } from './lib/contactsRecaps.mjs';
import { captureInviteeCreated, variant } from './lib/deliveries.mjs';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(REPO_ROOT, 'dist', path));
const { normalizeBooking } = dist('nodes/shared/booking/normalizeBooking');
const { normalizeContact } = dist('nodes/shared/booking/normalizeContact');
const { normalizeRecap } = dist('nodes/shared/booking/normalizeRecap');
const { DEFAULT_SETTINGS, RECAPS_KEPT, SYSTEM_CARD_COLUMNS, parseRowState, planSync } = dist(
	'nodes/CalendlyToCard/decide',
);

const bytes = (value) => Buffer.byteLength(JSON.stringify(value));
// Bookkeeping: calendlyState and calendlyRevision; everything else is what people read.
const BOOKKEEPING = new Set([SYSTEM_CARD_COLUMNS.state, SYSTEM_CARD_COLUMNS.revision]);
// The columns a Calendly contact or a meeting recap fills: on every card, empty (null) without them.
const CONTACT_RECAP_COLUMNS = new Set(
	[
		'company',
		'jobTitle',
		'linkedin',
		'contactLocation',
		'recapSummary',
		'recapActionItems',
		'recapLink',
	].map((field) => DEFAULT_SETTINGS.columns[field]),
);
/** Bytes the row's empty columns take in its JSON (`"column":null,`), all of them and those of contacts and recaps. */
function emptyBytes(row) {
	const empty = Object.keys(row).filter((column) => row[column] === null);
	const sum = (columns) =>
		columns.reduce((total, column) => total + bytes(column) + ':null,'.length, 0);
	return {
		emptyBytes: sum(empty),
		contactRecapEmptyBytes: sum(empty.filter((column) => CONTACT_RECAP_COLUMNS.has(column))),
	};
}

const WEEK = 7 * 24 * 3600_000;
const EMAIL = 'jordan.rivera@example.com';
const shift = (iso, ms) => new Date(Date.parse(iso) + ms).toISOString();

/** Booking `i` of a contact who books every week: its event i weeks after the first, made 3 days before. */
function weeklyBooking(template, i) {
	const envelope = variant(template, i, {
		emailOf: () => EMAIL,
		nameOf: () => 'Jordan Rivera',
	});
	const event = envelope.payload.scheduled_event;
	const start = shift(template.payload.scheduled_event.start_time, i * WEEK);
	event.end_time = shift(start, Date.parse(event.end_time) - Date.parse(event.start_time));
	event.start_time = start;
	envelope.payload.created_at =
		envelope.payload.updated_at =
		envelope.created_at =
			shift(start, -3 * 24 * 3600_000);
	return envelope;
}

/**
 * The changes of a contact who booked `count` times, in the order they come: each booking; with
 * `contact`, the Calendly contact made with the first booking; with `recaps`, each meeting's recap 15
 * minutes after it ended (summary, action items, share link).
 */
function* changesOf(template, count, settings, { contact = false, recaps = false }) {
	for (let i = 0; i < count; i++) {
		const envelope = weeklyBooking(template, i);
		yield normalizeBooking(envelope, { timeZone: settings.timeZone });
		const { payload } = envelope;
		if (contact && i === 0) {
			const delivery = contactDelivery('contact.created', {
				uuid: 'CONTACT-JORDAN',
				email: EMAIL,
				name: payload.name,
				createdAt: payload.created_at,
				updatedAt: payload.created_at,
			});
			yield { kind: 'contact', email: EMAIL, contact: normalizeContact(delivery) };
		}
		if (recaps) {
			const meeting = payload.scheduled_event;
			const delivery = recapDelivery('meeting_recap.created', {
				uuid: `RECAP-${String(i).padStart(4, '0')}`,
				meeting,
				attendee: { email: EMAIL, name: payload.name },
				updatedAt: shift(meeting.end_time, 15 * 60_000),
				n: i + 1,
			});
			yield { kind: 'recap', email: EMAIL, recap: normalizeRecap(delivery) };
		}
	}
}

const sqlValue = (value) =>
	value === null
		? 'NULL'
		: typeof value === 'boolean'
			? String(Number(value))
			: typeof value === 'number'
				? String(value)
				: `'${String(value).replaceAll("'", "''")}'`;

/**
 * What a card takes where n8n counts its cap on SQLite: the database pages of the table (SUM(pgsize)
 * FROM dbstat, n8n's own query) over `copies` such cards, per card. The table is laid out as n8n makes
 * a data table (an integer id, the columns in order, createdAt and updatedAt); values are stored as
 * n8n stores them (text as text, booleans as 0/1, nothing for an empty cell). Needs Debian's sqlite3
 * (undefined without it).
 */
function sqliteBytesPerCard(row, copies = 1000) {
	const system = new Set(['id', 'createdAt', 'updatedAt']);
	const columns = Object.keys(row).filter((column) => !system.has(column));
	const quoted = columns.map((column) => `"${column}"`);
	const values = columns.map((column) => sqlValue(row[column]));
	const stamp = "'2026-11-01 10:00:00.000'";
	const sql = [
		`CREATE TABLE card (id INTEGER PRIMARY KEY AUTOINCREMENT, ${quoted.join(', ')}, createdAt DATETIME, updatedAt DATETIME);`,
		'BEGIN;',
		...Array.from(
			{ length: copies },
			() =>
				`INSERT INTO card (${quoted.join(', ')}, createdAt, updatedAt) VALUES (${values.join(', ')}, ${stamp}, ${stamp});`,
		),
		'COMMIT;',
		"SELECT SUM(pgsize) FROM dbstat WHERE name = 'card';",
	].join('\n');
	let pages;
	try {
		pages = Number(execFileSync('sqlite3', [':memory:'], { input: sql, encoding: 'utf8' }));
	} catch (error) {
		if (error.code === 'ENOENT') return undefined; // no sqlite3 here: the report leaves the column out
		throw error;
	}
	return Math.round(pages / copies);
}

/** The row after the changes, each applied as the node applies a delivery. */
function cardAfter(changes, settings) {
	let row = null;
	for (const change of changes) {
		// Twice: a new card is inserted pending, then announced by a second write of the execution that
		// inserted it (announceHeld, as syncBooking passes it once it has written; see planSync).
		for (let pass = 0; pass < 2; pass++) {
			const plan = planSync(row ? [row] : [], change, settings, { announceHeld: pass === 1 });
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
	const cards = [
		{ bookings: 1 },
		{ bookings: 10 },
		{ bookings: 100 },
		{ bookings: 1, contact: true, recaps: true },
		{ bookings: 100, contact: true, recaps: true },
	];
	return cards.map(({ bookings, ...extras }) => {
		const row = cardAfter(changesOf(template, bookings, settings, extras), settings);
		const state = parseRowState(row);
		const bookkeeping = Object.fromEntries(
			Object.entries(row).filter(([column]) => BOOKKEEPING.has(column)),
		);
		const kept = Object.keys(state.recaps ?? {}).length;
		if (extras.recaps && kept !== Math.min(bookings, RECAPS_KEPT))
			throw new Error(`a card after ${bookings} meetings keeps ${kept} recaps`);
		return {
			bookings,
			contacts: Object.keys(state.contacts ?? {}).length,
			recaps: kept,
			rowBytes: bytes(row),
			sqliteBytes: sqliteBytesPerCard(row),
			bookkeepingBytes: bytes(bookkeeping),
			...emptyBytes(row),
			columns: Object.keys(row).length,
		};
	});
}

if (import.meta.url === `file://${process.argv[1]}`)
	console.log(JSON.stringify(await benchRows(), null, 2));
