import type { IHttpRequestMethods } from 'n8n-workflow';

/** How many times one Calendly call is retried after a 429, a 5xx or a network failure. */
export const MAX_RETRIES = 3;

/** Backoff before retry n (0-based) after a 5xx or a network failure. */
const BACKOFF_MS = [250, 1000, 3000];

/** Longest wait for a rate-limit window to reset before giving up with a clear error. */
export const MAX_RATE_LIMIT_WAIT_MS = 65_000;

/** Network failures where the request certainly never reached Calendly. */
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

/** Milliseconds until Calendly's rate-limit window resets, from Retry-After or X-RateLimit-Reset (both in seconds). */
export function rateLimitWaitMs(headers: Record<string, unknown> | undefined): number {
	for (const name of ['retry-after', 'x-ratelimit-reset']) {
		const seconds = Number(header(headers, name));
		if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
	}
	return 60_000;
}

/**
 * Whether and how long to wait before retrying a failed Calendly call (attempt is 0-based).
 * Returns null when the failure is final. A POST is only repeated when Calendly certainly did not act on
 * it (429, 503, or a connection that never opened): Calendly has no idempotency keys, so repeating a
 * POST that may have succeeded could, say, cancel twice or create a second webhook subscription.
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
	if (idempotent || NOT_SENT_CODES.has(failure.networkCode ?? '')) return BACKOFF_MS[attempt];
	return null;
}
