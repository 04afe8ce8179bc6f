// The board code against the fake of n8n's data-table API, over real HTTP.
import type { IDataObject } from 'n8n-workflow';

import type { BoardRef, BoardScope } from '../../nodes/CalendlyToCard/board/cardBoard';
import { BoardSetupError, columnMoves, DataTableCardBoard, forgetBoards, pickBoard, readingOrderOf, resolveBoard, serialized } from '../../nodes/CalendlyToCard/board/cardBoard';
import { DataTableClient } from '../../nodes/CalendlyToCard/board/dataTableClient';
import { N8nApiError, type ApiTransport } from '../../nodes/shared/transport/n8nApi';
import { syncBooking } from '../../nodes/CalendlyToCard/board/syncBooking';
import type { CardSettings } from '../../nodes/CalendlyToCard/decide';
import { columnTypesFor, DEFAULT_SETTINGS, parseRowState, SYSTEM_CARD_COLUMNS } from '../../nodes/CalendlyToCard/decide';
import { normalizeBooking } from '../../nodes/shared/booking/normalizeBooking';
import { dataTableFake } from '../helpers/cardNodeOnFake';
import type { InviteeSpec } from './deliveries';
import { delivery } from './deliveries';

/** A transport with plain fetch, standing in for n8n's request helper (the node tests use the real one). */
function fetchTransport(baseUrl: string, apiKey: string): ApiTransport {
	return async (method, path, options = {}) => {
		const url = new URL(`${baseUrl}/api/v1${path}`);
		for (const [key, value] of Object.entries(options.qs ?? {})) url.searchParams.set(key, String(value));
		const response = await fetch(url, {
			method,
			headers: { 'x-n8n-api-key': apiKey, 'content-type': 'application/json' },
			body: options.body ? JSON.stringify(options.body) : undefined,
		});
		const text = await response.text();
		return { status: response.status, body: text ? (JSON.parse(text) as IDataObject) : undefined };
	};
}

const ann: InviteeSpec = {
	uuid: 'A1',
	email: 'ann@example.com',
	name: 'Ann Lee',
	eventUuid: 'E1',
	start: '2026-12-01T09:00:00Z',
	bookedAt: '2026-11-20T10:00:00Z',
	questions: [{ question: 'Company?', answer: 'ACME' }],
};
const settings: CardSettings = { ...DEFAULT_SETTINGS, timeZone: 'Europe/Berlin' };
const boardRef: BoardRef = { mode: 'name', value: 'Calendly Cards' };
const boardColumns = () =>
	columnTypesFor(settings, [...Object.values(SYSTEM_CARD_COLUMNS), ...Object.values(settings.columns)]);

const fake = dataTableFake();
let client: DataTableClient;
let scope: BoardScope;

async function openBoard(): Promise<DataTableCardBoard> {
	const tableId = await resolveBoard(client, scope, boardRef, boardColumns());
	return new DataTableCardBoard(client, fake.baseUrl, tableId, boardRef.value);
}
const sync = async (board: DataTableCardBoard, envelope: ReturnType<typeof delivery>, options = {}) =>
	await syncBooking(board, normalizeBooking(envelope, { timeZone: settings.timeZone }), settings, options);

beforeEach(() => {
	client = new DataTableClient(fetchTransport(fake.baseUrl, fake.apiKey));
	fake.workflowProjects.clear();
	scope = { connectionKey: fake.baseUrl, workflowId: null };
});

describe('finding the board', () => {
	it('creates "Calendly Cards" with the card columns once, then reuses it without calls', async () => {
		await openBoard();
		const table = fake.tableByName('Calendly Cards')!;
		expect(table.columns.map((c) => [c.name, c.type])).toEqual(expect.arrayContaining([
			['email', 'string'], ['eventTime', 'date'], ['noShow', 'boolean'], ['calendlyState', 'string'], ['calendlyRevision', 'string'],
		]));
		expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/v1/data-tables', 'POST /api/v1/data-tables']);
		await openBoard();
		expect(fake.calls).toHaveLength(2);
	});

	it('adopts a table created in between by another execution', async () => {
		fake.injectFault({ method: 'GET', path: '/data-tables', status: 200, body: { data: [], nextCursor: null } });
		fake.createTable('Calendly Cards', [{ name: 'email', type: 'string' }]);
		const board = await openBoard();
		expect(board.tableId).toBe(fake.tableByName('Calendly Cards')!.id);
		expect(fake.calls.map((c) => c.status)).toEqual([200, 409, 200]);
	});

	it('says what to do when the board id does not exist or the key is refused', async () => {
		await expect(resolveBoard(client, scope, { mode: 'id', value: 'missing0000000' }, {})).rejects.toThrow(
			/n8n could not find the data table 'missing0000000' \(404\)\. n8n said: "Could not find the data table: 'missing0000000'"\. Pick an existing data table/,
		);
		const refused = new DataTableClient(fetchTransport(fake.baseUrl, 'wrong-key'));
		await expect(resolveBoard(refused, scope, boardRef, {})).rejects.toThrow(/n8n refused the API key \(401\)/);
		await expect(resolveBoard(client, scope, { mode: 'name', value: ' ' }, {})).rejects.toThrow(BoardSetupError);
	});

	// n8n's name filter is LOWER(name) LIKE '%name%' across every project the key's owner can see.
	it('uses only a table named exactly like the board, never one whose name merely contains it', async () => {
		const old = fake.createTable('Old Calendly Cards', [{ name: 'email', type: 'string' }]);
		fake.createTable('calendly cards', [{ name: 'email', type: 'string' }]);
		const board = await openBoard();
		expect(board.tableId).not.toBe(old.id);
		expect(fake.tables.get(board.tableId)).toMatchObject({ name: 'Calendly Cards', projectId: fake.projectId });
		expect(fake.tables.size).toBe(3);
	});

	it('finds the exact name on a later page of look-alikes', async () => {
		for (let i = 0; i < 260; i++) fake.createTable(`Calendly Cards ${i}`);
		const exact = fake.createTable('Calendly Cards');
		expect((await openBoard()).tableId).toBe(exact.id);
		expect(fake.countCalls({ method: 'GET', path: '/data-tables' })).toBe(2);
		expect(fake.countCalls({ method: 'POST' })).toBe(0);
	});

	it('stops, saying how to pick, when several projects hold a table of that name and the workflow\'s project is unknown', async () => {
		const mine = fake.createTable('Calendly Cards', [], 'PROJECT_A');
		const theirs = fake.createTable('Calendly Cards', [], 'PROJECT_B');
		const error = await resolveBoard(client, scope, boardRef, boardColumns()).catch((caught: Error) => caught);
		expect(error).toBeInstanceOf(BoardSetupError);
		expect((error as Error).message).toBe(
			`Several data tables are named 'Calendly Cards' (${mine.id} in project PROJECT_A, ${theirs.id} in project PROJECT_B): choose the board "From List" or "By ID" under "Board", rename all but one, or give the n8n API key the workflow:read scope so the board in this workflow’s project is used.`,
		);
		// Without the workflow:read scope n8n answers 403: the project stays unknown.
		fake.workflowProjects.set('WF1', 'PROJECT_B');
		fake.injectFault({ method: 'GET', path: '/workflows/', status: 403, body: { message: 'Forbidden' } });
		await expect(resolveBoard(client, { ...scope, workflowId: 'WF1' }, boardRef, boardColumns())).rejects.toThrow(/give the n8n API key the workflow:read scope/);
	});

	it('prefers the table in the workflow\'s project, and creates a missing board there', async () => {
		fake.createTable('Calendly Cards', [], 'PROJECT_A');
		const theirs = fake.createTable('Calendly Cards', [], 'PROJECT_B');
		fake.workflowProjects.set('WF1', 'PROJECT_B');
		fake.workflowProjects.set('WF2', 'PROJECT_C');
		expect(await resolveBoard(client, { ...scope, workflowId: 'WF1' }, boardRef, boardColumns())).toBe(theirs.id);
		await expect(resolveBoard(client, { ...scope, workflowId: 'WF2' }, boardRef, boardColumns())).rejects.toThrow(
			/none is in this workflow’s project \(PROJECT_C\): choose the board "From List" or "By ID"/,
		);

		const created = await resolveBoard(client, { ...scope, workflowId: 'WF2' }, { mode: 'name', value: 'New Board' }, boardColumns());
		expect(fake.tables.get(created)).toMatchObject({ name: 'New Board', projectId: 'PROJECT_C' });
		expect(fake.calls.find((call) => call.method === 'POST')!.body).toMatchObject({ name: 'New Board', projectId: 'PROJECT_C' });
	});

	it('creates a missing board in the key owner\'s personal project when the workflow\'s project is unknown', async () => {
		const tableId = await resolveBoard(client, { ...scope, workflowId: 'UNSAVED' }, boardRef, boardColumns());
		expect(fake.tables.get(tableId)!.projectId).toBe(fake.projectId);
		expect(fake.calls.find((call) => call.method === 'POST')!.body).not.toHaveProperty('projectId');
	});

	it('adopts a board another worker created when n8n on PostgreSQL answers the loser 500', async () => {
		fake.injectFault({ method: 'GET', path: '/data-tables', status: 200, body: { data: [], nextCursor: null } });
		fake.injectFault({ method: 'POST', path: '/data-tables', status: 500, body: { message: 'duplicate key value violates unique constraint' } });
		const other = fake.createTable('Calendly Cards', [{ name: 'email', type: 'string' }]);
		expect((await openBoard()).tableId).toBe(other.id);
		expect(fake.calls.map((c) => `${c.method} ${c.status}`)).toEqual(['GET 200', 'POST 500', 'GET 200']);
	});

	it('fails with n8n\'s message when creating the board failed and nobody else made it', async () => {
		fake.injectFault({ method: 'POST', path: '/data-tables', status: 500, body: { message: 'Internal server error' } });
		await expect(openBoard()).rejects.toThrow(/n8n's API failed for a new data table 'Calendly Cards' \(500\)\. n8n said: "Internal server error"/);
		expect(fake.tables.size).toBe(0);
	});

	it('keeps going when adding a question column answered 500 because another worker added it', async () => {
		const board = await openBoard();
		const table = fake.tables.get(board.tableId)!;
		fake.injectFault({ method: 'POST', path: '/columns', status: 500, body: { message: 'Internal server error' } });
		table.columns.push({ id: 'c-other', name: 'q_Company', type: 'string', index: table.columns.length, dataTableId: table.id });
		expect((await sync(board, delivery('invitee.created', ann, ann.bookedAt))).plan.action).toBe('created');
		expect(fake.rows(board.tableId)[0].q_Company).toBe('ACME');

		fake.injectFault({ method: 'POST', path: '/columns', status: 500, body: { message: 'Internal server error' } });
		const asked = { ...ann, uuid: 'A2', eventUuid: 'E2', bookedAt: '2026-11-21T10:00:00Z', questions: [{ question: 'Budget?', answer: 'Big' }] };
		await expect(sync(board, delivery('invitee.created', asked, asked.bookedAt))).rejects.toThrow(/n8n's API failed for the column 'q_Budget' \(500\)/);
	});

	it('looks a board up again after a minute, so a renamed board is noticed', async () => {
		const first = await openBoard();
		fake.tables.get(first.tableId)!.name = 'Archive';
		const now = Date.now();
		const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 30_000);
		try {
			expect((await openBoard()).tableId).toBe(first.tableId);
			clock.mockReturnValue(now + 61_000);
			const second = await openBoard();
			expect(second.tableId).not.toBe(first.tableId);
			expect(fake.tables.get(second.tableId)!.name).toBe('Calendly Cards');
		} finally {
			clock.mockRestore();
		}
	});

	it('does not reuse what one API key found for another', async () => {
		await openBoard();
		fake.resetCalls();
		await resolveBoard(client, { ...scope, connectionKey: `${fake.baseUrl}|other-key` }, boardRef, boardColumns());
		expect(fake.countCalls({ method: 'GET', path: '/data-tables' })).toBe(1);
	});
});

describe('picking among tables of the same name', () => {
	const table = (id: string, projectId: string) => ({ id, name: 'Cards', columns: [], projectId });

	it('takes the one in the workflow\'s project, else the only one, else none', () => {
		expect(pickBoard([table('a', 'P1'), table('b', 'P2')], 'Cards', 'P2')?.id).toBe('b');
		expect(pickBoard([table('a', 'P1')], 'Cards', 'P2')?.id).toBe('a');
		expect(pickBoard([table('a', 'P1')], 'Cards', null)?.id).toBe('a');
		expect(pickBoard([], 'Cards', 'P1')).toBeNull();
		expect(pickBoard([], 'Cards', null)).toBeNull();
	});

	it('refuses to guess between several in other projects', () => {
		expect(() => pickBoard([table('a', 'P1'), table('b', 'P2')], 'Cards', null)).toThrow(BoardSetupError);
		expect(() => pickBoard([table('a', 'P1'), table('b', 'P2')], 'Cards', 'P3')).toThrow(/none is in this workflow’s project \(P3\)/);
	});
});

describe('syncing bookings through the API', () => {
	it('uses 4 calls to create (read, insert, read, announce), 2 to update or cancel, 1 for a duplicate', async () => {
		const board = await openBoard();
		const perDelivery = async (envelope: ReturnType<typeof delivery>) => {
			const before = client.calls;
			const result = await sync(board, envelope);
			return [result.plan.action, client.calls - before];
		};
		expect(await perDelivery(delivery('invitee.created', ann, ann.bookedAt))).toEqual(['created', 5]); // + the new question's column
		expect(await perDelivery(delivery('invitee.created', ann, ann.bookedAt))).toEqual(['skipped', 1]);
		const second = { ...ann, uuid: 'A2', eventUuid: 'E2', bookedAt: '2026-11-21T10:00:00Z', start: '2026-12-02T09:00:00Z' };
		expect(await perDelivery(delivery('invitee.created', second, second.bookedAt))).toEqual(['updated', 2]);
		const cancel = delivery('invitee.canceled', second, '2026-11-22T10:00:00Z', {
			status: 'canceled',
			cancellation: { canceled_by: 'Ann Lee', reason: null, canceler_type: 'invitee', created_at: '2026-11-22T10:00:00Z' },
		});
		expect(await perDelivery(cancel)).toEqual(['canceled', 2]);
		const bob = { ...ann, uuid: 'B1', email: 'bob@example.com' };
		expect(await perDelivery(delivery('invitee.created', bob, bob.bookedAt))).toEqual(['created', 4]);
		const rows = fake.rows(board.tableId);
		expect(rows.map((row) => [row.email, row.eventTime, row.q_Company])).toEqual([
			['ann@example.com', '2026-12-01T09:00:00.000Z', 'ACME'],
			['bob@example.com', '2026-12-01T09:00:00.000Z', 'ACME'],
		]);
	});

	it('writes nothing in a dry run', async () => {
		const board = await openBoard();
		const result = await sync(board, delivery('invitee.created', ann, ann.bookedAt), { dryRun: true });
		expect(result.plan.action).toBe('created');
		expect(result.card).toMatchObject({ email: 'ann@example.com', eventName: 'Intro Call' });
		expect(fake.rows(board.tableId)).toEqual([]);
	});

	it('re-creates a column deleted by hand and refuses one whose type was changed', async () => {
		const board = await openBoard();
		await sync(board, delivery('invitee.created', ann, ann.bookedAt));
		const table = fake.tableByName('Calendly Cards')!;
		table.columns = table.columns.filter((c) => c.name !== 'location');
		const second = { ...ann, uuid: 'A2', eventUuid: 'E2', bookedAt: '2026-11-21T10:00:00Z' };
		const result = await sync(board, delivery('invitee.created', second, second.bookedAt));
		expect(result.plan.action).toBe('updated');
		expect(fake.rows(board.tableId)[0].location).toBe('https://zoom.us/j/E2');

		forgetBoards();
		fake.tables.get(board.tableId)!.columns.find((c) => c.name === 'eventTime')!.type = 'number';
		const fresh = await openBoard();
		const third = { ...ann, uuid: 'A3', eventUuid: 'E3', bookedAt: '2026-11-22T10:00:00Z' };
		await expect(sync(fresh, delivery('invitee.created', third, third.bookedAt))).rejects.toThrow(
			"Column 'eventTime' of the board 'Calendly Cards' is a number column, but Calendly to Card writes date values into it",
		);
	});

	it('retries from the read when another execution changed the card in between', async () => {
		const board = await openBoard();
		await sync(board, delivery('invitee.created', ann, ann.bookedAt));
		// Another writer bumps the revision right after our read.
		fake.injectFault({ method: 'PATCH', path: '/rows/update', status: 200, body: [] });
		const second = { ...ann, uuid: 'A2', eventUuid: 'E2', bookedAt: '2026-11-21T10:00:00Z' };
		const result = await sync(board, delivery('invitee.created', second, second.bookedAt));
		expect(result).toMatchObject({ attempts: 2, plan: { action: 'updated' } });
		expect(fake.rows(board.tableId)[0].joinUrl).toBe('https://zoom.us/j/E2');
	});

	it('rides out n8n answering 503 "Database is not ready" under load', async () => {
		const board = await openBoard();
		fake.injectFault({ method: 'GET', path: /\/rows$/, status: 503, body: { message: 'Database is not ready!' }, times: 2 });
		const result = await sync(board, delivery('invitee.created', ann, ann.bookedAt));
		expect(result.plan.action).toBe('created');
		expect(fake.rows(board.tableId)).toHaveLength(1);
	});

	it('gives up on a 503 that lasts, with n8n\'s message', async () => {
		const board = await openBoard();
		fake.injectFault({ method: 'GET', path: /\/rows$/, status: 503, body: { message: 'Database is not ready!' }, times: 10 });
		await expect(sync(board, delivery('invitee.created', ann, ann.bookedAt))).rejects.toThrow(/Database is not ready/);
		expect(fake.rows(board.tableId)).toEqual([]);
	});

	it('names n8n\'s message when a write is refused', async () => {
		const board = await openBoard();
		fake.injectFault({ method: 'POST', path: '/rows', status: 500, body: { message: 'Data table size limit exceeded' } });
		await expect(sync(board, delivery('invitee.created', ann, ann.bookedAt))).rejects.toThrow(N8nApiError);
		expect(fake.rows(board.tableId)).toEqual([]);
	});
});

describe('parallel executions for one contact', () => {
	const deliveries = () =>
		Array.from({ length: 50 }, (_, i) => {
			const spec = { ...ann, uuid: `P${i % 5}`, eventUuid: `EP${i % 5}`, bookedAt: `2026-11-2${i % 5}T10:00:00Z` };
			return delivery('invitee.created', spec, spec.bookedAt);
		});

	it('leave one card when they run in different processes (no shared lock)', async () => {
		await openBoard();
		const boards = Array.from({ length: 50 }, () => new DataTableCardBoard(new DataTableClient(fetchTransport(fake.baseUrl, fake.apiKey)), fake.baseUrl, fake.tableByName('Calendly Cards')!.id));
		await Promise.all(deliveries().map(async (envelope, i) => await sync(boards[i], envelope, { maxAttempts: 100 })));
		const rows = fake.rows(boards[0].tableId);
		expect(rows).toHaveLength(1);
		expect(Object.keys(parseRowState(rows[0] as Record<string, unknown>)!.bookings)).toHaveLength(5);
	});

	it('insert once when they share this process (per-email queue)', async () => {
		const board = await openBoard();
		await Promise.all(deliveries().map(async (envelope) => await serialized(`t|${ann.email}`, async () => await sync(board, envelope))));
		expect(fake.rows(board.tableId)).toHaveLength(1);
		expect(fake.countCalls({ method: 'POST', path: '/rows' })).toBe(1);
	});
});

describe('putting an existing board in reading order', () => {
	// How the previous version made a board (its SYSTEM_CARD_COLUMNS, then its CARD_FIELDS order; no
	// lastActivity yet), with two question columns added later.
	const PREVIOUS_ORDER = [
		'email', 'calendlyState', 'calendlyRevision', 'activity',
		'name', 'firstName', 'lastName', 'phone', 'contactTimeZone', 'contactType', 'stage', 'assignee', 'calendar',
		'eventName', 'eventTime', 'eventEnd', 'eventWhen', 'eventStatus', 'location', 'joinUrl', 'description',
		'cancelUrl', 'rescheduleUrl', 'utmSource', 'utmMedium', 'utmCampaign', 'utmContent', 'utmTerm', 'noShow', 'archived',
		'q_Company', 'q_Budget',
	];
	const READING_ORDER = [
		'name', 'email', 'stage', 'eventName', 'eventWhen', 'eventStatus', 'assignee', 'eventTime', 'eventEnd', 'location',
		'joinUrl', 'description', 'phone', 'firstName', 'lastName', 'contactTimeZone', 'contactType', 'calendar',
		'cancelUrl', 'rescheduleUrl', 'utmSource', 'utmMedium', 'utmCampaign', 'utmContent', 'utmTerm', 'noShow', 'archived',
		'q_Company', 'q_Budget', 'calendlyState', 'calendlyRevision', 'activity',
	];
	const types = boardColumns();
	const oldBoard = (order: string[], name = 'Calendly Cards') =>
		fake.createTable(name, order.map((column) => ({ name: column, type: types[column] ?? 'string' })));
	const order = (tableId: string) => fake.tables.get(tableId)!.columns.map((c) => c.name);
	const moves = () => fake.calls.filter((call) => call.method === 'PATCH' && /\/columns\//.test(call.path));

	it('moves only the columns out of place: 13 of an old board\'s 32, each with {index} alone', async () => {
		const table = oldBoard(PREVIOUS_ORDER);
		const board = await openBoard();
		expect(board.tableId).toBe(table.id);
		expect(order(table.id)).toEqual(READING_ORDER);
		// 19 columns are already in reading order among themselves (email, stage, eventName, eventWhen,
		// eventStatus, location, joinUrl, description, cancelUrl ... archived, q_Company, q_Budget).
		expect(moves()).toHaveLength(13);
		expect(moves().every((call) => call.status === 200 && JSON.stringify(call.body).match(/^\{"index":\d+\}$/))).toBe(true);
		expect(fake.calls).toHaveLength(1 + 13); // the lookup by name, the moves

		// The card column the old board lacks lands in its place when added, without a move.
		fake.resetCalls();
		await board.ensureColumns(boardColumns());
		expect(fake.calls.map((call) => `${call.method} ${call.path.replace(table.id, 'T')} ${JSON.stringify(call.body)}`)).toEqual([
			'POST /api/v1/data-tables/T/columns {"name":"lastActivity","type":"string","index":7}',
		]);
		expect(order(table.id).slice(5, 9)).toEqual(['eventStatus', 'assignee', 'lastActivity', 'eventTime']);
		const created = await sync(board, delivery('invitee.created', ann, ann.bookedAt));
		expect(created.plan.action).toBe('created');
		expect(order(table.id).slice(-5)).toEqual(['q_Company', 'q_Budget', 'calendlyState', 'calendlyRevision', 'activity']);
	});

	it('moves question columns made after the bookkeeping (as the brief describes an old board) in front of it: 12 moves', async () => {
		const fields = PREVIOUS_ORDER.slice(4, -2);
		const table = oldBoard(['email', ...fields, 'calendlyState', 'calendlyRevision', 'activity', 'q_Company', 'q_Budget']);
		await openBoard();
		expect(order(table.id)).toEqual(READING_ORDER);
		expect(moves()).toHaveLength(12);
	});

	it('keeps hand-made columns where they are among themselves, after the card fields and before the bookkeeping', async () => {
		const table = oldBoard(['notes', 'email', 'calendlyRevision', 'q_Zeta', 'name', 'priority', 'calendlyState', 'q_Alpha', 'activity', 'stage']);
		await openBoard();
		expect(order(table.id)).toEqual(['name', 'email', 'stage', 'notes', 'q_Zeta', 'priority', 'q_Alpha', 'calendlyState', 'calendlyRevision', 'activity']);
	});

	it('costs no call on a board already in order, new or made by hand', async () => {
		const created = await openBoard();
		expect(fake.calls.map((call) => call.method)).toEqual(['GET', 'POST']);
		forgetBoards();
		fake.resetCalls();
		await openBoard();
		expect(fake.calls.map((call) => call.method)).toEqual(['GET']);

		fake.tables.clear();
		forgetBoards();
		fake.resetCalls();
		const handMade = oldBoard(['name', 'email', 'stage', 'notes', 'q_Company', 'calendlyState', 'calendlyRevision', 'activity']);
		expect((await openBoard()).tableId).toBe(handMade.id);
		expect(fake.calls.map((call) => call.method)).toEqual(['GET']);
		expect(created.tableId).not.toBe(handMade.id);
	});

	it('reorders a board once per process, even when it is looked up again later', async () => {
		const table = oldBoard(PREVIOUS_ORDER);
		await openBoard();
		expect(moves()).toHaveLength(13);
		fake.tables.get(table.id)!.columns.reverse().forEach((column, index) => (column.index = index)); // someone reorders it by hand
		fake.resetCalls();
		const now = Date.now();
		const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
		try {
			expect((await openBoard()).tableId).toBe(table.id);
		} finally {
			clock.mockRestore();
		}
		expect(fake.calls.map((call) => call.method)).toEqual(['GET']);
	});

	it('carries on when the key may not move columns (403), and does not ask again on the next delivery', async () => {
		const table = oldBoard(PREVIOUS_ORDER);
		fake.apiKeyScopes = ['dataTable:read', 'dataTableColumn:read', 'dataTableColumn:create', 'dataTableRow:read', 'dataTableRow:create', 'dataTableRow:update'];
		try {
			const board = await openBoard();
			expect(moves().map((call) => call.status)).toEqual([403]);
			expect(order(table.id)).toEqual(PREVIOUS_ORDER);
			expect((await sync(board, delivery('invitee.created', ann, ann.bookedAt))).plan.action).toBe('created');

			// The next delivery, in a new execution (another client) and after the board is looked up again.
			fake.resetCalls();
			client = new DataTableClient(fetchTransport(fake.baseUrl, fake.apiKey));
			const now = Date.now();
			const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
			let again: DataTableCardBoard;
			try {
				again = await openBoard();
			} finally {
				clock.mockRestore();
			}
			const asked = { ...ann, uuid: 'A2', eventUuid: 'E2', bookedAt: '2026-11-21T10:00:00Z', questions: [{ question: 'Team size?', answer: '5' }] };
			expect((await sync(again, delivery('invitee.created', asked, asked.bookedAt))).plan.action).toBe('updated');
			expect(moves()).toHaveLength(0);
			// New columns still land before the bookkeeping: they are placed when added (lastActivity, the
			// card column the old board lacked, and the new question's).
			expect(order(table.id).slice(0, 6)).toEqual(['email', 'lastActivity', 'q_Team_size', 'calendlyState', 'calendlyRevision', 'activity']);
			expect(order(table.id).slice(6)).toEqual(PREVIOUS_ORDER.slice(4));
		} finally {
			fake.apiKeyScopes = null;
		}
	});

	it('carries on when a move fails otherwise (a column deleted in between answers 404), and stops moving on that board', async () => {
		const table = oldBoard(PREVIOUS_ORDER);
		fake.injectFault({ method: 'PATCH', path: '/columns/', status: 404, body: { message: 'Could not find the column' } });
		const board = await openBoard();
		expect(moves().map((call) => call.status)).toEqual([404]);
		expect((await sync(board, delivery('invitee.created', ann, ann.bookedAt))).plan.action).toBe('created');
		expect(moves()).toHaveLength(1);
		expect(fake.rows(table.id)[0].email).toBe('ann@example.com');
	});

	it('puts a new question column before the bookkeeping on a new board, in the same 5 calls as before', async () => {
		const board = await openBoard();
		fake.resetCalls();
		const before = client.calls;
		expect((await sync(board, delivery('invitee.created', ann, ann.bookedAt))).plan.action).toBe('created');
		expect(client.calls - before).toBe(5);
		expect(moves()).toHaveLength(0);
		expect(order(board.tableId).slice(-3)).toEqual(['q_Company', 'calendlyState', 'calendlyRevision']);
		expect(fake.calls.find((call) => call.method === 'POST' && call.path.endsWith('/columns'))!.body).toEqual({
			name: 'q_Company',
			type: 'string',
			index: order(board.tableId).length - 3,
		});
	});

	it('finds the fewest moves for every order of six columns', () => {
		// Shortest move counts from the target to every permutation (a move's inverse is a move).
		const target = ['name', 'email', 'stage', 'q_a', 'calendlyState', 'calendlyRevision'];
		const move = (list: string[], from: number, to: number) => {
			const rest = list.filter((_, i) => i !== from);
			rest.splice(to, 0, list[from]);
			return rest;
		};
		const distance = new Map([[target.join(), 0]]);
		for (let queue = [target]; queue.length > 0; ) {
			const next: string[][] = [];
			for (const list of queue) {
				for (let from = 0; from < list.length; from++) {
					for (let to = 0; to < list.length; to++) {
						const moved = move(list, from, to);
						if (distance.has(moved.join())) continue;
						distance.set(moved.join(), distance.get(list.join())! + 1);
						next.push(moved);
					}
				}
			}
			queue = next;
		}
		expect(distance.size).toBe(720);
		for (const [key, fewest] of distance) {
			const current = key.split(',');
			expect(readingOrderOf(current, ['name', 'email', 'stage'])).toEqual(target);
			let list = current;
			const planned = columnMoves(current, target);
			for (const { name, index } of planned) list = move(list, list.indexOf(name), index);
			expect([list, planned.length]).toEqual([target, fewest]);
		}
	});

	it('has a fake that moves a column as n8n does: out, then in at the index; 400 past the end, 404 unknown, 403 without the scope', async () => {
		const table = fake.createTable('Moves', ['a', 'b', 'c', 'd'].map((name) => ({ name, type: 'string' as const })));
		const id = (name: string) => table.columns.find((c) => c.name === name)!.id;
		const patch = async (columnId: string, body: unknown) => {
			const response = await fetch(`${fake.baseUrl}/api/v1/data-tables/${table.id}/columns/${columnId}`, {
				method: 'PATCH',
				headers: { 'x-n8n-api-key': fake.apiKey, 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			return [response.status, (await response.json()) as Record<string, unknown>] as const;
		};
		const [status, column] = await patch(id('a'), { index: 2 });
		expect([status, column.name, column.index]).toEqual([200, 'a', 2]);
		expect(table.columns.map((c) => `${c.name}${c.index}`)).toEqual(['b0', 'c1', 'a2', 'd3']);
		await patch(id('d'), { index: 0 });
		expect(table.columns.map((c) => `${c.name}${c.index}`)).toEqual(['d0', 'b1', 'c2', 'a3']);
		expect(await patch(id('b'), { index: 4 })).toEqual([400, { message: 'Validation error with data table request: tried to move column to an index larger than column count' }]);
		expect((await patch(id('b'), { index: -1 }))[0]).toBe(400);
		expect((await patch(id('b'), { position: 1 }))[0]).toBe(400);
		expect(await patch('nope', { index: 0 })).toEqual([404, { message: `Could not find the column 'nope' in the data table: ${table.id}` }]);
		fake.apiKeyScopes = ['dataTableColumn:read'];
		try {
			expect(await patch(id('b'), { index: 0 })).toEqual([403, { message: 'Forbidden' }]);
		} finally {
			fake.apiKeyScopes = null;
		}
		expect(table.columns.map((c) => c.name)).toEqual(['d', 'b', 'c', 'a']);
	});
});
