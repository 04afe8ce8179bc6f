#!/usr/bin/env node
// @ts-check
// Starts a simulator: node test/simulator/cli.js --port 4010 [--seed]
// --seed creates an owner user with a full-access PAT and prints both (for a sandbox or e2e run).
'use strict';
const { CalendlySimulator } = require('./simulator');

function argValue(/** @type {string} */ name) {
	const index = process.argv.indexOf(name);
	return index === -1 ? undefined : process.argv[index + 1];
}

async function main() {
	const port = Number(argValue('--port') ?? 4010);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error('--port must be a port number (0-65535)');
	const rateLimit = argValue('--rate-limit');
	const sim = new CalendlySimulator({
		port,
		...(rateLimit ? { rateLimit: Number(rateLimit) } : {}),
	});
	await sim.start();
	process.stdout.write(`${sim.baseUrl}\n`);
	if (process.argv.includes('--seed')) {
		const user = sim.createUser({ name: 'Sim Owner', email: 'owner@example.com', timezone: 'UTC' });
		const token = sim.issueToken({ user: user.uri, scopes: 'all', kind: 'pat' });
		process.stdout.write(
			`${JSON.stringify({ user: user.uri, organization: user.current_organization, token })}\n`,
		);
	}
	const shutdown = () => {
		sim.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
}

main().catch((error) => {
	process.stderr.write(
		`calendly simulator: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exit(1);
});
