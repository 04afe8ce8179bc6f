// The load client: fixed numbers of POSTs over a fixed number of keep-alive connections, and n8n's
// own count of finished executions (Prometheus, N8N_METRICS=true) to know when the work is done.
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { sleep } from '../../test/e2e/lib/wait.mjs';

/**
 * Sends requests 0..count-1 from `concurrency` parallel connections; `request(i)` gives { url, body,
 * headers } at send time (so signatures are fresh). Resolves with per-request latencies (ms) and
 * statuses, and the wall-clock span from the first send to the last answer.
 */
export async function sendAll({ count, concurrency, request }) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const latencies = new Array(count);
	const statuses = new Array(count);
	let next = 0;
	const startedAt = performance.now();
	const worker = async () => {
		while (next < count) {
			const i = next++;
			const { url, body, headers } = request(i);
			const sent = performance.now();
			statuses[i] = await post(agent, url, body, headers);
			latencies[i] = performance.now() - sent;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const finishedAt = performance.now();
	agent.destroy();
	return { latencies, statuses, startedAt, finishedAt };
}

function post(agent, url, body, headers) {
	return new Promise((resolve) => {
		const req = http.request(
			url,
			{ method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode));
				res.on('error', () => resolve(0));
			},
		);
		// A request n8n never answers counts as an error instead of stalling the run.
		req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
		req.on('error', () => resolve(0));
		req.end(body);
	});
}

/** Finished executions by status, summed over modes: { success: n, error: n, ... }. */
export async function executionCounts(n8nUrl) {
	const text = await (await fetch(`${n8nUrl}/metrics`)).text();
	const counts = {};
	for (const match of text.matchAll(
		/^n8n_workflow_execution_duration_seconds_count\{([^}]*)\} (\d+)/gm,
	)) {
		const status = /status="([^"]*)"/.exec(match[1])?.[1] ?? 'unknown';
		counts[status] = (counts[status] ?? 0) + Number(match[2]);
	}
	return counts;
}

/**
 * Expression isolates n8n has handed out so far (its counter \`n8n_expression_pool_acquired_total\`). Each
 * costs about half an execution here: an exact count where rates are noisy.
 */
export async function isolatesAcquired(n8nUrl) {
	const text = await (await fetch(`${n8nUrl}/metrics`)).text();
	return Number(/^n8n_expression_pool_acquired_total (\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

export const totalOf = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * Polls until n8n has finished `target` executions in all; resolves with the time (performance.now())
 * the count was first seen reached. Gives up after `timeoutMs` and says how many were missing.
 */
export async function waitForExecutionTotal(
	n8nUrl,
	target,
	{ timeoutMs = 120_000, intervalMs = 50 } = {},
) {
	const deadline = performance.now() + timeoutMs;
	for (;;) {
		const counts = await executionCounts(n8nUrl);
		if (totalOf(counts) >= target) return { at: performance.now(), counts };
		if (performance.now() > deadline) {
			return { at: performance.now(), counts, missing: target - totalOf(counts) };
		}
		await sleep(intervalMs);
	}
}

export function percentile(values, p) {
	const sorted = values.filter((v) => v !== undefined).sort((a, b) => a - b);
	if (sorted.length === 0) return null;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) used so far by the processes of one process group (n8n and its task
 * runner). Less disturbed by other load on the machine than wall-clock throughput. Linux only; null
 * elsewhere.
 */
export function groupCpuSeconds(pgid) {
	let ticks = 0;
	let entries;
	try {
		entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return null;
	}
	for (const pid of entries) {
		let stat;
		try {
			stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		} catch {
			continue; // exited meanwhile
		}
		// Fields after the command name (which may contain spaces): state ppid pgrp ... utime(14) stime(15).
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
	}
	return ticks / CLOCK_TICKS_PER_SECOND;
}
