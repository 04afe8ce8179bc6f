import type { CardRow, CellValue, ColumnType } from '../decide';
import { SYSTEM_CARD_COLUMNS } from '../decide';
import type { DataTable, DataTableClient, RowFilter } from './dataTableClient';
import { attempt, DataTableApiError } from './dataTableClient';
import type { CardBoard } from './syncBooking';

export const DEFAULT_BOARD_NAME = 'Calendly Cards';

export type BoardRef = { mode: 'id' | 'list'; value: string } | { mode: 'name'; value: string };

/** A board whose table or columns do not fit, with what to do about it. */
export class BoardSetupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BoardSetupError';
	}
}

/** Where a board is looked up: one n8n credential (see nodeTransport) and the running workflow. */
export interface BoardScope {
	connectionKey: string;
	/** Its owning project is preferred for boards by name; null when unknown (an unsaved workflow). */
	workflowId: string | null;
}

// Per process: which table a board reference points to (for a minute, so a board deleted, renamed
// or re-created by hand is looked up again; a 404 drops it at once) and the columns each table is
// known to have, so a steady-state delivery costs no table or column lookups.
const LOOKUP_TTL_MS = 60_000;
const tableIds = new Map<string, { tableId: Promise<string>; at: number }>();
const knownColumns = new Map<string, Map<string, ColumnType>>();

/** Forgets what this process learnt about boards (tests start from a clean slate). */
export function forgetBoards(): void {
	tableIds.clear();
	knownColumns.clear();
}

const columnsKey = (connectionKey: string, tableId: string) => `${connectionKey}|${tableId}`;
const lookupKey = (scope: BoardScope, ref: BoardRef) =>
	`${scope.connectionKey}|${scope.workflowId ?? ''}|${ref.mode === 'name' ? 'name' : 'id'}|${ref.value}`;

/** Forgets the table a board reference pointed to, after n8n said it no longer exists (404). */
export function forgetBoard(scope: BoardScope, ref: BoardRef, tableId: string | null): void {
	tableIds.delete(lookupKey(scope, ref));
	if (tableId !== null) knownColumns.delete(columnsKey(scope.connectionKey, tableId));
}

/** Whether n8n answered that the data table does not exist (every /data-tables/{id} route says 404). */
export const isMissingTable = (error: unknown): boolean => error instanceof DataTableApiError && error.status === 404;

/** A column holding our values must have their type, or be a string column (which takes any text). */
function checkColumnType(table: { name: string }, column: string, actual: ColumnType, wanted: ColumnType): void {
	if (actual === wanted || actual === 'string') return;
	throw new BoardSetupError(
		`Column '${column}' of the board '${table.name}' is a ${actual} column, but Calendly to Card writes ${wanted} values into it: change its type back, delete it (it is re-created), or map the field to another column under "Columns".`,
	);
}

/**
 * Finds the board's table: by id (it must exist), or by exact name (created with the card columns
 * when missing; a concurrent creation by another execution is adopted).
 */
export async function resolveBoard(
	client: DataTableClient,
	scope: BoardScope,
	ref: BoardRef,
	columns: Record<string, ColumnType>,
): Promise<string> {
	const key = lookupKey(scope, ref);
	const cached = tableIds.get(key);
	if (cached && Date.now() - cached.at < LOOKUP_TTL_MS) return await cached.tableId;
	const tableId = locateTable(client, scope, ref, columns).then((table) => {
		knownColumns.set(columnsKey(scope.connectionKey, table.id), new Map((table.columns ?? []).map((c) => [c.name, c.type])));
		return table.id;
	});
	tableIds.set(key, { tableId, at: Date.now() });
	tableId.catch(() => {
		if (tableIds.get(key)?.tableId === tableId) tableIds.delete(key);
	});
	return await tableId;
}

/**
 * Which of the tables named like the board to use: the one in the workflow's project, else the only
 * one. Several in other projects cannot be told apart, so the user must pick one.
 */
export function pickBoard(tables: DataTable[], name: string, workflowProject: string | null): DataTable | null {
	const own = workflowProject === null ? [] : tables.filter((table) => table.projectId === workflowProject);
	if (own.length > 0) return own[0];
	if (tables.length <= 1) return tables[0] ?? null;
	const where = tables.map((table) => `${table.id} in project ${table.projectId ?? '?'}`).join(', ');
	const fix =
		workflowProject === null
			? 'choose the board "From List" or "By ID" under "Board", rename all but one, or give the n8n API key the workflow:read scope so the board in this workflow’s project is used'
			: `none is in this workflow’s project (${workflowProject}): choose the board "From List" or "By ID" under "Board", or rename all but one`;
	throw new BoardSetupError(`Several data tables are named '${name}' (${where}): ${fix}.`);
}

async function locateTable(client: DataTableClient, scope: BoardScope, ref: BoardRef, columns: Record<string, ColumnType>): Promise<DataTable> {
	const value = ref.value.trim();
	if (value === '') {
		throw new BoardSetupError('No board is chosen: pick a data table under "Board", or enter a name to have one created.');
	}
	if (ref.mode !== 'name') return await client.getTable(value);
	// The workflow's project costs a call, so it is only asked for when several tables or none match.
	let project: Promise<string | null> | undefined;
	const workflowProject = async () =>
		await (project ??= scope.workflowId === null ? Promise.resolve(null) : client.findWorkflowProject(scope.workflowId));
	const pick = async (tables: DataTable[]) =>
		tables.length === 1 ? tables[0] : tables.length === 0 ? null : pickBoard(tables, value, await workflowProject());

	const found = await pick(await client.findTablesByName(value));
	if (found) return found;
	const initial = Object.entries(columns).map(([name, type]) => ({ name, type }));
	const created = await attempt(async () => await client.createTable(value, initial, await workflowProject()));
	if (created.ok) return created.value;
	// Another execution may have created it in between: n8n answers 409, or 500 when two creations
	// race past its name check and the database's unique index refuses the second (PostgreSQL).
	if (maybeMadeElsewhere(created.error)) {
		const again = await pick(await client.findTablesByName(value));
		if (again) return again;
	}
	throw created.error;
}

const maybeMadeElsewhere = (error: unknown) => error instanceof DataTableApiError && (error.status === 409 || error.status === 500);

/** The cards of one data table, through n8n's public API. */
export class DataTableCardBoard implements CardBoard {
	constructor(
		private readonly client: DataTableClient,
		private readonly connectionKey: string,
		readonly tableId: string,
		private readonly tableName: string = tableId,
	) {}

	private get columns(): Map<string, ColumnType> {
		const key = columnsKey(this.connectionKey, this.tableId);
		let columns = knownColumns.get(key);
		if (!columns) {
			columns = new Map();
			knownColumns.set(key, columns);
		}
		return columns;
	}

	async ensureColumns(wanted: Record<string, ColumnType>): Promise<void> {
		const missing = Object.keys(wanted).filter((name) => !this.columns.has(name));
		if (missing.length > 0 && this.columns.size === 0) await this.refreshColumns();
		for (const name of Object.keys(wanted)) {
			const actual = this.columns.get(name);
			if (actual !== undefined) {
				checkColumnType({ name: this.tableName }, name, actual, wanted[name]);
				continue;
			}
			const added = await attempt(async () => await this.client.addColumn(this.tableId, name, wanted[name]));
			if (added.ok) {
				this.columns.set(added.value.name, added.value.type);
				continue;
			}
			// Maybe added by another execution meanwhile (409, or 500 from the database on PostgreSQL).
			if (!maybeMadeElsewhere(added.error)) throw added.error;
			await this.refreshColumns();
			if (!this.columns.has(name)) throw added.error;
		}
	}

	private async refreshColumns(): Promise<void> {
		const table = await this.client.getTable(this.tableId);
		this.columns.clear();
		for (const column of table.columns ?? []) this.columns.set(column.name, column.type);
	}

	/** Runs a write; if a column was deleted by hand since we looked, re-creates it and writes once more. */
	private async withColumns<T>(data: Record<string, CellValue>, write: () => Promise<T>): Promise<T> {
		const first = await attempt(write);
		if (first.ok) return first.value;
		const error = first.error;
		if (!(error instanceof DataTableApiError && error.status === 400 && /unknown column name/.test(error.apiMessage))) throw error;
		const types = Object.fromEntries([...this.columns.entries()].filter(([name]) => name in data));
		await this.refreshColumns();
		await this.ensureColumns(types);
		return await write();
	}

	async findByEmail(email: string): Promise<CardRow[]> {
		const rows = await this.client.findRows(this.tableId, {
			type: 'and',
			filters: [{ columnName: SYSTEM_CARD_COLUMNS.email, condition: 'eq', value: email }],
		});
		return rows.map((row) => ({ ...row, id: Number(row.id) }));
	}

	async insert(data: Record<string, CellValue>): Promise<CardRow> {
		const row = await this.withColumns(data, async () => await this.client.insertRow(this.tableId, data));
		return { ...row, id: Number(row.id) };
	}

	private unchanged(id: number, expected: string | null): RowFilter {
		return {
			type: 'and',
			filters: [
				{ columnName: 'id', condition: 'eq', value: id },
				{ columnName: SYSTEM_CARD_COLUMNS.revision, condition: 'eq', value: expected },
			],
		};
	}

	async updateIfUnchanged(id: number, expected: string | null, data: Record<string, CellValue>): Promise<CardRow | null> {
		const rows = await this.withColumns(data, async () => await this.client.updateRows(this.tableId, this.unchanged(id, expected), data));
		const row = rows.find((candidate) => Number(candidate.id) === id);
		// On SQLite n8n selects the matching ids before updating: a row changed in between comes
		// back with the other writer's revision, which is a lost race, not a success.
		if (!row || row[SYSTEM_CARD_COLUMNS.revision] !== data[SYSTEM_CARD_COLUMNS.revision]) return null;
		return { ...row, id };
	}

	async deleteIfUnchanged(id: number, expected: string | null): Promise<boolean> {
		const rows = await this.client.deleteRows(this.tableId, this.unchanged(id, expected));
		return rows.some((row) => Number(row.id) === id);
	}
}

/** Runs `task` after every earlier task for the same key in this process has finished. */
const queues = new Map<string, Promise<unknown>>();
export async function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
	const previous = queues.get(key) ?? Promise.resolve();
	const run = previous.then(task, task);
	const settled = run.then(
		() => undefined,
		() => undefined,
	);
	queues.set(key, settled);
	try {
		return await run;
	} finally {
		if (queues.get(key) === settled) queues.delete(key);
	}
}
