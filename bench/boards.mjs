// (c) Card sync on a board of 100,000 cards against one of 1,000. The package's own board code
// (syncBooking + DataTableCardBoard + DataTableClient from dist/) runs here, with a plain fetch
// transport to n8n's public data-table API, sequentially. Every sync is followed by a replay of the
// exact HTTP calls it made (the "raw" calls: same methods, paths, filters and bodies), so the two can
// be compared on the same board at the same moment.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../test/e2e/lib/paths.mjs';
import { percentile } from './lib/load.mjs';
import { cardAfterFirstBooking } from './lib/cards.mjs';
import { variant } from './lib/deliveries.mjs';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(REPO_ROOT, 'dist', path));
const { normalizeBooking } = dist('nodes/shared/booking/normalizeBooking');
const { CARD_FIELD_KEYS, DEFAULT_SETTINGS, SYSTEM_CARD_COLUMNS, columnTypesFor, planSync } = dist(
	'nodes/CalendlyToCard/decide',
);
const { DataTableCardBoard } = dist('nodes/CalendlyToCard/board/cardBoard');
const { processMemory } = dist('nodes/shared/processMemory');
const { DataTableClient } = dist('nodes/CalendlyToCard/board/dataTableClient');
const { syncBooking } = dist('nodes/CalendlyToCard/board/syncBooking');

const SETTINGS = { ...DEFAULT_SETTINGS, timeZone: 'Europe/Berlin' };
// Rows per insert call: about 7 MB of JSON, under n8n's default 16 MiB request limit.
const INSERT_BATCH = 2000;

/** One HTTP call to /api/v1 with the API key; the shape DataTableClient expects of a transport. */
function fetchTransport(n8nUrl, apiKey) {
	return async (method, path, { qs, body } = {}) => {
		const url = new URL(`${n8nUrl}/api/v1${path}`);
		for (const [name, value] of Object.entries(qs ?? {})) url.searchParams.set(name, String(value));
		const res = await fetch(url, {
			method,
			headers: {
				'x-n8n-api-key': apiKey,
				accept: 'application/json',
				...(body ? { 'content-type': 'application/json' } : {}),
			},
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await res.text();
		let parsed = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			/* not JSON */
		}
		return { status: res.status, body: parsed };
	};
}

const emailFor = (board, i) => `${board}.contact${String(i).padStart(7, '0')}@example.com`;

/** The card a contact has after one booking, exactly as the node would write it. */
function cardRow(template, board, i) {
	const envelope = variant(template, i, { emailOf: () => emailFor(board, i) });
	const {
		id: _id,
		createdAt: _createdAt,
		updatedAt: _updatedAt,
		...row
	} = cardAfterFirstBooking(
		planSync,
		normalizeBooking(envelope, { timeZone: SETTINGS.timeZone }),
		SETTINGS,
		1,
	);
	return row;
}

/** Creates a board with the node's columns and fills it through the API in batches. */
async function createBoard(transport, template, name, size, log) {
	const sample = cardRow(template, name, 0);
	const columns = columnTypesFor(SETTINGS, [
		...Object.values(SYSTEM_CARD_COLUMNS),
		...CARD_FIELD_KEYS.map((key) => SETTINGS.columns[key]),
		...Object.keys(sample),
	]);
	const created = await transport('POST', '/data-tables', {
		body: {
			name,
			columns: Object.entries(columns).map(([column, type]) => ({ name: column, type })),
		},
	});
	if (created.status !== 200 && created.status !== 201)
		throw new Error(
			`creating the board ${name} answered ${created.status}: ${JSON.stringify(created.body)}`,
		);
	const tableId = created.body.id;
	const started = performance.now();
	let bytes = 0;
	const batch = (first) =>
		Array.from({ length: Math.min(INSERT_BATCH, size - first) }, (_, k) =>
			cardRow(template, name, first + k),
		);
	let rows = batch(0);
	for (let first = 0; first < size; first += INSERT_BATCH) {
		const body = { data: rows, returnType: 'count' };
		bytes += Buffer.byteLength(JSON.stringify(rows));
		const pending = transport('POST', `/data-tables/${tableId}/rows`, { body });
		// The next batch is made while n8n stores this one.
		rows = first + INSERT_BATCH < size ? batch(first + INSERT_BATCH) : [];
		const res = await pending;
		if (res.status !== 200 && res.status !== 201)
			throw new Error(
				`inserting rows into ${name} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`,
			);
		if ((first / INSERT_BATCH) % 10 === 9)
			log(`boards: ${name}: ${first + INSERT_BATCH} cards inserted`);
	}
	const seconds = (performance.now() - started) / 1000;
	return {
		tableId,
		name,
		size,
		insertSeconds: seconds,
		rowsPerSecond: size / seconds,
		meanCardBytes: bytes / size,
	};
}

/**
 * A repeatable stream of deliveries for one board: even steps book a new contact (the card is
 * created: find, insert, find again), odd steps are a contact who already has a card booking again
 * (the card is updated: find, conditional update). Contacts are picked by a seeded PRNG.
 */
function deliveries(template, board, seed) {
	let state = seed >>> 0;
	const random = () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
	let created = 0;
	return (step) => {
		if (step % 2 === 0) {
			const i = 5_000_000 + created++;
			return {
				kind: 'new contact',
				envelope: variant(template, i, { emailOf: () => emailFor(board.name, i) }),
			};
		}
		const contact = Math.floor(random() * board.size);
		return {
			kind: 'repeat booking',
			envelope: variant(template, 7_000_000 + step, {
				emailOf: () => emailFor(board.name, contact),
			}),
		};
	};
}

/**
 * The calls of a sync, to be sent again as they were. A new contact's calls get another fresh email
 * (so the insert adds a card and the lookups search for it); a conditional update expects the
 * revision the sync just wrote, so it matches and writes the same data again.
 */
function replayable(calls, rename) {
	const revision = SYSTEM_CARD_COLUMNS.revision;
	return calls.map((call) => {
		let text = JSON.stringify(call);
		if (rename) text = text.replaceAll(rename.from, rename.to);
		const copy = JSON.parse(text);
		const conditions = copy.options.body?.filter?.filters;
		if (copy.method === 'PATCH' && conditions) {
			for (const condition of conditions)
				if (condition.columnName === revision) condition.value = copy.options.body.data[revision];
		}
		return copy;
	});
}

async function syncOnce(transport, board, envelope) {
	const calls = [];
	const recording = async (method, path, options = {}) => {
		calls.push({ method, path, options: JSON.parse(JSON.stringify(options)) });
		return await transport(method, path, options);
	};
	const client = new DataTableClient(recording);
	const cardBoard = new DataTableCardBoard(client, 'bench', board.tableId, board.name);
	const booking = normalizeBooking(envelope, { timeZone: SETTINGS.timeZone });
	const started = performance.now();
	const result = await syncBooking(cardBoard, booking, SETTINGS);
	const ms = performance.now() - started;
	return { ms, calls, action: result.plan.action, email: booking.email };
}

/** Sends the calls one after another; resolves with the total and each call's time by kind. */
async function replayOnce(transport, calls) {
	const started = performance.now();
	const perCall = [];
	for (const call of calls) {
		const sent = performance.now();
		const res = await transport(call.method, call.path, call.options);
		if (res.status >= 300)
			throw new Error(
				`raw ${call.method} ${call.path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`,
			);
		perCall.push({ kind: callKind(call), ms: performance.now() - sent });
	}
	return { ms: performance.now() - started, perCall };
}

const callKind = (call) =>
	({
		GET: 'lookup (GET rows)',
		POST: 'insert (POST rows)',
		PATCH: 'update (PATCH rows/update)',
		DELETE: 'delete (DELETE rows/delete)',
	})[call.method];

/** `count` deliveries against one board; each sync followed by its raw replay. */
async function measureBoard(transport, board, next, from, count) {
	const ops = [];
	for (let step = from; step < from + count; step++) {
		const { kind, envelope } = next(step);
		const sync = await syncOnce(transport, board, envelope);
		const rename =
			kind === 'new contact' ? { from: sync.email, to: `raw.${step}.${sync.email}` } : null;
		const raw = await replayOnce(transport, replayable(sync.calls, rename));
		ops.push({
			kind,
			action: sync.action,
			calls: sync.calls.length,
			syncMs: sync.ms,
			rawMs: raw.ms,
			perCall: raw.perCall,
		});
	}
	return ops;
}

function summarize(ops) {
	const byKind = {};
	for (const kind of [...new Set(ops.map((op) => op.kind))]) {
		const mine = ops.filter((op) => op.kind === kind);
		byKind[kind] = {
			ops: mine.length,
			actions: [...new Set(mine.map((op) => op.action))],
			callsPerOp: mine.reduce((sum, op) => sum + op.calls, 0) / mine.length,
			syncP50: percentile(
				mine.map((op) => op.syncMs),
				50,
			),
			syncP95: percentile(
				mine.map((op) => op.syncMs),
				95,
			),
			rawP50: percentile(
				mine.map((op) => op.rawMs),
				50,
			),
			rawP95: percentile(
				mine.map((op) => op.rawMs),
				95,
			),
		};
	}
	const perCall = {};
	for (const call of ops.flatMap((op) => op.perCall)) (perCall[call.kind] ??= []).push(call.ms);
	const callP50 = Object.fromEntries(
		Object.entries(perCall).map(([kind, values]) => [
			kind,
			{ calls: values.length, p50: percentile(values, 50) },
		]),
	);
	const syncTotal = ops.reduce((sum, op) => sum + op.syncMs, 0);
	const rawTotal = ops.reduce((sum, op) => sum + op.rawMs, 0);
	return {
		ops: ops.length,
		syncMeanMs: syncTotal / ops.length,
		rawMeanMs: rawTotal / ops.length,
		syncOverRaw: syncTotal / rawTotal,
		byKind,
		callP50,
	};
}

export async function benchBoards(stack, template, { smallSize, largeSize, opsPerQuarter, log }) {
	const transport = fetchTransport(stack.url, stack.dataTableKey);
	for (const store of Object.values(processMemory)) store.clear();
	const small = await createBoard(transport, template, 'bench_c_small', smallSize, log);
	log(`boards: ${small.size} cards in ${small.insertSeconds.toFixed(1)} s`);
	const nextSmall = deliveries(template, small, 1);
	let smallStep = 0;
	// Warm the process (and the board code's column cache) before timing.
	await measureBoard(transport, small, nextSmall, smallStep, 4);
	smallStep += 4;
	// Reference: the small board while it is the only big thing in the instance.
	const alone = await measureBoard(transport, small, nextSmall, smallStep, opsPerQuarter);
	smallStep += opsPerQuarter;
	log(
		`boards: ${small.size}-card board alone: sync ${summarize(alone).syncMeanMs.toFixed(1)} ms per delivery`,
	);

	const large = await createBoard(transport, template, 'bench_c_large', largeSize, log);
	log(`boards: ${large.size} cards in ${large.insertSeconds.toFixed(1)} s`);
	const nextLarge = deliveries(template, large, 2);
	let largeStep = 0;
	await measureBoard(transport, large, nextLarge, largeStep, 4);
	largeStep += 4;

	// Side by side: a quarter on each board in turn, four times.
	const smallOps = [];
	const largeOps = [];
	const quarters = [];
	for (let round = 0; round < 4; round++) {
		const s = await measureBoard(transport, small, nextSmall, smallStep, opsPerQuarter);
		smallStep += opsPerQuarter;
		const l = await measureBoard(transport, large, nextLarge, largeStep, opsPerQuarter);
		largeStep += opsPerQuarter;
		smallOps.push(...s);
		largeOps.push(...l);
		const ratio = summarize(l).syncMeanMs / summarize(s).syncMeanMs;
		quarters.push({ small: summarize(s), large: summarize(l), ratio });
		log(`boards: round ${round + 1}: large/small sync time ${ratio.toFixed(2)}x`);
	}
	const dbBytes = await databaseBytes(stack);
	return {
		small,
		large,
		settings: { timeZone: SETTINGS.timeZone, createMode: SETTINGS.createMode },
		alone: summarize(alone),
		sideBySide: {
			small: summarize(smallOps),
			large: summarize(largeOps),
			quarterRatios: quarters.map((q) => q.ratio),
		},
		dbBytes,
	};
}

async function databaseBytes(stack) {
	const { statSync } = await import('node:fs');
	try {
		return statSync(join(stack.userFolder, '.n8n', 'database.sqlite')).size;
	} catch {
		return null;
	}
}
