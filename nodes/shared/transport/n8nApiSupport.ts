// What this n8n's public API offers. Its routes came with n8n's versions, and an n8n without a route
// answers 404, which would otherwise read like a missing table or workflow. Every n8n since 1.x serves
// the description of its public API at /api/v1/openapi.yml, without authentication and also with the
// Swagger UI switched off; an n8n with the public API switched off (N8N_PUBLIC_API_DISABLED=true)
// serves none. Read from the descriptions n8n's npm packages ship:
//   1.x (1.123.81), 2.0 to 2.6   no /data-tables
//   2.7 to 2.19 (2.17.7 read)    /data-tables and its rows, no /data-tables/{dataTableId}/columns
//   2.20 and later (2.20.12)     its columns too
//   /workflows/{id}/publish      not in 2.20.12, in 2.41.1; /activate is in every version (an alias of
//                                /publish, marked deprecated, in 2.41.1)
import { processMemory } from '../processMemory';
import type { ApiTransport } from './n8nApi';
import { callWithRetry, N8nApiError } from './n8nApi';

export interface N8nApiSupport {
	dataTables: boolean;
	dataTableColumns: boolean;
	/** /workflows/{id}/publish and /unpublish; otherwise /activate and /deactivate. */
	publish: boolean;
}

/** The oldest n8n whose public API has everything Calendly to Card uses. */
export const CARD_NODE_MIN_N8N = '2.20';

/** What an n8n API description lists, or null when `description` is not one (e.g. the editor's page). */
export function apiSupportFrom(description: unknown): N8nApiSupport | null {
	if (
		typeof description !== 'string' ||
		!/^openapi: /m.test(description) ||
		!/^paths:/m.test(description)
	)
		return null;
	// The paths are the keys indented by two spaces that start with '/'; nothing else in the file does.
	const paths = new Set(
		Array.from(description.matchAll(/^ {2}(\/\S*):\s*$/gm), (match) => match[1]),
	);
	return {
		dataTables: paths.has('/data-tables'),
		dataTableColumns: paths.has('/data-tables/{dataTableId}/columns'),
		publish: paths.has('/workflows/{id}/publish'),
	};
}

/** Why this n8n's public API cannot be used at all, or null. */
export function publicApiProblem(
	support: N8nApiSupport | null,
	baseUrl: string,
	status: number,
): string | null {
	if (support) return null;
	const answered =
		status >= 200 && status < 300 ? 'a page that is not an API description' : `status ${status}`;
	return `n8n's public API does not answer at ${baseUrl}/api/v1 (asked for its description, /api/v1/openapi.yml, n8n answered ${answered}): it is switched off (remove N8N_PUBLIC_API_DISABLED=true and restart n8n), or the n8n API credential's Base URL is not the address of this n8n.`;
}

/** Why Calendly to Card cannot work with this n8n, naming the version it needs and the one it found, or null. */
export function cardNodeProblem(support: N8nApiSupport, baseUrl: string): string | null {
	const needs = `Calendly to Card needs n8n ${CARD_NODE_MIN_N8N} or later`;
	if (!support.dataTables) {
		return `${needs}: the n8n at ${baseUrl} has no public data-table API, so it is n8n 1.x or 2.0 to 2.6. Update n8n to ${CARD_NODE_MIN_N8N} or later.`;
	}
	if (!support.dataTableColumns) {
		return `${needs}: the n8n at ${baseUrl} has a public data-table API without its columns routes, so it is n8n 2.7 to 2.19. Update n8n to ${CARD_NODE_MIN_N8N} or later.`;
	}
	return null;
}

/**
 * This n8n's API support, read once per process and n8n address (a failure is read again next time,
 * so switching the API on needs no restart of this process). Throws when the public API does not answer.
 */
export async function readApiSupport(
	transport: ApiTransport,
	baseUrl: string,
): Promise<N8nApiSupport> {
	const kept = processMemory.n8nApiSupport.get(baseUrl);
	if (kept) return kept;
	const { status, body } = await callWithRetry(transport, 'GET', '/openapi.yml');
	const support = status >= 200 && status < 300 ? apiSupportFrom(body) : null;
	const problem = publicApiProblem(support, baseUrl, status);
	if (problem !== null || !support) throw new N8nApiError(problem ?? '', status, '');
	processMemory.n8nApiSupport.set(baseUrl, support);
	return support;
}
