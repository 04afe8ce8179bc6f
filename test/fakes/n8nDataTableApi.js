'use strict';
// An HTTP stand-in for n8n 2.41's public data-table API (/api/v1/data-tables...), written from n8n's
// own handlers, DTOs and DataTableService: the same routes, status codes, error messages, filter
// semantics (string eq is case-sensitive, like/ilike wrap the value in % unless it has one, isEmpty
// matches null or ''), no unique constraints, upsert = update matching rows else insert, offset
// cursors, system columns id/createdAt/updatedAt. Tables live in projects: names are unique per
// project, a table created without projectId goes to the key owner's personal project, and the list's
// name filter is n8n's LOWER(name) LIKE '%name%' (a case-insensitive substring match) across every
// project. GET /workflows/{id} answers the workflow's owning project (shared[].projectId) for
// workflows registered in `workflowProjects`. Every request is logged in `calls`.
// Workflows added with addWorkflow() are served as n8n 2.41.1's workflow routes do (openapi.yml and
// WorkflowsPublicController): GET /workflows (filter `active`, offset cursors, limit ≤ 250, each with
// nodes, staticData, activeVersionId and activeVersion {versionId, nodes}), GET /workflows/{id},
// POST /workflows/{id}/publish ({versionId}; without it the latest version, i.e. the draft) and
// /unpublish, and their deprecated aliases /activate and /deactivate. Like n8n's publication service,
// publish and unpublish answer first and apply afterwards: the hooks onPublish/onUnpublish (where a test
// runs the trigger's webhook methods) run in order after the response; settled() waits for them.
// With `apiKeyScopes` set, workflow routes answer 403 {"message":"Forbidden"} without their scope
// (workflow:list, workflow:read, workflow:activate, workflow:deactivate), as n8n does for API keys, and
// so does PATCH /data-tables/{id}/columns/{columnId} (rename or move a column) without dataTableColumn:update.
// `paths` are the routes served: a test takes some away to stand in for an older n8n, whose missing routes
// answer 404 {"message":"not found"} as n8n's request validator does. With `publicApiDisabled` every
// /api/v1 request answers 401 {"message":"unauthorized"}, as n8n 2.41.1 with N8N_PUBLIC_API_DISABLED=true
// does (it still routes the public API but accepts no key).
const http = require('node:http');
const crypto = require('node:crypto');

const COLUMN_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const COLUMN_ERROR =
	'Only alphabetical characters and non-leading numbers and underscores are allowed for column names, and the maximum length is 63 characters.';
const SYSTEM_COLUMNS = { id: 'number', createdAt: 'date', updatedAt: 'date' };
const CONDITIONS = [
	'eq',
	'neq',
	'like',
	'ilike',
	'gt',
	'gte',
	'lt',
	'lte',
	'isEmpty',
	'isNotEmpty',
];
const BODY_CONDITIONS = ['eq', 'neq', 'like', 'ilike', 'gt', 'gte', 'lt', 'lte'];
const MAX_LIMIT = 250;
/** Every route served, as n8n 2.41.1's API description (openapi.yml) names them. */
const PATHS = [
	'/workflows',
	'/workflows/{id}',
	'/workflows/{id}/publish',
	'/workflows/{id}/unpublish',
	'/workflows/{id}/activate',
	'/workflows/{id}/deactivate',
	'/data-tables',
	'/data-tables/{dataTableId}',
	'/data-tables/{dataTableId}/rows',
	'/data-tables/{dataTableId}/rows/update',
	'/data-tables/{dataTableId}/rows/upsert',
	'/data-tables/{dataTableId}/rows/delete',
	'/data-tables/{dataTableId}/rows/clear',
	'/data-tables/{dataTableId}/columns',
	'/data-tables/{dataTableId}/columns/{columnId}',
];

/** The description's route for a request path's segments: ids become the names n8n's description gives them. */
function templateOf(parts) {
	const names =
		parts[0] === 'workflows'
			? ['{id}']
			: ['{dataTableId}', null, parts[2] === 'columns' ? '{columnId}' : null];
	return '/' + parts.map((part, i) => (i > 0 && names[i - 1] ? names[i - 1] : part)).join('/');
}

class HttpError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}
const validation = (msg) => new HttpError(400, `Validation error with data table request: ${msg}`);
const nanoid = () =>
	crypto
		.randomBytes(12)
		.toString('base64')
		.replace(/[^a-zA-Z0-9]/g, '')
		.padEnd(16, 'x')
		.slice(0, 16);
const isValidColumnName = (name) =>
	typeof name === 'string' && name.length <= 63 && COLUMN_NAME.test(name);

function decodeCursor(cursor) {
	try {
		const decoded = JSON.parse(Buffer.from(cursor, 'base64').toString());
		if (typeof decoded.offset !== 'number') throw new Error('no offset');
		return decoded;
	} catch {
		throw new HttpError(400, 'An invalid cursor was provided');
	}
}
const encodeCursor = (offset, limit, total) =>
	total > offset + limit
		? Buffer.from(JSON.stringify({ limit, offset: offset + limit })).toString('base64')
		: null;

function pagination(query) {
	if (query.cursor) {
		const { offset, limit } = decodeCursor(query.cursor);
		return { offset, limit };
	}
	const parse = (value, name, fallback) => {
		if (value === undefined || value === '') return fallback;
		const n = parseInt(value, 10);
		if (Number.isNaN(n)) throw new HttpError(400, `Param \`${name}\` must be a valid integer`);
		if (n < 0) throw new HttpError(400, `Param \`${name}\` must be a non-negative integer`);
		return n;
	};
	return {
		offset: parse(query.offset, 'offset', 0),
		limit: Math.min(parse(query.limit, 'limit', 100), MAX_LIMIT),
	};
}

/** Converts a cell like n8n's validateFieldType(strict: false, parseStrings: false) and its storage. */
function toCell(value, name, type) {
	if (value === null) return null;
	const fail = (detail) =>
		validation(`value '${String(value)}' does not match column type '${type}': ${detail}`);
	switch (type) {
		case 'string':
			if (typeof value === 'object') throw fail(`'${name}' expects a string but we got an object`);
			return String(value); // SQLite text affinity stores numbers and booleans as text
		case 'number': {
			const n = Number(value);
			if (Number.isNaN(n) || typeof value === 'object')
				throw fail(`'${name}' expects a number but we got ${JSON.stringify(value)}`);
			return n;
		}
		case 'boolean':
			if (typeof value === 'boolean') return value;
			if (typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase()))
				return value.toLowerCase() === 'true';
			if (
				!(typeof value === 'string' && value.trim() === '') &&
				(Number(value) === 0 || Number(value) === 1)
			)
				return Number(value) === 1;
			throw fail(`'${name}' expects a boolean but we got ${JSON.stringify(value)}`);
		case 'date': {
			const ms = typeof value === 'number' ? value : Date.parse(String(value));
			if (Number.isNaN(ms) || typeof value === 'boolean')
				throw fail(`'${name}' expects a dateTime but we got ${JSON.stringify(value)}`);
			return new Date(ms).toISOString();
		}
		default:
			return value;
	}
}

/** `underscore`: SQL LIKE's _ (any one character), which the data-table name filter does not escape. */
function likeToRegExp(pattern, flags, underscore = false) {
	let escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*'); // n8n escapes _ (ilike) and GLOB has no _ wildcard (like)
	if (underscore) escaped = escaped.replace(/_/g, '.');
	return new RegExp(`^${escaped}$`, flags);
}

function compileFilter(filter, columns) {
	const types = { ...SYSTEM_COLUMNS, ...Object.fromEntries(columns.map((c) => [c.name, c.type])) };
	const tests = filter.filters.map((f) => {
		if (!(f.columnName in types)) throw validation(`unknown column name '${f.columnName}'`);
		const type = types[f.columnName];
		let condition = f.condition;
		let value =
			f.value === null
				? null
				: f.columnName === 'id'
					? Number(f.value)
					: toCell(f.value, f.columnName, type);
		if (type !== 'string' && (condition === 'isEmpty' || condition === 'isNotEmpty')) {
			condition = condition === 'isEmpty' ? 'eq' : 'neq';
			value = null;
		}
		if (condition === 'like' || condition === 'ilike') {
			if (value === null || value === undefined)
				throw validation(`${condition.toUpperCase()} filter value cannot be null or undefined`);
			if (typeof value !== 'string')
				throw validation(`${condition.toUpperCase()} filter value must be a string`);
			if (!value.includes('%')) value = `%${value}%`;
		}
		if (['gt', 'gte', 'lt', 'lte'].includes(condition) && (value === null || value === undefined)) {
			throw validation(`${condition.toUpperCase()} filter value cannot be null or undefined`);
		}
		const column = f.columnName;
		switch (condition) {
			case 'isEmpty':
				return (row) => row[column] === null || row[column] === '';
			case 'isNotEmpty':
				return (row) => row[column] !== null && row[column] !== '';
			case 'eq':
				return value === null
					? (row) => row[column] === null
					: (row) => row[column] !== null && row[column] === value;
			case 'neq':
				return value === null
					? (row) => row[column] !== null
					: (row) => row[column] === null || row[column] !== value;
			case 'gt':
				return (row) => row[column] !== null && row[column] > value;
			case 'gte':
				return (row) => row[column] !== null && row[column] >= value;
			case 'lt':
				return (row) => row[column] !== null && row[column] < value;
			case 'lte':
				return (row) => row[column] !== null && row[column] <= value;
			case 'like': {
				const re = likeToRegExp(value, 's'); // SQLite GLOB: case-sensitive
				return (row) => row[column] !== null && re.test(String(row[column]));
			}
			case 'ilike': {
				const re = likeToRegExp(value, 'is');
				return (row) => row[column] !== null && re.test(String(row[column]));
			}
			default:
				throw new Error(`Unsupported filter condition: ${condition}`);
		}
	});
	if (tests.length === 0) return () => true;
	return filter.type === 'or'
		? (row) => tests.some((t) => t(row))
		: (row) => tests.every((t) => t(row));
}

/** Parses a filter given as a query string, as n8n's DTOs do. */
function parseQueryFilter(raw) {
	if (raw === undefined || raw === '') return undefined;
	let parsed;
	try {
		parsed = JSON.parse(raw);
	} catch {
		throw new HttpError(400, 'Invalid filter format');
	}
	return checkFilterShape(parsed, CONDITIONS, 'Invalid filter fields');
}

function checkFilterShape(parsed, conditions, message, prefix) {
	const bad = (detail) => new HttpError(400, prefix ? `${prefix}${detail}` : message);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
		throw bad(' must be object');
	const type = parsed.type ?? 'and';
	if (type !== 'and' && type !== 'or')
		throw bad('/type must be equal to one of the allowed values: and, or');
	const filters = parsed.filters ?? [];
	if (!Array.isArray(filters)) throw bad('/filters must be array');
	filters.forEach((f, i) => {
		if (typeof f !== 'object' || f === null) throw bad(`/filters/${i} must be object`);
		if (!isValidColumnName(f.columnName)) throw bad(`/filters/${i}/columnName is invalid`);
		const condition = f.condition ?? 'eq';
		if (!conditions.includes(condition)) {
			throw bad(
				`/filters/${i}/condition must be equal to one of the allowed values: ${conditions.join(', ')}`,
			);
		}
		if (!('value' in f)) throw bad(`/filters/${i} must have required property 'value'`);
		f.condition = condition;
	});
	return { type, filters };
}

class FakeN8nDataTableApi {
	constructor({ apiKey = 'test-n8n-api-key', projectId = 'PROJECT0000000001' } = {}) {
		this.apiKey = apiKey;
		this.projectId = projectId;
		this.tables = new Map();
		/** Workflow id -> id of the project that owns it, for GET /workflows/{id}. */
		this.workflowProjects = new Map();
		/** Workflows served by the workflow routes (see addWorkflow). */
		this.workflows = new Map();
		/** null: every scope; else the API key's scopes (checked on workflow routes and on moving or renaming a column). */
		this.apiKeyScopes = null;
		/** Called after publish/unpublish answered, in order: (workflow) => Promise|void. */
		this.onPublish = null;
		this.onUnpublish = null;
		this.pending = Promise.resolve();
		/** Errors thrown by the hooks (n8n would log them and mark the trigger as failed). */
		this.hookErrors = [];
		this.nextWorkflowId = 1;
		this.calls = [];
		this.faults = [];
		/** The routes served (see PATHS). */
		this.paths = [...PATHS];
		this.publicApiDisabled = false;
		this.server = null;
		this.baseUrl = '';
	}

	async start() {
		this.server = http.createServer((req, res) => this.handle(req, res));
		await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${this.server.address().port}`;
		return this.baseUrl;
	}

	async stop() {
		if (!this.server) return;
		this.server.closeAllConnections?.();
		await new Promise((resolve) => this.server.close(resolve));
		this.server = null;
	}

	/** Makes the next `times` requests matching method and path (a substring or RegExp) answer `status` with `body`. */
	injectFault({ method, path, status, body = { message: 'Internal server error' }, times = 1 }) {
		this.faults.push({ method, path, status, body, times });
	}

	clearFaults() {
		this.faults = [];
	}

	/** Calls whose path contains `fragment` (and method, when given). */
	countCalls(filter = {}) {
		return this.calls.filter(
			(call) =>
				(!filter.method || call.method === filter.method) &&
				(!filter.path || call.path.includes(filter.path)),
		).length;
	}

	resetCalls() {
		this.calls = [];
	}

	/** Test helpers that bypass HTTP. */
	createTable(name, columns = [], projectId = undefined) {
		return this.createTableInternal({ name, columns, projectId });
	}

	rows(tableId) {
		return this.table(tableId).rows.map((row) => ({ ...row }));
	}

	tableByName(name) {
		return [...this.tables.values()].find((t) => t.name === name) ?? null;
	}

	/** Adds a workflow; `active` publishes its (only) version. Nodes are kept as given. */
	addWorkflow({
		name = 'Workflow',
		nodes = [],
		active = false,
		staticData = null,
		projectId = this.projectId,
		id,
	} = {}) {
		const workflowId = id ?? `wf${String(this.nextWorkflowId++).padStart(14, '0')}`;
		const versionId = crypto.randomUUID();
		const now = new Date().toISOString();
		const workflow = {
			id: workflowId,
			name,
			nodes,
			connections: {},
			versionId,
			versions: new Map([
				[versionId, { versionId, nodes: structuredClone(nodes), connections: {} }],
			]),
			active,
			activeVersionId: active ? versionId : null,
			isArchived: false,
			staticData,
			projectId,
			createdAt: now,
			updatedAt: now,
		};
		this.workflows.set(workflowId, workflow);
		this.workflowProjects.set(workflowId, projectId);
		return workflow;
	}

	/** Saves a new draft version of a workflow (what editing in n8n does); the published version stays. */
	saveDraft(workflowId, nodes) {
		const workflow = this.workflows.get(workflowId);
		const versionId = crypto.randomUUID();
		workflow.versions.set(versionId, { versionId, nodes: structuredClone(nodes), connections: {} });
		workflow.versionId = versionId;
		workflow.nodes = nodes;
		return versionId;
	}

	/** Resolves when every publish/unpublish hook queued so far has run. */
	async settled() {
		let current;
		do {
			current = this.pending;
			await current;
		} while (current !== this.pending);
	}

	publicWorkflow(workflow) {
		const active = workflow.activeVersionId
			? workflow.versions.get(workflow.activeVersionId)
			: null;
		return {
			id: workflow.id,
			name: workflow.name,
			active: workflow.active,
			activeVersionId: workflow.activeVersionId,
			createdAt: workflow.createdAt,
			updatedAt: workflow.updatedAt,
			isArchived: workflow.isArchived,
			versionId: workflow.versionId,
			triggerCount: 0,
			nodes: structuredClone(workflow.nodes),
			connections: {},
			settings: null,
			staticData: workflow.staticData === null ? null : structuredClone(workflow.staticData),
			meta: null,
			shared: [{ role: 'workflow:owner', workflowId: workflow.id, projectId: workflow.projectId }],
			activeVersion: active
				? {
						versionId: active.versionId,
						workflowId: workflow.id,
						nodes: structuredClone(active.nodes),
						connections: {},
					}
				: null,
		};
	}

	requireScope(scope) {
		if (this.apiKeyScopes !== null && !this.apiKeyScopes.includes(scope))
			throw new HttpError(403, 'Forbidden');
	}

	/** `version`: the version being published, or (unpublish) the one that was published. */
	queueHook(hook, workflow, version) {
		if (!hook) return;
		this.pending = this.pending
			.then(() => new Promise((resolve) => setImmediate(resolve)))
			.then(() => hook(workflow, version))
			.catch((error) => {
				this.hookErrors.push(error);
			});
	}

	routeWorkflows(method, parts, query, body) {
		if (parts.length === 1 && method === 'GET') {
			this.requireScope('workflow:list');
			const { offset, limit } = pagination(query);
			let list = [...this.workflows.values()];
			if (query.active === 'true' || query.active === 'false')
				list = list.filter((w) => w.active === (query.active === 'true'));
			return [
				200,
				{
					data: list.slice(offset, offset + limit).map((w) => this.publicWorkflow(w)),
					nextCursor: encodeCursor(offset, limit, list.length),
				},
			];
		}
		const workflow = this.workflows.get(parts[1]);
		if (parts.length === 2 && method === 'GET') {
			this.requireScope('workflow:read');
			if (!workflow) throw new HttpError(404, 'Not Found');
			return [200, this.publicWorkflow(workflow)];
		}
		if (parts.length === 3 && method === 'POST' && ['publish', 'activate'].includes(parts[2])) {
			this.requireScope('workflow:activate');
			if (!workflow)
				throw new HttpError(
					404,
					'You do not have permission to activate this workflow. Ask the owner to share it with you.',
				);
			if (workflow.isArchived) throw new HttpError(400, 'Cannot activate an archived workflow.');
			const versionId = body?.versionId ?? workflow.versionId;
			if (!workflow.versions.has(versionId)) throw new HttpError(404, 'Version not found');
			workflow.active = true;
			workflow.activeVersionId = versionId;
			this.queueHook(this.onPublish, workflow, workflow.versions.get(versionId));
			return [200, this.publicWorkflow(workflow)];
		}
		if (parts.length === 3 && method === 'POST' && ['unpublish', 'deactivate'].includes(parts[2])) {
			this.requireScope('workflow:deactivate');
			if (!workflow)
				throw new HttpError(
					404,
					'You do not have permission to deactivate this workflow. Ask the owner to share it with you.',
				);
			if (workflow.activeVersionId === null) return [200, this.publicWorkflow(workflow)];
			const published = workflow.versions.get(workflow.activeVersionId);
			workflow.active = false;
			workflow.activeVersionId = null;
			this.queueHook(this.onUnpublish, workflow, published);
			return [200, this.publicWorkflow(workflow)];
		}
		throw new HttpError(404, 'not found');
	}

	handle(req, res) {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url, 'http://fake');
			const query = Object.fromEntries(url.searchParams.entries());
			const raw = Buffer.concat(chunks).toString();
			const call = { method: req.method, path: url.pathname, query, body: undefined, status: 0 };
			this.calls.push(call);
			const send = (status, body) => {
				call.status = status;
				res.writeHead(
					status,
					body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
				);
				res.end(body === undefined ? undefined : JSON.stringify(body));
			};
			try {
				if (raw !== '') {
					try {
						call.body = JSON.parse(raw);
					} catch {
						return send(400, { message: 'Invalid JSON in request body' });
					}
				}
				const fault = this.faults.find(
					(f) =>
						f.times > 0 &&
						(!f.method || f.method === req.method) &&
						(!f.path ||
							(f.path instanceof RegExp
								? f.path.test(url.pathname)
								: url.pathname.includes(f.path))),
				);
				if (fault) {
					fault.times--;
					return send(fault.status, fault.body);
				}
				if (!url.pathname.startsWith('/api/v1/')) return send(404, { message: 'not found' });
				if (this.publicApiDisabled) return send(401, { message: 'unauthorized' });
				const key = req.headers['x-n8n-api-key'];
				if (key === undefined) return send(401, { message: "'X-N8N-API-KEY' header required" });
				if (key !== this.apiKey) return send(401, { message: 'unauthorized' });
				const [status, body] = this.route(
					req.method,
					url.pathname.slice('/api/v1'.length),
					query,
					call.body,
				);
				return send(status, body);
			} catch (error) {
				if (error instanceof HttpError) return send(error.status, { message: error.message });
				return send(500, { message: 'Internal server error' });
			}
		});
	}

	route(method, path, query, body) {
		const parts = path.split('/').filter(Boolean);
		if (!this.paths.includes(templateOf(parts))) throw new HttpError(404, 'not found');
		if (parts[0] === 'workflows' && (parts.length !== 2 || this.workflows.has(parts[1])))
			return this.routeWorkflows(method, parts, query, body);
		if (parts[0] === 'workflows' && parts.length === 2 && method === 'GET') {
			const projectId = this.workflowProjects.get(parts[1]);
			if (projectId === undefined) return [404, { message: 'Not Found' }];
			return [
				200,
				{
					id: parts[1],
					name: 'Workflow',
					shared: [{ role: 'workflow:owner', workflowId: parts[1], projectId }],
				},
			];
		}
		if (parts[0] !== 'data-tables') throw new HttpError(404, 'not found');
		if (parts.length === 1) {
			if (method === 'GET') return [200, this.listTables(query)];
			if (method === 'POST') return [201, this.publicTable(this.createTableInternal(body ?? {}))];
		}
		const table = () => this.table(parts[1]);
		if (parts.length === 2) {
			if (method === 'GET') return [200, this.publicTable(table())];
			if (method === 'PATCH') {
				const name = typeof body?.name === 'string' ? body.name.trim() : '';
				if (name.length < 1 || name.length > 128)
					throw new HttpError(400, 'request/body/name must NOT have fewer than 1 characters');
				this.checkUniqueName(name, table().projectId, parts[1]);
				table().name = name;
				return [200, this.publicTable(table())];
			}
			if (method === 'DELETE') {
				table();
				this.tables.delete(parts[1]);
				return [204, undefined];
			}
		}
		const rest = parts.slice(2).join('/');
		if (rest === 'rows' && method === 'GET') return [200, this.listRows(table(), query)];
		if (rest === 'rows' && method === 'POST') return [200, this.insertRows(table(), body)];
		if (rest === 'rows/update' && method === 'PATCH') return [200, this.updateRows(table(), body)];
		if (rest === 'rows/upsert' && method === 'POST') return [200, this.upsertRow(table(), body)];
		if (rest === 'rows/delete' && method === 'DELETE')
			return [200, this.deleteRows(table(), query)];
		if (rest === 'rows/clear' && method === 'DELETE') {
			const deletedCount = table().rows.length;
			table().rows = [];
			return [200, { deletedCount }];
		}
		if (rest === 'columns' && method === 'GET')
			return [200, table().columns.map((c) => ({ ...c }))];
		if (rest === 'columns' && method === 'POST') return [201, this.addColumn(table(), body ?? {})];
		if (parts[2] === 'columns' && parts.length === 4 && method === 'PATCH')
			return [200, this.updateColumn(table(), parts[3], body)];
		if (parts[2] === 'columns' && parts.length === 4 && method === 'DELETE') {
			const t = table();
			const column = t.columns.find((c) => c.id === parts[3]);
			if (!column)
				throw new HttpError(
					404,
					`Could not find the column '${parts[3]}' in the data table: ${t.id}`,
				);
			t.columns = t.columns
				.filter((c) => c !== column)
				.map((c) => ({ ...c, index: c.index > column.index ? c.index - 1 : c.index }));
			for (const row of t.rows) delete row[column.name];
			return [204, undefined];
		}
		throw new HttpError(404, 'not found');
	}

	table(id) {
		const table = this.tables.get(id);
		if (!table) throw new HttpError(404, `Could not find the data table: '${id}'`);
		return table;
	}

	publicTable(table) {
		const { rows, nextId, ...rest } = table;
		return {
			...rest,
			columns: table.columns.map((c) => ({ ...c })),
			sizeBytes: JSON.stringify(rows).length,
		};
	}

	checkUniqueName(name, projectId, exceptId) {
		for (const t of this.tables.values()) {
			if (t.name === name && t.projectId === projectId && t.id !== exceptId) {
				throw new HttpError(409, `Data table with name '${name}' already exists in this project`);
			}
		}
	}

	createTableInternal(body) {
		const name = typeof body.name === 'string' ? body.name.trim() : undefined;
		if (name === undefined)
			throw new HttpError(400, "request/body must have required property 'name'");
		if (!Array.isArray(body.columns))
			throw new HttpError(400, "request/body must have required property 'columns'");
		if (name.length < 1) throw new HttpError(400, 'String must contain at least 1 character(s)');
		if (name.length > 128) throw new HttpError(400, 'String must contain at most 128 character(s)');
		for (const column of body.columns) {
			if (!isValidColumnName(typeof column.name === 'string' ? column.name.trim() : column.name))
				throw new HttpError(400, COLUMN_ERROR);
			if (!['string', 'number', 'boolean', 'date'].includes(column.type)) {
				throw new HttpError(
					400,
					`Invalid enum value. Expected 'string' | 'number' | 'boolean' | 'date', received '${column.type}'`,
				);
			}
			const lower = column.name.toLowerCase();
			if (Object.keys(SYSTEM_COLUMNS).some((s) => s.toLowerCase() === lower)) {
				throw new HttpError(
					400,
					`Column name "${column.name}" is reserved as a system column name.`,
				);
			}
			if (lower === 'dryrunstate')
				throw new HttpError(
					400,
					`Column name "${column.name}" is reserved as a testing column name.`,
				);
		}
		const projectId = body.projectId ?? this.projectId;
		this.checkUniqueName(name, projectId);
		const now = new Date().toISOString();
		const id = nanoid();
		const table = {
			id,
			name,
			columns: body.columns.map((c, index) => ({
				id: nanoid(),
				name: c.name.trim(),
				type: c.type,
				index: c.index ?? index,
				dataTableId: id,
			})),
			projectId,
			createdAt: now,
			updatedAt: now,
			rows: [],
			nextId: 1,
		};
		this.tables.set(id, table);
		return table;
	}

	addColumn(table, body) {
		const name = typeof body.name === 'string' ? body.name.trim() : body.name;
		if (!isValidColumnName(name))
			throw new HttpError(
				400,
				name ? COLUMN_ERROR : "request/body must have required property 'name'",
			);
		if (!['string', 'number', 'boolean', 'date'].includes(body.type)) {
			throw new HttpError(
				400,
				'request/body/type must be equal to one of the allowed values: string, number, boolean, date',
			);
		}
		const lower = name.toLowerCase();
		if (Object.keys(SYSTEM_COLUMNS).some((s) => s.toLowerCase() === lower)) {
			throw new HttpError(409, `Column name "${name}" is reserved as a system column name.`);
		}
		if (table.columns.some((c) => c.name === name)) {
			throw new HttpError(
				409,
				`Data table column with name '${name}' already exists in data table '${table.name}'`,
			);
		}
		const index =
			typeof body.index === 'number'
				? Math.min(body.index, table.columns.length)
				: table.columns.length;
		for (const c of table.columns) if (c.index >= index) c.index++;
		const column = { id: nanoid(), name, type: body.type, index, dataTableId: table.id };
		table.columns.push(column);
		table.columns.sort((a, b) => a.index - b.index);
		for (const row of table.rows) row[name] = null;
		table.updatedAt = new Date().toISOString();
		return { ...column };
	}

	/**
	 * PATCH /data-tables/{id}/columns/{columnId}, as n8n 2.41.1 answers it: the key needs the
	 * dataTableColumn:update scope (403 {"message":"Forbidden"} first, when `apiKeyScopes` is set); the
	 * body is {name?, index?} with at least one and nothing else (openapi.yml's updateColumnRequest);
	 * an unknown column is 404; a rename is applied before the move (so it stays when the move fails);
	 * the move is DataTableColumnRepository.moveColumn: an index at or beyond the column count is a 400,
	 * else every index >= the column's goes down one, every index >= the target goes up one, and the
	 * column takes the target (on contiguous indices: taken out, put back at `index`). Answers the column.
	 */
	updateColumn(table, columnId, body) {
		this.requireScope('dataTableColumn:update');
		if (typeof body !== 'object' || body === null || Array.isArray(body))
			throw new HttpError(400, 'request/body must be object');
		const extra = Object.keys(body).find((key) => key !== 'name' && key !== 'index');
		if (extra !== undefined)
			throw new HttpError(400, 'request/body must NOT have additional properties');
		if (!('name' in body) && !('index' in body)) {
			throw new HttpError(
				400,
				"request/body must have required property 'name', request/body must have required property 'index', request/body must match a schema in anyOf",
			);
		}
		if ('index' in body) {
			if (typeof body.index !== 'number' || !Number.isInteger(body.index))
				throw new HttpError(400, 'request/body/index must be integer');
			if (body.index < 0) throw new HttpError(400, 'request/body/index must be >= 0');
		}
		const name = typeof body.name === 'string' ? body.name.trim() : body.name;
		if ('name' in body && !isValidColumnName(name)) throw new HttpError(400, COLUMN_ERROR);
		const column = table.columns.find((c) => c.id === columnId);
		if (!column)
			throw new HttpError(
				404,
				`Could not find the column '${columnId}' in the data table: ${table.id}`,
			);
		if ('name' in body) {
			if (Object.keys(SYSTEM_COLUMNS).some((s) => s.toLowerCase() === name.toLowerCase())) {
				throw new HttpError(409, `Column name "${name}" is reserved as a system column name.`);
			}
			if (table.columns.some((c) => c.name === name)) {
				throw new HttpError(
					409,
					`Data table column with name '${name}' already exists in data table '${table.name}'`,
				);
			}
			for (const row of table.rows) {
				row[name] = row[column.name];
				delete row[column.name];
			}
			column.name = name;
		}
		if ('index' in body) {
			const target = body.index;
			if (target >= table.columns.length) {
				throw new HttpError(
					400,
					'Validation error with data table request: tried to move column to an index larger than column count',
				);
			}
			const from = column.index;
			for (const c of table.columns) if (c.index >= from) c.index--;
			for (const c of table.columns) if (c.index >= target) c.index++;
			column.index = target;
			table.columns.sort((a, b) => a.index - b.index);
		}
		return { ...column };
	}

	listTables(query) {
		let filter;
		if (query.filter) {
			try {
				filter = JSON.parse(query.filter);
			} catch {
				throw new HttpError(400, 'Invalid filter format');
			}
			if (
				typeof filter !== 'object' ||
				filter === null ||
				Object.keys(filter).some((k) => !['id', 'name', 'projectId'].includes(k))
			) {
				throw new HttpError(400, 'Invalid filter fields');
			}
		}
		const { offset, limit } = pagination(query);
		// id and projectId match exactly (IN for lists); name is LOWER(name) LIKE LOWER('%name%').
		const matches = (key, value, wanted) =>
			[wanted]
				.flat()
				.some((one) =>
					key === 'name' ? likeToRegExp(`%${String(one)}%`, 'is', true).test(value) : value === one,
				);
		let tables = [...this.tables.values()].filter(
			(t) =>
				!filter || Object.entries(filter).every(([key, wanted]) => matches(key, t[key], wanted)),
		);
		const sortBy = query.sortBy;
		if (sortBy) {
			const [field, direction] = sortBy.split(':');
			const key = field === 'size' ? 'sizeBytes' : field;
			tables = tables
				.map((t) => this.publicTable(t))
				.sort(
					(a, b) =>
						(a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) * (direction === 'desc' ? -1 : 1),
				);
		} else {
			tables = tables.map((t) => this.publicTable(t));
		}
		return {
			data: tables.slice(offset, offset + limit),
			nextCursor: encodeCursor(offset, limit, tables.length),
		};
	}

	listRows(table, query) {
		const { offset, limit } = pagination(query);
		const filter = parseQueryFilter(query.filter);
		let rows = filter ? table.rows.filter(compileFilter(filter, table.columns)) : [...table.rows];
		if (query.search && query.search.trim() !== '') {
			const re = likeToRegExp(
				query.search.includes('%') ? query.search : `%${query.search}%`,
				'is',
			);
			rows = rows.filter((row) =>
				table.columns.some((c) => row[c.name] !== null && re.test(String(row[c.name]))),
			);
		}
		rows.sort((a, b) => a.id - b.id);
		if (query.sortBy !== undefined) {
			if (!query.sortBy.includes(':'))
				throw new HttpError(400, 'Invalid sort format, expected <columnName>:<asc/desc>');
			const [column, rawDirection] = query.sortBy.split(':');
			if (!isValidColumnName(column)) throw new HttpError(400, COLUMN_ERROR);
			const direction = (rawDirection ?? '').toUpperCase();
			if (direction !== 'ASC' && direction !== 'DESC')
				throw new HttpError(400, 'Invalid sort direction');
			const sign = direction === 'DESC' ? -1 : 1;
			rows.sort((a, b) => {
				const x = a[column] ?? null;
				const y = b[column] ?? null;
				if (x === y) return a.id - b.id;
				if (x === null) return -sign; // NULLs sort first ascending, as in SQLite
				if (y === null) return sign;
				return (x < y ? -1 : 1) * sign;
			});
		}
		return {
			data: rows.slice(offset, offset + limit).map((row) => this.publicRow(table, row)),
			nextCursor: encodeCursor(offset, limit, rows.length),
		};
	}

	publicRow(table, row) {
		const out = { id: row.id };
		for (const c of table.columns) out[c.name] = row[c.name] ?? null;
		out.createdAt = row.createdAt;
		out.updatedAt = row.updatedAt;
		return out;
	}

	checkRows(table, rows, allowSystem = false) {
		const types = Object.fromEntries(table.columns.map((c) => [c.name, c.type]));
		return rows.map((row) => {
			const out = {};
			for (const [key, value] of Object.entries(row)) {
				if (!(key in types) && !(allowSystem && key in SYSTEM_COLUMNS))
					throw validation(`unknown column name '${key}'`);
				out[key] = toCell(value, key, types[key]);
			}
			return out;
		});
	}

	insertOne(table, data) {
		const now = new Date().toISOString();
		const row = { id: table.nextId++ };
		for (const c of table.columns) row[c.name] = data[c.name] ?? null;
		row.createdAt = now;
		row.updatedAt = now;
		table.rows.push(row);
		return row;
	}

	insertRows(table, body) {
		if (!body || !Array.isArray(body.data))
			throw new HttpError(400, "request/body must have required property 'data'");
		if (body.data.length === 0)
			throw new HttpError(400, 'request/body/data must NOT have fewer than 1 items');
		const returnType = body.returnType ?? 'count';
		if (!['count', 'id', 'all'].includes(returnType)) {
			throw new HttpError(
				400,
				'request/body/returnType must be equal to one of the allowed values: count, id, all',
			);
		}
		const rows = this.checkRows(table, body.data).map((data) => this.insertOne(table, data));
		if (returnType === 'count') return { success: true, insertedRows: rows.length };
		if (returnType === 'id') return rows.map((row) => ({ id: row.id }));
		return rows.map((row) => this.publicRow(table, row));
	}

	updateParams(table, body) {
		if (!body || typeof body !== 'object')
			throw new HttpError(400, "request/body must have required property 'filter'");
		if (!('filter' in body))
			throw new HttpError(400, "request/body must have required property 'filter'");
		if (!('data' in body))
			throw new HttpError(400, "request/body must have required property 'data'");
		const filter = checkFilterShape(body.filter, BODY_CONDITIONS, '', 'request/body/filter');
		if (filter.filters.length === 0)
			throw new HttpError(400, 'request/body/filter/filters must NOT have fewer than 1 items');
		if (
			typeof body.data !== 'object' ||
			body.data === null ||
			Object.keys(body.data).length === 0
		) {
			throw new HttpError(400, 'data must not be empty');
		}
		const [data] = this.checkRows(table, [body.data]);
		return { test: compileFilter(filter, table.columns), data };
	}

	applyUpdate(table, test, data) {
		const now = new Date().toISOString();
		const updated = table.rows.filter(test);
		for (const row of updated) Object.assign(row, data, { updatedAt: now });
		return updated;
	}

	updateRows(table, body) {
		const { test, data } = this.updateParams(table, body);
		if (body.dryRun) {
			return table.rows.filter(test).flatMap((row) => [
				{ ...this.publicRow(table, row), dryRunState: 'before' },
				{ ...this.publicRow(table, { ...row, ...data }), dryRunState: 'after' },
			]);
		}
		const updated = this.applyUpdate(table, test, data);
		return body.returnData ? updated.map((row) => this.publicRow(table, row)) : true;
	}

	upsertRow(table, body) {
		const { test, data } = this.updateParams(table, body);
		if (body.dryRun) {
			const before = table.rows.filter(test);
			if (before.length > 0) return this.updateRows(table, body);
			return [
				{
					id: null,
					createdAt: null,
					updatedAt: null,
					...Object.fromEntries(Object.keys(data).map((k) => [k, null])),
					dryRunState: 'before',
				},
				{ id: 0, ...data, dryRunState: 'after' },
			];
		}
		const updated = this.applyUpdate(table, test, data);
		if (updated.length > 0)
			return body.returnData ? updated.map((row) => this.publicRow(table, row)) : true;
		const row = this.insertOne(table, data);
		return body.returnData ? [this.publicRow(table, row)] : true;
	}

	deleteRows(table, query) {
		if (!query.filter) throw new HttpError(400, 'Filter is required for delete operations');
		const filter = parseQueryFilter(query.filter);
		if (!filter || filter.filters.length === 0)
			throw new HttpError(400, 'At least one filter condition is required for delete operations');
		const test = compileFilter(filter, table.columns);
		const matched = table.rows.filter(test);
		const dryRun = query.dryRun === 'true';
		if (dryRun) {
			return matched.flatMap((row) => {
				const before = this.publicRow(table, row);
				const empty = Object.fromEntries(Object.keys(before).map((key) => [key, null]));
				return [
					{ ...before, dryRunState: 'before' },
					{ ...empty, dryRunState: 'after' },
				];
			});
		}
		table.rows = table.rows.filter((row) => !matched.includes(row));
		return query.returnData === 'true' ? matched.map((row) => this.publicRow(table, row)) : true;
	}
}

FakeN8nDataTableApi.PATHS = PATHS;

module.exports = { FakeN8nDataTableApi };
