// Where things live: the repository, the e2e work folder (git-ignored) and the pinned n8n install.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnvironment } from './env.mjs';
import { n8nFeatures } from './n8nVersions.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const WORK_ROOT = join(REPO_ROOT, '.n8n-e2e');
const INSTALL_SCRIPT = join(REPO_ROOT, 'test', 'e2e', 'install-n8n.sh');

/**
 * Installs n8n on first use (about 10 minutes), or checks and if need be repairs the cached install, and
 * returns where its Node and n8n live, its version and what that version does differently
 * (n8nVersions.mjs). The version is CALENDLY_CARDS_N8N_VERSION, or the script's default (run.mjs --n8n
 * sets it). The install script prints the install folder on its last stdout line; its progress goes to
 * stderr.
 */
export function ensureN8nInstalled() {
	const output = execFileSync('bash', [INSTALL_SCRIPT], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		env: childEnvironment(),
	});
	const dir = output.trim().split('\n').pop();
	const nodeBin = join(dir, 'node', 'bin', 'node');
	const n8nMain = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!existsSync(nodeBin) || !existsSync(n8nMain)) {
		throw new Error(
			`The n8n cache at ${dir} is incomplete (no node/bin/node or n8n/bin/n8n): delete it and run test/e2e/install-n8n.sh again.`,
		);
	}
	const { version } = JSON.parse(
		readFileSync(join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	);
	return {
		dir,
		nodeBin,
		n8nMain,
		nodeModules: join(dir, 'node_modules'),
		version,
		features: n8nFeatures(version),
	};
}
