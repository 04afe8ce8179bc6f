export interface FakeCall {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	status: number;
}

export interface FakeColumn {
	id: string;
	name: string;
	type: 'string' | 'number' | 'boolean' | 'date';
	index: number;
	dataTableId: string;
}

export interface FakeTable {
	id: string;
	name: string;
	columns: FakeColumn[];
	projectId: string;
	createdAt: string;
	updatedAt: string;
	rows: Array<Record<string, unknown> & { id: number }>;
}

export class FakeN8nDataTableApi {
	constructor(options?: { apiKey?: string; projectId?: string });
	readonly apiKey: string;
	/** The key owner's personal project, where tables created without projectId go. */
	readonly projectId: string;
	/** Workflow id -> id of its owning project, answered by GET /workflows/{id}. */
	workflowProjects: Map<string, string>;
	baseUrl: string;
	calls: FakeCall[];
	tables: Map<string, FakeTable>;
	start(): Promise<string>;
	stop(): Promise<void>;
	clearFaults(): void;
	injectFault(fault: { method?: string; path?: string | RegExp; status: number; body?: unknown; times?: number }): void;
	countCalls(filter?: { method?: string; path?: string }): number;
	resetCalls(): void;
	createTable(name: string, columns?: Array<{ name: string; type: FakeColumn['type'] }>, projectId?: string): FakeTable;
	rows(tableId: string): Array<Record<string, unknown> & { id: number }>;
	tableByName(name: string): FakeTable | null;
}
