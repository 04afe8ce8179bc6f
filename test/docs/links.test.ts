/**
 * The documentation's links: every relative link and anchor in the Markdown pages points to a file that
 * exists and, for Markdown targets, to a heading that exists; every documentation URL of the nodes and
 * credentials (https://github.com/calendly-cards/n8n-nodes-calendly-cards/blob/main/<path>#<anchor>, or
 * #<anchor> on the repository root, meaning README.md) resolves the same way. Anchors follow GitHub's
 * rules: lowercase, spaces to '-', punctuation dropped except '-' and '_', repeats numbered -1, -2, ….
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const ROOT = resolve(__dirname, '..', '..');
const REPO_URL = 'https://github.com/calendly-cards/n8n-nodes-calendly-cards';
const README_MAX_LINES = 250;

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
	const full = join(ROOT, dir);
	if (!existsSync(full)) return [];
	const found: string[] = [];
	for (const entry of readdirSync(full, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'node_modules') found.push(...filesUnder(path, keep));
		} else if (keep(entry.name)) {
			found.push(path);
		}
	}
	return found.sort();
}

const isMarkdown = (name: string) => name.endsWith('.md');

/** The Markdown pages whose links are checked, relative to the repository root. */
function markdownPages(): string[] {
	const single = ['README.md', 'BENCHMARKS.md', 'test/e2e/README.md'].filter((path) =>
		existsSync(join(ROOT, path)),
	);
	const docs = existsSync(join(ROOT, 'docs'))
		? readdirSync(join(ROOT, 'docs'))
				.filter(isMarkdown)
				.map((name) => `docs/${name}`)
				.sort()
		: [];
	return [...single, ...docs, ...filesUnder('examples', isMarkdown)];
}

/** Markdown text without fenced code blocks and inline code spans, so code is never read as a link. */
function withoutCode(markdown: string): string {
	const lines: string[] = [];
	let fence: string | undefined;
	for (const line of markdown.split('\n')) {
		const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
		if (fence) {
			if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
			lines.push('');
		} else if (marker) {
			fence = marker;
			lines.push('');
		} else {
			lines.push(line.replace(/(`+)[^`]*?\1/g, (code) => ' '.repeat(code.length)));
		}
	}
	return lines.join('\n');
}

/** GitHub's anchor for a heading's text. */
function githubAnchor(heading: string): string {
	const text = heading
		.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1') // images: their alt text
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // links: their text
		.replace(/<[^>]+>/g, '') // inline HTML
		.replace(/[*`~]/g, ''); // emphasis and code marks
	return text
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

const anchorCache = new Map<string, Set<string>>();

/** Every anchor a Markdown file offers: its headings' anchors (repeats numbered) and explicit ids. */
function anchorsOf(path: string): Set<string> {
	const cached = anchorCache.get(path);
	if (cached) return cached;
	const text = withoutCode(readFileSync(join(ROOT, path), 'utf8'));
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const line of text.split('\n')) {
		const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
		if (heading !== undefined) {
			const base = githubAnchor(heading);
			const count = seen.get(base) ?? 0;
			seen.set(base, count + 1);
			anchors.add(count === 0 ? base : `${base}-${count}`);
		}
		for (const id of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(id[1]);
	}
	anchorCache.set(path, anchors);
	return anchors;
}

/** What is wrong with a link to `target` (a path relative to the repository root) and `anchor`, if anything. */
function problemWith(target: string, anchor: string | undefined): string | undefined {
	const full = join(ROOT, target);
	if (relative(ROOT, full).startsWith('..')) return `${target} is outside the repository`;
	if (!existsSync(full)) return `the file ${target} does not exist`;
	if (anchor === undefined || anchor === '') return undefined;
	if (statSync(full).isDirectory()) return `${target} is a folder, which has no heading #${anchor}`;
	if (!isMarkdown(target)) return undefined; // e.g. #L10 line anchors in code files
	const wanted = decodeURIComponent(anchor).toLowerCase();
	if (!anchorsOf(target).has(wanted)) return `${target} has no heading with the anchor #${anchor}`;
	return undefined;
}

interface Link {
	line: number;
	href: string;
}

/** The inline links and images of a Markdown text, and reference definitions, with their line numbers. */
function linksIn(markdown: string): Link[] {
	const links: Link[] = [];
	withoutCode(markdown)
		.split('\n')
		.forEach((line, index) => {
			for (const match of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) {
				links.push({ line: index + 1, href: match[1] });
			}
			const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(line);
			if (definition) links.push({ line: index + 1, href: definition[1] });
		});
	return links;
}

/** Problems of one Markdown page's relative links, as "file:line: link: what is missing". */
function brokenLinksOf(page: string): string[] {
	const problems: string[] = [];
	for (const { line, href } of linksIn(readFileSync(join(ROOT, page), 'utf8'))) {
		if (href === '' || /^[a-z][a-z0-9+.-]*:/i.test(href)) continue; // http:, https:, mailto: …
		const hash = href.indexOf('#');
		const pathPart = hash === -1 ? href : href.slice(0, hash);
		const anchor = hash === -1 ? undefined : href.slice(hash + 1);
		const target =
			pathPart === ''
				? page
				: relative(ROOT, resolve(dirname(join(ROOT, page)), decodeURI(pathPart)));
		const problem = problemWith(target, anchor);
		if (problem) problems.push(`${page}:${line}: link "${href}": ${problem}`);
	}
	return problems;
}

/** The files that carry documentation URLs: the nodes' codex files and the credentials. */
function documentationUrlFiles(): string[] {
	return [
		...filesUnder('nodes', (name) => name.endsWith('.node.json')),
		...filesUnder('credentials', (name) => name.endsWith('.ts')),
	];
}

/** Problems of one file's URLs into this repository, as "file:line: url: what is missing". */
function brokenDocumentationUrlsOf(file: string): string[] {
	const problems: string[] = [];
	const escaped = REPO_URL.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	const urlPattern = new RegExp(
		`${escaped}(/blob/main/[^#'"\`\\s)]+|/?)(?:#([^'"\`\\s)]*))?(?=['"\`\\s)]|$)`,
		'g',
	);
	readFileSync(join(ROOT, file), 'utf8')
		.split('\n')
		.forEach((text, index) => {
			for (const match of text.matchAll(urlPattern)) {
				const [url, path, anchor] = match;
				if (path !== '' && path !== '/' && !path.startsWith('/blob/main/')) continue;
				const target = path.startsWith('/blob/main/')
					? decodeURI(path.slice('/blob/main/'.length))
					: 'README.md';
				const problem = problemWith(target, anchor);
				if (problem) problems.push(`${file}:${index + 1}: ${url}: ${problem}`);
			}
		});
	return problems;
}

describe('documentation links', () => {
	it('finds the pages and files it checks', () => {
		expect(markdownPages()).toEqual(expect.arrayContaining(['README.md', 'docs/credentials.md']));
		expect(documentationUrlFiles().length).toBeGreaterThanOrEqual(6);
	});

	it.each(markdownPages())(
		'%s: every relative link points to an existing file and heading',
		(page) => {
			expect(brokenLinksOf(page)).toEqual([]);
		},
	);

	it('every documentation URL of the nodes and credentials points to an existing file and heading', () => {
		const files = documentationUrlFiles();
		const urls = files.flatMap(
			(file) => readFileSync(join(ROOT, file), 'utf8').match(new RegExp(REPO_URL, 'g')) ?? [],
		);
		expect(urls.length).toBeGreaterThanOrEqual(11);
		expect(files.flatMap(brokenDocumentationUrlsOf)).toEqual([]);
	});

	it(`README.md has at most ${README_MAX_LINES} lines`, () => {
		const lines = readFileSync(join(ROOT, 'README.md'), 'utf8')
			.replace(/\n$/, '')
			.split('\n').length;
		expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
	});
});

describe('GitHub anchors', () => {
	it.each([
		['n8n 3.x and fleets', 'n8n-3x-and-fleets'],
		['Settings (example values)', 'settings-example-values'],
		['n8n API key (for Calendly to Card)', 'n8n-api-key-for-calendly-to-card'],
		['Keep `snake_case` and dashes - here', 'keep-snake_case-and-dashes---here'],
		['[Linked](docs/x.md) **bold** heading', 'linked-bold-heading'],
		['Two workers vs one: 0.87×', 'two-workers-vs-one-087'],
	])('%s -> #%s', (heading, anchor) => {
		expect(githubAnchor(heading)).toBe(anchor);
	});
});
