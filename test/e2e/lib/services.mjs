// PostgreSQL and Redis for queue mode. The project's machines start both before work begins
// (PostgreSQL 15 on 127.0.0.1:5432 with trust auth, Redis 7 on 127.0.0.1:6379); a test that finds one
// down starts it the way the machines do, or fails saying how to.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { sleep } from './wait.mjs';

export const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres' };
export const REDIS = { host: '127.0.0.1', port: 6379 };

function listening({ host, port }) {
	return new Promise((resolve) => {
		const socket = createConnection({ host, port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function ensureRunning(name, address, start, howTo) {
	if (await listening(address)) return;
	try {
		start();
	} catch (error) {
		throw new Error(
			`${name} is not running on ${address.host}:${address.port} and could not be started (${error.message.split('\n')[0]}). Start it with: ${howTo}`,
		);
	}
	for (let i = 0; i < 40 && !(await listening(address)); i++) await sleep(250);
	if (!(await listening(address)))
		throw new Error(
			`${name} is still not answering on ${address.host}:${address.port}. Start it with: ${howTo}`,
		);
}

export async function ensurePostgres() {
	const startCommand = () => [
		'pg_ctlcluster',
		['--skip-systemctl-redirect', readdirSync('/etc/postgresql')[0], 'main', 'start'],
	];
	await ensureRunning(
		'PostgreSQL',
		POSTGRES,
		() => execFileSync(...startCommand(), { stdio: 'ignore' }),
		'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
	);
}

export async function ensureRedis() {
	await ensureRunning(
		'Redis',
		REDIS,
		() =>
			execFileSync(
				'redis-server',
				[
					'--daemonize',
					'yes',
					'--bind',
					REDIS.host,
					'--port',
					String(REDIS.port),
					'--save',
					'',
					'--appendonly',
					'no',
				],
				{ stdio: 'ignore' },
			),
		'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
	);
}

function psql(sql) {
	execFileSync(
		'psql',
		[
			'-h',
			POSTGRES.host,
			'-p',
			String(POSTGRES.port),
			'-U',
			POSTGRES.user,
			'-d',
			'postgres',
			'-v',
			'ON_ERROR_STOP=1',
			'-qc',
			sql,
		],
		{ stdio: ['ignore', 'ignore', 'pipe'] },
	);
}

/** A new, empty database of this run's own; `drop()` removes it (and ends any session still on it). */
export async function createDatabase(name) {
	await ensurePostgres();
	psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
	psql(`CREATE DATABASE "${name}"`);
	return { name, ...POSTGRES, drop: () => psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
