// This n8n's public API (/api/v1), reached with the n8n API credential: the one transport and the one
// retrying call behind the card node's data tables and the action node's Check Triggers.
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { hash } from 'crypto';

import { networkCodeOf, networkProblem, retryDelayMs, type FailedAttempt } from './retry';

/** The credential that holds the n8n instance URL and an API key (header X-N8N-API-KEY). */
const N8N_API_CREDENTIAL = 'calendlyCardsN8nApi';

/**
 * What went wrong talking to n8n's API; `status` is 0 when n8n could not be reached at all, and `code`
 * then holds Node's code of the network failure.
 */
export class N8nApiError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly apiMessage: string,
		readonly code?: string,
	) {
		super(message);
		this.name = 'N8nApiError';
	}
}

/** What n8n said in an error answer (its `message`, or a text body), and that as a sentence for our messages. */
export function n8nSaid(body: unknown): { apiMessage: string; said: string } {
	const apiMessage =
		typeof body === 'object' &&
		body !== null &&
		typeof (body as { message?: unknown }).message === 'string'
			? (body as { message: string }).message
			: typeof body === 'string'
				? body
				: '';
	return { apiMessage, said: apiMessage ? ` n8n said: "${apiMessage}".` : '' };
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs `run` and reports its outcome, so callers can decide about a failure outside a catch block. */
export async function attempt<T>(run: () => Promise<T>): Promise<Attempt<T>> {
	try {
		return { ok: true, value: await run() };
	} catch (error) {
		return { ok: false, error };
	}
}

/** One HTTP round trip to n8n's public API; `path` starts after /api/v1. */
export type ApiTransport = (
	method: IHttpRequestMethods,
	path: string,
	options?: { qs?: IDataObject; body?: IDataObject },
) => Promise<ApiResponse>;

export interface ApiResponse {
	status: number;
	body: unknown;
	/** Read for Retry-After on a 429. */
	headers?: Record<string, unknown>;
}

/**
 * The transport of a node: n8n's authenticated request helper with the n8n API credential.
 * `connectionKey` tells credentials apart (the URL and a hash of the key, never the key itself), so
 * what was learnt with one key is not reused with another that may see other projects.
 */
export async function nodeTransport(
	context: IExecuteFunctions | ILoadOptionsFunctions,
): Promise<{ transport: ApiTransport; baseUrl: string; connectionKey: string }> {
	const credentials = await context.getCredentials<{ baseUrl?: string; apiKey?: string }>(
		N8N_API_CREDENTIAL,
	);
	const baseUrl = String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api\/v1$/, '');
	if (!/^https?:\/\/[^/]/.test(baseUrl)) {
		throw new N8nApiError(
			`The n8n API credential's Base URL "${baseUrl}" is not an http(s) URL: set it to the address of this n8n, e.g. http://localhost:5678`,
			0,
			'',
		);
	}
	const transport: ApiTransport = async (method, path, options = {}) => {
		const request: IHttpRequestOptions = {
			method,
			url: `${baseUrl}/api/v1${path}`,
			qs: options.qs,
			body: options.body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		const sent = await attempt(
			async () =>
				(await context.helpers.httpRequestWithAuthentication.call(
					context,
					N8N_API_CREDENTIAL,
					request,
				)) as {
					statusCode: number;
					body: unknown;
					headers?: Record<string, unknown>;
				},
		);
		if (sent.ok)
			return { status: sent.value.statusCode, body: sent.value.body, headers: sent.value.headers };
		const code = networkCodeOf(sent.error);
		throw new N8nApiError(
			`Could not reach n8n's API at ${baseUrl}: ${networkProblem(code)}. Check the n8n API credential's Base URL and that the public API is enabled (N8N_PUBLIC_API_DISABLED is not true).`,
			0,
			code ?? '',
			code,
		);
	};
	const connectionKey = `${baseUrl}|${hash('sha256', String(credentials.apiKey ?? ''), 'hex').slice(0, 16)}`;
	return { transport, baseUrl, connectionKey };
}

/**
 * One call to n8n's public API through `transport`, retried by the package's one retry policy
 * (`retryDelayMs`): it answers the last response (a failed status included, for the caller to word) or
 * throws the last network failure. Every client of n8n's API goes through here.
 */
export async function callWithRetry(
	transport: ApiTransport,
	method: IHttpRequestMethods,
	path: string,
	options: { qs?: IDataObject; body?: IDataObject } = {},
): Promise<ApiResponse> {
	for (let retry = 0; ; retry++) {
		const sent = await attempt(async () => await transport(method, path, options));
		const failure: FailedAttempt = sent.ok
			? { method, status: sent.value.status, headers: sent.value.headers }
			: { method, networkCode: networkCodeOf(sent.error) };
		const delay = retryDelayMs(failure, retry);
		if (delay === null) {
			if (sent.ok) return sent.value;
			throw sent.error;
		}
		await sleep(delay);
	}
}
