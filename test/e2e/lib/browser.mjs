// The n8n editor in a real browser: Debian's Chromium (/usr/bin/chromium) driven by playwright-core,
// which never downloads a browser. Used by the browser scenarios and by screenshots.mjs.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { OWNER } from './n8nProcess.mjs';

export const CHROMIUM = '/usr/bin/chromium';

/** Runs a command to its end without blocking this process (n8n's connections and the simulator live here). */
function run(command, args, env) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
		child.on('error', reject);
		child.on('exit', (code, signal) =>
			code === 0
				? resolve()
				: reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
		);
	});
}

/**
 * Installs Debian's Chromium when it is missing (about a minute; needs root, as on the CI machines),
 * or throws saying how to install it. Asynchronous: a minute with the event loop blocked let n8n close
 * the suite's idle keep-alive connections unseen, and the next API call failed ("other side closed").
 */
export async function ensureChromium({ log = console.log } = {}) {
	if (existsSync(CHROMIUM)) return CHROMIUM;
	if (process.getuid?.() !== 0) {
		throw new Error(
			`${CHROMIUM} is missing and this user cannot install it: run \`sudo apt-get install -y chromium\`.`,
		);
	}
	log(`${CHROMIUM} is missing: installing Debian's chromium package (about a minute)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await run('apt-get', ['update', '-qq'], env);
	await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], env);
	if (!existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium but ${CHROMIUM} does not exist`);
	return CHROMIUM;
}

export async function launchBrowser() {
	return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** A page logged in to n8n as the owner, through the sign-in form. */
export async function signedInPage(browser, n8nUrl) {
	const page = await browser.newPage({
		viewport: { width: 1440, height: 900 },
		deviceScaleFactor: 1,
	});
	await page.goto(`${n8nUrl}/signin`);
	await page
		.locator('input[type="email"], input[name="emailOrLdapLoginId"]')
		.first()
		.fill(OWNER.email);
	await page.locator('input[type="password"]').first().fill(OWNER.password);
	await page.keyboard.press('Enter');
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 30_000 });
	return page;
}

/** Opens a workflow in the editor and waits for its nodes; closes n8n's "Production Checklist". */
export async function openWorkflow(page, n8nUrl, workflowId) {
	await page.goto(`${n8nUrl}/workflow/${workflowId}`);
	await page.waitForSelector('.vue-flow__node', { timeout: 30_000 });
	await page.waitForTimeout(1500);
	if (
		await page
			.getByText('Production Checklist', { exact: true })
			.isVisible()
			.catch(() => false)
	) {
		await page.mouse.click(900, 780); // a click on empty canvas closes it
		await page.waitForTimeout(500);
	}
}

/** Opens a node's panel (NDV) by double-clicking its box (its label lies outside the clickable area). */
export async function openNode(page, nodeName) {
	const node = page
		.locator('.vue-flow__node')
		.filter({ has: page.getByText(nodeName, { exact: true }) });
	await node.first().dblclick({ position: { x: 30, y: 30 } });
	await page.waitForSelector('[data-test-id="ndv-close-button"], [data-test-id="ndv-backdrop"]', {
		state: 'visible',
		timeout: 20_000,
	});
	await page.waitForTimeout(1000);
}

export async function closeNode(page) {
	await page.keyboard.press('Escape');
	await page.waitForTimeout(600);
}

/** Opens a credential's dialog; n8n tests a saved credential when its dialog opens. */
export async function openCredential(page, n8nUrl, credentialId) {
	await page.goto(`${n8nUrl}/home/credentials/${credentialId}`);
	await page.waitForSelector('[data-test-id="credential-edit-dialog"]', { timeout: 30_000 });
	return page.locator('[data-test-id="credential-edit-dialog"]');
}
