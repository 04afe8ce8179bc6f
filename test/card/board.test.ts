// The board code against the fake of n8n's data-table API, over real HTTP.
import type { IDataObject } from 'n8n-workflow';

import type { BoardRef, BoardScope } from '../../nodes/CalendlyToCard/board/cardBoard';
import {
	BoardSetupError,
	DataTableCardBoard,
	pickBoard,
	resolveBoard,
} from '../../nodes/CalendlyToCard/board/cardBoard';
import { processMemory } from '../../nodes/shared/processMemory';
import { forgetProcessMemory } from '../helpers/cardNodeOnFake';
import { DataTableClient } from '../../nodes/CalendlyToCard/board/dataTableClient';
import { N8nApiError, type ApiTransport } from '../../nodes/shared/transport/n8nApi';
import { syncBooking } from '../../nodes/CalendlyToCard/board/syncBooking';
import type { CardSettings } from '../../nodes/CalendlyToCard/decide';
import {
	columnTypesFor,
	DEFAULT_SETTINGS,
	parseRowState,
	SYSTEM_CARD_COLUMNS,
} from '../../nodes/CalendlyToCard/decide';
import { normalizeBooking } from '../../nodes/shared/booking/normalizeBooking';
import { dataTableFake } from '../helpers/cardNodeOnFake';
import type { InviteeSpec } from './deliveries';
import { delivery } from './deliveries';

/** A transport with plain fetch, standing in for n8n's request helper (the node tests use the real one). */
function fetchTransport(baseUrl: string, apiKey: string): ApiTransport {
	return async (method, path, options = {}) => {
		const url = new URL(`${baseUrl}/api/v1${path}`);
		for (const [key, value] of Object.entries(options.qs ?? {}))
			url.searchParams.set(key, String(value));
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
	columnTypesFor(settings, [
		...Object.values(SYSTEM_CARD_COLUMNS),
		...Object.values(settings.columns),
	]);

const fake = dataTableFake();
let client: DataTableClient;
let scope: BoardScope;

async function openBoard(): Promise<DataTableCardBoard> {
	const tableId = await resolveBoard(client, scope, boardRef, boardColumns());
	return new DataTableCardBoard(client, fake.baseUrl, tableId, boardRef.value);
}
const sync = async (
	board: DataTableCardBoard,
	envelope: ReturnType<typeof delivery>,
	options = {},
) =>
	await syncBooking(
		board,
		normalizeBooking(envelope, { timeZone: settings.timeZone }),
		settings,
		options,
	);

beforeEach(() => {
	client = new DataTableClient(fetchTransport(fake.baseUrl, fake.apiKey));
	fake.workflowProjects.clear();
	scope = { connectionKey: fake.baseUrl, workflowId: null };
});

describe('finding the board', () => {
	it('creates "Calendly Cards" with the card columns once, then reuses it without calls', async () => {
		await openBoard();
		const table = fake.tableByName('Calendly Cards')!;
		expect(table.columns.map((c) => [c.name, c.type])).toEqual(
			expect.arrayContaining([
				['email', 'string'],
				['eventTime', 'date'],
				['noShow', 'boolean'],
				['calendlyState', 'string'],
				['calendlyRevision', 'string'],
			]),
		);
		expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
			'GET /api/v1/data-tables',
			'POST /api/v1/data-tables',
		]);
		await openBoard();
		expect(fake.calls).toHaveLength(2);
	});

	it('adopts a table created in between by another execution', async () => {
		fake.injectFault({
			method: 'GET',
			path: '/data-tables',
			status: 200,
			body: { data: [], nextCursor: null },
		});
		fake.createTable('Calendly Cards', [{ name: 'email', type: 'string' }]);
		const board = await openBoard();
		expect(board.tableId).toBe(fake.tableByName('Calendly Cards')!.id);
		expect(fake.calls.map((c) => c.status)).toEqual([200, 409, 200]);
	});

	it('says what to do when the board id does not exist or the key is refused', async () => {
		await expect(
			resolveBoard(client, scope, { mode: 'id', value: 'missing0000000' }, {}),
		).rejects.toThrow(
			/n8n could not find the data table 'missing0000000' \(404\)\. n8n said: "Could not find the data table: 'missing0000000'"\. Pick an existing data table/,
		);
		const refused = new DataTableClient(fetchTransport(fake.baseUrl, 'wrong-key'));
		await expect(resolveBoard(refused, scope, boardRef, {})).rejects.toThrow(
			/n8n refused the API key \(401\)/,
		);
		await expect(resolveBoard(client, scope, { mode: 'name', value: ' ' }, {})).rejects.toThrow(
			BoardSetupError,
		);
	});

	// n8n's name filter is LOWER(name) LIKE '%name%' across every project the key's owner can see.
	it('uses only a table named exactly like the board, never one whose name merely contains it', async () => {
		const old = fake.createTable('Old Calendly Cards', [{ name: 'email', type: 'string' }]);
		fake.createTable('calendly cards', [{ name: 'email', type: 'string' }]);
		const board = await openBoard();
		expect(board.tableId).not.toBe(old.id);
		expect(fake.tables.get(board.tableId)).toMatchObject({
			name: 'Calendly Cards',
			projectId: fake.projectId,
		});
		expect(fake.tables.size).toBe(3);
	});

	it('finds the exact name on a later page of look-alikes', async () => {
		for (let i = 0; i < 260; i++) fake.createTable(`Calendly Cards ${i}`);
		const exact = fake.createTable('Calendly Cards');
		expect((await openBoard()).tableId).toBe(exact.id);
		expect(fake.countCalls({ method: 'GET', path: '/data-tables' })).toBe(2);
		expect(fake.countCalls({ method: 'POST' })).toBe(0);
	});

	it("stops, saying how to pick, when several projects hold a table of that name and the workflow's project is unknown", async () => {
		const mine = fake.createTable('Calendly Cards', [], 'PROJECT_A');
		const theirs = fake.createTable('Calendly Cards', [], 'PROJECT_B');
		const error = await resolveBoard(client, scope, boardRef, boardColumns()).catch(
			(caught: Error) => caught,
		);
		expect(error).toBeInstanceOf(BoardSetupError);
		expect((error as Error).message).toBe(
			`Several data tables are named 'Calendly Cards' (${mine.id} in project PROJECT_A, ${theirs.id} in project PROJECT_B): choose the board "From List" or "By ID" under "Board", rename all but one, or give the n8n API key the workflow:read scope so the board in this workflow’s project is used.`,
		);
		// Without the workflow:read scope n8n answers 403: the project stays unknown.
		fake.workflowProjects.set('WF1', 'PROJECT_B');
		fake.injectFault({
			method: 'GET',
			path: '/workflows/',
			status: 403,
			body: { message: 'Forbidden' },
		});
		await expect(
			resolveBoard(client, { ...scope, workflowId: 'WF1' }, boardRef, boardColumns()),
		).rejects.toThrow(/give the n8n API key the workflow:read scope/);
	});

	it("prefers the table in the workflow's project, and creates a missing board there", async () => {
		fake.createTable('Calendly Cards', [], 'PROJECT_A');
		const theirs = fake.createTable('Calendly Cards', [], 'PROJECT_B');
		fake.workflowProjects.set('WF1', 'PROJECT_B');
		fake.workflowProjects.set('WF2', 'PROJECT_C');
		expect(
			await resolveBoard(client, { ...scope, workflowId: 'WF1' }, boardRef, boardColumns()),
		).toBe(theirs.id);
		await expect(
			resolveBoard(client, { ...scope, workflowId: 'WF2' }, boardRef, boardColumns()),
		).rejects.toThrow(
			/none is in this workflow’s project \(PROJECT_C\): choose the board "From List" or "By ID"/,
		);

		const created = await resolveBoard(
			client,
			{ ...scope, workflowId: 'WF2' },
			{ mode: 'name', value: 'New Board' },
			boardColumns(),
		);
		expect(fake.tables.get(created)).toMatchObject({ name: 'New Board', projectId: 'PROJECT_C' });
		expect(fake.calls.find((call) => call.method === 'POST')!.body).toMatchObject({
			name: 'New Board',
			projectId: 'PROJECT_C',
		});
	});

	it("creates a missing board in the key owner's personal project when the workflow's project is unknown", async () => {
		const tableId = await resolveBoard(
			client,
			{ ...scope, workflowId: 'UNSAVED' },
			boardRef,
			boardColumns(),
		);
		expect(fake.tables.get(tableId)!.projectId).toBe(fake.projectId);
		expect(fake.calls.find((call) => call.method === 'POST')!.body).not.toHaveProperty('projectId');
	});

	it('adopts a board another worker created when n8n on PostgreSQL answers the loser 500', async () => {
		fake.injectFault({
			method: 'GET',
			path: '/data-tables',
			status: 200,
			body: { data: [], nextCursor: null },
		});
		fake.injectFault({
			method: 'POST',
			path: '/data-tables',
			status: 500,
			body: { message: 'duplicate key value violates unique constraint' },
		});
		const other = fake.createTable('Calendly Cards', [{ name: 'email', type: 'string' }]);
		expect((await openBoard()).tableId).toBe(other.id);
		expect(fake.calls.map((c) => `${c.method} ${c.status}`)).toEqual([
			'GET 200',
			'POST 500',
			'GET 200',
		]);
	});

	it("fails with n8n's message when creating the board failed and nobody else made it", async () => {
		fake.injectFault({
			method: 'POST',
			path: '/data-tables',
			status: 500,
			body: { message: 'Internal server error' },
		});
		await expect(openBoard()).rejects.toThrow(
			/n8n's API failed for a new data table 'Calendly Cards' \(500\)\. n8n said: "Internal server error"/,
		);
		expect(fake.tables.size).toBe(0);
	});

	it('keeps going when adding a question column answered 500 because another worker added it', async () => {
		const board = await openBoard();
		const table = fake.tables.get(board.tableId)!;
		fake.injectFault({
			method: 'POST',
			path: '/columns',
			status: 500,
			body: { message: 'Internal server error' },
		});
		table.columns.push({
			id: 'c-other',
			name: 'q_Company',
			type: 'string',
			index: table.columns.length,
			dataTableId: table.id,
		});
		expect((await sync(board, delivery('invitee.created', ann, ann.bookedAt))).plan.action).toBe(
			'created',
		);
		expect(fake.rows(board.tableId)[0].q_Company).toBe('ACME');

		fake.injectFault({
			method: 'POST',
			path: '/columns',
			status: 500,
			body: { message: 'Internal server error' },
		});
		const asked = {
			...ann,
			uuid: 'A2',
			eventUuid: 'E2',
			bookedAt: '2026-11-21T10:00:00Z',
			questions: [{ question: 'Budget?', answer: 'Big' }],
		};
		await expect(sync(board, delivery('invitee.created', asked, asked.bookedAt))).rejects.toThrow(
			/n8n's API failed for the column 'q_Budget' \(500\)/,
		);
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
		await resolveBoard(
			client,
			{ ...scope, connectionKey: `${fake.baseUrl}|other-key` },
			boardRef,
			boardColumns(),
		);
		expect(fake.countCalls({ method: 'GET', path: '/data-tables' })).toBe(1);
	});
});

describe('picking among tables of the same name', () => {
	const table = (id: string, projectId: string) => ({ id, name: 'Cards', columns: [], projectId });

	it("takes the one in the workflow's project, else the only one, else none", () => {
		expect(pickBoard([table('a', 'P1'), table('b', 'P2')], 'Cards', 'P2')?.id).toBe('b');
		expect(pickBoard([table('a', 'P1')], 'Cards', 'P2')?.id).toBe('a');
		expect(pickBoard([table('a', 'P1')], 'Cards', null)?.id).toBe('a');
		expect(pickBoard([], 'Cards', 'P1')).toBeNull();
		expect(pickBoard([], 'Cards', null)).toBeNull();
	});

	it('refuses to guess between several in other projects', () => {
		expect(() => pickBoard([table('a', 'P1'), table('b', 'P2')], 'Cards', null)).toThrow(
			BoardSetupError,
		);
		expect(() => pickBoard([table('a', 'P1'), table('b', 'P2')], 'Cards', 'P3')).toThrow(
			/none is in this workflow’s project \(P3\)/,
		);
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
		expect(await perDelivery(delivery('invitee.created', ann, ann.bookedAt))).toEqual([
			'created',
			5,
		]); // + the new question's column
		expect(await perDelivery(delivery('invitee.created', ann, ann.bookedAt))).toEqual([
			'skipped',
			1,
		]);
		const second = {
			...ann,
			uuid: 'A2',
			eventUuid: 'E2',
			bookedAt: '2026-11-21T10:00:00Z',
			start: '2026-12-02T09:00:00Z',
		};
		expect(await perDelivery(delivery('invitee.created', second, second.bookedAt))).toEqual([
			'updated',
			2,
		]);
		const cancel = delivery('invitee.canceled', second, '2026-11-22T10:00:00Z', {
			status: 'canceled',
			cancellation: {
				canceled_by: 'Ann Lee',
				reason: null,
				canceler_type: 'invitee',
				created_at: '2026-11-22T10:00:00Z',
			},
		});
		expect(await perDelivery(cancel)).toEqual(['canceled', 2]);
		const bob = { ...ann, uuid: 'B1', email: 'bob@example.com' };
		expect(await perDelivery(delivery('invitee.created', bob, bob.bookedAt))).toEqual([
			'created',
			4,
		]);
		const rows = fake.rows(board.tableId);
		expect(rows.map((row) => [row.email, row.eventTime, row.q_Company])).toEqual([
			['ann@example.com', '2026-12-01T09:00:00.000Z', 'ACME'],
			['bob@example.com', '2026-12-01T09:00:00.000Z', 'ACME'],
		]);
	});

	it('writes nothing in a dry run', async () => {
		const board = await openBoard();
		const result = await sync(board, delivery('invitee.created', ann, ann.bookedAt), {
			dryRun: true,
		});
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

		forgetProcessMemory();
		fake.tables.get(board.tableId)!.columns.find((c) => c.name === 'eventTime')!.type = 'number';
		const fresh = await openBoard();
		// A later event: eventTime changes, so it is written.
		const third = {
			...ann,
			uuid: 'A3',
			eventUuid: 'E3',
			bookedAt: '2026-11-22T10:00:00Z',
			start: '2026-12-09T09:00:00Z',
		};
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
		fake.injectFault({
			method: 'GET',
			path: /\/rows$/,
			status: 503,
			body: { message: 'Database is not ready!' },
			times: 2,
		});
		const result = await sync(board, delivery('invitee.created', ann, ann.bookedAt));
		expect(result.plan.action).toBe('created');
		expect(fake.rows(board.tableId)).toHaveLength(1);
	});

	it("gives up on a 503 that lasts, with n8n's message", async () => {
		const board = await openBoard();
		fake.injectFault({
			method: 'GET',
			path: /\/rows$/,
			status: 503,
			body: { message: 'Database is not ready!' },
			times: 10,
		});
		await expect(sync(board, delivery('invitee.created', ann, ann.bookedAt))).rejects.toThrow(
			/Database is not ready/,
		);
		expect(fake.rows(board.tableId)).toEqual([]);
	});

	it("names n8n's message when a write is refused", async () => {
		const board = await openBoard();
		fake.injectFault({
			method: 'POST',
			path: '/rows',
			status: 500,
			body: { message: 'Data table size limit exceeded' },
		});
		await expect(sync(board, delivery('invitee.created', ann, ann.bookedAt))).rejects.toThrow(
			N8nApiError,
		);
		expect(fake.rows(board.tableId)).toEqual([]);
	});
});

describe('parallel executions for one contact', () => {
	const deliveries = () =>
		Array.from({ length: 50 }, (_, i) => {
			const spec = {
				...ann,
				uuid: `P${i % 5}`,
				eventUuid: `EP${i % 5}`,
				bookedAt: `2026-11-2${i % 5}T10:00:00Z`,
			};
			return delivery('invitee.created', spec, spec.bookedAt);
		});

	it('leave one card when they run in different processes (no shared lock)', async () => {
		await openBoard();
		const boards = Array.from(
			{ length: 50 },
			() =>
				new DataTableCardBoard(
					new DataTableClient(fetchTransport(fake.baseUrl, fake.apiKey)),
					fake.baseUrl,
					fake.tableByName('Calendly Cards')!.id,
				),
		);
		await Promise.all(
			deliveries().map(
				async (envelope, i) => await sync(boards[i], envelope, { maxAttempts: 100 }),
			),
		);
		const rows = fake.rows(boards[0].tableId);
		expect(rows).toHaveLength(1);
		expect(Object.keys(parseRowState(rows[0] as Record<string, unknown>)!.bookings)).toHaveLength(
			5,
		);
	});

	it('insert once when they share this process (per-email queue)', async () => {
		const board = await openBoard();
		await Promise.all(
			deliveries().map(
				async (envelope) =>
					await processMemory.contactQueues.run(
						`t|${ann.email}`,
						async () => await sync(board, envelope),
					),
			),
		);
		expect(fake.rows(board.tableId)).toHaveLength(1);
		expect(fake.countCalls({ method: 'POST', path: '/rows' })).toBe(1);
	});
});
