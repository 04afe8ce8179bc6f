import type {
	IDataObject,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { CalendlyErrorBody } from '../calendly/types';
import {
	CALENDLY_API_BASE_URL,
	getCalendlyCredential,
	type CalendlyFunctions,
} from './credentials';
import { describeCalendlyError } from './errors';
import { networkCodeOf, networkProblem, retryDelayMs, type FailedAttempt } from './retry';

export interface CalendlyRequestOptions {
	/** The input item this call is for, so errors point at it. */
	itemIndex?: number;
}

interface HttpFailure extends FailedAttempt {
	body?: unknown;
}

/** What came back from n8n's request helper when a call failed, without anything secret. */
function failureOf(error: unknown, method: IHttpRequestMethods): HttpFailure {
	const err = error as {
		cause?: { response?: HttpResponseLike };
		response?: HttpResponseLike;
		httpCode?: string | null;
	};
	const response = err.cause?.response ?? err.response;
	if (response && typeof response.status === 'number') {
		return { method, status: response.status, headers: response.headers, body: response.data };
	}
	const code = networkCodeOf(error);
	const status = Number(err.httpCode);
	if (code === undefined && Number.isInteger(status) && status >= 100) return { method, status };
	return { method, networkCode: code };
}

interface HttpResponseLike {
	status?: number;
	headers?: Record<string, unknown>;
	data?: unknown;
}

function parseJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	if (body.trim() === '') return undefined;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

function isErrorBody(body: unknown): body is CalendlyErrorBody {
	return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/**
 * Calls the Calendly API through n8n's authenticated request helper (so OAuth2 tokens refresh), retrying
 * rate limits and transient failures a bounded number of times, and turning every failure into a
 * NodeApiError that says what went wrong in plain words. The token never appears in what it throws:
 * errors are rebuilt from the status and Calendly's body, never from the request.
 */
export async function calendlyApiRequest<T = IDataObject>(
	this: CalendlyFunctions,
	method: IHttpRequestMethods,
	endpoint: string,
	body?: IDataObject,
	qs?: IDataObject,
	options: CalendlyRequestOptions = {},
): Promise<T> {
	const credential = await getCalendlyCredential.call(this);
	const what = `${method} ${endpoint}`;
	for (let attempt = 0; ; attempt++) {
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, credential.type, {
				method,
				url: `${credential.baseUrl}${endpoint}`,
				qs,
				body,
				json: true,
				returnFullResponse: true,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			const failure = failureOf(error, method);
			// Neither an HTTP answer nor a network failure (e.g. an OAuth2 credential never connected):
			// retrying cannot help, and n8n's own message says what is wrong.
			if (failure.status === undefined && failure.networkCode === undefined) {
				throw new NodeOperationError(this.getNode(), error as Error, {
					itemIndex: options.itemIndex,
				});
			}
			const delay = retryDelayMs(failure, attempt);
			if (delay === null)
				throw calendlyError.call(this, failure, what, credential.baseUrl, options);
			this.logger.debug(
				`Calendly ${what} failed (${failure.status ?? failure.networkCode}); retry ${attempt + 1} in ${delay} ms`,
			);
			await sleep(delay);
			continue;
		}
		const parsed = parseJson(response.body);
		if (typeof parsed === 'string') {
			throw new NodeApiError(
				this.getNode(),
				{ status: response.statusCode, body: parsed.slice(0, 200) },
				{
					message: `Calendly's answer to ${what} is not JSON, so this is probably not the Calendly API.`,
					description: `Check the API Base URL in the credential (now ${credential.baseUrl}); it should be ${CALENDLY_API_BASE_URL}.`,
					httpCode: String(response.statusCode),
					itemIndex: options.itemIndex,
				},
			);
		}
		return parsed as T;
	}
}

function calendlyError(
	this: CalendlyFunctions,
	failure: HttpFailure,
	what: string,
	baseUrl: string,
	options: CalendlyRequestOptions,
): NodeApiError {
	if (failure.status === undefined) {
		// The raw code stays out of the message: NodeApiError swaps messages naming known codes for a generic one.
		return new NodeApiError(
			this.getNode(),
			{ networkError: failure.networkCode ?? 'unknown' },
			{
				message: `Could not reach Calendly at ${baseUrl} for ${what}, also after retries: ${networkProblem(failure.networkCode)}.`,
				description:
					'Check that n8n can reach the internet (or the API Base URL in the credential) and try again.',
				itemIndex: options.itemIndex,
			},
		);
	}
	const parsed = parseJson(failure.body);
	const body = isErrorBody(parsed) ? parsed : undefined;
	const { message, description } = describeCalendlyError(failure.status, body, what);
	const errorResponse: JsonObject = { status: failure.status };
	if (body?.title) errorResponse.title = body.title;
	if (body?.message) errorResponse.message = body.message;
	if (body?.details) errorResponse.details = body.details as unknown as JsonObject[];
	if (body?.required_scopes) errorResponse.required_scopes = body.required_scopes;
	return new NodeApiError(this.getNode(), errorResponse, {
		message,
		description,
		httpCode: String(failure.status),
		itemIndex: options.itemIndex,
	});
}

/**
 * Awaits a Calendly call and, when Calendly answered with `status`, returns `recover()` instead
 * (e.g. a DELETE that finds nothing, or a listing a member may not see). Any other failure propagates
 * unchanged.
 */
export async function recoverOnStatus<T, R>(
	request: Promise<T>,
	status: number,
	recover: () => R | Promise<R>,
): Promise<T | R> {
	return await request.catch(async (error: unknown) => {
		if (error instanceof NodeApiError && error.httpCode === String(status)) return await recover();
		return await Promise.reject(error);
	});
}
