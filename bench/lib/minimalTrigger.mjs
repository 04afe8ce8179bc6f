// The benchmark's reference trigger (bench/minimal-trigger) as its own community package, packed and
// unpacked into the n8n user folder beside ours, the way n8n installs packages from its UI.
import { execFileSync } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), '..', 'minimal-trigger');
const MANIFEST = JSON.parse(readFileSync(join(SOURCE, 'package.json'), 'utf8'));
export const MINIMAL_TRIGGER_TYPE = `${MANIFEST.name}.minimalTrigger`;

export function installMinimalTrigger(userFolder) {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const target = join(nodesDir, 'node_modules', MANIFEST.name);
	const packDir = mkdtempSync(join(tmpdir(), 'bench-minimal-trigger-'));
	try {
		execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], {
			cwd: SOURCE,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
		const tarball = readdirSync(packDir).find((file) => file.endsWith('.tgz'));
		rmSync(target, { recursive: true, force: true });
		mkdirSync(target, { recursive: true });
		execFileSync('tar', ['-xzf', join(packDir, tarball), '-C', target, '--strip-components=1']);
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
	// n8n lists installed packages in this manifest; ours is already there.
	const rootPath = join(nodesDir, 'package.json');
	const root = existsSync(rootPath)
		? JSON.parse(readFileSync(rootPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	root.dependencies = { ...root.dependencies, [MANIFEST.name]: MANIFEST.version };
	writeFileSync(rootPath, JSON.stringify(root, null, 2));
	return target;
}
