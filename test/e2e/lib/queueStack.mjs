// n8n in queue mode, set up the way a team scales out: one main (editor, API, publishing; production
// webhooks off), one webhook processor that receives Calendly's deliveries, two workers that run the
// executions, PostgreSQL as n8n's database (so the board's data tables live there) and Redis as the queue.
// Every instance has its own user folder with the package installed from its tarball, as a fleet installs
// it, and the same encryption key. The settings are the ones docs/operations.md ("Scaling out with queue mode") lists.
import { join } from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import { loginOwner, publicApi } from './n8nApi.mjs';
import { startN8n } from './n8nProcess.mjs';
import { installTarball, packPackage, buildPackage } from './packageInstall.mjs';
import { ensureN8nInstalled } from './paths.mjs';
import { freePort } from './ports.mjs';
import { createDatabase, ensureRedis, REDIS } from './services.mjs';
import { startSimulator } from './simulator.mjs';
import { DATA_TABLE_SCOPES } from './stack.mjs';

/** A fresh work folder with one user folder per instance, each with the package installed. */
export function prepareQueueFolders(workDir, names, { build = true } = {}) {
	rmSync(workDir, { recursive: true, force: true });
	if (build) buildPackage();
	const tarball = packPackage();
	try {
		return Object.fromEntries(
			names.map((name) => {
				const userFolder = join(workDir, name);
				installTarball(userFolder, tarball);
				return [name, userFolder];
			}),
		);
	} finally {
		rmSync(join(tarball, '..'), { recursive: true, force: true });
	}
}

/**
 * Starts the simulator and the whole fleet; `workers` workers. Returns a stack with the same surface as
 * startStack's (api, rest, sim, url = the main, dataTableKey) plus webhookBaseUrl (the webhook processor),
 * the instances by name, and restart/kill/start for each.
 */
export async function startQueueStack({ workDir, workers = 2, build = true, concurrency = 10 }) {
	const install = ensureN8nInstalled();
	await ensureRedis();
	const names = ['main', 'webhook', ...Array.from({ length: workers }, (_, i) => `worker${i + 1}`)];
	const folders = prepareQueueFolders(workDir, names, { build });
	const database = await createDatabase(`calendly_cards_queue_${process.pid}`);
	const mainPort = await freePort();
	const webhookPort = await freePort();
	const webhookBaseUrl = `http://127.0.0.1:${webhookPort}`;
	const shared = {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: database.host,
		DB_POSTGRESDB_PORT: String(database.port),
		DB_POSTGRESDB_DATABASE: database.name,
		DB_POSTGRESDB_USER: database.user,
		QUEUE_BULL_REDIS_HOST: REDIS.host,
		QUEUE_BULL_REDIS_PORT: String(REDIS.port),
		// This run's own keys in the shared Redis.
		QUEUE_BULL_PREFIX: `calendly-cards-e2e-${process.pid}`,
		// Calendly is told to deliver to the webhook processor; the main serves the editor and the API only.
		N8N_WEBHOOK_URL: `${webhookBaseUrl}/`,
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
	};
	const sim = await startSimulator({ port: 0 });
	const instances = {};
	const options = (name) => ({
		install,
		userFolder: folders[name],
		logFile: join(workDir, `${name}.log`),
		command: name === 'main' ? 'start' : name === 'webhook' ? 'webhook' : 'worker',
		port: name === 'main' ? mainPort : name === 'webhook' ? webhookPort : undefined,
		env: name.startsWith('worker')
			? { ...shared, N8N_CONCURRENCY_PRODUCTION_LIMIT: String(concurrency) }
			: shared,
	});
	const start = async (name) => (instances[name] = await startN8n(options(name)));
	const stopAll = async () => {
		await Promise.all(Object.values(instances).map((instance) => instance.stop()));
		await sim.stop();
		database.drop();
	};
	let rest;
	let api;
	let dataTableKey;
	try {
		// The main runs the database migrations; the others start once it is up.
		await start('main');
		await Promise.all(names.slice(1).map(start));
		rest = await loginOwner(instances.main.url);
		const stamp = new Date().toISOString();
		api = publicApi(instances.main.url, await rest.createApiKey(`e2e driver ${stamp}`));
		dataTableKey = await rest.createApiKey(`Calendly Cards board ${stamp}`, DATA_TABLE_SCOPES);
	} catch (error) {
		await stopAll();
		throw error;
	}
	const stack = {
		install,
		sim,
		api,
		dataTableKey,
		database,
		instances,
		webhookBaseUrl,
		get rest() {
			return rest;
		},
		get url() {
			return instances.main.url;
		},
		workerNames: names.filter((name) => name.startsWith('worker')),
		start,
		/** Stops (SIGTERM) and starts one instance again on the same folder and port. */
		async restart(name) {
			await instances[name].stop();
			await start(name);
			if (name === 'main') rest = await loginOwner(instances.main.url);
		},
		stop: stopAll,
		/** Which worker ran each execution: workers log "Worker started execution <id> (job <n>)". */
		executionsByWorker() {
			return Object.fromEntries(
				stack.workerNames.map((name) => [
					name,
					[
						...readFileSync(instances[name].logFile, 'utf8').matchAll(
							/Worker started execution (\d+)/g,
						),
					].map((match) => match[1]),
				]),
			);
		},
	};
	return stack;
}
