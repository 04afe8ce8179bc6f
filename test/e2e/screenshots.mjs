#!/usr/bin/env node
// Regenerates the README's screenshots (docs/screenshots/*.png) from the real n8n editor:
//   flock /tmp/e2e.lock node test/e2e/screenshots.mjs [--no-build]
// It starts the pinned n8n with the package installed from its tarball (like the sandbox, in its own
// user folder .n8n-e2e/screenshots), imports the "bookings to cards" example with credentials for the
// Calendly simulator, sends a few bookings, and photographs the editor in Debian's Chromium
// (/usr/bin/chromium, `apt-get install -y chromium`) driven by playwright-core, which never downloads a
// browser here.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
	closeNode,
	ensureChromium,
	launchBrowser,
	openCredential,
	openNode,
	openWorkflow,
	signedInPage,
} from './lib/browser.mjs';
import { waitForExecutions } from './lib/executions.mjs';
import { calendlyAccount, createWorkflow, dataTableCredential } from './lib/fixtures.mjs';
import { publishAndWait } from './lib/n8nApi.mjs';
import { REPO_ROOT, WORK_ROOT, ensureN8nInstalled } from './lib/paths.mjs';
import { prepareUserFolder, startStack } from './lib/stack.mjs';
import { EXAMPLES, importable, readExample } from './scenarios/examples.mjs';

const OUT = join(REPO_ROOT, 'docs', 'screenshots');
const build = !process.argv.includes('--no-build');
const workDir = join(WORK_ROOT, 'screenshots');
const say = (text) => console.log(`[screenshots] ${text}`);

const day = (n, hour) => {
	const date = new Date(Date.now() + n * 86400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date;
};

/** The example workflow, published, with a few bookings through it; returns what the pages need. */
async function prepare(stack) {
	const host = await calendlyAccount(stack, {
		name: 'Sam Sandbox',
		email: 'sam@sandbox.example',
		eventTypes: [{ name: 'Intro Call', locations: [{ kind: 'zoom_conference' }] }],
	});
	const credentialIds = {
		calendlyCardsApi: host.credentialId,
		calendlyCardsN8nApi: await dataTableCredential(stack),
		slackApi: (
			await stack.api.createCredential('Slack account', 'slackApi', {
				accessToken: 'xoxb-screenshots',
			})
		).id,
		// Nothing listens here: the screenshots need the emails to be attempted, not delivered.
		smtp: (
			await stack.api.createCredential('SMTP account', 'smtp', {
				user: '',
				password: '',
				host: '127.0.0.1',
				port: 2525,
				secure: false,
				disableStartTls: true,
				hostName: '',
			})
		).id,
	};
	// As the user has it: the Slack node enabled (its runs fail here, which the pictures do not show).
	const workflow = importable(readExample(EXAMPLES.bookings), credentialIds);
	for (const node of workflow.nodes) delete node.disabled;
	const wf = await createWorkflow(stack, workflow);
	await publishAndWait(stack.api, stack.rest, wf.id);
	const { sim } = stack;
	const ada = await sim.book({
		eventType: host.eventType.uri,
		invitee: { email: 'ada.lovelace@example.com', name: 'Ada Lovelace', timezone: 'Europe/London' },
		startTime: day(1, 9),
	});
	await sim.book({
		eventType: host.eventType.uri,
		invitee: {
			email: 'grace.hopper@example.com',
			name: 'Grace Hopper',
			timezone: 'America/New_York',
		},
		startTime: day(2, 15),
	});
	await sim.reschedule(ada.invitee.uri, day(3, 10));
	await waitForExecutions(stack.api, wf.id, 4, { timeoutMs: 120_000 });
	const board = (await stack.api.dataTables()).find((table) => table.name === 'Calendly Cards');
	return {
		wf,
		board,
		calendlyCredentialId: host.credentialId,
		n8nCredentialId: credentialIds.calendlyCardsN8nApi,
	};
}

async function shoot(page, name) {
	const file = join(OUT, `${name}.png`);
	await page.screenshot({ path: file });
	say(`wrote ${file}`);
}

async function main() {
	await ensureChromium({ log: say });
	mkdirSync(OUT, { recursive: true });
	say('checking the n8n install');
	ensureN8nInstalled();
	say(`${build ? 'building, packing' : 'packing'} and installing the package into ${workDir}`);
	prepareUserFolder(workDir, { build });
	const stack = await startStack({ workDir, editorHost: 'localhost' });
	let browser;
	try {
		const { wf, board, calendlyCredentialId } = await prepare(stack);
		browser = await launchBrowser();
		const editor = stack.url.replace('127.0.0.1', 'localhost');
		const page = await signedInPage(browser, editor);

		await openWorkflow(page, editor, wf.id);
		await page.keyboard.press('Shift+1'); // zoom to fit
		await page.waitForTimeout(1000);
		await shoot(page, 'workflow-bookings-to-cards');

		await openNode(page, 'Calendly Trigger');
		await shoot(page, 'calendly-trigger-panel');
		await closeNode(page);

		await openNode(page, 'Calendly to Card');
		await shoot(page, 'calendly-to-card-panel');
		await closeNode(page);

		// The example's "Get host" is the Calendly action node.
		await openNode(page, 'Get host');
		await shoot(page, 'calendly-action-panel');
		await closeNode(page);

		await openCredential(page, editor, calendlyCredentialId);
		await page.waitForTimeout(2500);
		await shoot(page, 'calendly-credential');

		if (board) {
			await page.goto(`${editor}/projects/${board.projectId}/datatables/${board.id}`);
			await page.waitForTimeout(4000);
			await shoot(page, 'board-data-table');
		}
	} finally {
		await browser?.close();
		await stack.stop();
	}
}

main().catch((error) => {
	console.error(`[screenshots] ${error.stack ?? error.message}`);
	process.exit(1);
});
