// "Keep the board complete" (examples/keep-the-board-complete.json) in a real n8n: two published
// Calendly Trigger -> Calendly to Card workflows watch the same Calendly user, one writing a reference
// board that gets every delivery, the other a board that misses some: its subscription is disabled for a
// while (as Calendly does after failed deliveries) and, afterwards, about a fifth of the changes are made
// while it is disabled again; at the end Calendly has disabled it once more. One run of the example
// workflow, imported as shipped and pointed at the lossy board, must first re-publish the lossy workflow
// (its Check Triggers step finds the subscription disabled) and then leave the lossy board identical to the
// reference board in every column but ids and timestamps (calendlyState, activity and calendlyRevision
// included); a second run finds every trigger fine, writes nothing and puts nothing on Created, Updated or
// Canceled.
//
// A Schedule Trigger cannot be started through the public API, so the example runs the way the editor's
// "Execute workflow" starts it (POST /rest/workflows/{id}/run from the trigger), as the backfill
// scenario in actions.mjs does.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findBoard, readCards } from '../lib/board.mjs';
import {
	executionError,
	retryFailedDeliveries,
	startedDeliveries,
	waitForExecutions,
} from '../lib/executions.mjs';
import { calendlyAccount, dataTableCredential, publishedCardWorkflow } from '../lib/fixtures.mjs';
import {
	healthCredential,
	healthOf,
	KEEP_BOARD_COMPLETE,
	keepBoardCompleteWorkflow,
	runKeepBoardComplete,
} from '../lib/keepBoardComplete.mjs';
import { subscriptionsFor } from '../lib/simulator.mjs';
import { CARD_OUTPUTS } from '../lib/workflows.mjs';
import { readExample } from './examples.mjs';
const REFERENCE_BOARD = 'Reconcile e2e: every delivery';
const LOSSY_BOARD = 'Reconcile e2e: deliveries lost';

const day = (n, hour = 10) => {
	const date = new Date(Date.now() + n * 86400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date;
};

/** Deliveries n8n accepted for this workflow so far: each started one execution. */
const accepted = (sim, wf) => startedDeliveries(sim, wf.webhookUrl).length;

async function allSucceeded(stack, wf) {
	const executions = await waitForExecutions(stack.api, wf.id, accepted(stack.sim, wf), {
		timeoutMs: 180_000,
	});
	for (const execution of executions) {
		assert.equal(
			execution.status,
			'success',
			`${wf.name}, execution ${execution.id}: ${JSON.stringify(executionError(execution))}`,
		);
	}
	return executions.length;
}

/** The board by email, without what differs by nature between two tables (row ids and row times). */
async function boardByEmail(api, tableId) {
	const cards = await readCards(api, tableId);
	const byEmail = {};
	for (const { id: _id, createdAt: _c, updatedAt: _u, ...card } of cards) {
		assert.equal(byEmail[card.email], undefined, `one card per email (${card.email})`);
		byEmail[card.email] = card;
	}
	return byEmail;
}

export function reconcileScenarios(ctx) {
	describe('Keep the board complete (Scheduled Event → Reconcile)', () => {
		test(
			'after a disabled subscription and lost deliveries, one reconcile run makes the board identical to the one that got every delivery; a second run changes nothing',
			{ timeout: 900_000 },
			async (t) => {
				const { sim, api } = ctx.stack;
				const rita = await calendlyAccount(ctx.stack, {
					name: 'Rita Reconcile',
					email: 'rita.reconcile@host.test',
					eventTypes: [
						{ name: 'Intro Call', custom_questions: [{ name: 'What should we talk about?' }] },
						{ name: 'Team Workshop', kind: 'group', seats: 5, duration: 60 },
					],
				});
				const [intro, workshop] = rita.eventTypes;
				const n8nCredentialId = await dataTableCredential(ctx.stack);
				// Both with the example's card settings (the defaults), so only the deliveries differ.
				const reference = await publishedCardWorkflow(ctx.stack, rita, {
					name: 'Reconcile e2e: reference',
					board: REFERENCE_BOARD,
					n8nCredentialId,
				});
				const lossy = await publishedCardWorkflow(ctx.stack, rita, {
					name: 'Reconcile e2e: lossy',
					board: LOSSY_BOARD,
					n8nCredentialId,
				});
				const [lossySubscription] = subscriptionsFor(sim, lossy.webhookUrl);
				assert.ok(lossySubscription, 'the lossy workflow has its own subscription');
				const lossyRecord = sim.store.subscriptions.get(lossySubscription.uri.split('/').pop());
				const disable = () => sim.disableSubscription(lossySubscription.uri);
				// What Calendly does when its owner re-enables a subscription (the simulator has no call for it).
				const enable = () => Object.assign(lossyRecord, { state: 'active', retryStartedAt: null });

				const deliveries = [];
				const people = {};
				const book = async (key, options) => {
					const result = await sim.book({
						invitee: {
							email: `${key}@example.com`,
							name: `${key[0].toUpperCase()}${key.slice(1)} Reconcile`,
							timezone: 'America/New_York',
						},
						questionsAndAnswers: [
							{ question: 'What should we talk about?', answer: `About ${key}` },
						],
						tracking: { utm_source: 'newsletter' },
						...options,
					});
					deliveries.push(...result.deliveries);
					people[key] = result.invitee.uri;
					return result;
				};
				const record = async (promise) => {
					const result = await promise;
					deliveries.push(...result.deliveries);
					return result;
				};

				// Before the gap: both boards get everything.
				await book('ada', { eventType: intro.uri, startTime: day(-3) });
				await book('ben', { eventType: intro.uri, startTime: day(2) });
				await book('cal', { eventType: intro.uri, startTime: day(3) });
				await book('dee', { eventType: intro.uri, startTime: day(4) });
				await book('eve', { eventType: workshop.uri, startTime: day(6, 14) });
				const group = await book('fay', { eventType: workshop.uri, startTime: day(6, 14) });

				// The gap: the lossy workflow's subscription is disabled.
				disable();
				await book('gus', { eventType: intro.uri, startTime: day(5) });
				await record(sim.cancelInvitee(people.ben, { by: 'host', reason: 'Host sick' }));
				await record(
					sim.cancelInvitee(people.cal, { by: 'invitee', reason: 'Found another slot' }),
				);
				people.dee2 = (await record(sim.reschedule(people.dee, day(9, 15)))).newInvitee.uri;
				await record(sim.markNoShow(people.ada));
				await book('ada', { eventType: intro.uri, startTime: day(8) }); // Ada books again
				enable();

				// After the gap: a fifth of the changes happen while the subscription is disabled again.
				const later = [
					() => book('hal', { eventType: intro.uri, startTime: day(10) }),
					() => book('ivy', { eventType: intro.uri, startTime: day(11) }),
					() => record(sim.reschedule(people.gus, day(12, 9), { order: 'created-first' })),
					() =>
						record(
							sim.cancelEvent(group.event.uri, { by: 'host', reason: 'Workshop moved online' }),
						),
					() => book('jo', { eventType: intro.uri, startTime: day(-2) }),
					() => record(sim.markNoShow(people.jo)),
					() => record(sim.cancelInvitee(people.hal, { by: 'invitee' })),
					() => record(sim.reschedule(people.dee2, day(13, 11))),
					() => book('kim', { eventType: intro.uri, startTime: day(14) }),
					() => record(sim.cancelInvitee(people.ivy, { by: 'host' })),
				];
				const dropped = new Set([2, 5]); // a fifth: a reschedule and a no-show
				for (const [index, change] of later.entries()) {
					if (dropped.has(index)) disable();
					await change();
					if (dropped.has(index)) enable();
				}

				// n8n may turn a webhook away on 2 shared cores; Calendly would retry it.
				const refused = await retryFailedDeliveries(
					sim,
					deliveries.filter((d) => d.url === reference.webhookUrl),
				);
				if (refused.length > 0) {
					t.diagnostic(
						`n8n refused ${refused.length} first attempts to the reference workflow; retried as Calendly would`,
					);
					// A successful retry ends Calendly's retry period (the resends go around the simulator, so its record is told here).
					for (const sub of sim.store.subscriptions.values())
						if (sub.url === reference.webhookUrl) sub.retryStartedAt = null;
				}
				const referenceRuns = await allSucceeded(ctx.stack, reference);
				const lossyRuns = await allSucceeded(ctx.stack, lossy);
				t.diagnostic(`deliveries: reference ${referenceRuns}, lossy ${lossyRuns}`);
				assert.ok(lossyRuns < referenceRuns, 'the lossy workflow missed deliveries');

				const referenceTable = await findBoard(api, REFERENCE_BOARD);
				const lossyTable = await findBoard(api, LOSSY_BOARD);
				const expected = await boardByEmail(api, referenceTable.id);
				assert.deepEqual(
					Object.keys(expected).sort(),
					['ada', 'ben', 'cal', 'dee', 'eve', 'fay', 'gus', 'hal', 'ivy', 'jo', 'kim'].map(
						(k) => `${k}@example.com`,
					),
				);
				assert.notDeepEqual(
					await boardByEmail(api, lossyTable.id),
					expected,
					'the lossy board is behind before the reconcile',
				);

				// A day of failed deliveries later, Calendly disables the lossy subscription for good.
				disable();

				// The example as shipped, with the test's credentials (the n8n API key with the workflow scopes on
				// Check Triggers) and the lossy board.
				for (const node of readExample(KEEP_BOARD_COMPLETE).nodes) {
					for (const [type, reference] of Object.entries(node.credentials ?? {}))
						assert.deepEqual(Object.keys(reference), ['name'], `${node.name} → ${type}`);
				}
				const wf = await keepBoardCompleteWorkflow(ctx.stack, {
					calendlyCredentialId: rita.credentialId,
					healthCredentialId: await healthCredential(ctx.stack, 'reconcile'),
					boardCredentialId: n8nCredentialId,
					board: LOSSY_BOARD,
				});

				sim.requests.length = 0;
				const first = await runKeepBoardComplete(ctx.stack, wf.id);
				const calendlyRequests = sim.requests.filter((r) => r.auth === 'pat').length;
				const outputs = first.card;
				const lossyHealth = healthOf(first, lossy.id);
				const referenceHealth = healthOf(first, reference.id);
				t.diagnostic(
					`first run (${first.seconds.toFixed(1)} s): Check Triggers: lossy ${lossyHealth.status} -> ${lossyHealth.action}, reference ${referenceHealth.status}; ` +
						`${first.rebuilt.length} deliveries rebuilt, ${calendlyRequests} Calendly requests; ` +
						CARD_OUTPUTS.map((name) => `${name} ${outputs[name].length}`).join(', ') +
						` (skip reasons: ${[...new Set(outputs.Skipped.map((item) => item.skipReason))].join(', ')})`,
				);
				// The health step ran first and repaired the lossy trigger; nothing needed a person.
				assert.equal(lossyHealth.status, 'disabled', JSON.stringify(lossyHealth));
				assert.equal(lossyHealth.action, 'republished', JSON.stringify(lossyHealth));
				assert.equal(lossyHealth.statusAfter, 'ok');
				assert.equal(referenceHealth.status, 'ok', JSON.stringify(referenceHealth));
				assert.equal(referenceHealth.action, 'none');
				assert.deepEqual(first.messages, [], 'no message for a person');
				const [repaired] = subscriptionsFor(sim, lossy.webhookUrl);
				assert.equal(repaired?.state, 'active');
				assert.notEqual(repaired.uri, lossySubscription.uri);

				assert.ok(
					outputs.Created.length + outputs.Updated.length + outputs.Canceled.length > 0,
					'the missed changes come out as news',
				);
				const after = await boardByEmail(api, lossyTable.id);
				assert.deepEqual(
					after,
					expected,
					'after one reconcile the board equals the one that got every delivery',
				);

				const rowsBefore = await readCards(api, lossyTable.id);
				const second = await runKeepBoardComplete(ctx.stack, wf.id);
				t.diagnostic(`second run: ${second.seconds.toFixed(1)} s`);
				for (const id of [lossy.id, reference.id]) {
					const health = healthOf(second, id);
					assert.deepEqual([health.status, health.action], ['ok', 'none'], JSON.stringify(health));
				}
				assert.deepEqual(second.messages, []);
				const again = second.card;
				for (const name of ['Created', 'Updated', 'Canceled'])
					assert.equal(again[name].length, 0, `${name} on the second reconcile`);
				assert.ok(
					again.Skipped.length > 0 &&
						again.Skipped.every((item) => item.skipReason === 'duplicate'),
					JSON.stringify(again.Skipped.map((i) => i.skipReason)),
				);
				assert.deepEqual(
					await readCards(api, lossyTable.id),
					rowsBefore,
					'the second reconcile wrote nothing (updatedAt included)',
				);
			},
		);
	});
}
