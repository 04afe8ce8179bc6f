// The package in n8n's editor, in a real browser (Debian's Chromium, installed by the test when missing,
// driven by playwright-core): each node's panel renders and its lists load from the simulator or from
// n8n, the token credential passes n8n's credential test (and a bad token's test says what is wrong), and
// the OAuth2 credential's dialog renders
// (it is not connected: see its test).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
	closeNode,
	ensureChromium,
	launchBrowser,
	openCredential,
	openNode,
	openWorkflow,
	signedInPage,
} from '../lib/browser.mjs';
import { calendlyAccount, createWorkflow, dataTableCredential } from '../lib/fixtures.mjs';
import { TYPES, cardNode, connect, triggerNode, workflow } from '../lib/workflows.mjs';

const SEEN = { timeout: 20_000 };

export function browserScenarios(ctx) {
	describe('the editor in a browser', () => {
		let browser;
		let page;
		let editor;
		let account;
		let wf;
		const board = `Browser board ${randomUUID().slice(0, 8)}`;

		before(async () => {
			await ensureChromium();
			const { api } = ctx.stack;
			account = await calendlyAccount(ctx.stack, {
				name: 'Bea Browser',
				email: 'bea.browser@host.test',
				eventTypes: [{ name: 'Browser Intro Call' }],
			});
			await api.call('POST', '/data-tables', {
				body: { name: board, columns: [{ name: 'email', type: 'string' }] },
			});
			const trigger = triggerNode({ credentialId: account.credentialId });
			const card = cardNode({
				n8nCredentialId: await dataTableCredential(ctx.stack),
				board: '',
				parameters: { board: { __rl: true, mode: 'list', value: '' } },
			});
			const action = {
				id: randomUUID(),
				name: 'Calendly',
				type: TYPES.action,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					authentication: 'accessToken',
					resource: 'eventType',
					operation: 'get',
					eventType: { __rl: true, mode: 'list', value: '' },
				},
				credentials: {
					calendlyCardsApi: { id: account.credentialId, name: 'Calendly Bea Browser (simulator)' },
				},
			};
			wf = await createWorkflow(
				ctx.stack,
				workflow(
					'Browser: every node',
					[trigger, card, action],
					connect(connect({}, trigger.name, card.name), card.name, action.name),
				),
			);
			browser = await launchBrowser();
			// Chromium keeps n8n's secure cookie on http://localhost.
			editor = ctx.stack.url.replace('127.0.0.1', 'localhost');
			page = await signedInPage(browser, editor);
		});

		after(async () => {
			await browser?.close();
		});

		test("Calendly Trigger: the panel shows its parameters and the event-type filter lists the account's event types", async () => {
			await openWorkflow(page, editor, wf.id);
			await openNode(page, 'Calendly Trigger');
			for (const label of ['Events', 'Scope', 'Filters', 'Options'])
				await page.getByText(label, { exact: true }).first().waitFor(SEEN);
			await page.getByPlaceholder('Add Filter').click();
			await page.getByText('Event Type Names or IDs', { exact: true }).last().click();
			// The multi-select's options come from the simulator through the node's loadOptions method.
			await page.locator('[data-test-id="parameter-input-eventTypes"]').click();
			// The options are in the page once loaded (the dropdown may render them hidden until it opens).
			await page
				.locator('.option-headline', { hasText: 'Browser Intro Call (Bea Browser)' })
				.first()
				.waitFor({ ...SEEN, state: 'attached' });
			await closeNode(page);
		});

		test('Calendly Trigger: the event list offers contact and meeting recap events', async () => {
			await openWorkflow(page, editor, wf.id);
			await openNode(page, 'Calendly Trigger');
			await page.locator('[data-test-id="parameter-input-events"]').click();
			for (const option of ['Contact Updated', 'Meeting Recap Created', 'Meeting Recap Deleted'])
				await page
					.locator('.option-headline', { hasText: option })
					.first()
					.waitFor({ ...SEEN, state: 'attached' });
			await closeNode(page);
		});

		test('Calendly to Card: Columns offers the contact and recap columns, Options the contact settings', async () => {
			await openWorkflow(page, editor, wf.id);
			await openNode(page, 'Calendly to Card');
			await page.getByPlaceholder('Rename a Column').first().click();
			for (const option of ['Company', 'Job Title', 'Meeting Recap Summary', 'Meeting Recap Link'])
				await page.getByText(option, { exact: true }).last().waitFor(SEEN);
			await page.keyboard.press('Escape');
			await page.getByPlaceholder('Add Option').first().click();
			for (const option of ['Cards for Calendly Contacts', 'When a Calendly Contact Is Deleted'])
				await page.getByText(option, { exact: true }).last().waitFor(SEEN);
			await closeNode(page);
		});

		/** Opens the node's panel and its first From-List picker, which must offer `option`. */
		async function listOffers(nodeName, label, option) {
			await openWorkflow(page, editor, wf.id);
			await openNode(page, nodeName);
			await page.getByText(label, { exact: true }).first().waitFor(SEEN);
			await page.locator('[data-test-id="rlc-input"]').first().click();
			await page.getByText(option).last().waitFor(SEEN);
			await closeNode(page);
		}

		test('Calendly to Card: the board list shows the data tables n8n has', () =>
			listOffers('Calendly to Card', 'Board', board));

		test('Calendly action node: the event type list loads from Calendly', () =>
			listOffers('Calendly', 'Event Type', 'Browser Intro Call'));

		test("Calendly Cards API credential: the dialog renders and n8n's credential test succeeds", async () => {
			const dialog = await openCredential(page, editor, account.credentialId);
			await dialog.getByText('Personal Access Token').first().waitFor(SEEN);
			await dialog.getByText('Connection tested successfully').waitFor(SEEN);
		});

		test("Calendly Cards API credential: with a revoked token, n8n's credential test names the problem", async () => {
			const { id } = await ctx.stack.api.createCredential(
				'Calendly Bea Browser (revoked)',
				'calendlyCardsApi',
				{
					accessToken: 'a-token-calendly-does-not-know',
					baseUrl: ctx.stack.sim.baseUrl,
				},
			);
			const dialog = await openCredential(page, editor, id);
			await dialog.getByText('Couldn’t connect with these settings').first().waitFor(SEEN);
			// n8n folds the credential test's message behind "More details".
			await dialog.getByText('More details').first().click();
			await dialog
				.getByText('Calendly rejected the token: it is wrong, expired or revoked', { exact: false })
				.first()
				.waitFor(SEEN);
		});

		// n8n's Connect button sends the browser to auth.calendly.com and fetches the token there (fixed,
		// hidden URLs that this machine cannot reach), so the OAuth2 test stops short of connecting; the
		// unit tests run the OAuth2 token and its refresh through n8n-core against the simulator.
		test('Calendly Cards OAuth2 API credential: the dialog renders with the editable scope list and the signing key', async () => {
			const { id } = await ctx.stack.api.createCredential(
				'Calendly Bea Browser (OAuth2)',
				'calendlyCardsOAuth2Api',
				{
					clientId: 'client-id',
					clientSecret: 'client-secret',
					webhookSigningKey: 'signing-key',
					baseUrl: ctx.stack.sim.baseUrl,
				},
			);
			const dialog = await openCredential(page, editor, id);
			for (const label of ['Client ID', 'Scope', 'Webhook Signing Key'])
				await dialog.getByText(label).first().waitFor(SEEN);
			const values = await dialog
				.locator('input, textarea')
				.evaluateAll((fields) => fields.map((field) => field.value));
			const scope = values.find((value) => value.includes('users:read'));
			assert.ok(scope, JSON.stringify(values));
			for (const wanted of ['webhooks:write', 'scheduled_events:read', 'scheduling_links:write'])
				assert.ok(scope.split(' ').includes(wanted), scope);
		});
	});
}
