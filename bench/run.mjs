#!/usr/bin/env node
// npm run bench: builds the package, measures (d) the pure code on one core and (f) card row sizes,
// then starts one real n8n with the packed package and the minimal reference trigger installed and
// measures (a)/(b) webhook workflows side by side and (c) card sync on a 1,000- and a 100,000-card
// board; then stops it, measures (g) the trigger's own cost in an n8n under the CPU profiler, (e)
// Trigger -> Card in queue mode with one and two workers and (h) a burst of simultaneous bookings with
// Calendly's timeout and retries, in regular and in queue mode. Writes the raw figures to
// .n8n-e2e/bench/results.json and BENCHMARKS.md from them.
// Options: --no-build (reuse dist/), --quick (small counts, a smoke test; writes no BENCHMARKS.md),
// --only=micro,rows,webhooks,boards,profile,queue,burst (a subset; `node bench/report.mjs` then puts
// its sections into BENCHMARKS.md).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackage } from '../test/e2e/lib/packageInstall.mjs';
import { REPO_ROOT, WORK_ROOT, ensureN8nInstalled } from '../test/e2e/lib/paths.mjs';
import { startQueueStack } from '../test/e2e/lib/queueStack.mjs';
import { prepareUserFolder, startStack } from '../test/e2e/lib/stack.mjs';
import { benchBoards } from './boards.mjs';
import { addMinimalTrigger, benchBurst, READ_TIMEOUT_MS, RETRY_DELAYS_MS } from './burst.mjs';
import { profiledN8nEnv, profileFigures, sendProfileWindows } from './profile.mjs';
import { captureInviteeCreated } from './lib/deliveries.mjs';
import { installMinimalTrigger } from './lib/minimalTrigger.mjs';
import { benchQueue } from './queue.mjs';
import { benchRows } from './rows.mjs';
import { writeReport } from './report.mjs';
import { benchWebhooks } from './webhooks.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const PARTS = ['micro', 'rows', 'webhooks', 'boards', 'profile', 'queue', 'burst'];
const only = (args.find((arg) => arg.startsWith('--only=')) ?? `--only=${PARTS.join(',')}`)
	.slice(7)
	.split(',');
const full = !quick && PARTS.every((part) => only.includes(part));

const PLAN = quick
	? {
			microQuarter: 1_000,
			quarter: 20,
			webhookWindow: 10,
			profileRounds: 1,
			profileWindow: 20,
			warmup: 10,
			concurrency: 10,
			smallSize: 1_000,
			largeSize: 5_000,
			opsPerQuarter: 3,
			burst: 20,
			burstWarmup: 5,
		}
	: {
			microQuarter: 5_000,
			quarter: 100,
			webhookWindow: 100,
			profileRounds: 4,
			profileWindow: 100,
			warmup: 40,
			concurrency: 10,
			smallSize: 1_000,
			largeSize: 100_000,
			opsPerQuarter: 8,
			burst: 200,
			burstWarmup: 5,
		};
// The board of (c) is larger than n8n's default cap for all data tables together (200 MiB).
const DATA_TABLE_CAP = 2 * 1024 ** 3;
// A run that has not finished by then is stuck: stop n8n and fail.
const WATCHDOG_MS = 60 * 60_000;

const workDir = join(WORK_ROOT, 'bench');
const started = Date.now();
const log = (message) =>
	console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
const results = {
	plan: PLAN,
	quick,
	startedAt: new Date().toISOString(),
	loadBefore: os.loadavg(),
};

let stack = null;
let stopping = false;
async function shutDown(code) {
	if (stopping) return;
	stopping = true;
	try {
		await stack?.stop();
	} finally {
		process.exit(code);
	}
}
process.on('SIGINT', () => {
	log('interrupted: stopping n8n');
	shutDown(130);
});
const watchdog = setTimeout(() => {
	log(`still running after ${WATCHDOG_MS / 60_000} min: giving up`);
	shutDown(1);
}, WATCHDOG_MS);
watchdog.unref();

function machine(install) {
	const osRelease = readFileSync('/etc/os-release', 'utf8');
	return {
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0]?.model ?? 'unknown',
		memoryGiB: os.totalmem() / 1024 ** 3,
		os: /PRETTY_NAME="([^"]+)"/.exec(osRelease)?.[1] ?? os.type(),
		kernel: os.release(),
		benchNode: process.version,
		n8nNode: install
			? execFileSync(install.nodeBin, ['--version'], { encoding: 'utf8' }).trim()
			: null,
		n8nVersion: install
			? JSON.parse(readFileSync(join(install.nodeModules, 'n8n', 'package.json'), 'utf8')).version
			: null,
	};
}

function runMicro() {
	const script = fileURLToPath(new URL('./micro.mjs', import.meta.url));
	// Pinned to one CPU where taskset exists, so "per second on one core" is literal.
	const pinned = spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
	const [command, commandArgs] = pinned
		? ['taskset', ['-c', '1', process.execPath, script]]
		: [process.execPath, [script]];
	const out = spawnSync(command, commandArgs, {
		encoding: 'utf8',
		env: { ...process.env, BENCH_MICRO_QUARTER: String(PLAN.microQuarter) },
		stdio: ['ignore', 'pipe', 'inherit'],
		timeout: 10 * 60_000,
	});
	if (out.status !== 0)
		throw new Error(`bench/micro.mjs failed (exit ${out.status ?? out.signal})`);
	return { ...JSON.parse(out.stdout), pinnedToOneCpu: pinned };
}

try {
	if (!args.includes('--no-build')) {
		log('building the package (npm run build)');
		buildPackage();
	}
	if (only.includes('micro')) {
		log('(d) pure code on one core');
		results.micro = runMicro();
		for (const r of results.micro.results) log(`(d) ${r.label}: ${Math.round(r.perSecond)}/s`);
	}
	if (only.includes('rows')) {
		log('(f) card row sizes');
		results.rows = await benchRows();
		for (const r of results.rows)
			log(
				`(f) ${r.bookings} bookings${r.contacts ? ` + ${r.contacts} contact` : ''}${r.recaps ? ` + ${r.recaps} recaps` : ''}: ${r.rowBytes} bytes`,
			);
	}
	let install = null;
	let template = null;
	if (only.includes('webhooks') || only.includes('boards')) {
		install = ensureN8nInstalled();
		log(`installing the packed package and the minimal trigger into ${workDir}`);
		const userFolder = prepareUserFolder(workDir, { build: false });
		installMinimalTrigger(userFolder);
		log('starting n8n');
		stack = await startStack({
			workDir,
			n8nEnv: { N8N_METRICS: 'true', N8N_DATA_TABLES_MAX_SIZE_BYTES: String(DATA_TABLE_CAP) },
		});
		log(`n8n is up at ${stack.url}`);
		results.n8nSettings = {
			N8N_METRICS: 'true',
			N8N_DATA_TABLES_MAX_SIZE_BYTES: DATA_TABLE_CAP,
			saving: 'default (EXECUTIONS_DATA_SAVE_ON_SUCCESS=all)',
		};
		template = await captureInviteeCreated();
		if (only.includes('webhooks')) {
			log('(a)/(b) webhook workflows side by side');
			results.webhooks = await benchWebhooks(stack, template, { ...PLAN, log });
		}
		if (only.includes('boards')) {
			log('(c) card sync on small and large boards');
			results.boards = await benchBoards(stack, template, { ...PLAN, log });
		}
		await stack.stop();
		stack = null;
	}
	if (only.includes('profile')) {
		install ??= ensureN8nInstalled();
		template ??= await captureInviteeCreated();
		log("(g) the trigger's own cost: n8n under the CPU profiler");
		const profileWorkDir = join(workDir, 'profile');
		const profileDir = join(profileWorkDir, 'cpuprofile');
		installMinimalTrigger(prepareUserFolder(profileWorkDir, { build: false }));
		stack = await startStack({ workDir: profileWorkDir, n8nEnv: profiledN8nEnv(profileDir) });
		const windows = await sendProfileWindows(stack, template, { ...PLAN, log });
		await stack.stop();
		results.profile = profileFigures(profileDir, stack.n8n.pid, windows, PLAN);
		stack = null;
		for (const r of results.profile.rows)
			log(
				`(g) ${r.key}: ${r.ownMsPerExecution.toFixed(2)} of ${r.busyMsPerExecution.toFixed(1)} main-thread ms per execution in its own code`,
			);
	}
	if (only.includes('queue')) {
		install ??= ensureN8nInstalled();
		template ??= await captureInviteeCreated();
		log(
			'(e) queue mode: starting a main, a webhook processor and two workers on PostgreSQL and Redis',
		);
		stack = await startQueueStack({ workDir: join(workDir, 'queue'), build: false });
		results.queue = await benchQueue(stack, template, { ...PLAN, log });
		await stack.stop();
		stack = null;
	}
	if (only.includes('burst')) {
		install ??= ensureN8nInstalled();
		template ??= await captureInviteeCreated();
		const burstStarted = Date.now();
		const loadBefore = os.loadavg();
		log(
			`(h) a burst of ${PLAN.burst} bookings, regular mode: a fresh n8n with the packed package and the minimal trigger`,
		);
		const regularDir = join(workDir, 'burst');
		installMinimalTrigger(prepareUserFolder(regularDir, { build: false }));
		stack = await startStack({ workDir: regularDir });
		const regular = await benchBurst(stack, template, 'regular', { ...PLAN, log });
		await stack.stop();
		stack = null;
		log(
			`(h) a burst of ${PLAN.burst} bookings, queue mode: a main, a webhook processor and two workers on PostgreSQL and Redis`,
		);
		const queueDir = join(workDir, 'burst-queue');
		stack = await startQueueStack({ workDir: queueDir, build: false });
		await addMinimalTrigger(stack, queueDir);
		const queue = await benchBurst(stack, template, 'queue', { ...PLAN, log });
		await stack.stop();
		stack = null;
		results.burst = {
			readTimeoutMs: READ_TIMEOUT_MS,
			retryDelaysMs: RETRY_DELAYS_MS,
			regular,
			queue,
			loadBefore,
			loadAfter: os.loadavg(),
			seconds: (Date.now() - burstStarted) / 1000,
		};
	}
	results.machine = machine(install);
	results.loadAfter = os.loadavg();
	results.seconds = (Date.now() - started) / 1000;
	mkdirSync(workDir, { recursive: true });
	const resultsFile = join(workDir, 'results.json');
	writeFileSync(resultsFile, JSON.stringify(results, null, 2));
	log(`raw figures in ${resultsFile}`);
	if (full) {
		writeReport(results, join(REPO_ROOT, 'BENCHMARKS.md'));
		log('BENCHMARKS.md written');
	}
	log(`done in ${results.seconds.toFixed(0)} s`);
	await shutDown(0);
} catch (error) {
	console.error(error);
	for (const instance of stack
		? stack.instances
			? Object.values(stack.instances)
			: [stack.n8n]
		: []) {
		console.error(`--- last lines of ${instance.logFile} ---\n${instance.logTail(40)}`);
	}
	await shutDown(1);
}
