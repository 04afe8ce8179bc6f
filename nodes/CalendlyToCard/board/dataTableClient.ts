import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import {
	attempt,
	callWithRetry,
	N8nApiError,
	n8nSaid,
	type ApiTransport,
} from '../../shared/transport/n8nApi';
import { BoardSetupError } from './cardBoard';
import { notFoundProblem } from './n8nVersion';
import type { CellValue, ColumnType } from '../decide';

interface DataTableColumn {
	id: string;
	name: string;
	type: ColumnType;
	index: number;
}

export interface DataTable {
	id: string;
	name: string;
	columns: DataTableColumn[];
	/** The project the table belongs to (n8n answers it on every table). */
	projectId?: string;
}

export interface RowFilter {
	type: 'and' | 'or';
	filters: Array<{
		columnName: string;
		condition: 'eq' | 'neq' | 'like' | 'ilike' | 'gt' | 'gte' | 'lt' | 'lte';
		value: CellValue;
	}>;
}

type Row = Record<string, unknown> & { id: number };

const filterParam = (filter: RowFilter) => JSON.stringify(filter);

/**
 * n8n's public data-table API (/api/v1/data-tables), with a count of the calls made. Failures are
 * retried by the package's one retry policy (n8n answers 503 "Database is not ready" under load); every
 * final failure becomes an N8nApiError whose message says what to fix.
 */
export class DataTableClient {
	/** Requests sent, retries included. */
	calls = 0;

	private readonly transport: ApiTransport;

	constructor(transport: ApiTransport) {
		this.transport = async (method, path, options) => {
			this.calls++;
			return await transport(method, path, options);
		};
	}

	private async call<T>(
		method: IHttpRequestMethods,
		path: string,
		options: { qs?: IDataObject; body?: IDataObject } = {},
		what = 'the board',
	): Promise<T> {
		const { status, body } = await callWithRetry(this.transport, method, path, options);
		if (status >= 200 && status < 300) return body as T;
		const { apiMessage, said } = n8nSaid(body);
		let message: string;
		switch (status) {
			case 401:
				message = `n8n refused the API key (401).${said} Create a new key under Settings → n8n API and put it in the n8n API credential; if n8n's public API is switched off (N8N_PUBLIC_API_DISABLED=true), remove that setting and restart n8n.`;
				break;
			case 403:
				message = `The n8n API key may not use ${what} (403).${said} Give the key the dataTable, dataTableRow and dataTableColumn scopes, and access to the board's project.`;
				break;
			case 404: {
				const problem = path.startsWith('/data-tables') ? await this.notFoundProblem(path) : null;
				if (problem !== null) throw new BoardSetupError(problem);
				message = `n8n could not find ${what} (404).${said} Pick an existing data table under "Board", or choose "By Name" to have it created.`;
				break;
			}
			case 400:
				message = `n8n rejected a request for ${what} (400).${said} If the board's columns were edited by hand, restore them or pick another board.`;
				break;
			default:
				message = `n8n's API failed for ${what} (${status}).${said} Retry later; if it persists, check n8n's log.`;
		}
		throw new N8nApiError(message, status, apiMessage);
	}

	/** Why `path` answered 404 if not for a missing table: an n8n without the API (n8nVersion.ts). */
	private async notFoundProblem(path: string): Promise<string | null> {
		const statusOf = async (probe: string) =>
			(await callWithRetry(this.transport, 'GET', probe, { qs: { limit: 1 } })).status;
		const listStatus = await statusOf('/data-tables');
		const workflowsStatus = listStatus === 404 ? await statusOf('/workflows') : undefined;
		return notFoundProblem({ path, listStatus, workflowsStatus });
	}

	/**
	 * The tables named exactly `name`, in every project the key's owner can see. n8n's name filter is
	 * a case-insensitive substring match (LOWER(name) LIKE '%name%'), so the candidates are compared
	 * here, over every page.
	 */
	async findTablesByName(name: string): Promise<DataTable[]> {
		const tables: DataTable[] = [];
		let cursor: string | null = null;
		do {
			const qs: IDataObject = { filter: JSON.stringify({ name }), limit: 250 };
			if (cursor) qs.cursor = cursor;
			const page: { data: DataTable[]; nextCursor?: string | null } = await this.call(
				'GET',
				'/data-tables',
				{ qs },
				'the list of data tables',
			);
			tables.push(...page.data.filter((table) => table.name === name));
			cursor = page.nextCursor ?? null;
		} while (cursor);
		return tables;
	}

	/**
	 * The project that owns the workflow, or null when the key may not read workflows (it lacks the
	 * workflow:read scope: 403) or n8n does not know the workflow (an unsaved one: 404).
	 */
	async findWorkflowProject(workflowId: string): Promise<string | null> {
		const found = await attempt(
			async () =>
				await this.call<{ shared?: Array<{ role?: string; projectId?: string }> }>(
					'GET',
					`/workflows/${encodeURIComponent(workflowId)}`,
					{ qs: { excludePinnedData: true } },
					'this workflow',
				),
		);
		if (!found.ok) {
			if (
				found.error instanceof N8nApiError &&
				(found.error.status === 403 || found.error.status === 404)
			)
				return null;
			throw found.error;
		}
		const owner = (found.value.shared ?? []).find((share) => share.role === 'workflow:owner');
		return owner?.projectId ?? null;
	}

	async listTables(cursor?: string): Promise<{ data: DataTable[]; nextCursor: string | null }> {
		const qs: IDataObject = { limit: 100, sortBy: 'name:asc' };
		if (cursor) qs.cursor = cursor;
		return await this.call('GET', '/data-tables', { qs }, 'the list of data tables');
	}

	async getTable(id: string): Promise<DataTable> {
		return await this.call<DataTable>(
			'GET',
			`/data-tables/${encodeURIComponent(id)}`,
			{},
			`the data table '${id}'`,
		);
	}

	/** Without `projectId` n8n puts the table in the key owner's personal project. */
	async createTable(
		name: string,
		columns: Array<{ name: string; type: ColumnType }>,
		projectId: string | null = null,
	): Promise<DataTable> {
		const body: IDataObject = { name, columns };
		if (projectId !== null) body.projectId = projectId;
		return await this.call<DataTable>(
			'POST',
			'/data-tables',
			{ body },
			`a new data table '${name}'`,
		);
	}

	/** Appended after the table's other columns. */
	async addColumn(tableId: string, name: string, type: ColumnType): Promise<DataTableColumn> {
		return await this.call<DataTableColumn>(
			'POST',
			`/data-tables/${encodeURIComponent(tableId)}/columns`,
			{ body: { name, type } },
			`the column '${name}'`,
		);
	}

	/** Every row matching the filter, in id order (pages of 250). */
	async findRows(tableId: string, filter: RowFilter): Promise<Row[]> {
		const rows: Row[] = [];
		let cursor: string | null = null;
		do {
			const qs: IDataObject = { filter: filterParam(filter), limit: 250 };
			if (cursor) qs.cursor = cursor;
			const page: { data: Row[]; nextCursor: string | null } = await this.call(
				'GET',
				`/data-tables/${encodeURIComponent(tableId)}/rows`,
				{ qs },
			);
			rows.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		return rows;
	}

	async insertRow(tableId: string, data: Record<string, CellValue>): Promise<Row> {
		const inserted = await this.call<Row[]>(
			'POST',
			`/data-tables/${encodeURIComponent(tableId)}/rows`,
			{
				body: { data: [data], returnType: 'all' },
			},
		);
		return inserted[0];
	}

	async updateRows(
		tableId: string,
		filter: RowFilter,
		data: Record<string, CellValue>,
	): Promise<Row[]> {
		return await this.call<Row[]>(
			'PATCH',
			`/data-tables/${encodeURIComponent(tableId)}/rows/update`,
			{
				body: { filter: filter as unknown as IDataObject, data, returnData: true },
			},
		);
	}

	async deleteRows(tableId: string, filter: RowFilter): Promise<Row[]> {
		return await this.call<Row[]>(
			'DELETE',
			`/data-tables/${encodeURIComponent(tableId)}/rows/delete`,
			{
				qs: { filter: filterParam(filter), returnData: true },
			},
		);
	}
}
