// The one retry policy of this package, for Calendly's API and for n8n's public API alike: which
// failures are tried again, how often, and how long to wait in between.
import type { IHttpRequestMethods } from 'n8n-workflow';

/** How many times one call is retried after a 429, a 5xx or a network failure. */
const MAX_RETRIES = 3;

/** Backoff before retry n (0-based) after a 5xx or a network failure. */
const BACKOFF_MS = [250, 1000, 3000];

/** Longest wait for a rate-limit window to reset before giving up with a clear error. */
const MAX_RATE_LIMIT_WAIT_MS = 65_000;

/**
 * The window assumed when a 429 names no reset: Calendly counts its limits per user and minute
 * (500 requests on paid plans, 50 on Free) and sends X-RateLimit-Reset with every 429.
 */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** Network failures where the request certainly never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export interface FailedAttempt {
	method: IHttpRequestMethods;
	/** HTTP status, or undefined when no response came back. */
	status?: number;
	headers?: Record<string, unknown>;
	/** Node's error code for network failures (ECONNRESET, ETIMEDOUT, ...). */
	networkCode?: string;
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return value === undefined || value === null ? undefined : String(value);
}

/** Milliseconds until the rate-limit window resets, from Retry-After or X-RateLimit-Reset (both in seconds). */
function rateLimitWaitMs(headers: Record<string, unknown> | undefined): number {
	for (const name of ['retry-after', 'x-ratelimit-reset']) {
		const value = header(headers, name);
		const seconds = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
		if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
	}
	return DEFAULT_RATE_LIMIT_WAIT_MS;
}

/**
 * Whether and how long to wait before retrying a failed call (attempt is 0-based); null when the
 * failure is final. A POST or PATCH is only repeated when the server certainly did not act on it (429,
 * 503, or a connection that never opened): neither Calendly nor n8n's API has idempotency keys, so
 * repeating a write that may have succeeded could, say, cancel twice or insert a second card. A failure
 * with neither a status nor a network code (e.g. an OAuth2 credential never connected) is final too.
 */
export function retryDelayMs(failure: FailedAttempt, attempt: number): number | null {
	if (attempt >= MAX_RETRIES) return null;
	const idempotent = failure.method !== 'POST' && failure.method !== 'PATCH';
	if (failure.status === 429) {
		const wait = rateLimitWaitMs(failure.headers);
		return wait <= MAX_RATE_LIMIT_WAIT_MS ? wait : null;
	}
	if (failure.status !== undefined) {
		if (failure.status < 500) return null;
		return idempotent || failure.status === 503 ? BACKOFF_MS[attempt] : null;
	}
	if (failure.networkCode === undefined) return null;
	if (idempotent || NOT_SENT_CODES.has(failure.networkCode)) return BACKOFF_MS[attempt];
	return null;
}

/** Node's code of a network failure, as n8n's request helper passes it on (on the error or its cause). */
export function networkCodeOf(error: unknown): string | undefined {
	const err = error as { code?: unknown; cause?: { code?: unknown } } | null | undefined;
	const code = err?.cause?.code ?? err?.code;
	return typeof code === 'string' && code !== '' ? code : undefined;
}

/** A network failure in plain words. */
export function networkProblem(code: string | undefined): string {
	switch (code) {
		case 'ECONNREFUSED':
			return 'the connection was refused';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'the host name could not be resolved';
		case 'ECONNRESET':
			return 'the connection was reset';
		case 'ETIMEDOUT':
		case 'ECONNABORTED':
		case 'ESOCKETTIMEDOUT':
			return 'the request timed out';
		default:
			return 'the network request failed';
	}
}
