// n8n's HTTP APIs as the tests use them: /rest (the editor's API, as the logged-in owner) for the API
// key and the publication status, /api/v1 (the public API, with the key) for everything else.
import { OWNER } from './n8nProcess.mjs';
import { SUITE_N8N, n8nFeatures } from './n8nVersions.mjs';
import { waitFor } from './wait.mjs';

// Without `features` (an install's, see n8nVersions.mjs), the clients speak to the suite's n8n.
const SUITE_FEATURES = n8nFeatures(SUITE_N8N);

class HttpError extends Error {
	constructor(method, url, status, body) {
		super(
			`${method} ${url} answered ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`.slice(
				0,
				2000,
			),
		);
		this.status = status;
		this.body = body;
	}
}

async function request(method, url, { headers = {}, body, query } = {}) {
	const target = new URL(url);
	for (const [name, value] of Object.entries(query ?? {})) {
		if (value !== undefined)
			target.searchParams.set(name, typeof value === 'string' ? value : JSON.stringify(value));
	}
	const res = await fetch(target, {
		method,
		headers: {
			accept: 'application/json',
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			...headers,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let parsed = text;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		/* not JSON */
	}
	if (!res.ok) throw new HttpError(method, target.pathname + target.search, res.status, parsed);
	return { status: res.status, headers: res.headers, body: parsed };
}

// n8n ties the login cookie to this header when it is sent; send the same one every time.
const BROWSER_ID = 'calendly-cards-e2e';

/** Logs in as the owner and returns a small client for /rest. */
export async function loginOwner(baseUrl, features = SUITE_FEATURES) {
	const res = await request('POST', `${baseUrl}/rest/login`, {
		headers: { 'browser-id': BROWSER_ID },
		body: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
	});
	const cookie = (res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie')])
		.map((value) => String(value).split(';')[0])
		.find((value) => value.startsWith('n8n-auth='));
	if (!cookie) throw new Error('n8n answered /rest/login without an n8n-auth cookie');
	const headers = { cookie, 'browser-id': BROWSER_ID };
	const call = async (method, path, body) =>
		(await request(method, `${baseUrl}/rest${path}`, { headers, body })).body?.data;
	return {
		call,
		/** An API key with these scopes, by default every scope the owner may grant. */
		async createApiKey(label, scopes) {
			scopes ??= await call('GET', '/api-keys/scopes');
			const key = await call('POST', '/api-keys', { label, scopes, expiresAt: null });
			return key.rawApiKey;
		},
		publicationStatus: (workflowId) => call('GET', `/workflows/${workflowId}/publication-status`),
		/**
		 * Starts the workflow from `trigger` the way the editor's "Execute workflow" does; answers
		 * { executionId } (or { waitingForWebhook: true } for a trigger that waits for a test event).
		 */
		async runManually(workflowId, trigger) {
			const body = { triggerToStartFrom: { name: trigger } };
			if (features.manualRunTakesWorkflow)
				body.workflowData = await call('GET', `/workflows/${workflowId}`);
			return call('POST', `/workflows/${workflowId}/run`, body);
		},
	};
}

/** The public API, authenticated by an API key. */
export function publicApi(baseUrl, apiKey, features = SUITE_FEATURES) {
	const call = async (method, path, { body, query } = {}) =>
		(
			await request(method, `${baseUrl}/api/v1${path}`, {
				headers: { 'x-n8n-api-key': apiKey },
				body,
				query,
			})
		).body;

	/** Every page of a cursor-paginated list. */
	async function all(path, query = {}) {
		const items = [];
		let cursor;
		do {
			const page = await call('GET', path, { query: { ...query, limit: '250', cursor } });
			items.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return items;
	}

	const { publishRoute } = features;
	// HTTP Request may use the credential for any domain: what n8n assumes when the fields are left out.
	// allowedDomains must then be absent (the schema allows it only with 'domains'; see n8nVersions.mjs).
	const domainFields = features.credentialDomainFields ? { allowedHttpRequestDomains: 'all' } : {};

	return {
		call,
		all,
		features,
		createCredential: (name, type, data) =>
			call('POST', '/credentials', { body: { name, type, data: { ...domainFields, ...data } } }),
		createWorkflow: (workflow) => call('POST', '/workflows', { body: workflow }),
		getWorkflow: (id) => call('GET', `/workflows/${id}`),
		publish: (id) => call('POST', `/workflows/${id}/${publishRoute.on}`),
		unpublish: (id) => call('POST', `/workflows/${id}/${publishRoute.off}`),
		executions: (workflowId, { includeData = false } = {}) =>
			all('/executions', { workflowId, includeData: String(includeData) }),
		dataTables: () => all('/data-tables'),
		rows: (dataTableId) => all(`/data-tables/${dataTableId}/rows`),
		// Editing a board the way a person does in n8n's data-table screen.
		/** The table's columns in its order ({ id, name, type, index }). */
		columns: async (dataTableId) =>
			(await call('GET', `/data-tables/${dataTableId}/columns`)).sort((a, b) => a.index - b.index),
		/** Sets `data` on the row with this id (what typing into its cells does). */
		updateRow: (dataTableId, rowId, data) =>
			call('PATCH', `/data-tables/${dataTableId}/rows/update`, {
				body: {
					filter: { type: 'and', filters: [{ columnName: 'id', condition: 'eq', value: rowId }] },
					data,
					returnData: true,
				},
			}),
		/** Appended, or at `index` (n8n shifts the columns from there on). */
		addColumn: (dataTableId, name, type, index) =>
			call('POST', `/data-tables/${dataTableId}/columns`, {
				body: index === undefined ? { name, type } : { name, type, index },
			}),
		deleteColumn: (dataTableId, columnId) =>
			call('DELETE', `/data-tables/${dataTableId}/columns/${columnId}`),
		/** n8n 2.41's PATCH .../columns/{id} takes a new name and/or a zero-based index; a rename keeps the values. */
		renameColumn: (dataTableId, columnId, name) =>
			call('PATCH', `/data-tables/${dataTableId}/columns/${columnId}`, { body: { name } }),
		moveColumn: (dataTableId, columnId, index) =>
			call('PATCH', `/data-tables/${dataTableId}/columns/${columnId}`, { body: { index } }),
	};
}

/**
 * Publishes and waits until n8n reports every trigger of the workflow activated. n8n 2.41's publish call
 * returns before the webhook exists and does not fail when the trigger's activation does, so the
 * publication status (not the publish answer) tells whether the subscription was made. An n8n without
 * publication status (1.123, 2.20) activates before it answers, and answers 400 when activating fails.
 */
export async function publishAndWait(api, rest, workflowId, { timeoutMs = 60_000 } = {}) {
	const published = await api.publish(workflowId);
	if (!api.features.publicationStatus) return { status: 'published', workflow: published };
	return waitForPublicationStatus(rest, workflowId, 'published', { timeoutMs });
}

export async function waitForPublicationStatus(
	rest,
	workflowId,
	wanted,
	{ timeoutMs = 60_000 } = {},
) {
	let last;
	try {
		return await waitFor(
			`workflow ${workflowId} to be ${wanted}`,
			async () => {
				last = await rest.publicationStatus(workflowId);
				if (wanted !== 'failed' && last.status === 'failed')
					throw Object.assign(new Error('activation failed'), { final: true });
				return last.status === wanted ? last : false;
			},
			{ timeoutMs, intervalMs: 300 },
		);
	} catch {
		throw new Error(
			`Workflow ${workflowId} did not reach publication status "${wanted}": ${JSON.stringify(last)}`,
		);
	}
}
