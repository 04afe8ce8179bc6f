// The one retry policy, as the Calendly transport and the data-table client both apply it.
import { DataTableClient } from '../../nodes/CalendlyToCard/board/dataTableClient';
import { N8nApiError, type ApiTransport } from '../../nodes/shared/transport/n8nApi';
import { retryDelayMs } from '../../nodes/shared/transport/retry';

describe('retryDelayMs', () => {
	it('waits for the rate-limit reset on 429, for every method', () => {
		for (const method of ['GET', 'POST', 'PATCH', 'DELETE'] as const) {
			expect(retryDelayMs({ method, status: 429, headers: { 'X-RateLimit-Reset': '2' } }, 0)).toBe(
				2000,
			);
		}
	});

	it('prefers Retry-After over X-RateLimit-Reset', () => {
		expect(
			retryDelayMs(
				{ method: 'GET', status: 429, headers: { 'retry-after': '1', 'x-ratelimit-reset': '40' } },
				0,
			),
		).toBe(1000);
	});

	it('assumes a one-minute window when a 429 names no reset', () => {
		expect(retryDelayMs({ method: 'GET', status: 429, headers: {} }, 0)).toBe(60_000);
		expect(retryDelayMs({ method: 'GET', status: 429, headers: { 'Retry-After': '' } }, 0)).toBe(
			60_000,
		);
	});

	it('gives up on a 429 whose reset is too far away instead of hanging', () => {
		expect(
			retryDelayMs({ method: 'GET', status: 429, headers: { 'x-ratelimit-reset': '3600' } }, 0),
		).toBeNull();
	});

	it('backs off on 5xx for reads and deletes, growing each time', () => {
		const delays = [0, 1, 2].map((attempt) =>
			retryDelayMs({ method: 'GET', status: 500 }, attempt),
		);
		expect(delays.every((d) => typeof d === 'number' && d > 0)).toBe(true);
		expect(delays[0]!).toBeLessThan(delays[1]!);
		expect(delays[1]!).toBeLessThan(delays[2]!);
		expect(retryDelayMs({ method: 'DELETE', status: 502 }, 0)).not.toBeNull();
	});

	it('stops after three retries', () => {
		expect(retryDelayMs({ method: 'GET', status: 500 }, 2)).not.toBeNull();
		expect(retryDelayMs({ method: 'GET', status: 500 }, 3)).toBeNull();
		expect(
			retryDelayMs({ method: 'GET', status: 429, headers: { 'x-ratelimit-reset': '1' } }, 3),
		).toBeNull();
	});

	it('never repeats a write the server may have carried out', () => {
		for (const method of ['POST', 'PATCH'] as const) {
			expect(retryDelayMs({ method, status: 500 }, 0)).toBeNull();
			expect(retryDelayMs({ method, networkCode: 'ECONNRESET' }, 0)).toBeNull();
			expect(retryDelayMs({ method, networkCode: 'ETIMEDOUT' }, 0)).toBeNull();
		}
	});

	it('repeats a write the server certainly did not carry out', () => {
		expect(retryDelayMs({ method: 'POST', status: 503 }, 0)).not.toBeNull();
		expect(retryDelayMs({ method: 'PATCH', status: 503 }, 0)).not.toBeNull();
		expect(retryDelayMs({ method: 'POST', networkCode: 'ECONNREFUSED' }, 0)).not.toBeNull();
	});

	it('does not retry client errors, nor a failure that is neither an answer nor a network error', () => {
		for (const status of [400, 401, 403, 404, 409]) {
			expect(retryDelayMs({ method: 'GET', status }, 0)).toBeNull();
		}
		expect(retryDelayMs({ method: 'GET' }, 0)).toBeNull();
	});

	it('retries network failures of reads', () => {
		expect(retryDelayMs({ method: 'GET', networkCode: 'ECONNRESET' }, 0)).not.toBeNull();
	});
});

describe('the data-table client follows the same policy', () => {
	type Step =
		{ status: number; body?: unknown; headers?: Record<string, unknown> } | { networkCode: string };

	/** A transport that answers each call with the next scripted step, and records the calls. */
	function scripted(steps: Step[]) {
		const calls: string[] = [];
		const transport: ApiTransport = async (method, path) => {
			calls.push(`${method} ${path}`);
			const step = steps.shift() ?? { status: 200, body: [] };
			if ('networkCode' in step) {
				throw new N8nApiError(
					`network: ${step.networkCode}`,
					0,
					step.networkCode,
					step.networkCode,
				);
			}
			return { status: step.status, body: step.body ?? [], headers: step.headers };
		};
		return { calls, client: new DataTableClient(transport) };
	}
	const filter = {
		type: 'and' as const,
		filters: [{ columnName: 'email', condition: 'eq' as const, value: 'ann@example.com' }],
	};

	it('retries a read after a 500 and after a reset connection', async () => {
		const { calls, client } = scripted([
			{ status: 500, body: { message: 'boom' } },
			{ networkCode: 'ECONNRESET' },
			{ status: 200, body: { data: [{ id: 1 }], nextCursor: null } },
		]);
		await expect(client.findRows('t1', filter)).resolves.toEqual([{ id: 1 }]);
		expect(calls).toHaveLength(3);
		expect(client.calls).toBe(3);
	});

	it('waits as long as a 429 says before retrying', async () => {
		const { calls, client } = scripted([
			{ status: 429, headers: { 'Retry-After': '0' } },
			{ status: 200, body: [{ id: 7 }] },
		]);
		await expect(client.insertRow('t1', { email: 'ann@example.com' })).resolves.toEqual({ id: 7 });
		expect(calls).toEqual(['POST /data-tables/t1/rows', 'POST /data-tables/t1/rows']);
	});

	it('does not repeat an insert whose connection broke after it was sent', async () => {
		const { calls, client } = scripted([{ networkCode: 'ECONNRESET' }]);
		await expect(client.insertRow('t1', { email: 'ann@example.com' })).rejects.toThrow(
			'network: ECONNRESET',
		);
		expect(calls).toHaveLength(1);
	});

	it('does not repeat an insert n8n answered with a 500, and says what n8n said', async () => {
		const { calls, client } = scripted([
			{ status: 500, body: { message: 'Data table size limit exceeded' } },
		]);
		await expect(client.insertRow('t1', { email: 'ann@example.com' })).rejects.toThrow(
			/n8n said: "Data table size limit exceeded"/,
		);
		expect(calls).toHaveLength(1);
	});
});
