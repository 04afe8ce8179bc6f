// Reading what n8n did: executions (through the public API, with their data) and node outputs.
import { waitFor } from './wait.mjs';

const SETTLED = new Set(['success', 'error', 'crashed', 'canceled']);

/**
 * Whether an execution (read with its data) has finished and its data is stored: n8n 1.x may mark it
 * finished a moment before it writes the data ("Found successful execution where data is empty
 * stringified array" in its log). A crashed or canceled one may have none.
 */
const settledWithData = (execution) =>
	SETTLED.has(execution.status) &&
	(['crashed', 'canceled'].includes(execution.status) || execution.data?.resultData !== undefined);

/** Waits until the workflow has at least `count` executions and all of them have finished. */
export async function waitForExecutions(api, workflowId, count, { timeoutMs = 60_000 } = {}) {
	return waitFor(
		`${count} finished execution(s) of workflow ${workflowId}`,
		async () => {
			const executions = await api.executions(workflowId, { includeData: true });
			if (executions.length < count || !executions.every(settledWithData)) return false;
			// Oldest first reads naturally in assertions.
			return executions.sort((a, b) => Number(a.id) - Number(b.id));
		},
		{ timeoutMs, intervalMs: 400 },
	);
}

/** The items a node emitted in its first run, per output, as n8n stored them ({ json, pairedItem }). */
export function nodeItems(execution, nodeName) {
	const runs = execution.data?.resultData?.runData?.[nodeName];
	if (!runs) return null;
	return runs[0].data.main.map((items) => items ?? []);
}

/** The items' json per output: [[json, ...] (output 0), [json, ...] (output 1), ...]. */
export function nodeOutputs(execution, nodeName) {
	return nodeItems(execution, nodeName)?.map((items) => items.map((item) => item.json)) ?? null;
}

export function executionError(execution) {
	return execution.data?.resultData?.error ?? null;
}

/**
 * The deliveries to `url` that n8n answered 2xx, each once: with the trigger's repeat stop on (its
 * default), each started exactly one execution, however often it was sent.
 */
export function startedDeliveries(sim, url) {
	const bodies = new Set(
		sim.deliveries.filter((d) => d.url === url && d.status === 200).map((d) => d.body),
	);
	return [...bodies];
}

/**
 * Runs a workflow from `trigger` as the editor's "Execute workflow" does and returns the finished
 * execution with its data.
 */
export async function runFrom(stack, workflowId, trigger, { timeoutMs = 240_000 } = {}) {
	const { executionId } = await stack.rest.runManually(workflowId, trigger);
	return await waitFor(
		`execution ${executionId} of workflow ${workflowId}`,
		async () => {
			const found = await stack.api.call('GET', `/executions/${executionId}`, {
				query: { includeData: 'true' },
			});
			return settledWithData(found) ? found : false;
		},
		{ timeoutMs },
	);
}

/** POSTs a webhook body as Calendly would (raw bytes, our headers) and returns the status and body. */
export async function postDelivery(url, body, headers) {
	const res = await fetch(url, { method: 'POST', headers, body });
	return { status: res.status, body: await res.text() };
}

/**
 * Calendly retries a delivery that did not get a 2xx; this does the same for the simulator's records
 * (same body and signature, still inside the replay window), recording each success as a delivery.
 * Returns the statuses of the first attempts that failed.
 */
export async function retryFailedDeliveries(sim, deliveries, { attempts = 5 } = {}) {
	const failures = deliveries.filter((d) => d.status !== 200).map((d) => d.status ?? d.error);
	for (const delivery of deliveries.filter((d) => d.status !== 200)) {
		for (let attempt = 1; ; attempt++) {
			const res = await postDelivery(delivery.url, delivery.body, delivery.headers).catch(
				(error) => ({ status: error.message }),
			);
			if (res.status === 200) {
				sim.deliveries.push({
					...delivery,
					status: 200,
					ok: true,
					error: null,
					deliveredAt: new Date().toISOString(),
				});
				break;
			}
			if (attempt === attempts)
				throw new Error(
					`A delivery to ${delivery.url} still failed after ${attempts} retries (last: ${res.status})`,
				);
			await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
		}
	}
	return failures;
}
