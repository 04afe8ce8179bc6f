// (a) and (b): webhook workflows side by side on one n8n. One round per workflow; in each, every
// workflow gets one window of requests and n8n finishes all of those executions before the next
// workflow starts, so the workflows share the instance's state and drift equally.
import { randomUUID } from 'node:crypto';
import {
	calendlyAccount,
	createWorkflow,
	dataTableCredential,
	publishedCardWorkflow,
	publishedTriggerWorkflow,
} from '../test/e2e/lib/fixtures.mjs';
import { publishAndWait } from '../test/e2e/lib/n8nApi.mjs';
import { sleep } from '../test/e2e/lib/wait.mjs';
import { connect, noOpNode, workflow } from '../test/e2e/lib/workflows.mjs';
import { monotonicMicros } from './lib/cpuProfile.mjs';
import { signedDelivery, variant } from './lib/deliveries.mjs';
import {
	executionCounts,
	groupCpuSeconds,
	isolatesAcquired,
	percentile,
	sendAll,
	totalOf,
	waitForExecutionTotal,
} from './lib/load.mjs';
import { MINIMAL_TRIGGER_TYPE } from './lib/minimalTrigger.mjs';

export async function publishedWorkflow(stack, name, trigger) {
	const created = await createWorkflow(
		stack,
		workflow(name, [trigger, noOpNode('No-op')], connect({}, trigger.name, 'No-op')),
	);
	await publishAndWait(stack.api, stack.rest, created.id);
	return created;
}

/** The signing key the Calendly Trigger sent when it subscribed (the simulator stores it, never returns it). */
export function signingKeyFor(sim, callbackUrl) {
	const sub = [...sim.store.subscriptions.values()].find(
		(candidate) => candidate.url === callbackUrl && candidate.state === 'active',
	);
	if (!sub?.signingKey)
		throw new Error(`no active subscription with a signing key for ${callbackUrl}`);
	return sub.signingKey;
}

export const minimalTriggerNode = () => ({
	id: randomUUID(),
	name: 'Minimal Trigger',
	type: MINIMAL_TRIGGER_TYPE,
	typeVersion: 1,
	position: [0, 0],
	webhookId: randomUUID(),
	parameters: {},
});

async function setUp(stack) {
	const account = await calendlyAccount(stack, {
		name: 'Bench Host',
		email: 'bench.host@bench.test',
	});
	const n8nCredentialId = await dataTableCredential(stack);
	const hookPath = randomUUID();
	const webhook = await publishedWorkflow(stack, 'Bench: Webhook -> No-op', {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'onReceived', options: {} },
	});
	const minimal = await publishedWorkflow(
		stack,
		'Bench: minimal trigger -> No-op',
		minimalTriggerNode(),
	);
	const calendly = await publishedTriggerWorkflow(stack, account, {
		name: 'Bench: Calendly Trigger -> No-op',
		events: ['invitee.created'],
	});
	const card = await publishedCardWorkflow(stack, account, {
		name: 'Bench: Calendly Trigger -> Calendly to Card -> No-op',
		board: 'Bench (b) cards',
		n8nCredentialId,
	});
	return [
		{
			key: 'webhook',
			label: "n8n's Webhook -> No-op",
			id: webhook.id,
			url: `${stack.url}/webhook/${hookPath}`,
			signingKey: 'unused',
		},
		{
			key: 'minimal',
			label: 'minimal community trigger -> No-op',
			id: minimal.id,
			url: minimal.webhookUrl,
			signingKey: 'unused',
		},
		{
			key: 'calendly',
			label: 'Calendly Trigger -> No-op',
			id: calendly.id,
			url: calendly.webhookUrl,
			signingKey: signingKeyFor(stack.sim, calendly.webhookUrl),
		},
		{
			key: 'card',
			label: 'Calendly Trigger -> Calendly to Card -> No-op',
			id: card.id,
			url: card.webhookUrl,
			signingKey: signingKeyFor(stack.sim, card.webhookUrl),
		},
	].map((target, n) => ({ ...target, offset: (n + 1) * 10_000_000, sent: 0 }));
}

/**
 * Sends `count` new bookings to one workflow and waits until n8n has finished their executions.
 * `startMicros` is on the monotonic clock of CPU profiles (see lib/cpuProfile.mjs).
 */
export async function burst(stack, template, target, count, concurrency) {
	const before = totalOf(await executionCounts(stack.url));
	const isolatesBefore = await isolatesAcquired(stack.url);
	const cpuBefore = groupCpuSeconds(stack.n8n.pid);
	const first = target.offset + target.sent;
	target.sent += count;
	const startMicros = monotonicMicros();
	const sent = await sendAll({
		count,
		concurrency,
		request: (i) => {
			const { body, headers } = signedDelivery(variant(template, first + i), target.signingKey);
			return { url: target.url, body, headers };
		},
	});
	const done = await waitForExecutionTotal(stack.url, before + count);
	const cpuAfter = groupCpuSeconds(stack.n8n.pid);
	const isolates = (await isolatesAcquired(stack.url)) - isolatesBefore;
	return {
		...sent,
		startMicros,
		doneAt: done.at,
		missing: done.missing ?? 0,
		isolates,
		cpuSeconds: cpuBefore === null ? null : cpuAfter - cpuBefore,
	};
}

/** What the card node reported about its own data-table calls in the workflow's latest executions. */
async function cardCallsPerBooking(stack, workflowId, sample) {
	const page = await stack.api.call('GET', '/executions', {
		query: { workflowId, includeData: 'true', limit: String(sample) },
	});
	const perBooking = [];
	const actions = {};
	for (const execution of page.data) {
		const outputs =
			execution.data?.resultData?.runData?.['Calendly to Card']?.[0]?.data?.main ?? [];
		for (const item of outputs.flat().filter(Boolean)) {
			perBooking.push(item.json.apiCalls);
			actions[item.json.action] = (actions[item.json.action] ?? 0) + 1;
		}
	}
	return { executions: page.data.length, perBooking, actions };
}

async function failedExecutions(stack, workflowId) {
	let failed = 0;
	for (const status of ['error', 'crashed', 'canceled']) {
		failed += (await stack.api.all('/executions', { workflowId, status })).length;
	}
	return failed;
}

export async function benchWebhooks(
	stack,
	template,
	{ webhookWindow: window, warmup, concurrency, log },
) {
	const targets = await setUp(stack);
	// As many rounds as workflows: with the order rotated, each workflow runs once in each place.
	const rounds = targets.length;
	log(`webhooks: ${targets.length} workflows published; warming up with ${warmup} requests each`);
	for (const target of targets) await burst(stack, template, target, warmup, concurrency);

	const windows = Object.fromEntries(targets.map((t) => [t.key, []]));
	for (let round = 0; round < rounds; round++) {
		// Rotate the order so no workflow always runs first (or right after the slowest).
		const order = targets.map((_, n) => targets[(n + round) % targets.length]);
		for (const target of order) {
			await sleep(500);
			const result = await burst(stack, template, target, window, concurrency);
			windows[target.key].push(result);
			log(
				`webhooks: round ${round + 1} ${target.key}: ${(window / ((result.doneAt - result.startedAt) / 1000)).toFixed(1)} exec/s`,
			);
		}
	}

	const rows = [];
	for (const target of targets) {
		const qs = windows[target.key];
		const requestSeconds = qs.reduce((sum, q) => sum + (q.finishedAt - q.startedAt) / 1000, 0);
		const execSeconds = qs.reduce((sum, q) => sum + (q.doneAt - q.startedAt) / 1000, 0);
		const latencies = qs.flatMap((q) => q.latencies);
		const statuses = qs.flatMap((q) => q.statuses);
		rows.push({
			key: target.key,
			label: target.label,
			requests: latencies.length,
			reqPerSec: latencies.length / requestSeconds,
			execPerSec: latencies.length / execSeconds,
			execWindows: qs.map((q) => window / ((q.doneAt - q.startedAt) / 1000)),
			reqWindows: qs.map((q) => window / ((q.finishedAt - q.startedAt) / 1000)),
			p50: percentile(latencies, 50),
			p95: percentile(latencies, 95),
			p99: percentile(latencies, 99),
			isolatesPerExecution: qs.reduce((sum, q) => sum + q.isolates, 0) / latencies.length,
			n8nCpuMsPerExecution: qs.every((q) => q.cpuSeconds !== null)
				? (qs.reduce((sum, q) => sum + q.cpuSeconds, 0) * 1000) / latencies.length
				: null,
			lagMs: Math.max(...qs.map((q) => q.doneAt - q.finishedAt)),
			httpErrors: statuses.filter((s) => s !== 200).length,
			httpStatuses: [...new Set(statuses)],
			missingExecutions: qs.reduce((sum, q) => sum + q.missing, 0),
			failedExecutions: await failedExecutions(stack, target.id),
		});
	}
	const card = targets.find((t) => t.key === 'card');
	// Only executions after the warm-up: the first bookings on a new board also create it and its columns.
	const calls = await cardCallsPerBooking(stack, card.id, Math.min(100, rounds * window));
	return {
		rounds,
		window,
		warmup,
		concurrency,
		rows,
		cardCalls: calls,
		bodyBytes: Buffer.byteLength(signedDelivery(variant(template, 1), 'k').body),
	};
}
