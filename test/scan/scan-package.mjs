// Runs n8n's own community-package scanner (@n8n/scan-community-package) the way the Creator Portal
// does, minus the provenance step (which needs a published package): once over the source
// (package.json, nodes/, credentials/) and once over what `npm pack` ships. Requires a fresh build.
// `--source` runs only the first pass (no build needed), for a quick check while writing node code.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'calendly-cards-scan-'));

async function scan(label, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	console.log(`scan (${label}): ${result.passed ? 'passed' : 'FAILED'}`);
	if (!result.passed) {
		console.log(result.message);
		if (result.details) console.log(result.details);
	}
	return result.passed;
}

try {
	const sourceOk = await scan('source', root, SOURCE_FILE_PATTERNS);
	if (process.argv.includes('--source')) {
		process.exitCode = sourceOk ? 0 : 1;
		process.exit();
	}
	execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
	const unpacked = join(work, 'package');
	mkdirSync(unpacked);
	execFileSync('tar', ['xzf', join(work, tarball), '-C', unpacked, '--strip-components=1']);
	const tarballOk = await scan('packed tarball', unpacked, ['**/*.js', 'package.json']);
	process.exitCode = sourceOk && tarballOk ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
