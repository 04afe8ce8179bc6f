import type { KnownColumn } from '../../shared/processMemory';
import { processMemory } from '../../shared/processMemory';
import type { CardRow, CellValue, ColumnType } from '../decide';
import { SYSTEM_CARD_COLUMNS } from '../decide';
import type { DataTable, DataTableClient, RowFilter } from './dataTableClient';
import { attempt, N8nApiError } from '../../shared/transport/n8nApi';
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

const { boardTables: tableIds, boardColumns: knownColumns } = processMemory;

const columnsKey = (connectionKey: string, tableId: string) => `${connectionKey}|${tableId}`;
const lookupKey = (scope: BoardScope, ref: BoardRef) =>
	`${scope.connectionKey}|${scope.workflowId ?? ''}|${ref.mode === 'name' ? 'name' : 'id'}|${ref.value}`;

/** Forgets the table a board reference pointed to, after n8n said it no longer exists (404). */
export function forgetBoard(scope: BoardScope, ref: BoardRef, tableId: string | null): void {
	tableIds.delete(lookupKey(scope, ref));
	if (tableId !== null) knownColumns.delete(columnsKey(scope.connectionKey, tableId));
}

/** Whether n8n answered that the data table does not exist (every /data-tables/{id} route says 404). */
export const isMissingTable = (error: unknown): boolean =>
	error instanceof N8nApiError && error.status === 404;

/** A column holding our values must have their type, or be a string column (which takes any text). */
function checkColumnType(
	table: { name: string },
	column: string,
	actual: ColumnType,
	wanted: ColumnType,
): void {
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
	return await tableIds.get(lookupKey(scope, ref), async () => {
		const table = await locateTable(client, scope, ref, columns);
		knownColumns.set(columnsKey(scope.connectionKey, table.id), inTableOrder(table.columns ?? []));
		return table.id;
	});
}

/** The table a board reference by name points to, without creating one: null when there is none. */
export async function findBoard(
	client: DataTableClient,
	scope: BoardScope,
	ref: BoardRef & { mode: 'name' },
	columns: Record<string, ColumnType>,
): Promise<string | null> {
	const kept = tableIds.peek(lookupKey(scope, ref));
	if (kept) return await kept;
	if ((await client.findTablesByName(ref.value)).length === 0) return null;
	return await resolveBoard(client, scope, ref, columns);
}

const inTableOrder = (columns: DataTable['columns']): KnownColumn[] =>
	[...columns].sort((a, b) => a.index - b.index).map(({ id, name, type }) => ({ id, name, type }));

/**
 * Which of the tables named like the board to use: the one in the workflow's project, else the only
 * one. Several in other projects cannot be told apart, so the user must pick one.
 */
export function pickBoard(
	tables: DataTable[],
	name: string,
	workflowProject: string | null,
): DataTable | null {
	const own =
		workflowProject === null ? [] : tables.filter((table) => table.projectId === workflowProject);
	if (own.length > 0) return own[0];
	if (tables.length <= 1) return tables[0] ?? null;
	const where = tables
		.map((table) => `${table.id} in project ${table.projectId ?? '?'}`)
		.join(', ');
	const fix =
		workflowProject === null
			? 'choose the board "From List" or "By ID" under "Board", rename all but one, or give the n8n API key the workflow:read scope so the board in this workflow’s project is used'
			: `none is in this workflow’s project (${workflowProject}): choose the board "From List" or "By ID" under "Board", or rename all but one`;
	throw new BoardSetupError(`Several data tables are named '${name}' (${where}): ${fix}.`);
}

async function locateTable(
	client: DataTableClient,
	scope: BoardScope,
	ref: BoardRef,
	columns: Record<string, ColumnType>,
): Promise<DataTable> {
	const value = ref.value.trim();
	if (value === '') {
		throw new BoardSetupError(
			'No board is chosen: pick a data table under "Board", or enter a name to have one created.',
		);
	}
	if (ref.mode !== 'name') return await client.getTable(value);
	// The workflow's project costs a call, so it is only asked for when several tables or none match.
	let project: Promise<string | null> | undefined;
	const workflowProject = async () =>
		await (project ??=
			scope.workflowId === null
				? Promise.resolve(null)
				: client.findWorkflowProject(scope.workflowId));
	const pick = async (tables: DataTable[]) =>
		tables.length === 1
			? tables[0]
			: tables.length === 0
				? null
				: pickBoard(tables, value, await workflowProject());

	const found = await pick(await client.findTablesByName(value));
	if (found) return found;
	const initial = Object.entries(columns).map(([name, type]) => ({ name, type }));
	const created = await attempt(
		async () => await client.createTable(value, initial, await workflowProject()),
	);
	if (created.ok) return created.value;
	// Another execution may have created it in between: n8n answers 409, or 500 when two creations
	// race past its name check and the database's unique index refuses the second (PostgreSQL).
	if (maybeMadeElsewhere(created.error)) {
		const again = await pick(await client.findTablesByName(value));
		if (again) return again;
	}
	throw created.error;
}

const maybeMadeElsewhere = (error: unknown) =>
	error instanceof N8nApiError && (error.status === 409 || error.status === 500);

/** Whether the card is under `email` or lists it among its other emails. */
export const holdsEmail = (row: Record<string, unknown>, email: string): boolean =>
	row[SYSTEM_CARD_COLUMNS.email] === email ||
	String(row[SYSTEM_CARD_COLUMNS.otherEmails] ?? '').includes(`|${email}|`);

/** What findByEmailsOrStateText finds: a card holding one of the emails, or whose state contains one of the texts. */
export const holdsEmailOrText = (
	row: Record<string, unknown>,
	emails: string[],
	texts: string[],
): boolean =>
	emails.some((email) => holdsEmail(row, email)) ||
	texts.some((text) => String(row[SYSTEM_CARD_COLUMNS.state] ?? '').includes(text));

/** The cards of one data table, through n8n's public API. */
export class DataTableCardBoard implements CardBoard {
	constructor(
		private readonly client: DataTableClient,
		private readonly connectionKey: string,
		readonly tableId: string,
		private readonly tableName: string = tableId,
	) {}

	private get key(): string {
		return columnsKey(this.connectionKey, this.tableId);
	}

	/** The table's columns in its order, as far as this process knows. */
	private get columns(): KnownColumn[] {
		let columns = knownColumns.get(this.key);
		if (!columns) {
			columns = [];
			knownColumns.set(this.key, columns);
		}
		return columns;
	}

	private typeOf(name: string): ColumnType | undefined {
		return this.columns.find((column) => column.name === name)?.type;
	}

	async ensureColumns(wanted: Record<string, ColumnType>): Promise<void> {
		const missing = Object.keys(wanted).filter((name) => this.typeOf(name) === undefined);
		if (missing.length > 0 && this.columns.length === 0) await this.refreshColumns();
		for (const name of Object.keys(wanted)) {
			const actual = this.typeOf(name);
			if (actual !== undefined) {
				checkColumnType({ name: this.tableName }, name, actual, wanted[name]);
				continue;
			}
			const added = await attempt(
				async () => await this.client.addColumn(this.tableId, name, wanted[name]),
			);
			if (added.ok) {
				this.columns.push({ id: added.value.id, name: added.value.name, type: added.value.type });
				continue;
			}
			// Maybe added by another execution meanwhile (409, or 500 from the database on PostgreSQL).
			if (!maybeMadeElsewhere(added.error)) throw added.error;
			await this.refreshColumns();
			if (this.typeOf(name) === undefined) throw added.error;
		}
	}

	private async refreshColumns(): Promise<void> {
		const table = await this.client.getTable(this.tableId);
		knownColumns.set(this.key, inTableOrder(table.columns ?? []));
	}

	/** Runs a write; if a column was deleted by hand since we looked, re-creates it and writes once more. */
	private async withColumns<T>(
		data: Record<string, CellValue>,
		write: () => Promise<T>,
	): Promise<T> {
		const first = await attempt(write);
		if (first.ok) return first.value;
		const error = first.error;
		if (!(
			error instanceof N8nApiError &&
			error.status === 400 &&
			/unknown column name/.test(error.apiMessage)
		))
			throw error;
		const types = Object.fromEntries(
			this.columns.filter(({ name }) => name in data).map(({ name, type }) => [name, type]),
		);
		await this.refreshColumns();
		await this.ensureColumns(types);
		return await write();
	}

	async findByEmail(email: string): Promise<CardRow[]> {
		return await this.findByEmails([email]);
	}

	async findByEmails(emails: string[]): Promise<CardRow[]> {
		return await this.findByEmailsOrStateText(emails, []);
	}

	async findByStateText(text: string): Promise<CardRow[]> {
		return await this.findByEmailsOrStateText([], [text]);
	}

	async findByEmailsOrStateText(emails: string[], texts: string[]): Promise<CardRow[]> {
		if (emails.length === 0 && texts.length === 0) return [];
		const rows = await this.find(
			[
				...emails.flatMap((email) => [
					{ columnName: SYSTEM_CARD_COLUMNS.email, condition: 'eq' as const, value: email },
					{
						columnName: SYSTEM_CARD_COLUMNS.otherEmails,
						condition: 'like' as const,
						value: `%|${email}|%`,
					},
				]),
				// `like` is a substring match on PostgreSQL (LIKE) and SQLite (GLOB, n8n translates the %).
				...texts.map((text) => ({
					columnName: SYSTEM_CARD_COLUMNS.state,
					condition: 'like' as const,
					value: `%${text}%`,
				})),
			],
			'or',
		);
		// LIKE's _ matches any character on PostgreSQL: keep the exact matches only.
		return rows.filter((row) => holdsEmailOrText(row, emails, texts));
	}

	/** Every row of the board, in id order. */
	async listCards(): Promise<CardRow[]> {
		return await this.find([]);
	}

	/** The row as stored now; null when it is gone. */
	async readCard(id: number): Promise<CardRow | null> {
		return (await this.find([{ columnName: 'id', condition: 'eq', value: id }]))[0] ?? null;
	}

	private async find(
		filters: RowFilter['filters'],
		type: RowFilter['type'] = 'and',
	): Promise<CardRow[]> {
		const rows = await this.client.findRows(this.tableId, { type, filters });
		return rows.map((row) => ({ ...row, id: Number(row.id) }));
	}

	async insert(data: Record<string, CellValue>): Promise<CardRow> {
		const row = await this.withColumns(
			data,
			async () => await this.client.insertRow(this.tableId, data),
		);
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

	async updateIfUnchanged(
		id: number,
		expected: string | null,
		data: Record<string, CellValue>,
	): Promise<CardRow | null> {
		const rows = await this.withColumns(
			data,
			async () => await this.client.updateRows(this.tableId, this.unchanged(id, expected), data),
		);
		const row = rows.find((candidate) => Number(candidate.id) === id);
		// On SQLite n8n selects the matching ids before updating: a row changed in between comes
		// back with the other writer's revision, which is a lost race, not a success.
		if (!row || row[SYSTEM_CARD_COLUMNS.revision] !== data[SYSTEM_CARD_COLUMNS.revision])
			return null;
		return { ...row, id };
	}

	async deleteIfUnchanged(id: number, expected: string | null): Promise<boolean> {
		const rows = await this.client.deleteRows(this.tableId, this.unchanged(id, expected));
		return rows.some((row) => Number(row.id) === id);
	}
}
