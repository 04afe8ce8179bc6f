// @ts-check
// The HTTP layer: routing, bearer auth, scopes, rate limits, injected faults, the request log, and turning
// ApiError into Calendly's error bodies.
'use strict';
const {
	ApiError,
	notFound,
	internalError,
	invalidArgument,
	defaultBodyFor,
	tooManyRequestsBody,
} = require('./errors');
const { authenticate, requireScope } = require('./auth');
const { handleOAuth } = require('./resources/oauth');
const { handleControl } = require('./control');

/** @type {Array<{ method: string, path: string, scope: string, handler: Function }>} */
const ROUTE_TABLE = [
	...require('./resources/users').routes,
	...require('./resources/organizations').routes,
	...require('./resources/groups').routes,
	...require('./resources/eventTypes').routes,
	...require('./resources/scheduledEvents').routes,
	...require('./resources/noShows').routes,
	...require('./resources/schedulingLinks').routes,
	...require('./resources/routingForms').routes,
	...require('./resources/contacts').routes,
	...require('./resources/meetingRecaps').routes,
	...require('./resources/webhookSubscriptions').routes,
	...require('./resources/sampleWebhookData').routes,
];

const ROUTES = ROUTE_TABLE.map((route) => ({
	...route,
	regex: new RegExp(`^${route.path.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`),
}));

/** Fields never written to the request log. */
const SECRET_FIELDS = new Set([
	'signing_key',
	'client_secret',
	'refresh_token',
	'access_token',
	'code',
	'code_verifier',
	'token',
	'password',
]);

/** @param {unknown} body */
function redact(body) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
	/** @type {Record<string, unknown>} */
	const copy = {};
	for (const [k, v] of Object.entries(body)) copy[k] = SECRET_FIELDS.has(k) ? '[redacted]' : v;
	return copy;
}

/** @param {import('node:http').IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
	return new Promise((resolve, reject) => {
		let text = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => {
			text += chunk;
		});
		req.on('end', () => resolve(text));
		req.on('error', reject);
	});
}

/** Parses a JSON or form body; undefined when empty, throws on bad JSON. */
function parseBody(/** @type {string} */ raw, /** @type {string | undefined} */ contentType) {
	if (raw === '') return undefined;
	if ((contentType || '').includes('application/x-www-form-urlencoded'))
		return Object.fromEntries(new URLSearchParams(raw));
	try {
		return JSON.parse(raw);
	} catch {
		throw invalidArgument([{ parameter: 'body', message: 'The request body is not valid JSON.' }]);
	}
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body JSON value, or a string sent as is
 * @param {Record<string, string>} headers
 */
function send(res, status, body, headers) {
	const text =
		body === undefined || status === 204
			? ''
			: typeof body === 'string'
				? body
				: JSON.stringify(body);
	res.writeHead(status, {
		...(text && typeof body !== 'string'
			? { 'Content-Type': 'application/json; charset=utf-8' }
			: {}),
		...headers,
		'Content-Length': String(Buffer.byteLength(text)),
	});
	res.end(text);
}

/**
 * Handles one request.
 * @param {import('./simulator').CalendlySimulator} sim
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function handleRequest(sim, req, res) {
	const method = (req.method || 'GET').toUpperCase();
	// Concatenate rather than resolve, so '//x' stays a path instead of becoming a host.
	const url = new URL(sim.baseUrl + (req.url || '/'));
	const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
	/** @type {Record<string, string>} */
	const query = Object.fromEntries(url.searchParams);
	const raw = await readBody(req);

	if (path.startsWith('/__sim/')) {
		const reply = await handleControl(sim, method, path, raw);
		return send(res, reply.status, reply.body, {});
	}

	/** @type {{ method: string, path: string, query: Record<string, string>, body: unknown, auth: string, user: string | null, status: number, fault: boolean, at: string }} */
	const entry = {
		method,
		path,
		query,
		body: undefined,
		auth: 'none',
		user: null,
		status: 0,
		fault: false,
		at: new Date().toISOString(),
	};
	sim.requests.push(entry);
	/** @type {import('./faults').FaultSpec | undefined} */
	let lateFault;
	const finish = async (
		/** @type {number} */ status,
		/** @type {unknown} */ body,
		/** @type {Record<string, string>} */ headers,
	) => {
		entry.status = status;
		// afterHandling: the request took effect, but the answer is late or lost (a crash or a network cut).
		if (lateFault?.delayMs) await new Promise((resolve) => setTimeout(resolve, lateFault?.delayMs));
		if (lateFault?.dropConnection || req.socket.destroyed) {
			req.socket.destroy();
			return;
		}
		send(res, status, body, headers);
	};

	let parsed;
	try {
		parsed = parseBody(raw, req.headers['content-type']);
		entry.body = redact(parsed);
	} catch {
		entry.body = '[unparseable body]';
	}

	const fault = sim.faults.take(method, path);
	if (fault?.afterHandling) {
		entry.fault = true;
		lateFault = fault;
	} else if (fault) {
		entry.fault = true;
		if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
		if (fault.dropConnection) {
			entry.status = -1;
			req.socket.destroy();
			return;
		}
		if (fault.status !== undefined) {
			const body = fault.body ?? defaultBodyFor(fault.status);
			return finish(fault.status, body, { ...sim.rateLimiter.peek(), ...(fault.headers || {}) });
		}
	}

	if (path.startsWith('/oauth/')) {
		if (method !== 'POST') return finish(404, notFound().body, {});
		const form =
			parsed && typeof parsed === 'object' ? /** @type {Record<string, string>} */ (parsed) : {};
		entry.auth = 'oauth-client';
		const reply = handleOAuth(sim, path, req.headers.authorization, form);
		return finish(reply.status, reply.body, { 'Cache-Control': 'no-store' });
	}

	let rateHeaders = sim.rateLimiter.peek();
	try {
		let params;
		const route = ROUTES.find((r) => {
			if (r.method !== method) return false;
			const match = r.regex.exec(path);
			if (match) params = { ...match.groups };
			return !!match;
		});
		if (req.headers.authorization) entry.auth = 'invalid';
		const token = authenticate(sim.store, req.headers.authorization, sim.now().getTime());
		entry.auth = token.kind;
		entry.user = sim.uri('users', token.userId);
		const rate = sim.rateLimiter.take(token.token, token.rateLimit);
		rateHeaders = rate.headers;
		if (rate.exceeded) return finish(429, tooManyRequestsBody(), rateHeaders);
		if (!route || !params) throw notFound();
		requireScope(token, route.scope);
		if (raw !== '' && parsed === undefined)
			throw invalidArgument([
				{ parameter: 'body', message: 'The request body is not valid JSON.' },
			]);
		const user = /** @type {import('./store').UserRecord} */ (sim.store.users.get(token.userId));
		const reply = await route.handler({
			sim,
			token,
			user,
			params,
			query,
			body: parsed,
			baseUrl: sim.baseUrl,
			path,
			method,
		});
		return finish(reply.status, reply.body, rateHeaders);
	} catch (error) {
		if (error instanceof ApiError)
			return finish(error.status, error.body, { ...rateHeaders, ...error.headers });
		sim.errors.push(error instanceof Error ? error : new Error(String(error)));
		return finish(500, internalError().body, rateHeaders);
	}
}

module.exports = { handleRequest };
