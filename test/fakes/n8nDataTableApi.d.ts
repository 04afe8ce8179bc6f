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

export interface FakeWorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion?: number;
	position?: number[];
	webhookId?: string;
	disabled?: boolean;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
}

export interface FakeWorkflow {
	id: string;
	name: string;
	nodes: FakeWorkflowNode[];
	versionId: string;
	versions: Map<string, { versionId: string; nodes: FakeWorkflowNode[] }>;
	active: boolean;
	activeVersionId: string | null;
	isArchived: boolean;
	/** n8n's workflow static data: node static data under "node:<name>"; hooks may change it in place. */
	staticData: Record<string, any> | null;
	projectId: string;
}

export class FakeN8nDataTableApi {
	constructor(options?: { apiKey?: string; projectId?: string });
	/** Every route the fake serves, as n8n 2.41.1's API description names them. */
	static readonly PATHS: readonly string[];
	readonly apiKey: string;
	/** The key owner's personal project, where tables created without projectId go. */
	readonly projectId: string;
	/** Workflow id -> id of its owning project, answered by GET /workflows/{id}. */
	workflowProjects: Map<string, string>;
	/** The routes served; take some away to stand in for an older n8n (its missing routes answer 404). */
	paths: string[];
	/** Every /api/v1 request answers 401, as n8n 2.41.1 with N8N_PUBLIC_API_DISABLED=true does. */
	publicApiDisabled: boolean;
	baseUrl: string;
	calls: FakeCall[];
	tables: Map<string, FakeTable>;
	start(): Promise<string>;
	stop(): Promise<void>;
	clearFaults(): void;
	injectFault(fault: {
		method?: string;
		path?: string | RegExp;
		status: number;
		body?: unknown;
		times?: number;
	}): void;
	countCalls(filter?: { method?: string; path?: string }): number;
	resetCalls(): void;
	createTable(
		name: string,
		columns?: Array<{ name: string; type: FakeColumn['type'] }>,
		projectId?: string,
	): FakeTable;
	rows(tableId: string): Array<Record<string, unknown> & { id: number }>;
	tableByName(name: string): FakeTable | null;
	workflows: Map<string, FakeWorkflow>;
	/** null: every scope; else the key's scopes, checked on the workflow routes and on PATCH .../columns/{columnId} (dataTableColumn:update). */
	apiKeyScopes: string[] | null;
	/** `version`: the version being published. */
	onPublish:
		| ((
				workflow: FakeWorkflow,
				version: { versionId: string; nodes: FakeWorkflowNode[] },
		  ) => unknown)
		| null;
	/** `version`: the version that was published. */
	onUnpublish:
		| ((
				workflow: FakeWorkflow,
				version: { versionId: string; nodes: FakeWorkflowNode[] },
		  ) => unknown)
		| null;
	/** Errors the hooks threw. */
	hookErrors: unknown[];
	addWorkflow(options?: {
		name?: string;
		nodes?: FakeWorkflowNode[];
		active?: boolean;
		staticData?: Record<string, any> | null;
		projectId?: string;
		id?: string;
	}): FakeWorkflow;
	saveDraft(workflowId: string, nodes: FakeWorkflowNode[]): string;
	settled(): Promise<void>;
}
