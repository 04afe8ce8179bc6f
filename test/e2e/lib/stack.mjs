// The whole set-up the e2e suite and the sandbox share: the package installed into a fresh n8n user
// folder, n8n running, the owner logged in, API keys, and the Calendly simulator.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loginOwner, publicApi } from './n8nApi.mjs';
import { startN8n } from './n8nProcess.mjs';
import { installPackageInto } from './packageInstall.mjs';
import { ensureN8nInstalled } from './paths.mjs';
import { startSimulator } from './simulator.mjs';

// What the Calendly to Card node needs, and no more: the credential proves these scopes are enough. An n8n
// without data tables has no such scopes (n8nVersions.mjs): see startStack.
export const DATA_TABLE_SCOPES = [
	'dataTable:create',
	'dataTable:read',
	'dataTable:update',
	'dataTable:list',
	'dataTable:delete',
	'dataTableRow:create',
	'dataTableRow:read',
	'dataTableRow:update',
	'dataTableRow:delete',
	'dataTableRow:upsert',
	'dataTableColumn:create',
	'dataTableColumn:read',
	'dataTableColumn:update',
	'dataTableColumn:delete',
];

/** A fresh user folder under workDir with the package installed from its npm tarball. */
export function prepareUserFolder(workDir, { build = true } = {}) {
	rmSync(workDir, { recursive: true, force: true });
	const userFolder = join(workDir, 'home');
	installPackageInto(userFolder, { build });
	return userFolder;
}

/**
 * Starts the simulator and n8n on a user folder made by prepareUserFolder, logs in as the owner and
 * creates the API keys.
 * @param {{ workDir: string, port?: number, host?: string, editorHost?: string, n8nEnv?: Record<string,string>,
 *   simulatorPort?: number }} options
 */
export async function startStack(options) {
	const { workDir, host = '127.0.0.1', editorHost } = options;
	const install = ensureN8nInstalled();
	const userFolder = join(workDir, 'home');
	const logFile = join(workDir, 'n8n.log');

	const sim = await startSimulator({ port: options.simulatorPort ?? 0 });
	const startOptions = {
		install,
		userFolder,
		logFile,
		host,
		editorHost,
		port: options.port,
		env: options.n8nEnv,
	};
	let n8n;
	let rest;
	let api;
	let dataTableKey;
	try {
		n8n = await startN8n(startOptions);
		rest = await loginOwner(n8n.url, install.features);
		// Labels are unique per user: a reused user folder already has keys from earlier starts.
		const stamp = new Date().toISOString();
		const driverKey = await rest.createApiKey(`e2e driver ${stamp}`);
		api = publicApi(n8n.url, driverKey, install.features);
		// An n8n without data tables has no such scopes, and 1.123.81's keys are JWTs of the user and the
		// second: a second key made in the same second is the same key, which n8n refuses as a duplicate.
		// There the board key is the driver's (the card node never gets to use it).
		dataTableKey = install.features.dataTables
			? await rest.createApiKey(`Calendly Cards board ${stamp}`, DATA_TABLE_SCOPES)
			: driverKey;
	} catch (error) {
		await n8n?.stop();
		await sim.stop();
		throw error;
	}
	const port = n8n.port;

	const stack = {
		install,
		features: install.features,
		userFolder,
		logFile,
		sim,
		rest,
		api,
		dataTableKey,
		get n8n() {
			return n8n;
		},
		get url() {
			return n8n.url;
		},
		/** Stops and starts n8n on the same user folder and port, with `env` added to its environment. */
		async restart({ env = {} } = {}) {
			await n8n.stop();
			n8n = await startN8n({ ...startOptions, port, env: { ...startOptions.env, ...env } });
			stack.rest = await loginOwner(n8n.url, install.features);
			return n8n;
		},
		async stop() {
			await n8n?.stop();
			await sim.stop();
		},
	};
	return stack;
}
