// Builds and packs this package, then installs the tarball into an n8n user folder the way n8n's
// Community Nodes screen does (CommunityPackagesService.downloadPackage in n8n 2.41): extract into
// .n8n/nodes/node_modules/<name>, drop dev/peer/optional dependencies, `npm install` what is left and
// record the package in .n8n/nodes/package.json. n8n then loads it as `<name>.<node>`.
import { execFileSync } from 'node:child_process';
import {
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
	existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.mjs';

export const PACKAGE_NAME = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).name;

export function buildPackage() {
	execFileSync('npm', ['run', '--silent', 'build'], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
}

/** Runs `npm pack` into a fresh temp folder and returns the tarball's path. */
export function packPackage() {
	const out = mkdtempSync(join(tmpdir(), 'calendly-cards-pack-'));
	execFileSync('npm', ['pack', '--silent', '--pack-destination', out], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const tarball = readdirSync(out).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack wrote no tarball into ${out}`);
	return join(out, tarball);
}

export function installTarball(userFolder, tarball) {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);

	const manifestPath = join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		readFileSync(manifestPath, 'utf8'),
	);
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	// Same flags as n8n's installer; with no runtime dependencies this touches no registry.
	if (Object.keys(manifest.dependencies ?? {}).length > 0) {
		execFileSync(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: packageDir, stdio: ['ignore', 'ignore', 'inherit'] },
		);
	}

	const rootManifestPath = join(nodesDir, 'package.json');
	const rootManifest = existsSync(rootManifestPath)
		? JSON.parse(readFileSync(rootManifestPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	rootManifest.dependencies = { ...rootManifest.dependencies, [PACKAGE_NAME]: manifest.version };
	writeFileSync(rootManifestPath, JSON.stringify(rootManifest, null, 2));
	return packageDir;
}

/** build (unless skipped) -> pack -> install; the tarball is removed afterwards. */
export function installPackageInto(userFolder, { build = true } = {}) {
	if (build) buildPackage();
	const tarball = packPackage();
	try {
		return installTarball(userFolder, tarball);
	} finally {
		rmSync(join(tarball, '..'), { recursive: true, force: true });
	}
}
