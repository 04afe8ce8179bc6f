// The board code against the fake of n8n's data-table API, over real HTTP.
import type { IDataObject } from 'n8n-workflow';

import type { BoardRef, BoardScope } from '../../nodes/CalendlyToCard/board/cardBoard';
import { BoardSetupError, DataTableCardBoard, forgetBoards, resolveBoard, serialized } from '../../nodes/CalendlyToCard/board/cardBoard';
import type { ApiTransport } from '../../nodes/CalendlyToCard/board/dataTableClient';
import { DataTableApiError, DataTableClient } from '../../nodes/CalendlyToCard/board/dataTableClient';
import { syncBooking } from '../../nodes/CalendlyToCard/board/syncBooking';
import type { CardSettings } from '../../nodes/CalendlyToCard/decide';
import { columnTypesFor, DEFAULT_SETTINGS, SYSTEM_CARD_COLUMNS } from '../../nodes/CalendlyToCard/decide';
import { normalizeBooking } from '../../nodes/shared/booking/normalizeBooking';
import { FakeN8nDataTableApi } from '../fakes/n8nDataTableApi';
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

let fake: FakeN8nDataTableApi;
let client: DataTableClient;
let scope: BoardScope;

async function openBoard(): Promise<DataTableCardBoard> {
	const tableId = await resolveBoard(client, scope, boardRef, boardColumns());
	return new DataTableCardBoard(client, fake.baseUrl, tableId, boardRef.value);
}
const sync = async (board: DataTableCardBoard, envelope: ReturnType<typeof delivery>, options = {}) =>
	await syncBooking(board, normalizeBooking(envelope, { timeZone: settings.timeZone }), settings, options);

beforeAll(async () => {
	fake = new FakeN8nDataTableApi();
	await fake.start();
});
afterAll(async () => await fake.stop());
beforeEach(() => {
	fake.tables.clear();
	fake.resetCalls();
	fake.clearFaults();
	forgetBoards();
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
});

describe('syncing bookings through the API', () => {
	it('uses 3 calls to create, 2 to update or cancel, 1 for a duplicate', async () => {
		const board = await openBoard();
		const perDelivery = async (envelope: ReturnType<typeof delivery>) => {
			const before = client.calls;
			const result = await sync(board, envelope);
			return [result.plan.action, client.calls - before];
		};
		expect(await perDelivery(delivery('invitee.created', ann, ann.bookedAt))).toEqual(['created', 4]); // + the new question's column
		expect(await perDelivery(delivery('invitee.created', ann, ann.bookedAt))).toEqual(['skipped', 1]);
		const second = { ...ann, uuid: 'A2', eventUuid: 'E2', bookedAt: '2026-11-21T10:00:00Z', start: '2026-12-02T09:00:00Z' };
		expect(await perDelivery(delivery('invitee.created', second, second.bookedAt))).toEqual(['updated', 2]);
		const cancel = delivery('invitee.canceled', second, '2026-11-22T10:00:00Z', {
			status: 'canceled',
			cancellation: { canceled_by: 'Ann Lee', reason: null, canceler_type: 'invitee', created_at: '2026-11-22T10:00:00Z' },
		});
		expect(await perDelivery(cancel)).toEqual(['canceled', 2]);
		const bob = { ...ann, uuid: 'B1', email: 'bob@example.com' };
		expect(await perDelivery(delivery('invitee.created', bob, bob.bookedAt))).toEqual(['created', 3]);
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
		await expect(sync(board, delivery('invitee.created', ann, ann.bookedAt))).rejects.toThrow(DataTableApiError);
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
		expect(Object.keys(JSON.parse(rows[0].calendlyState as string).bookings)).toHaveLength(5);
	});

	it('insert once when they share this process (per-email queue)', async () => {
		const board = await openBoard();
		await Promise.all(deliveries().map(async (envelope) => await serialized(`t|${ann.email}`, async () => await sync(board, envelope))));
		expect(fake.rows(board.tableId)).toHaveLength(1);
		expect(fake.countCalls({ method: 'POST', path: '/rows' })).toBe(1);
	});
});
