#!/usr/bin/env node
// The last step of `npm test`: the `compat` group (scenarios/compat.mjs) on each older n8n the package
// promises to work with (COMPAT_N8N in lib/n8nVersions.mjs), one after the other, each installed first if
// the cache lacks it (CI installs each into its empty cache). Prints the install and test seconds per
// version and exits non-zero if any version failed. Options: --no-build (reuse dist/; `npm test` has just
// built it), --n8n=<version>,<version> (other versions than COMPAT_N8N).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { COMPAT_N8N } from './lib/n8nVersions.mjs';
import { ensureN8nInstalled } from './lib/paths.mjs';

const args = process.argv.slice(2);
const versions =
	args
		.find((arg) => arg.startsWith('--n8n='))
		?.slice('--n8n='.length)
		.split(',') ?? COMPAT_N8N;
const passOn = args.filter((arg) => !arg.startsWith('--n8n='));
const run = fileURLToPath(new URL('./run.mjs', import.meta.url));
const seconds = (since) => Math.round((Date.now() - since) / 1000);

const results = [];
for (const version of versions) {
	console.log(`compat: n8n ${version}: checking the install (installing takes about 5-10 minutes)`);
	let started = Date.now();
	process.env.CALENDLY_CARDS_N8N_VERSION = version;
	ensureN8nInstalled();
	const install = seconds(started);
	started = Date.now();
	const { status } = spawnSync(
		process.execPath,
		[run, '--only=compat', `--n8n=${version}`, ...passOn],
		{ stdio: 'inherit' },
	);
	results.push({ version, install, test: seconds(started), passed: status === 0 });
}
for (const { version, install, test, passed } of results) {
	console.log(
		`compat: n8n ${version}: ${passed ? 'passed' : 'FAILED'} (install or check ${install} s, run ${test} s)`,
	);
}
if (results.some((result) => !result.passed)) process.exit(1);
