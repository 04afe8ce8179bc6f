// Webhook Subscription → Check Triggers in a real n8n: a published Calendly Trigger whose subscription
// Calendly disabled is found by a manual run of the check, re-published through n8n's public API with an
// API key that has only the workflow scopes the check needs, and afterwards holds a new active
// subscription whose deliveries verify and start the workflow again; the next check finds nothing to do.
// And a regenerated personal access token: deliveries are refused (the key is derived from the token)
// until the check finds the subscription not verifiable and re-publishes. And n8n killed, bookings made
// while it is down, one subscription disabled by Calendly meanwhile: after the restart one run of
// examples/keep-the-board-complete.json re-publishes that workflow, reports the other trigger (still
// being retried) for a person, and its reconcile leaves nothing missing from the board.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { findBoard, readCards } from '../lib/board.mjs';
import { executionError, nodeOutputs, runFrom, waitForExecutions } from '../lib/executions.mjs';
import {
	calendlyAccount,
	createWorkflow,
	dataTableCredential,
	publishedCardWorkflow,
	publishedTriggerWorkflow,
} from '../lib/fixtures.mjs';
import {
	healthCredential,
	healthOf,
	keepBoardCompleteWorkflow,
	runKeepBoardComplete,
} from '../lib/keepBoardComplete.mjs';
import { subscriptionsFor } from '../lib/simulator.mjs';
import { waitFor } from '../lib/wait.mjs';
import { TYPES, connect, workflow } from '../lib/workflows.mjs';

const day = (n, hour = 10) => {
	const date = new Date(Date.now() + n * 86400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date;
};

/** The check's items for the workflow `wf` (other scenarios' triggers, with other credentials, are left out). */
async function checkOnce(stack, checkerId, wf) {
	const execution = await runFrom(stack, checkerId, 'Start');
	assert.equal(execution.status, 'success', JSON.stringify(executionError(execution)));
	const [items] = nodeOutputs(execution, 'Check Triggers');
	return items.filter((item) => item.workflowId === wf.id);
}

/** A workflow "Start → Check Triggers" with the account's Calendly credential and an n8n API key with the workflow scopes only. */
async function checkerWorkflow(stack, account) {
	const n8nCredentialId = await healthCredential(stack, account.user.name);
	const start = {
		id: randomUUID(),
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const check = {
		id: randomUUID(),
		name: 'Check Triggers',
		type: TYPES.action,
		typeVersion: 1,
		position: [220, 0],
		parameters: {
			authentication: 'accessToken',
			resource: 'webhookSubscription',
			operation: 'checkTriggers',
			options: {},
		},
		credentials: {
			calendlyCardsApi: {
				id: account.credentialId,
				name: `Calendly ${account.user.name} (simulator)`,
			},
			calendlyCardsN8nApi: { id: n8nCredentialId, name: 'n8n API (health check)' },
		},
	};
	return await createWorkflow(
		stack,
		workflow(
			`Health: check triggers (${account.user.name})`,
			[start, check],
			connect({}, start.name, check.name),
		),
	);
}

export function healthScenarios(ctx) {
	describe('Trigger health check (Webhook Subscription → Check Triggers)', () => {
		test(
			'a subscription Calendly disabled is replaced by re-publishing the workflow; deliveries verify again',
			{ timeout: 600_000 },
			async () => {
				const stack = ctx.stack;
				const { sim } = stack;
				const hana = await calendlyAccount(stack, {
					name: 'Hana Health',
					email: 'hana.health@host.test',
				});
				const wf = await publishedTriggerWorkflow(stack, hana, {
					name: 'Health: bookings',
					events: ['invitee.created'],
				});
				const [original] = subscriptionsFor(sim, wf.webhookUrl);
				assert.equal(original?.state, 'active');

				const checker = await checkerWorkflow(stack, hana);

				const [healthy] = await checkOnce(stack, checker.id, wf);
				assert.equal(healthy.status, 'ok', JSON.stringify(healthy));
				assert.equal(healthy.action, 'none');
				assert.equal(healthy.callbackUrl, wf.webhookUrl);

				// What Calendly does after a day of failed deliveries: nothing is sent to the workflow any more.
				sim.disableSubscription(original.uri);
				const lost = await sim.book({
					eventType: hana.eventType.uri,
					invitee: { email: 'lost@example.com', name: 'Lou Lost' },
					startTime: day(2),
				});
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

				const booked = await sim.book({
					eventType: hana.eventType.uri,
					invitee: { email: 'ada@example.com', name: 'Ada Again' },
					startTime: day(3),
				});
				assert.deepEqual(
					booked.deliveries.map((d) => d.status),
					[200],
				);
				const executions = await waitForExecutions(stack.api, wf.id, 1);
				assert.equal(executions[0].status, 'success');

				const [again] = await checkOnce(stack, checker.id, wf);
				assert.equal(again.status, 'ok', JSON.stringify(again));
				assert.equal(again.action, 'none');
			},
		);

		test(
			'after the personal access token is regenerated, deliveries are refused until the check re-publishes the workflow',
			{ timeout: 600_000 },
			async () => {
				const stack = ctx.stack;
				const { sim } = stack;
				const tom = await calendlyAccount(stack, {
					name: 'Tom Token',
					email: 'tom.token@host.test',
				});
				const wf = await publishedTriggerWorkflow(stack, tom, {
					name: 'Health: regenerated token',
					events: ['invitee.created'],
				});
				const checker = await checkerWorkflow(stack, tom);

				// Regenerating in Calendly: a new token, the old one revoked; the credential gets the new one.
				const newToken = sim.issueToken({ user: tom.user.uri, scopes: 'all', kind: 'pat' });
				sim.revokeToken(tom.token);
				await stack.api.call('PATCH', `/credentials/${tom.credentialId}`, {
					body: { data: { accessToken: newToken, baseUrl: sim.baseUrl } },
				});
				const refused = await sim.book({
					eventType: tom.eventType.uri,
					invitee: { email: 'refused@example.com', name: 'Rae Refused' },
					startTime: day(2),
				});
				assert.deepEqual(
					refused.deliveries.map((d) => d.status),
					[401],
				);

				const [repaired] = await checkOnce(stack, checker.id, wf);
				assert.equal(repaired.status, 'not_verifiable', JSON.stringify(repaired));
				assert.equal(repaired.action, 'republished', JSON.stringify(repaired));
				assert.equal(repaired.statusAfter, 'ok');

				const booked = await sim.book({
					eventType: tom.eventType.uri,
					invitee: { email: 'ok@example.com', name: 'Oki Again' },
					startTime: day(3),
				});
				assert.deepEqual(
					booked.deliveries.map((d) => d.status),
					[200],
				);
				const executions = await waitForExecutions(stack.api, wf.id, 1);
				assert.equal(executions[0].status, 'success');
			},
		);

		test(
			'n8n killed, bookings made while it is down and a subscription Calendly disabled meanwhile: after the restart "Keep the board complete" re-publishes it, reports the trigger still being retried, and leaves nothing missing',
			{ timeout: 600_000 },
			async (t) => {
				const stack = ctx.stack;
				const { sim, api } = stack;
				const board = 'Health e2e: n8n was down';
				const olga = await calendlyAccount(stack, {
					name: 'Olga Outage',
					email: 'olga.outage@host.test',
				});
				const boardCredentialId = await dataTableCredential(stack);
				const cardsWf = await publishedCardWorkflow(stack, olga, {
					name: 'Health: outage, bookings to cards',
					board,
					n8nCredentialId: boardCredentialId,
				});
				const otherWf = await publishedTriggerWorkflow(stack, olga, {
					name: 'Health: outage, second trigger',
					events: ['invitee.created'],
				});
				const [original] = subscriptionsFor(sim, cardsWf.webhookUrl);
				const keeper = await keepBoardCompleteWorkflow(stack, {
					calendlyCredentialId: olga.credentialId,
					healthCredentialId: await healthCredential(stack, 'outage'),
					boardCredentialId,
					board,
				});
				const invitee = (key) => ({
					email: `${key}.outage@example.com`,
					name: `${key[0].toUpperCase()}${key.slice(1)} Outage`,
				});
				const book = (key, startTime) =>
					sim.book({ eventType: olga.eventType.uri, invitee: invitee(key), startTime });

				// Before the outage every delivery arrives.
				const ada = await book('ada', day(2));
				const ben = await book('ben', day(3));
				const cal = await book('cal', day(4));
				for (const booked of [ada, ben, cal])
					assert.deepEqual(
						booked.deliveries.map((d) => d.status),
						[200, 200],
					);
				await waitForExecutions(api, cardsWf.id, 3);

				// n8n crashes; meanwhile a new booking, a cancel by the invitee, a reschedule and a past booking
				// marked a no-show: every delivery fails.
				await stack.n8n.kill();
				const during = [
					await book('dee', day(5)),
					await sim.cancelInvitee(ben.invitee.uri, { by: 'invitee', reason: 'Found another slot' }),
					await sim.reschedule(cal.invitee.uri, day(9, 15)),
					await book('eve', day(-1)),
				];
				during.push(await sim.markNoShow(during[3].invitee.uri));
				const failed = during.flatMap((change) => change.deliveries);
				assert.ok(
					failed.length >= 6 && failed.every((d) => d.status !== 200),
					JSON.stringify(failed.map((d) => d.status ?? d.error)),
				);
				// A day of failures later Calendly disables the card workflow's subscription; it is still retrying
				// the other trigger's.
				sim.disableSubscription(original.uri);
				await stack.restart();

				const table = await findBoard(api, board);
				const emails = ['ada', 'ben', 'cal', 'dee', 'eve'].map((key) => invitee(key).email);
				const stale = async () => {
					const cards = Object.fromEntries(
						(await readCards(api, table.id)).map((card) => [card.email, card]),
					);
					return {
						cards,
						missing: emails.filter((email) => !cards[email]),
						// Known, but the card does not show the change made while n8n was down.
						behind: [
							cards[invitee('ben').email]?.eventStatus !== 'canceled' && 'ben',
							Date.parse(cards[invitee('cal').email]?.eventTime) !== Date.parse(day(9, 15)) &&
								'cal',
						].filter(Boolean),
					};
				};
				const before = await stale();
				assert.deepEqual(before.missing, [invitee('dee').email, invitee('eve').email]);
				assert.deepEqual(before.behind, ['ben', 'cal']);

				const run = await runKeepBoardComplete(stack, keeper.id);
				const cardsHealth = healthOf(run, cardsWf.id);
				const otherHealth = healthOf(run, otherWf.id);
				assert.deepEqual(
					[cardsHealth.status, cardsHealth.action, cardsHealth.statusAfter, cardsHealth.ok],
					['disabled', 'republished', 'ok', true],
					JSON.stringify(cardsHealth),
				);
				// The trigger Calendly is still retrying is repaired too (its subscription replaced): nothing for a person.
				assert.deepEqual(
					[otherHealth.status, otherHealth.action, otherHealth.ok],
					['failing', 'republished', true],
					JSON.stringify(otherHealth),
				);
				assert.equal(run.messages.length, 0, JSON.stringify(run.messages));
				const now = subscriptionsFor(sim, cardsWf.webhookUrl);
				assert.deepEqual(
					now.map((sub) => sub.state),
					['active'],
				);
				assert.notEqual(now[0].uri, original.uri);

				const after = await stale();
				t.diagnostic(
					`after the restart, before the run: ${before.missing.length} of ${emails.length} contacts missing, ${before.behind.length} cards behind; ` +
						`after one run (${run.seconds.toFixed(1)} s, ${run.rebuilt.length} deliveries rebuilt; ` +
						`Created ${run.card.Created.length}, Updated ${run.card.Updated.length}, Canceled ${run.card.Canceled.length}, Skipped ${run.card.Skipped.length}): ` +
						`${after.missing.length} missing, ${after.behind.length} behind`,
				);
				assert.deepEqual(after.missing, []);
				assert.deepEqual(after.behind, []);
				assert.equal(after.cards[invitee('dee').email].eventStatus, 'scheduled');
				assert.equal(after.cards[invitee('eve').email].noShow, true);
				assert.equal(after.cards[invitee('eve').email].eventStatus, 'no_show');
				const written = new Set(
					[...run.card.Created, ...run.card.Updated, ...run.card.Canceled].map(
						(item) => item.booking.email,
					),
				);
				assert.deepEqual(
					[...written].sort(),
					['ben', 'cal', 'dee', 'eve'].map((key) => invitee(key).email),
					'only the contacts that changed while n8n was down are written',
				);

				// Deliveries verify again, for both workflows, and end Calendly's retrying.
				const fay = await book('fay', day(6));
				assert.deepEqual(
					fay.deliveries.map((d) => d.status),
					[200, 200],
				);
				const executions = await waitForExecutions(api, cardsWf.id, 4);
				assert.equal(
					executions.at(-1).status,
					'success',
					JSON.stringify(executionError(executions.at(-1))),
				);
				await waitFor(
					'fay on the board',
					async () => (await stale()).cards[invitee('fay').email] !== undefined,
					{ timeoutMs: 60_000 },
				);

				const again = await runKeepBoardComplete(stack, keeper.id);
				for (const id of [cardsWf.id, otherWf.id])
					assert.deepEqual(
						[healthOf(again, id).status, healthOf(again, id).action],
						['ok', 'none'],
					);
				assert.deepEqual(again.messages, []);
				for (const name of ['Created', 'Updated', 'Canceled'])
					assert.equal(again.card[name].length, 0, `${name} on the second run`);
			},
		);
	});
}
