// (e) Queue mode: Calendly Trigger -> Calendly to Card -> No-op on a main, a webhook processor and one or
// two workers (PostgreSQL, Redis), in the same run as the regular-mode rows. Phases alternate between one
// and two workers (the second worker is stopped and started between phases), so both see the same board
// growing and the same database. Each phase sends new bookings from `concurrency` connections to the
// webhook processor and ends when the workers have logged every execution as finished.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import {
	calendlyAccount,
	dataTableCredential,
	publishedCardWorkflow,
} from '../test/e2e/lib/fixtures.mjs';
import { sleep } from '../test/e2e/lib/wait.mjs';
import { signedDelivery, variant } from './lib/deliveries.mjs';
import { groupCpuSeconds, percentile, sendAll } from './lib/load.mjs';

/** Executions the workers have finished so far (each worker logs "Worker finished execution <id>"). */
function finishedExecutions(stack) {
	let count = 0;
	for (const name of stack.workerNames) {
		count +=
			readFileSync(stack.instances[name].logFile, 'utf8').split('Worker finished execution ')
				.length - 1;
	}
	return count;
}

/** Busy and total CPU time of the whole machine (all cores), in seconds. */
function machineCpu() {
	const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
		.split('\n')[0]
		.trim()
		.split(/\s+/)
		.slice(1)
		.map(Number);
	const busy = user + nice + system + irq + softirq + steal;
	return { busy: busy / 100, total: (busy + idle + iowait) / 100 };
}

/** CPU seconds per running n8n instance (its process group). */
function instanceCpu(stack) {
	return Object.fromEntries(
		Object.entries(stack.instances)
			.filter(([, instance]) => instance.running)
			.map(([name, instance]) => [name, groupCpuSeconds(instance.pid)]),
	);
}

async function phase(stack, target, template, { count, concurrency, workers }) {
	const done = finishedExecutions(stack);
	const cpuBefore = instanceCpu(stack);
	const machineBefore = machineCpu();
	const first = target.sent;
	target.sent += count;
	const sent = await sendAll({
		count,
		concurrency,
		request: (i) => {
			const { body, headers } = signedDelivery(
				variant(template, target.offset + first + i),
				target.signingKey,
			);
			return { url: target.url, body, headers };
		},
	});
	const deadline = performance.now() + 300_000;
	while (finishedExecutions(stack) < done + count && performance.now() < deadline) await sleep(50);
	const finishedAt = performance.now();
	const cpuAfter = instanceCpu(stack);
	const machineAfter = machineCpu();
	const cpuMs = Object.fromEntries(
		Object.keys(cpuAfter).map((name) => [
			name,
			((cpuAfter[name] - (cpuBefore[name] ?? 0)) * 1000) / count,
		]),
	);
	const n8nCpuMs = Object.values(cpuMs).reduce((a, b) => a + b, 0);
	const machineBusyMs = ((machineAfter.busy - machineBefore.busy) * 1000) / count;
	return {
		workers,
		count,
		execPerSec: count / ((finishedAt - sent.startedAt) / 1000),
		p50: percentile(sent.latencies, 50),
		p95: percentile(sent.latencies, 95),
		httpErrors: sent.statuses.filter((status) => status !== 200).length,
		missing: done + count - finishedExecutions(stack),
		cpuMsPerExecution: cpuMs,
		n8nCpuMsPerExecution: n8nCpuMs,
		// Everything else busy meanwhile: PostgreSQL, Redis, this load client, the kernel.
		otherCpuMsPerExecution: machineBusyMs - n8nCpuMs,
		machineBusyShare:
			(machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
		loadAverage: os.loadavg()[0],
	};
}

export async function benchQueue(stack, template, { quarter, warmup, concurrency, log }) {
	const account = await calendlyAccount(stack, {
		name: 'Queue Bench Host',
		email: 'queue.bench@bench.test',
	});
	const n8nCredentialId = await dataTableCredential(stack);
	const wf = await publishedCardWorkflow(stack, account, {
		name: 'Bench (e): Calendly Trigger -> Calendly to Card',
		board: 'Bench (e) cards',
		n8nCredentialId,
	});
	const sub = [...stack.sim.store.subscriptions.values()].find(
		(candidate) => candidate.url === wf.webhookUrl && candidate.state === 'active',
	);
	const target = { url: wf.webhookUrl, signingKey: sub.signingKey, offset: 50_000_000, sent: 0 };
	log(`queue: warming up with ${warmup} bookings on two workers`);
	await phase(stack, target, template, { count: warmup, concurrency, workers: 2 });

	const phases = [];
	// Alternate so neither setting always runs on the smaller board.
	for (const workers of [1, 2, 2, 1]) {
		const running = stack.instances.worker2.running;
		if (workers === 1 && running) await stack.instances.worker2.stop();
		if (workers === 2 && !running) await stack.start('worker2');
		await sleep(1000);
		const result = await phase(stack, target, template, {
			count: 2 * quarter,
			concurrency,
			workers,
		});
		phases.push(result);
		log(
			`queue: ${workers} worker(s): ${result.execPerSec.toFixed(1)} exec/s, n8n CPU ${result.n8nCpuMsPerExecution.toFixed(0)} ms/execution, machine ${(100 * result.machineBusyShare).toFixed(0)}% busy`,
		);
	}
	if (!stack.instances.worker2.running) await stack.start('worker2');
	const summary = (workers) => {
		const rows = phases.filter((p) => p.workers === workers);
		const total = rows.reduce((sum, p) => sum + p.count, 0);
		const seconds = rows.reduce((sum, p) => sum + p.count / p.execPerSec, 0);
		const mean = (pick) => rows.reduce((sum, p) => sum + pick(p) * p.count, 0) / total;
		const instances = [...new Set(rows.flatMap((p) => Object.keys(p.cpuMsPerExecution)))];
		return {
			workers,
			executions: total,
			execPerSec: total / seconds,
			phases: rows.map((p) => p.execPerSec),
			p50: Math.max(...rows.map((p) => p.p50)),
			p95: Math.max(...rows.map((p) => p.p95)),
			n8nCpuMsPerExecution: mean((p) => p.n8nCpuMsPerExecution),
			cpuMsPerExecution: Object.fromEntries(
				instances.map((name) => [name, mean((p) => p.cpuMsPerExecution[name] ?? 0)]),
			),
			otherCpuMsPerExecution: mean((p) => p.otherCpuMsPerExecution),
			machineBusyShare: mean((p) => p.machineBusyShare),
			loadAverage: Math.max(...rows.map((p) => p.loadAverage)),
			httpErrors: rows.reduce((sum, p) => sum + p.httpErrors, 0),
			missing: rows.reduce((sum, p) => sum + p.missing, 0),
		};
	};
	return {
		concurrency,
		perPhase: 2 * quarter,
		oneWorker: summary(1),
		twoWorkers: summary(2),
		phases,
	};
}
