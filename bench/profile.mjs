// (g) The Calendly Trigger's own cost, from a CPU profile of n8n's main thread. n8n runs with
// `--cpu-prof` (an instance of its own: the profiler slows it down); the Calendly Trigger -> No-op and
// the minimal trigger -> No-op get windows of deliveries as in (a), in turn, and every profile sample
// taken during a window is charged to that window's workflow: to the trigger's own code when a frame of
// its package is on the stack, to n8n's per-execution handling of the node's credential or parameters
// when those functions are, else to the rest of n8n.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendlyAccount, publishedTriggerWorkflow } from '../test/e2e/lib/fixtures.mjs';
import { sleep } from '../test/e2e/lib/wait.mjs';
import { busyTimeByWindow, monotonicMicros } from './lib/cpuProfile.mjs';
import { burst, minimalTriggerNode, publishedWorkflow, signingKeyFor } from './webhooks.mjs';

// Work n8n finishes after an execution is counted (saving it) still belongs to its window.
const TAIL_MS = 1000;
const PAUSE_MS = 2000;

const PACKAGE_URL = {
	calendly: '/node_modules/n8n-nodes-calendly-cards/',
	minimal: '/node_modules/n8n-nodes-bench-minimal-trigger/',
};

async function setUp(stack) {
	const account = await calendlyAccount(stack, {
		name: 'Profile Host',
		email: 'profile.host@bench.test',
	});
	const minimal = await publishedWorkflow(
		stack,
		'Profile: minimal trigger -> No-op',
		minimalTriggerNode(),
	);
	const calendly = await publishedTriggerWorkflow(stack, account, {
		name: 'Profile: Calendly Trigger -> No-op',
		events: ['invitee.created'],
	});
	return [
		{
			key: 'minimal',
			url: minimal.webhookUrl,
			signingKey: 'unused',
			offset: 70_000_000,
			sent: 0,
			windows: [],
		},
		{
			key: 'calendly',
			url: calendly.webhookUrl,
			signingKey: signingKeyFor(stack.sim, calendly.webhookUrl),
			offset: 80_000_000,
			sent: 0,
			windows: [],
		},
	];
}

/** One window: the deliveries, their executions and the tail after them, on the profile's clock. */
async function profiledWindow(stack, template, target, count, concurrency) {
	const { startMicros } = await burst(stack, template, target, count, concurrency);
	await sleep(TAIL_MS);
	return { start: startMicros, end: monotonicMicros() };
}

/** n8n's settings for this part: the profiler writes into `profileDir` when n8n exits. */
export const profiledN8nEnv = (profileDir) => ({
	N8N_METRICS: 'true',
	NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}`,
});

/** Sends the windows of deliveries to an n8n started with profiledN8nEnv; returns them per workflow. */
export async function sendProfileWindows(
	stack,
	template,
	{ profileRounds: rounds, profileWindow: window, warmup, concurrency, log },
) {
	const targets = await setUp(stack);
	for (const target of targets) await profiledWindow(stack, template, target, warmup, concurrency);
	for (let round = 0; round < rounds; round++) {
		for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
			await sleep(PAUSE_MS);
			target.windows.push(await profiledWindow(stack, template, target, window, concurrency));
		}
		log(`profile: round ${round + 1} of ${rounds}`);
	}
	return targets;
}

/** The figures per workflow, from the main-thread profile n8n (process `pid`) wrote when it stopped. */
export function profileFigures(
	profileDir,
	pid,
	targets,
	{ profileRounds: rounds, profileWindow: window, warmup, concurrency },
) {
	// Node names profiles CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main thread.
	const file = readdirSync(profileDir).find((name) => name.includes(`.${pid}.0.`));
	if (!file) throw new Error(`n8n wrote no main-thread CPU profile into ${profileDir}`);
	const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8'));
	const rows = targets.map((target) => {
		const times = busyTimeByWindow(profile, target.windows, {
			own: (frame) => frame.url.includes(PACKAGE_URL[target.key]),
			// n8n's work for a node that declares a credential or parameters, on every execution.
			credentialCheck: (frame) => frame.functionName === 'findInaccessible',
			nodeParameters: (frame) => frame.functionName === 'getNodeParameters',
		});
		const executions = rounds * window;
		const perExecution = (field) => times.reduce((sum, t) => sum + t[field], 0) / 1000 / executions;
		return {
			key: target.key,
			executions,
			busyMsPerExecution: perExecution('busyMicros'),
			ownMsPerExecution: perExecution('own'),
			credentialCheckMsPerExecution: perExecution('credentialCheck'),
			nodeParametersMsPerExecution: perExecution('nodeParameters'),
			busyMsWindows: times.map((t) => t.busyMicros / 1000 / window),
		};
	});
	return {
		rounds,
		window,
		warmup,
		concurrency,
		samplingIntervalMicros: (profile.endTime - profile.startTime) / profile.samples.length,
		rows,
	};
}
