#!/usr/bin/env node
// npm run test:e2e — installs the pinned n8n if the cache lacks it, builds and packs this package into a
// fresh n8n user folder, then runs the suite with node's test runner. Exits non-zero on any failure
// and then prints the end of each n8n log. Options: see USAGE (--help).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GROUPS } from './lib/groups.mjs';
import { WORK_ROOT, ensureN8nInstalled } from './lib/paths.mjs';
import { prepareUserFolder } from './lib/stack.mjs';

const USAGE = `Usage: node test/e2e/run.mjs [options] [arguments for node --test]
  --no-build          reuse dist/ instead of building
  --only=<groups>     some groups of scenarios, comma-separated: ${GROUPS.join(', ')}
                      (default: all but compat; queue runs n8n in queue mode)
  --n8n=<version>     another n8n than install-n8n.sh's default, e.g. 1.123.81 with --only=compat
                      (installed if missing, with a work folder of its own)
  --help              this text`;

const args = process.argv.slice(2);
if (args.includes('--help')) {
	console.log(USAGE);
	process.exit(0);
}
const build = !args.includes('--no-build');
const option = (name) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = option('only');
const n8nVersion = option('n8n');
const unknown = (only?.split(',') ?? []).filter((group) => !GROUPS.includes(group));
if (unknown.length > 0) {
	console.error(`e2e: no group named ${unknown.join(', ')}\n\n${USAGE}`);
	process.exit(2);
}
const testArgs = args.filter(
	(arg) => arg !== '--no-build' && !arg.startsWith('--only=') && !arg.startsWith('--n8n='),
);
// install-n8n.sh, n8n's start-up and the suite all read the version from here (lib/env.mjs passes it on).
if (n8nVersion) process.env.CALENDLY_CARDS_N8N_VERSION = n8nVersion;
const workDir = join(WORK_ROOT, n8nVersion ? `e2e-n8n-${n8nVersion}` : 'e2e');
const started = Date.now();

console.log('e2e: checking the n8n install (the first run installs it, about 10 minutes)');
const { version } = ensureN8nInstalled();
console.log(`e2e: n8n ${version}`);
console.log(
	`e2e: ${build ? 'building, packing' : 'packing'} and installing the package into ${workDir}`,
);
prepareUserFolder(workDir, { build });

const suite = fileURLToPath(new URL('./suite.mjs', import.meta.url));
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...testArgs, suite], {
	stdio: 'inherit',
	env: { ...process.env, E2E_WORK_DIR: workDir, ...(only ? { E2E_ONLY: only } : {}) },
});
const seconds = Math.round((Date.now() - started) / 1000);
if (result.status !== 0) {
	const queueDir = join(workDir, 'queue');
	const logs = [
		join(workDir, 'n8n.log'),
		...(existsSync(queueDir)
			? readdirSync(queueDir)
					.filter((f) => f.endsWith('.log'))
					.map((f) => join(queueDir, f))
			: []),
	];
	for (const logFile of logs.filter((file) => existsSync(file))) {
		console.log(`\n--- last 60 lines of ${logFile} ---`);
		console.log(readFileSync(logFile, 'utf8').split('\n').slice(-60).join('\n'));
	}
	console.log(
		`e2e: FAILED on n8n ${version} after ${seconds} s (exit ${result.status ?? result.signal})`,
	);
	process.exit(1);
}
console.log(`e2e: passed on n8n ${version} in ${seconds} s`);
