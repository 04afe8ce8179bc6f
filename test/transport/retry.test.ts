import { MAX_RETRIES, rateLimitWaitMs, retryDelayMs } from '../../nodes/shared/transport';

describe('retryDelayMs', () => {
	it('waits for the rate-limit reset on 429, for every method', () => {
		for (const method of ['GET', 'POST', 'DELETE'] as const) {
			expect(retryDelayMs({ method, status: 429, headers: { 'X-RateLimit-Reset': '2' } }, 0)).toBe(2000);
		}
	});

	it('prefers Retry-After over X-RateLimit-Reset', () => {
		expect(rateLimitWaitMs({ 'retry-after': '1', 'x-ratelimit-reset': '40' })).toBe(1000);
	});

	it('assumes a one-minute window when Calendly sends neither header', () => {
		expect(rateLimitWaitMs({})).toBe(60_000);
	});

	it('gives up on a 429 whose reset is too far away instead of hanging', () => {
		expect(retryDelayMs({ method: 'GET', status: 429, headers: { 'x-ratelimit-reset': '3600' } }, 0)).toBeNull();
	});

	it('backs off on 5xx for reads and deletes, growing each time', () => {
		const delays = [0, 1, 2].map((attempt) => retryDelayMs({ method: 'GET', status: 500 }, attempt));
		expect(delays.every((d) => typeof d === 'number' && d > 0)).toBe(true);
		expect(delays[0]!).toBeLessThan(delays[1]!);
		expect(delays[1]!).toBeLessThan(delays[2]!);
		expect(retryDelayMs({ method: 'DELETE', status: 502 }, 0)).not.toBeNull();
	});

	it('stops after MAX_RETRIES', () => {
		expect(retryDelayMs({ method: 'GET', status: 500 }, MAX_RETRIES)).toBeNull();
		expect(retryDelayMs({ method: 'GET', status: 429, headers: { 'x-ratelimit-reset': '1' } }, MAX_RETRIES)).toBeNull();
	});

	it('never repeats a POST that Calendly may have carried out', () => {
		expect(retryDelayMs({ method: 'POST', status: 500 }, 0)).toBeNull();
		expect(retryDelayMs({ method: 'POST', networkCode: 'ECONNRESET' }, 0)).toBeNull();
		expect(retryDelayMs({ method: 'POST', networkCode: 'ETIMEDOUT' }, 0)).toBeNull();
	});

	it('repeats a POST that Calendly certainly did not carry out', () => {
		expect(retryDelayMs({ method: 'POST', status: 503 }, 0)).not.toBeNull();
		expect(retryDelayMs({ method: 'POST', networkCode: 'ECONNREFUSED' }, 0)).not.toBeNull();
	});

	it('does not retry client errors', () => {
		for (const status of [400, 401, 403, 404, 409]) {
			expect(retryDelayMs({ method: 'GET', status }, 0)).toBeNull();
		}
	});

	it('retries network failures of reads', () => {
		expect(retryDelayMs({ method: 'GET', networkCode: 'ECONNRESET' }, 0)).not.toBeNull();
	});
});
