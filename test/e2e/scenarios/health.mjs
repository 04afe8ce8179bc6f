// Webhook Subscription → Check Triggers in a real n8n: a published Calendly Trigger whose subscription
// Calendly disabled is found by a manual run of the check, re-published through n8n's public API with an
// API key that has only the workflow scopes the check needs, and afterwards holds a new active
// subscription whose deliveries verify and start the workflow again; the next check finds nothing to do.
// And a regenerated personal access token: deliveries are refused (the key is derived from the token)
// until the check finds the subscription not verifiable and re-publishes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { executionError, nodeOutputs, waitForExecutions } from '../lib/executions.mjs';
import { calendlyAccount, createWorkflow, publishedTriggerWorkflow } from '../lib/fixtures.mjs';
import { subscriptionsFor } from '../lib/simulator.mjs';
import { waitFor } from '../lib/wait.mjs';
import { TYPES, connect, workflow } from '../lib/workflows.mjs';

/** The scopes the check needs to read workflows and re-publish them (README, "Trigger health check"). */
const HEALTH_SCOPES = ['workflow:list', 'workflow:read', 'workflow:activate', 'workflow:deactivate'];

/** Runs a workflow from its manual trigger and returns the finished execution with its data. */
async function runManually(stack, workflowId) {
	const { executionId } = await stack.rest.call('POST', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name: 'Start' } });
	return await waitFor('the check execution', async () => {
		const found = await stack.api.call('GET', `/executions/${executionId}`, { query: { includeData: 'true' } });
		return ['success', 'error', 'crashed'].includes(found.status) ? found : false;
	}, { timeoutMs: 180_000 });
}

const day = (n, hour = 10) => {
	const date = new Date(Date.now() + n * 86400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date;
};

/** The check's items for the workflow `wf` (other scenarios' triggers, with other credentials, are left out). */
async function checkOnce(stack, checkerId, wf) {
	const execution = await runManually(stack, checkerId);
	assert.equal(execution.status, 'success', JSON.stringify(executionError(execution)));
	const [items] = nodeOutputs(execution, 'Check Triggers');
	return items.filter((item) => item.workflowId === wf.id);
}

/** A workflow "Start → Check Triggers" with the account's Calendly credential and an n8n API key with HEALTH_SCOPES. */
async function checkerWorkflow(stack, account) {
	const key = await stack.rest.createApiKey(`health check ${Date.now()}`, HEALTH_SCOPES);
	const n8nCredential = await stack.api.createCredential(`n8n API (health check, ${account.user.name})`, 'calendlyCardsN8nApi', { apiKey: key, baseUrl: stack.url });
	const start = { id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const check = {
		id: randomUUID(),
		name: 'Check Triggers',
		type: TYPES.action,
		typeVersion: 1,
		position: [220, 0],
		parameters: { authentication: 'accessToken', resource: 'webhookSubscription', operation: 'checkTriggers', options: {} },
		credentials: {
			calendlyCardsApi: { id: account.credentialId, name: `Calendly ${account.user.name} (simulator)` },
			calendlyCardsN8nApi: { id: n8nCredential.id, name: 'n8n API (health check)' },
		},
	};
	return await createWorkflow(stack, workflow(`Health: check triggers (${account.user.name})`, [start, check], connect({}, start.name, check.name)));
}

export function healthScenarios(ctx) {
	describe('Trigger health check (Webhook Subscription → Check Triggers)', () => {
		test('a subscription Calendly disabled is replaced by re-publishing the workflow; deliveries verify again', { timeout: 600_000 }, async () => {
			const stack = ctx.stack;
			const { sim } = stack;
			const hana = await calendlyAccount(stack, { name: 'Hana Health', email: 'hana.health@host.test' });
			const wf = await publishedTriggerWorkflow(stack, hana, { name: 'Health: bookings', events: ['invitee.created'] });
			const [original] = subscriptionsFor(sim, wf.webhookUrl);
			assert.equal(original?.state, 'active');

			const checker = await checkerWorkflow(stack, hana);

			const [healthy] = await checkOnce(stack, checker.id, wf);
			assert.equal(healthy.status, 'ok', JSON.stringify(healthy));
			assert.equal(healthy.action, 'none');
			assert.equal(healthy.callbackUrl, wf.webhookUrl);

			// What Calendly does after a day of failed deliveries: nothing is sent to the workflow any more.
			sim.disableSubscription(original.uri);
			const lost = await sim.book({ eventType: hana.eventType.uri, invitee: { email: 'lost@example.com', name: 'Lou Lost' }, startTime: day(2) });
			assert.equal(lost.deliveries.length, 0);

			const [repaired] = await checkOnce(stack, checker.id, wf);
			assert.equal(repaired.status, 'disabled', JSON.stringify(repaired));
			assert.equal(repaired.action, 'republished', JSON.stringify(repaired));
			assert.equal(repaired.statusAfter, 'ok');
			assert.equal(repaired.ok, true);

			const now = subscriptionsFor(sim, wf.webhookUrl);
			assert.equal(now.length, 1, JSON.stringify(now));
			assert.equal(now[0].state, 'active');
			assert.notEqual(now[0].uri, original.uri);
			const workflowNow = await stack.api.call('GET', `/workflows/${wf.id}`);
			assert.equal(workflowNow.active, true);

			const booked = await sim.book({ eventType: hana.eventType.uri, invitee: { email: 'ada@example.com', name: 'Ada Again' }, startTime: day(3) });
			assert.deepEqual(booked.deliveries.map((d) => d.status), [200]);
			const executions = await waitForExecutions(stack.api, wf.id, 1);
			assert.equal(executions[0].status, 'success');

			const [again] = await checkOnce(stack, checker.id, wf);
			assert.equal(again.status, 'ok', JSON.stringify(again));
			assert.equal(again.action, 'none');
		});

		test('after the personal access token is regenerated, deliveries are refused until the check re-publishes the workflow', { timeout: 600_000 }, async () => {
			const stack = ctx.stack;
			const { sim } = stack;
			const tom = await calendlyAccount(stack, { name: 'Tom Token', email: 'tom.token@host.test' });
			const wf = await publishedTriggerWorkflow(stack, tom, { name: 'Health: regenerated token', events: ['invitee.created'] });
			const checker = await checkerWorkflow(stack, tom);

			// Regenerating in Calendly: a new token, the old one revoked; the credential gets the new one.
			const newToken = sim.issueToken({ user: tom.user.uri, scopes: 'all', kind: 'pat' });
			sim.revokeToken(tom.token);
			await stack.api.call('PATCH', `/credentials/${tom.credentialId}`, { body: { data: { accessToken: newToken, baseUrl: sim.baseUrl } } });
			const refused = await sim.book({ eventType: tom.eventType.uri, invitee: { email: 'refused@example.com', name: 'Rae Refused' }, startTime: day(2) });
			assert.deepEqual(refused.deliveries.map((d) => d.status), [401]);

			const [repaired] = await checkOnce(stack, checker.id, wf);
			assert.equal(repaired.status, 'not_verifiable', JSON.stringify(repaired));
			assert.equal(repaired.action, 'republished', JSON.stringify(repaired));
			assert.equal(repaired.statusAfter, 'ok');

			const booked = await sim.book({ eventType: tom.eventType.uri, invitee: { email: 'ok@example.com', name: 'Oki Again' }, startTime: day(3) });
			assert.deepEqual(booked.deliveries.map((d) => d.status), [200]);
			const executions = await waitForExecutions(stack.api, wf.id, 1);
			assert.equal(executions[0].status, 'success');
		});
	});
}
