// Starts a real n8n (the pinned install, on its own Node) headless on 127.0.0.1 and stops it cleanly.
// The owner comes from the environment (n8n 2.x instance-settings loader), so no setup screen is needed;
// an n8n without that loader (1.x) gets the owner through the setup screen's call once it is ready.
import { spawn } from 'node:child_process';
import {
	appendFileSync,
	closeSync,
	existsSync,
	mkdirSync,
	openSync,
	readFileSync,
	statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { childEnvironment } from './env.mjs';
import { freePort } from './ports.mjs';
import { sleep, waitFor } from './wait.mjs';

export const OWNER = {
	email: 'owner@calendly-cards.test',
	password: 'Calendly-Cards-e2e-1',
	firstName: 'Casey',
	lastName: 'Owner',
};

// A fixed key so a restarted instance can still read the credentials it stored.
const ENCRYPTION_KEY = 'calendly-cards-e2e-encryption-key-0001';

/** bcrypt hash of the owner's password, made with the bcryptjs that n8n's own install contains. */
function ownerPasswordHash(install) {
	const bcrypt = createRequire(join(install.nodeModules, 'n8n', 'package.json'))('bcryptjs');
	return bcrypt.hashSync(OWNER.password, 10);
}

/** The owner as n8n 2.x reads it from its environment at start-up. */
function ownerEnvironment(install) {
	if (!install.features.ownerFromEnv) return {};
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: ownerPasswordHash(install),
		N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
	};
}

/** The setup screen's call, for an n8n that cannot take its owner from the environment; once per user folder. */
async function setUpOwner(url) {
	const { email, password, firstName, lastName } = OWNER;
	const res = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password, firstName, lastName }),
	});
	const text = await res.text();
	if (res.ok || (res.status === 400 && text.includes('already setup'))) return;
	throw new Error(`POST /rest/owner/setup answered ${res.status}: ${text.slice(0, 500)}`);
}

function n8nEnvironment({ install, userFolder, port, brokerPort, host, editorHost, extraEnv }) {
	return childEnvironment({
		PATH: `${dirname(install.nodeBin)}:${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: host,
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://${editorHost}:${port}/`,
		N8N_WEBHOOK_URL: `http://${host}:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		...ownerEnvironment(install),
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		...extraEnv,
	});
}

function tail(file, lines = 60) {
	try {
		return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/** What each n8n command prints once it has finished starting. */
const READY_LINE = {
	start: 'Editor is now accessible via',
	webhook: 'Webhook listener waiting for requests.',
	worker: 'n8n worker is now ready',
};

/**
 * Starts n8n (`command`: 'start' for a main instance, 'webhook' for a webhook processor, 'worker') and
 * resolves once it has finished starting (ready line printed; the HTTP ones also answer readiness) and
 * has loaded every community package.
 * @param {{ install: ReturnType<import('./paths.mjs').ensureN8nInstalled>, userFolder: string,
 *   port?: number, host?: string, editorHost?: string, logFile: string, env?: Record<string, string>,
 *   readyTimeoutMs?: number }} options host: where n8n listens and its webhook URLs point; editorHost: the
 *   host of the editor URL it prints (the sandbox shows localhost)
 */
export async function startN8n(options) {
	const {
		install,
		userFolder,
		logFile,
		command = 'start',
		host = '127.0.0.1',
		editorHost = host,
		readyTimeoutMs = 240_000,
	} = options;
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	mkdirSync(userFolder, { recursive: true });
	mkdirSync(dirname(logFile), { recursive: true });
	const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
	appendFileSync(logFile, `\n===== n8n start ${new Date().toISOString()} port ${port} =====\n`);
	// n8n writes straight into the file, so nothing is lost however this process ends.
	const logFd = openSync(logFile, 'a');

	// Its own process group, so stop() can also reach the task runner n8n spawns.
	const child = spawn(install.nodeBin, [install.n8nMain, command], {
		cwd: userFolder,
		env: n8nEnvironment({
			install,
			userFolder,
			port,
			brokerPort,
			host,
			editorHost,
			extraEnv: options.env ?? {},
		}),
		stdio: ['ignore', logFd, logFd],
		detached: true,
	});
	closeSync(logFd);
	let exited = null;
	const exitPromise = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		}),
	);

	const url = `http://${host}:${port}`;
	const instance = {
		command,
		url,
		port,
		pid: child.pid,
		logFile,
		get running() {
			return exited === null;
		},
		logTail: (lines) => tail(logFile, lines),
		/** SIGTERM (n8n shuts down gracefully, saving static data), SIGKILL to the group after 30 s. */
		async stop() {
			if (exited) return exited;
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				/* already gone */
			}
			const result = await Promise.race([exitPromise, sleep(30_000).then(() => null)]);
			if (!result) {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					/* already gone */
				}
				await exitPromise;
			}
			// The task runner may outlive the main process for a moment.
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* group empty */
			}
			return exited;
		},
		/** SIGKILL to n8n and its task runner: a crash, with nothing saved or handed back. */
		async kill() {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* already gone */
			}
			return exited ?? (await exitPromise);
		},
	};

	try {
		await waitFor(
			`n8n ${command} to be ready`,
			async () => {
				if (exited) return 'exited';
				// Readiness comes before start-up has finished; n8n prints its ready line once it has.
				if (!readFileSync(logFile).subarray(logStart).includes(READY_LINE[command])) return false;
				if (command === 'worker') return true;
				const res = await fetch(`http://127.0.0.1:${port}/healthz/readiness`).catch(() => null);
				return res?.status === 200;
			},
			{ timeoutMs: readyTimeoutMs, intervalMs: 500 },
		);
		if (exited) throw new Error(`n8n exited during start-up (${JSON.stringify(exited)})`);
		// n8n starts even when a community package fails to load; say so here, not as "unknown node type" later.
		const loadFailure = /Failed to load package "([^"]+)"\n([^\n]*)/.exec(
			readFileSync(logFile).subarray(logStart).toString('utf8'),
		);
		if (loadFailure)
			throw new Error(`n8n could not load the package ${loadFailure[1]}: ${loadFailure[2]}`);
		if (command === 'start' && !install.features.ownerFromEnv) await setUpOwner(url);
	} catch (error) {
		await instance.stop();
		error.message += `\n--- last lines of ${logFile} ---\n${tail(logFile)}`;
		throw error;
	}
	return instance;
}
