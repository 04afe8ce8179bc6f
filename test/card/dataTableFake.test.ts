// The fake must behave like n8n's data-table API where the card node depends on it.
import { FakeN8nDataTableApi } from '../fakes/n8nDataTableApi';

let fake: FakeN8nDataTableApi;
let tableId: string;

async function api(method: string, path: string, body?: unknown, key: string | null = fake.apiKey) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (key !== null) headers['x-n8n-api-key'] = key;
	const response = await fetch(`${fake.baseUrl}/api/v1${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
const filterQs = (filters: unknown[], type = 'and') =>
	`filter=${encodeURIComponent(JSON.stringify({ type, filters }))}`;

beforeAll(async () => {
	fake = new FakeN8nDataTableApi();
	await fake.start();
});
afterAll(async () => await fake.stop());
beforeEach(async () => {
	fake.tables.clear();
	const created = await api('POST', '/data-tables', {
		name: 'Cards',
		columns: [
			{ name: 'email', type: 'string' },
			{ name: 'score', type: 'number' },
			{ name: 'when', type: 'date' },
			{ name: 'vip', type: 'boolean' },
		],
	});
	tableId = created.body.id;
});

describe('fake n8n data-table API', () => {
	it('checks the API key', async () => {
		expect(await api('GET', '/data-tables', undefined, null)).toEqual({
			status: 401,
			body: { message: "'X-N8N-API-KEY' header required" },
		});
		expect(await api('GET', '/data-tables', undefined, 'wrong')).toEqual({
			status: 401,
			body: { message: 'unauthorized' },
		});
	});

	it('creates tables with system columns and rejects bad names', async () => {
		expect((await api('POST', '/data-tables', { name: 'Cards', columns: [] })).status).toBe(409);
		expect(
			await api('POST', '/data-tables', { name: 'X', columns: [{ name: '1bad', type: 'string' }] }),
		).toEqual({
			status: 400,
			body: { message: expect.stringContaining('Only alphabetical characters') },
		});
		expect(
			(await api('POST', `/data-tables/${tableId}/columns`, { name: 'createdAt', type: 'string' }))
				.status,
		).toBe(409);
		expect(
			(await api('POST', `/data-tables/${tableId}/columns`, { name: 'email', type: 'string' })).body
				.message,
		).toBe("Data table column with name 'email' already exists in data table 'Cards'");
		const inserted = await api('POST', `/data-tables/${tableId}/rows`, {
			data: [{ email: 'a@x.io', score: '3' }],
			returnType: 'all',
		});
		expect(inserted.body).toEqual([
			{
				id: 1,
				email: 'a@x.io',
				score: 3,
				when: null,
				vip: null,
				createdAt: expect.any(String),
				updatedAt: expect.any(String),
			},
		]);
	});

	it('answers unknown columns and bad values with n8n messages', async () => {
		expect(await api('POST', `/data-tables/${tableId}/rows`, { data: [{ nope: 1 }] })).toEqual({
			status: 400,
			body: { message: "Validation error with data table request: unknown column name 'nope'" },
		});
		expect(
			(await api('POST', `/data-tables/${tableId}/rows`, { data: [{ score: 'abc' }] })).body
				.message,
		).toMatch(
			/^Validation error with data table request: value 'abc' does not match column type 'number'/,
		);
		expect(
			(
				await api(
					'GET',
					`/data-tables/${tableId}/rows?${filterQs([{ columnName: 'nope', condition: 'eq', value: 1 }])}`,
				)
			).status,
		).toBe(400);
		expect((await api('GET', `/data-tables/nothere/rows`)).body).toEqual({
			message: "Could not find the data table: 'nothere'",
		});
	});

	it('filters like n8n: eq is case-sensitive, ilike is not, like wraps in %, isEmpty matches null and empty', async () => {
		await api('POST', `/data-tables/${tableId}/rows`, {
			data: [
				{ email: 'Ann@x.io' },
				{ email: 'ann@x.io' },
				{ email: '' },
				{ email: null },
				{ email: 'joann@x.io' },
			],
		});
		const ids = async (filters: unknown[], type = 'and') =>
			(await api('GET', `/data-tables/${tableId}/rows?${filterQs(filters, type)}`)).body.data.map(
				(row: { id: number }) => row.id,
			);
		expect(await ids([{ columnName: 'email', condition: 'eq', value: 'ann@x.io' }])).toEqual([2]);
		expect(await ids([{ columnName: 'email', condition: 'ilike', value: 'ann@x.io' }])).toEqual([
			1, 2, 5,
		]);
		expect(await ids([{ columnName: 'email', condition: 'like', value: 'ann%' }])).toEqual([2]);
		expect(await ids([{ columnName: 'email', condition: 'isEmpty', value: null }])).toEqual([3, 4]);
		expect(await ids([{ columnName: 'email', condition: 'neq', value: 'ann@x.io' }])).toEqual([
			1, 3, 4, 5,
		]);
		expect(
			await ids(
				[
					{ columnName: 'id', condition: 'eq', value: 1 },
					{ columnName: 'id', condition: 'eq', value: 5 },
				],
				'or',
			),
		).toEqual([1, 5]);
	});

	it('upserts by updating every match, else inserting; nothing is unique', async () => {
		const filter = {
			type: 'and',
			filters: [{ columnName: 'email', condition: 'eq', value: 'b@x.io' }],
		};
		expect(
			(
				await api('POST', `/data-tables/${tableId}/rows/upsert`, {
					filter,
					data: { email: 'b@x.io', score: 1 },
				})
			).body,
		).toBe(true);
		await api('POST', `/data-tables/${tableId}/rows`, { data: [{ email: 'b@x.io' }] });
		const upserted = await api('POST', `/data-tables/${tableId}/rows/upsert`, {
			filter,
			data: { score: 2 },
			returnData: true,
		});
		expect(upserted.body.map((row: { id: number; score: number }) => [row.id, row.score])).toEqual([
			[1, 2],
			[2, 2],
		]);
		expect(
			(
				await api('POST', `/data-tables/${tableId}/rows/upsert`, {
					filter: { filters: [{ columnName: 'email', condition: 'isEmpty', value: null }] },
					data: { score: 1 },
				})
			).status,
		).toBe(400);
		const deleted = await api(
			'DELETE',
			`/data-tables/${tableId}/rows/delete?${filterQs([{ columnName: 'id', condition: 'eq', value: 2 }])}&returnData=true`,
		);
		expect(deleted.body.map((row: { id: number }) => row.id)).toEqual([2]);
		expect((await api('DELETE', `/data-tables/${tableId}/rows/delete`)).status).toBe(400);
	});

	it('lists tables like n8n: the name filter is a case-insensitive substring match across projects', async () => {
		await api('POST', '/data-tables', { name: 'Old CARDS', columns: [] });
		await api('POST', '/data-tables', { name: 'Cards', columns: [], projectId: 'TEAM' });
		const names = async (filter: unknown) =>
			(
				await api('GET', `/data-tables?filter=${encodeURIComponent(JSON.stringify(filter))}`)
			).body.data.map((t: { name: string; projectId: string }) => `${t.name}@${t.projectId}`);
		expect(await names({ name: 'cards' })).toEqual([
			`Cards@${fake.projectId}`,
			`Old CARDS@${fake.projectId}`,
			'Cards@TEAM',
		]);
		expect(await names({ name: 'Cards', projectId: 'TEAM' })).toEqual(['Cards@TEAM']);
		expect((await api('GET', '/data-tables?filter=%7B%22owner%22%3A1%7D')).body).toEqual({
			message: 'Invalid filter fields',
		});
	});

	it('keeps names unique per project, also on rename', async () => {
		expect(
			(await api('POST', '/data-tables', { name: 'Cards', columns: [], projectId: 'TEAM' })).status,
		).toBe(201);
		expect(
			(await api('POST', '/data-tables', { name: 'Cards', columns: [], projectId: 'TEAM' })).status,
		).toBe(409);
		const other = await api('POST', '/data-tables', { name: 'Other', columns: [] });
		expect((await api('PATCH', `/data-tables/${other.body.id}`, { name: 'Cards' })).body).toEqual({
			message: "Data table with name 'Cards' already exists in this project",
		});
		expect(
			(await api('PATCH', `/data-tables/${other.body.id}`, { name: 'Renamed' })).body,
		).toMatchObject({ name: 'Renamed' });
	});

	it("answers a workflow's owning project, and 404 for unknown workflows", async () => {
		fake.workflowProjects.set('WF1', 'TEAM');
		expect((await api('GET', '/workflows/WF1')).body).toMatchObject({
			id: 'WF1',
			shared: [{ role: 'workflow:owner', projectId: 'TEAM' }],
		});
		expect(await api('GET', '/workflows/WF2')).toEqual({
			status: 404,
			body: { message: 'Not Found' },
		});
		fake.workflowProjects.clear();
	});

	it('pages with offset cursors', async () => {
		await api('POST', `/data-tables/${tableId}/rows`, {
			data: Array.from({ length: 7 }, (_, i) => ({ score: i })),
		});
		const first = await api('GET', `/data-tables/${tableId}/rows?limit=5`);
		expect(first.body.data).toHaveLength(5);
		const second = await api(
			'GET',
			`/data-tables/${tableId}/rows?cursor=${encodeURIComponent(first.body.nextCursor)}`,
		);
		expect(second.body).toEqual({
			data: [expect.objectContaining({ id: 6 }), expect.objectContaining({ id: 7 })],
			nextCursor: null,
		});
		expect((await api('GET', `/data-tables/${tableId}/rows?cursor=nonsense`)).body).toEqual({
			message: 'An invalid cursor was provided',
		});
		expect(fake.countCalls({ method: 'GET', path: '/rows' })).toBeGreaterThanOrEqual(3);
	});
});
