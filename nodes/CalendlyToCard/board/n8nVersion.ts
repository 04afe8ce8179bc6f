// Calendly to Card uses n8n's public data-table API with its columns routes. What each n8n has, read
// from the public API's OpenAPI file in n8n's published packages:
//   1.x (1.123.81), 2.0 to 2.6          no /data-tables at all
//   2.7 to 2.19 (2.7.5, 2.16.1, 2.17.7)  /data-tables and its rows, no /data-tables/{id}/columns
//   2.20 and later (2.20.12, 2.41.1)    everything the node uses
// n8n answers a route it does not have with 404 {"message":"not found"}, the same status as a table that
// does not exist. So a 404 is explained by two more questions, asked only then: does GET /data-tables
// answer (the data-table API exists), and does GET /workflows (the Base URL reaches n8n's public API)?
// Asking n8n up front is no cheaper or surer: its /api/v1/openapi.yml answers 500 wherever n8n is
// installed under a dot-folder (~/.nvm, ~/.npm-global), because Express will not send files from one.

/** The oldest n8n whose public API has everything Calendly to Card uses. */
export const CARD_NODE_MIN_N8N = '2.20';

export interface NotFoundAnswers {
	/** The data-table API path that answered 404. */
	path: string;
	/** What GET /data-tables answered. */
	listStatus: number;
	/** What GET /workflows answered, when it was asked (only after the list answered 404). */
	workflowsStatus?: number;
}

/** Why a 404 from the data-table API is not about a missing table (naming the n8n needed), or null. */
export function notFoundProblem({
	path,
	listStatus,
	workflowsStatus,
}: NotFoundAnswers): string | null {
	const needs = `Calendly to Card needs n8n ${CARD_NODE_MIN_N8N} or later`;
	const update = `Update n8n to ${CARD_NODE_MIN_N8N} or later.`;
	if (listStatus === 404) {
		if (workflowsStatus === 404) {
			return "n8n's public API does not answer at the n8n API credential's Base URL (GET /api/v1/data-tables and /api/v1/workflows both answered 404): set the Base URL to this n8n's own address, e.g. http://localhost:5678.";
		}
		return `${needs}: this n8n has no public data-table API (GET /api/v1/data-tables answered 404), so it is n8n 1.x or 2.0 to 2.6. ${update}`;
	}
	if (listStatus >= 200 && listStatus < 300 && /\/columns(\/|$)/.test(path)) {
		return `${needs}: this n8n's public data-table API has no columns routes (${path} answered 404), so it is n8n 2.7 to 2.19. ${update}`;
	}
	return null;
}
