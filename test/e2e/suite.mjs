// The end-to-end suite: one real n8n (with the packed package installed) and one Calendly simulator
// shared by the regular-mode scenarios, then n8n in queue mode (its own fleet, PostgreSQL and Redis).
// Run it through run.mjs, which installs n8n and prepares the user folder.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dataTableCredential } from './lib/fixtures.mjs';
import { DEFAULT_GROUPS } from './lib/groups.mjs';
import { startStack } from './lib/stack.mjs';
import { actionScenarios } from './scenarios/actions.mjs';
import { browserScenarios } from './scenarios/browser.mjs';
import { burstScenarios } from './scenarios/burst.mjs';
import { cardScenarios } from './scenarios/cards.mjs';
import { compatScenarios } from './scenarios/compat.mjs';
import { contactRecapScenario } from './scenarios/contactsRecaps.mjs';
import { exampleScenarios } from './scenarios/examples.mjs';
import { handEditScenarios } from './scenarios/handEdits.mjs';
import { healthScenarios } from './scenarios/health.mjs';
import { leadScenarios } from './scenarios/leads.mjs';
import { queueScenarios } from './scenarios/queue.mjs';
import { reconcileScenarios } from './scenarios/reconcile.mjs';
import { removalScenarios } from './scenarios/removal.mjs';
import { subscriptionScenarios } from './scenarios/subscriptions.mjs';

const workDir = process.env.E2E_WORK_DIR;
if (!workDir)
	throw new Error('E2E_WORK_DIR is not set: run the suite with `node test/e2e/run.mjs`.');

// run.mjs --only=cards runs one group; node's --test-name-pattern would still run the others' hooks.
const only = process.env.E2E_ONLY ? process.env.E2E_ONLY.split(',') : DEFAULT_GROUPS;
const regular = only.some((group) => group !== 'queue');

/** Filled in before the first scenario runs; scenarios read ctx.stack when their hooks run. */
const ctx = { stack: null };

if (regular)
	describe('n8n end to end', () => {
		before(async () => {
			ctx.stack = await startStack({ workDir });
		});

		after(async () => {
			await ctx.stack?.stop();
		});

		if (only.includes('subscriptions')) subscriptionScenarios(ctx);
		if (only.includes('cards')) cardScenarios(ctx);
		if (only.includes('handEdits')) handEditScenarios(ctx);
		if (only.includes('contacts'))
			describe('Calendly contacts and meeting recaps on cards', () => {
				let n8nCredentialId;
				before(async () => {
					n8nCredentialId = await dataTableCredential(ctx.stack);
				});
				contactRecapScenario(() => ({ stack: ctx.stack, n8nCredentialId }), 'Regular');
			});
		if (only.includes('actions')) actionScenarios(ctx);
		if (only.includes('examples')) exampleScenarios(ctx);
		if (only.includes('health')) healthScenarios(ctx);
		if (only.includes('reconcile')) reconcileScenarios(ctx);
		if (only.includes('browser')) browserScenarios(ctx);
		if (only.includes('leads')) leadScenarios(ctx);
		if (only.includes('removal')) removalScenarios(ctx);
		if (only.includes('burst')) burstScenarios(ctx);
		if (only.includes('compat')) compatScenarios(ctx);

		test('the simulator saw no request it could not handle', () => {
			assert.deepEqual(ctx.stack.sim.errors.map(String), []);
		});
	});

if (only.includes('queue')) queueScenarios({ workDir: join(workDir, 'queue') });
