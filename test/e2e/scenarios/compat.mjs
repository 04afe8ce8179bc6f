// The compatibility promise, on whichever n8n the run installed (run.mjs --n8n=<version>; `npm test` runs
// this group on every version of n8nVersions.mjs's COMPAT_N8N after the full suite): the Calendly Trigger
// subscribes on publish, takes a signed delivery and refuses a badly signed one, and unsubscribes on
// unpublish; the Calendly action node's User → Get Me works; Calendly to Card makes and updates a card on
// an n8n with the public data-table API (2.20 and later) and, on an older one, fails saying what it needs.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { cardsFor, findBoard } from '../lib/board.mjs';
import {
	executionError,
	nodeOutputs,
	postDelivery,
	waitForExecutions,
} from '../lib/executions.mjs';
import {
	calendlyAccount,
	dataTableCredential,
	publishedCardWorkflow,
	publishedTriggerWorkflow,
	unpublishAndWaitForUnsubscribe,
} from '../lib/fixtures.mjs';
import { buildDelivery, subscriptionsFor } from '../lib/simulator.mjs';
import { sleep } from '../lib/wait.mjs';
import { cardOutputs } from '../lib/keepBoardComplete.mjs';
import { assertGetMeReturnsUser } from './actions.mjs';

const BOARD = 'Compat cards';
const tomorrow = () => new Date(Date.now() + 24 * 3600_000);

/** The execution a delivery started (the workflow's `count`th), finished. */
async function nthExecution(stack, wf, count) {
	const executions = await waitForExecutions(stack.api, wf.id, count, { timeoutMs: 120_000 });
	assert.equal(executions.length, count, 'one execution per delivery');
	return executions[count - 1];
}

/** The card node's items by output name, asserting the execution succeeded. */
function succeededCardOutputs(execution) {
	assert.equal(execution.status, 'success', JSON.stringify(executionError(execution)));
	return cardOutputs(execution);
}

/** On an n8n without the public data-table API, the card node fails and says which n8n it needs. */
function assertNeedsNewerN8n(execution) {
	const error = executionError(execution);
	assert.equal(
		execution.status,
		'error',
		`the card node should have failed: ${JSON.stringify(error)}`,
	);
	assert.equal(error?.node?.name, 'Calendly to Card', JSON.stringify(error));
	assert.ok(error.message.includes('needs n8n 2.20 or later'), error.message);
	assert.ok(error.message.includes('data-table API'), error.message);
}

export function compatScenarios(ctx) {
	describe('compatibility subset', () => {
		const features = () => ctx.stack.features;

		describe('Calendly Trigger', () => {
			let tia;
			let wf;
			before(async () => {
				tia = await calendlyAccount(ctx.stack, {
					name: 'Tia Compat',
					email: 'tia.compat@host.test',
				});
			});

			test('publishing registers one subscription; a signed delivery starts the workflow, a badly signed one does not', async () => {
				const { sim, api } = ctx.stack;
				wf = await publishedTriggerWorkflow(ctx.stack, tia, {
					name: 'Compat trigger',
					events: ['invitee.created'],
				});
				const subscriptions = subscriptionsFor(sim, wf.webhookUrl);
				assert.equal(subscriptions.length, 1, JSON.stringify(subscriptions));
				assert.equal(subscriptions[0].state, 'active');
				assert.equal(subscriptions[0].has_signing_key, true);

				const booked = await sim.book({
					eventType: tia.eventType.uri,
					invitee: { email: 'una@example.com', name: 'Una' },
					startTime: tomorrow(),
				});
				assert.deepEqual(
					booked.deliveries.map((d) => d.status),
					[200],
				);
				const execution = await nthExecution(ctx.stack, wf, 1);
				assert.equal(execution.status, 'success', JSON.stringify(executionError(execution)));
				assert.deepEqual(
					nodeOutputs(execution, 'Received')[0][0],
					JSON.parse(booked.deliveries[0].body),
				);

				// The same booking signed with a key n8n never saw.
				const forged = buildDelivery({
					event: 'invitee.created',
					payload: JSON.parse(booked.deliveries[0].body).payload,
					createdBy: tia.user.uri,
					signingKey: randomBytes(32).toString('hex'),
				});
				const badlySigned = await postDelivery(wf.webhookUrl, forged.body, forged.headers);
				assert.equal(badlySigned.status, 401, badlySigned.body);
				await sleep(1500);
				assert.equal(
					(await api.executions(wf.id)).length,
					1,
					'no execution for the badly signed delivery',
				);
			});

			test('unpublishing removes the subscription', async () => {
				await unpublishAndWaitForUnsubscribe(ctx.stack, wf);
			});
		});

		describe('Calendly to Card', () => {
			let cleo;
			let wf;
			let invitee;
			before(async () => {
				cleo = await calendlyAccount(ctx.stack, {
					name: 'Cleo Compat',
					email: 'cleo.compat@host.test',
				});
				wf = await publishedCardWorkflow(ctx.stack, cleo, {
					name: 'Compat cards',
					board: BOARD,
					n8nCredentialId: await dataTableCredential(ctx.stack),
				});
			});

			test('a booking becomes a card on a board created by name (without data tables: the node says which n8n it needs)', async () => {
				const booked = await ctx.stack.sim.book({
					eventType: cleo.eventType.uri,
					invitee: { email: 'Ada.Card@Example.com', name: 'Ada Card' },
					startTime: tomorrow(),
				});
				assert.deepEqual(
					booked.deliveries.map((d) => d.status),
					[200],
				);
				invitee = booked.invitee;
				const execution = await nthExecution(ctx.stack, wf, 1);
				if (!features().dataTables) return assertNeedsNewerN8n(execution);
				const { Created } = succeededCardOutputs(execution);
				assert.equal(Created.length, 1);
				const board = await findBoard(ctx.stack.api, BOARD);
				assert.equal(Created[0].boardId, board.id);
				const [card, ...others] = await cardsFor(ctx.stack.api, board.id, 'ada.card@example.com');
				assert.equal(others.length, 0);
				assert.equal(card.name, 'Ada Card');
				assert.equal(card.stage, 'Booked');
				assert.deepEqual(
					card.activity.map((entry) => entry.type),
					['booked'],
				);
			});

			test('canceling that booking updates the card', async () => {
				await ctx.stack.sim.cancelInvitee(invitee.uri, { by: 'invitee', reason: 'Conflict' });
				const execution = await nthExecution(ctx.stack, wf, 2);
				if (!features().dataTables) return assertNeedsNewerN8n(execution);
				const { Canceled } = succeededCardOutputs(execution);
				assert.equal(Canceled.length, 1);
				assert.equal(Canceled[0].action, 'canceled');
				const board = await findBoard(ctx.stack.api, BOARD);
				const [card] = await cardsFor(ctx.stack.api, board.id, 'ada.card@example.com');
				assert.equal(
					card.eventTime,
					null,
					'Remove Event (the default) took the event off the card',
				);
				assert.deepEqual(
					card.activity.map((entry) => entry.type),
					['booked', 'canceled'],
				);
			});

			test('unpublishing the card workflow removes its subscription', async () => {
				await unpublishAndWaitForUnsubscribe(ctx.stack, wf);
			});
		});

		test("the Calendly action node's User → Get Me returns the simulator's user", async () => {
			await assertGetMeReturnsUser(ctx.stack, {
				name: 'Gia Compat',
				email: 'gia.compat@host.test',
			});
		});
	});
}
