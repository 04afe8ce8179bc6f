// (h) A burst of bookings, as a popular webinar sends them: `count` new sign-ups delivered at the same
// moment, each on a connection of its own, to one workflow at a time. Calendly waits 15 s for an answer;
// a later one counts as failed and the delivery is sent again later (freshly signed), although n8n goes
// on to start the workflow for the late one. Measured: how many n8n answered in time, how many attempts
// it took, and how many executions each booking started, with the Calendly Trigger's repeat stop on and
// off, beside the minimal community trigger. Runs on a regular-mode stack and on a queue-mode fleet.
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findBoard } from '../test/e2e/lib/board.mjs';
import {
	calendlyAccount,
	dataTableCredential,
	publishedCardWorkflow,
	publishedTriggerWorkflow,
} from '../test/e2e/lib/fixtures.mjs';
import { sleep, waitFor } from '../test/e2e/lib/wait.mjs';
import { signedDelivery, variant } from './lib/deliveries.mjs';
import { percentile } from './lib/load.mjs';
import { installMinimalTrigger } from './lib/minimalTrigger.mjs';
import { minimalTriggerNode, publishedWorkflow, signingKeyFor } from './webhooks.mjs';

// Calendly's read timeout: the socket is given up after it, answered or not.
export const READ_TIMEOUT_MS = 15_000;
// Calendly retries with exponential back-off for up to 24 hours. Compressed here (the wait after the
// 1st, 2nd, ... failed attempt) so a run takes minutes; the first wait is still about as long as n8n
// takes to start a whole burst of 200 on this machine, so retries mostly meet an n8n that is done with
// the wave before, as Calendly's much later ones would.
export const RETRY_DELAYS_MS = [20_000, 40_000, 80_000, 160_000];
const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
// Executions are counted once the workflow's count has not moved for this long, nothing unfinished.
const QUIET_MS = 10_000;
const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);
const FAILED = new Set(['error', 'crashed', 'canceled']);

/**
 * One POST on a connection of its own, given up (socket destroyed) at the read timeout. Resolves with
 * the time taken and the status: the HTTP status, 'timeout', or 'error' (connection failed).
 */
function deliver(url, body, headers) {
	return new Promise((resolve) => {
		const sent = performance.now();
		let settled = false;
		let timer;
		const done = (status) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve({ status, ms: performance.now() - sent });
		};
		const req = http.request(
			url,
			{
				method: 'POST',
				agent: false,
				headers: { ...headers, 'content-length': Buffer.byteLength(body) },
			},
			(res) => {
				res.resume();
				res.on('end', () => done(res.statusCode));
				res.on('error', () => done('error'));
			},
		);
		timer = setTimeout(() => {
			done('timeout');
			req.destroy();
		}, READ_TIMEOUT_MS);
		req.on('error', () => done('error'));
		req.end(body);
	});
}

const answered = (attempt) =>
	typeof attempt.status === 'number' && attempt.status >= 200 && attempt.status < 300;

/** Booking `index` sent until answered 2xx in time or out of attempts; every attempt is signed at its send time. */
async function deliverWithRetries(target, template, index, startedAt) {
	const attempts = [];
	for (;;) {
		const { body, headers } = signedDelivery(variant(template, index), target.signingKey);
		const at = performance.now() - startedAt;
		const attempt = { at, ...(await deliver(target.url, body, headers)) };
		attempts.push(attempt);
		if (answered(attempt) || attempts.length === MAX_ATTEMPTS) return attempts;
		await sleep(RETRY_DELAYS_MS[attempts.length - 1]);
	}
}

/** The workflow's executions as n8n lists them (a running one in this very process is left out of the list). */
async function executionsOf(stack, workflowId) {
	const executions = await stack.api.all('/executions', { workflowId });
	return {
		total: executions.length,
		unfinished: executions.filter((e) => !FINISHED.has(e.status)).length,
		failed: executions.filter((e) => FAILED.has(e.status)).length,
		lastStoppedAt: Math.max(...executions.map((e) => Date.parse(e.stoppedAt ?? '') || 0)),
	};
}

/** Waits until the workflow's executions are all finished and no new one has appeared for QUIET_MS. */
async function settledExecutions(stack, workflowId, { timeoutMs = 300_000 } = {}) {
	const deadline = performance.now() + timeoutMs;
	let last = await executionsOf(stack, workflowId);
	let quietSince = performance.now();
	for (;;) {
		await sleep(1000);
		const now = await executionsOf(stack, workflowId);
		if (now.total !== last.total || now.unfinished > 0) quietSince = performance.now();
		last = now;
		if (performance.now() - quietSince >= QUIET_MS) return last;
		if (performance.now() > deadline) return { ...last, timedOut: true };
	}
}

/**
 * Polls the board until a card for every email in `wanted` is on it; `watch.stop = true` ends it. Sets
 * `watch.seconds` (from `startedAt`) when complete.
 */
async function watchBoard(stack, tableId, wanted, startedAt, watch) {
	while (!watch.stop) {
		const rows = await stack.api.rows(tableId).catch(() => null);
		if (
			rows &&
			new Set(rows.map((row) => row.email).filter((email) => wanted.has(email))).size ===
				wanted.size
		) {
			watch.seconds = (performance.now() - startedAt) / 1000;
			return;
		}
		await sleep(1000);
	}
}

/** A few deliveries one at a time first, so n8n has loaded the workflow (and the card node its board) before the burst. */
async function warmUp(stack, template, target, count) {
	const before = (await executionsOf(stack, target.id)).total;
	for (let i = 0; i < count; i++) {
		const { body, headers } = signedDelivery(
			variant(template, target.offset + target.sent++),
			target.signingKey,
		);
		const attempt = await deliver(target.url, body, headers);
		if (!answered(attempt))
			throw new Error(`warm-up delivery to ${target.key} answered ${attempt.status}`);
	}
	await waitFor(
		`${count} warm-up executions of ${target.key}`,
		async () => {
			const now = await executionsOf(stack, target.id);
			return now.total >= before + count && now.unfinished === 0 ? now : false;
		},
		{ timeoutMs: 60_000, intervalMs: 500 },
	);
}

async function burstOf(stack, template, target, count) {
	const { total: before, failed: failedBefore } = await executionsOf(stack, target.id);
	const indexes = Array.from({ length: count }, (_, i) => target.offset + target.sent + i);
	target.sent += count;
	const emails = new Set(indexes.map((i) => variant(template, i).payload.email));
	const startedAt = performance.now();
	const wallClockStart = Date.now();
	const watch = { stop: false, seconds: null };
	const watching = target.board
		? watchBoard(stack, target.board.tableId, emails, startedAt, watch)
		: null;
	// All first attempts leave together: each opens its own connection, as Calendly's deliveries do.
	const deliveries = await Promise.all(
		indexes.map((index) => deliverWithRetries(target, template, index, startedAt)),
	);
	const executions = await settledExecutions(stack, target.id);
	watch.stop = true;
	await watching;
	const seconds = (performance.now() - startedAt) / 1000;

	const firsts = deliveries.map((attempts) => attempts[0]);
	// A first attempt without a 2xx in time has no answer latency: counted as beyond the timeout.
	const firstMs = firsts.map((a) => (answered(a) ? a.ms : Infinity));
	const waves = [];
	for (let k = 0; k < MAX_ATTEMPTS; k++) {
		const sent = deliveries.filter((attempts) => attempts.length > k);
		if (sent.length)
			waves.push({
				attempt: k + 1,
				sent: sent.length,
				answered: sent.filter((attempts) => answered(attempts[k])).length,
			});
	}
	const cards = target.board
		? (await stack.api.rows(target.board.tableId)).filter((row) => emails.has(row.email)).length
		: null;
	return {
		key: target.key,
		label: target.label,
		bookings: count,
		firstInTime: firsts.filter(answered).length,
		// JSON has no Infinity: null stands for "no answer within the timeout".
		firstP50: percentile(firstMs, 50),
		firstP95: percentile(firstMs, 95),
		attempts: deliveries.reduce((sum, attempts) => sum + attempts.length, 0),
		maxAttempts: Math.max(...deliveries.map((attempts) => attempts.length)),
		unanswered: deliveries.filter((attempts) => !answered(attempts.at(-1))).length,
		waves,
		otherAnswers: [
			...new Set(
				deliveries
					.flat()
					.filter((a) => !answered(a))
					.map((a) => a.status),
			),
		],
		// From the first send until the last booking was answered 2xx (null: some never were).
		allAnsweredSeconds: deliveries.every((attempts) => answered(attempts.at(-1)))
			? Math.max(...deliveries.map((attempts) => attempts.at(-1).at + attempts.at(-1).ms)) / 1000
			: null,
		lastExecutionSeconds: (executions.lastStoppedAt - wallClockStart) / 1000,
		executions: executions.total - before,
		executionsPerBooking: (executions.total - before) / count,
		failedExecutions: executions.failed - failedBefore,
		executionsSettled: !executions.timedOut,
		boardSeconds: target.board ? watch.seconds : undefined,
		cards,
		seconds,
	};
}

/**
 * The workflows of (h), published on `stack`: the minimal trigger, the Calendly Trigger with the repeat
 * stop on (its default) and off, and Trigger -> Card with it on and off, each card workflow on a board
 * of its own. Deliveries go to the webhook processor in queue mode (createWorkflow's URLs).
 */
async function setUp(stack, mode) {
	const account = await calendlyAccount(stack, {
		name: `Burst Host ${mode}`,
		email: `burst.${mode}@bench.test`,
	});
	const n8nCredentialId = await dataTableCredential(stack);
	const minimal = await publishedWorkflow(
		stack,
		`Bench (h) ${mode}: minimal trigger -> No-op`,
		minimalTriggerNode(),
	);
	const on = await publishedTriggerWorkflow(stack, account, {
		name: `Bench (h) ${mode}: Calendly Trigger -> No-op`,
		events: ['invitee.created'],
	});
	const off = await publishedTriggerWorkflow(stack, account, {
		name: `Bench (h) ${mode}: Calendly Trigger (repeats not ignored) -> No-op`,
		events: ['invitee.created'],
		parameters: { options: { ignoreRepeats: false } },
	});
	const boardName = `Bench (h) ${mode} cards`;
	const card = await publishedCardWorkflow(stack, account, {
		name: `Bench (h) ${mode}: Calendly Trigger -> Calendly to Card -> No-op`,
		board: boardName,
		n8nCredentialId,
	});
	const offBoardName = `Bench (h) ${mode} cards, repeats not ignored`;
	const cardOff = await publishedCardWorkflow(stack, account, {
		name: `Bench (h) ${mode}: Calendly Trigger (repeats not ignored) -> Calendly to Card -> No-op`,
		board: offBoardName,
		n8nCredentialId,
		triggerParameters: { options: { ignoreRepeats: false } },
	});
	return [
		{
			key: 'minimal',
			label: 'minimal community trigger -> No-op',
			wf: minimal,
			signingKey: 'unused',
		},
		{ key: 'calendly', label: 'Calendly Trigger -> No-op (repeat stop on, the default)', wf: on },
		{ key: 'calendlyRepeats', label: 'Calendly Trigger -> No-op, `ignoreRepeats: false`', wf: off },
		{
			key: 'card',
			label: 'Calendly Trigger -> Calendly to Card -> No-op (repeat stop on)',
			wf: card,
			boardName,
		},
		{
			key: 'cardRepeats',
			label: 'Calendly Trigger -> Calendly to Card -> No-op, `ignoreRepeats: false`',
			wf: cardOff,
			boardName: offBoardName,
		},
	].map((target, n) => ({
		...target,
		id: target.wf.id,
		url: target.wf.webhookUrl,
		signingKey: target.signingKey ?? signingKeyFor(stack.sim, target.wf.webhookUrl),
		offset: (n + 1) * 10_000_000,
		sent: 0,
	}));
}

/**
 * One unmeasured burst to `target`, each delivery sent once, until n8n has finished its executions. The
 * first burst after n8n starts is markedly slower (code not yet optimised, heap still growing): without
 * this, whichever workflow came first would pay for it.
 */
async function primingBurst(stack, template, target, count) {
	await Promise.all(
		Array.from({ length: count }, () => {
			const { body, headers } = signedDelivery(
				variant(template, target.offset + target.sent++),
				target.signingKey,
			);
			return deliver(target.url, body, headers);
		}),
	);
	await settledExecutions(stack, target.id);
}

/** Runs the burst against each workflow in turn; `mode` ('regular' or 'queue') names workflows and boards. */
export async function benchBurst(
	stack,
	template,
	mode,
	{ burst: count, burstWarmup: warmup, log },
) {
	const started = performance.now();
	const targets = await setUp(stack, mode);
	log(
		`burst ${mode}: ${targets.length} workflows published; one unmeasured burst of ${count} to the minimal trigger first`,
	);
	await primingBurst(stack, template, targets[0], count);
	const rows = [];
	for (const target of targets) {
		await warmUp(stack, template, target, warmup);
		if (target.boardName)
			target.board = { tableId: (await findBoard(stack.api, target.boardName)).id };
		const row = await burstOf(stack, template, target, count);
		rows.push(row);
		log(
			`burst ${mode} ${target.key}: ${row.firstInTime}/${count} answered in time, ${row.attempts} attempts, ${row.executions} executions${row.boardSeconds === undefined ? '' : `, board complete after ${row.boardSeconds?.toFixed(1) ?? 'never'} s`}`,
		);
	}
	return { mode, bookings: count, warmup, rows, seconds: (performance.now() - started) / 1000 };
}

/**
 * Puts the minimal trigger into every user folder of a queue-mode fleet and restarts the fleet, since
 * n8n loads community packages at start. queueStack.mjs makes one folder per instance, named after it.
 */
export async function addMinimalTrigger(stack, workDir) {
	const names = Object.keys(stack.instances);
	for (const name of names) installMinimalTrigger(join(workDir, name));
	await Promise.all(names.map((name) => stack.restart(name)));
}
