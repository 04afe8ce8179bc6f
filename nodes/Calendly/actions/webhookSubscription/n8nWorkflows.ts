/**
 * The calls "Check Triggers" makes to this n8n's public API (n8n 2.41.1, /api/v1), with the API-key
 * scope each one needs (n8n answers 403 "Forbidden" when the key lacks it):
 *   GET  /workflows?active=true        workflow:list        (cursor pagination, at most 250 a page)
 *   GET  /workflows/{id}               workflow:read
 *   POST /workflows/{id}/unpublish     workflow:deactivate  (runs the trigger's delete())
 *   POST /workflows/{id}/publish       workflow:activate    (runs checkExists() and create())
 * /activate and /deactivate are deprecated aliases of /publish and /unpublish in 2.41, and the only
 * routes of n8n before /publish came (2.20.12 and 1.123.81 have none): a 404 from /publish or /unpublish
 * is asked again of its older name (a deleted workflow answers 404 there too). Publishing
 * without `versionId` publishes the latest draft, so a repair always names the published version.
 * Publishing the version that is already published leaves its triggers as they are (n8n compares the
 * trigger nodes of the old and new version), so a repair does it first to learn whether the key may publish.
 * Both calls only queue the change (n8n's workflow publication service applies it shortly after), so
 * the caller waits for their effect.
 * Every call is retried by the package's one retry policy (nodes/shared/transport/retry.ts, through
 * callWithRetry, as the data-table client does): the reads after a 429, a 5xx or a network failure;
 * /publish and /unpublish only when n8n certainly did not act on them (429, 503, a connection that never opened).
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import {
	callWithRetry,
	N8nApiError,
	n8nSaid,
	nodeTransport,
	type ApiTransport,
} from '../../../shared/transport/n8nApi';
import type { ListedWorkflow } from './health';

export class N8nWorkflowsClient {
	constructor(
		private readonly transport: ApiTransport,
		readonly baseUrl: string,
	) {}

	/** Set once /publish or /unpublish answered 404: this n8n has only /activate and /deactivate. */
	private olderRoutes = false;

	static async forNode(context: IExecuteFunctions): Promise<N8nWorkflowsClient> {
		const { transport, baseUrl } = await nodeTransport(context);
		return new N8nWorkflowsClient(transport, baseUrl);
	}

	private async call<T>(
		method: IHttpRequestMethods,
		path: string,
		options: { qs?: IDataObject; body?: IDataObject },
		what: string,
		scope: string,
	): Promise<T> {
		return this.checked(await callWithRetry(this.transport, method, path, options), what, scope);
	}

	/** n8n's answer's body, or an error that says what to fix. */
	private checked<T>(
		{ status, body }: { status: number; body: unknown },
		what: string,
		scope: string,
	): T {
		if (status >= 200 && status < 300) return body as T;
		const { apiMessage, said } = n8nSaid(body);
		switch (status) {
			case 401:
				throw new N8nApiError(
					`n8n refused the API key while trying to ${what} (401).${said} Create a new key under Settings → n8n API and put it into the n8n API credential; if n8n's public API is switched off (N8N_PUBLIC_API_DISABLED=true), remove that setting and restart n8n.`,
					status,
					apiMessage,
				);
			case 403:
				throw new N8nApiError(
					`The n8n API key may not ${what} (403).${said} Give the key the ${scope} scope (Settings → n8n API), and make it a key of a user who can see every workflow (the owner or an admin).`,
					status,
					apiMessage,
				);
			case 404:
				throw new N8nApiError(
					`n8n could not ${what} (404).${said} The workflow may have been deleted, or the key's user cannot see it.`,
					status,
					apiMessage,
				);
			case 409:
				throw new N8nApiError(
					`n8n refused to ${what} (409).${said} Resolve the conflict in n8n (e.g. a pending workflow review or a webhook path another workflow uses), then publish the workflow.`,
					status,
					apiMessage,
				);
			default:
				throw new N8nApiError(
					`n8n's API failed to ${what} (${status}).${said} Retry later; if it persists, check n8n's log.`,
					status,
					apiMessage,
				);
		}
	}

	/** Every published workflow the key's user can see, over every page. */
	async listActiveWorkflows(): Promise<ListedWorkflow[]> {
		const workflows: ListedWorkflow[] = [];
		let cursor: string | null = null;
		const seen = new Set<string>();
		do {
			const qs: IDataObject = { active: 'true', limit: 250, excludePinnedData: 'true' };
			if (cursor) qs.cursor = cursor;
			const page: { data: ListedWorkflow[]; nextCursor?: string | null } = await this.call(
				'GET',
				'/workflows',
				{ qs },
				'list the workflows',
				'workflow:list',
			);
			workflows.push(...(page.data ?? []));
			cursor = page.nextCursor ?? null;
			if (cursor && seen.has(cursor)) break;
			if (cursor) seen.add(cursor);
		} while (cursor);
		return workflows;
	}

	async getWorkflow(id: string): Promise<ListedWorkflow> {
		return await this.call(
			'GET',
			`/workflows/${encodeURIComponent(id)}`,
			{ qs: { excludePinnedData: 'true' } },
			`read workflow ${id}`,
			'workflow:read',
		);
	}

	async unpublish(id: string): Promise<void> {
		await this.post(id, 'unpublish', 'deactivate', {}, 'workflow:deactivate');
	}

	/** Publishes exactly `versionId` (the version that was published), never the draft. */
	async publish(id: string, versionId: string): Promise<void> {
		await this.post(id, 'publish', 'activate', { body: { versionId } }, 'workflow:activate');
	}

	/** POST /workflows/{id}/{route}, or its older name on an n8n that answers 404 to it. */
	private async post(
		id: string,
		route: 'publish' | 'unpublish',
		olderRoute: 'activate' | 'deactivate',
		options: { body?: IDataObject },
		scope: string,
	): Promise<void> {
		const path = `/workflows/${encodeURIComponent(id)}/`;
		const what = `${route} workflow ${id}`;
		if (!this.olderRoutes) {
			const answer = await callWithRetry(this.transport, 'POST', path + route, options);
			if (answer.status !== 404) return this.checked(answer, what, scope);
			// 2.41 keeps /activate and /deactivate as aliases, so using them from now on is safe.
			this.olderRoutes = true;
		}
		await this.call('POST', path + olderRoute, options, what, scope);
	}
}
