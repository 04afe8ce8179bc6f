// The package in n8n's queue mode (lib/queueStack.mjs): publishing on the main, deliveries verified on
// the webhook processor, executions on two workers writing one board in PostgreSQL. The card guarantees
// of the single-process scenarios must hold across processes; a killed worker is measured and reported,
// and one run of examples/keep-the-board-complete.json must then put every lost booking on the board.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cardsFor, findBoard, readCards } from '../lib/board.mjs';
import {
	executionError,
	postDelivery,
	retryFailedDeliveries,
	startedDeliveries,
	waitForExecutions,
} from '../lib/executions.mjs';
import {
	calendlyAccount,
	dataTableCredential,
	publishedCardWorkflow,
	unpublishAndWaitForUnsubscribe,
} from '../lib/fixtures.mjs';
import {
	healthCredential,
	healthOf,
	keepBoardCompleteWorkflow,
	runKeepBoardComplete,
} from '../lib/keepBoardComplete.mjs';
import { startQueueStack } from '../lib/queueStack.mjs';
import { contactRecapScenario } from './contactsRecaps.mjs';
import {
	byEmail,
	itemsByOutput,
	replayTo as replayToWorkflow,
	settled as settledExecutions,
	shuffle,
} from '../lib/replay.mjs';
import { subscriptionsFor } from '../lib/simulator.mjs';
import { sleep, waitFor } from '../lib/wait.mjs';
import { CARD_OUTPUTS } from '../lib/workflows.mjs';

const day = (n, hour = 10) => {
	const date = new Date(Date.now() + n * 86400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date;
};

export function queueScenarios(ctx) {
	describe('n8n in queue mode: a main, a webhook processor, two workers, PostgreSQL and Redis', () => {
		let stack;
		let n8nCredentialId;

		before(async () => {
			stack = await startQueueStack({ workDir: ctx.workDir, build: false });
			n8nCredentialId = await dataTableCredential(stack);
		});

		after(async () => {
			await stack?.stop();
		});

		const replayTo = (wf) => replayToWorkflow(stack, wf);
		const settled = async (wf, count) => await settledExecutions(stack, wf, count);

		/** Waits until every accepted delivery of the workflow (at least `minimum`) has finished; asserts none failed. */
		async function settledAtLeast(wf, minimum) {
			const accepted = startedDeliveries(stack.sim, wf.webhookUrl).length;
			let executions = await settled(wf, Math.max(minimum, accepted));
			// Deliveries that timed out on the sender's side may have been queued too: wait for those as well.
			for (let quiet = 0; quiet < 3; quiet++) {
				await new Promise((resolve) => setTimeout(resolve, 2000));
				const now = await settled(wf, executions.length);
				if (now.length > executions.length) quiet = -1;
				executions = now;
			}
			return executions;
		}

		contactRecapScenario(() => ({ stack, n8nCredentialId }), 'Queue');

		describe('one workflow from publish to unpublish', () => {
			let account;
			let wf;

			before(async () => {
				account = await calendlyAccount(stack, {
					name: 'Quinn Queue',
					email: 'quinn.queue@host.test',
				});
				wf = await publishedCardWorkflow(stack, account, {
					name: 'Queue: bookings to cards',
					board: 'Queue cards',
					n8nCredentialId,
				});
			});

			test('publishing on the main creates exactly one subscription, for the webhook processor', () => {
				assert.ok(wf.webhookUrl.startsWith(`${stack.webhookBaseUrl}/webhook/`), wf.webhookUrl);
				const subscriptions = subscriptionsFor(stack.sim, wf.webhookUrl);
				assert.equal(subscriptions.length, 1);
				assert.equal(subscriptions[0].state, 'active');
			});

			test('a delivery is verified on the webhook processor (it needs only the credential and the database) and runs on a worker', async (t) => {
				const { deliveries } = await stack.sim.book({
					eventType: account.eventType.uri,
					invitee: { email: 'ava@example.com', name: 'Ava' },
					startTime: day(1),
				});
				assert.deepEqual(
					deliveries.map((d) => d.status),
					[200],
				);
				const [execution] = await settled(wf, 1);
				const ran = Object.entries(stack.executionsByWorker()).filter(([, ids]) =>
					ids.includes(String(execution.id)),
				);
				assert.equal(ran.length, 1, `execution ${execution.id} ran on exactly one worker`);
				t.diagnostic(`execution ${execution.id} ran on ${ran[0][0]}`);
				const tampered = deliveries[0].body.replace('ava@example.com', 'eve@example.com');
				const refused = await postDelivery(wf.webhookUrl, tampered, deliveries[0].headers);
				assert.equal(refused.status, 401, 'a body that does not match its signature is refused');
				const board = await findBoard(stack.api, 'Queue cards');
				assert.equal((await cardsFor(stack.api, board.id, 'ava@example.com')).length, 1);
			});

			test('restarting the main, the webhook processor and a worker adds no subscription', async () => {
				for (const name of ['main', 'webhook', 'worker2']) await stack.restart(name);
				assert.equal(subscriptionsFor(stack.sim, wf.webhookUrl).length, 1);
				const { deliveries } = await stack.sim.book({
					eventType: account.eventType.uri,
					invitee: { email: 'ben@example.com', name: 'Ben' },
					startTime: day(2),
				});
				assert.deepEqual(
					deliveries.map((d) => d.status),
					[200],
					'deliveries still verify after the restarts',
				);
				await settled(wf, 2);
			});

			test('unpublishing on the main removes the subscription', async () => {
				await unpublishAndWaitForUnsubscribe(stack, wf);
			});
		});

		test(
			'50 simultaneous deliveries of distinct bookings for one email: one card, every booking, one Created, no failure',
			{ timeout: 600_000 },
			async (t) => {
				const account = await calendlyAccount(stack, {
					name: 'Pia Parallel',
					email: 'pia.parallel@host.test',
				});
				const wf = await publishedCardWorkflow(stack, account, {
					name: 'Queue: parallel bookings',
					board: 'Queue cards under load',
					n8nCredentialId,
				});
				const bookings = await Promise.all(
					Array.from({ length: 50 }, (_, i) =>
						stack.sim.book({
							eventType: account.eventType.uri,
							invitee: {
								email: i % 2 ? 'Sam.Same@Example.com' : 'sam.same@example.com ',
								name: 'Sam Same',
							},
							startTime: day(10 + i, 9),
						}),
					),
				);
				// A delivery that got no answer within Calendly's 15 s may still have been queued: Calendly (and this
				// test) sends it again, and the trigger's repeat stop on the webhook processor starts nothing for it.
				const refused = await retryFailedDeliveries(
					stack.sim,
					bookings.flatMap((b) => b.deliveries),
				);
				if (refused.length > 0)
					t.diagnostic(
						`the webhook processor did not answer ${refused.length} of 50 first attempts in time (${[...new Set(refused)].join(', ')}); sent again as Calendly would`,
					);
				const executions = await settledAtLeast(wf, 50);
				const ids = new Set(executions.map((e) => String(e.id)));
				const perWorker = Object.fromEntries(
					Object.entries(stack.executionsByWorker()).map(([name, ran]) => [
						name,
						ran.filter((id) => ids.has(id)).length,
					]),
				);
				t.diagnostic(`${executions.length} executions; per worker: ${JSON.stringify(perWorker)}`);
				assert.equal(executions.length, 50, 'one execution per booking');
				assert.equal(
					Object.values(perWorker).reduce((a, b) => a + b, 0),
					executions.length,
				);
				assert.ok(
					Object.values(perWorker).every((count) => count > 0),
					'both workers ran some',
				);

				const board = await findBoard(stack.api, 'Queue cards under load');
				const cards = await readCards(stack.api, board.id);
				assert.equal(
					cards.length,
					1,
					`cards: ${cards.map((c) => `${c.id}:${c.email}`).join(', ')}`,
				);
				assert.equal(Object.keys(cards[0].bookings).length, 50, 'every booking is on the card');
				assert.equal(
					cards[0].activity.length,
					20,
					'the log keeps its 20 latest entries (Activity Entries Kept)',
				);
				const outputs = itemsByOutput(executions);
				const news = outputs.Created.concat(outputs.Updated);
				const merges = news.filter((item) => item.mergedCardIds?.length > 0).length;
				const conflicts = news.concat(outputs.Skipped).map((item) => item.writeConflicts ?? 0);
				const calls = news.concat(outputs.Skipped).map((item) => item.apiCalls);
				t.diagnostic(
					`outputs: Created ${outputs.Created.length}, Updated ${outputs.Updated.length}, Skipped ${outputs.Skipped.length}; executions that merged a duplicate card: ${merges}; write conflicts per execution: max ${Math.max(...conflicts)}, total ${conflicts.reduce((a, b) => a + b, 0)}; data-table calls per execution: min ${Math.min(...calls)}, max ${Math.max(...calls)}, total ${calls.reduce((a, b) => a + b, 0)}`,
				);
				assert.equal(outputs.Created.length, 1, 'exactly one Created for the new contact');
				const perBooking = new Map();
				for (const item of news)
					perBooking.set(
						item.booking.inviteeUri,
						(perBooking.get(item.booking.inviteeUri) ?? 0) + 1,
					);
				assert.equal(perBooking.size, 50, 'every booking came out on Created or Updated');
				assert.equal(
					outputs.Skipped.length,
					0,
					'nothing is skipped: every execution brought a new booking',
				);
			},
		);

		test(
			'simultaneous reschedule halves and a shuffled, duplicated sequence over several contacts give the in-order board',
			{ timeout: 600_000 },
			async () => {
				const account = await calendlyAccount(stack, {
					name: 'Rita Reorder',
					email: 'rita.reorder@host.test',
				});
				const inOrder = await publishedCardWorkflow(stack, account, {
					name: 'Queue: in order',
					board: 'Queue board in order',
					n8nCredentialId,
				});
				// The trigger's repeat stop is off here: the card node itself must make repeats change nothing.
				const shuffled = await publishedCardWorkflow(stack, account, {
					name: 'Queue: shuffled',
					board: 'Queue board shuffled',
					n8nCredentialId,
					triggerParameters: { options: { ignoreRepeats: false } },
				});
				// Calendly delivers live to the in-order workflow only; the same deliveries then reach the other
				// one re-signed with its own subscription's key, all at once, shuffled and some twice.
				const replay = replayTo(shuffled);

				const people = ['ida', 'jon', 'kim', 'lou'].map((name) => ({
					email: `${name}@example.com`,
					name,
				}));
				const booked = [];
				for (const [i, person] of people.entries()) {
					booked.push(
						await stack.sim.book({
							eventType: account.eventType.uri,
							invitee: person,
							startTime: day(20 + i, 8),
						}),
					);
				}
				await stack.sim.reschedule(booked[0].invitee.uri, day(30, 15));
				await stack.sim.cancelInvitee(booked[1].invitee.uri, { by: 'invitee', reason: 'conflict' });
				await stack.sim.markNoShow(booked[2].invitee.uri);
				const moved = await stack.sim.reschedule(booked[3].invitee.uri, day(31, 15), {
					order: 'created-first',
				});
				await stack.sim.reschedule(moved.newInvitee.uri, day(32, 15));

				const live = stack.sim.deliveries.filter((d) => d.url === inOrder.webhookUrl);
				assert.ok(live.every((d) => d.status === 200));
				await settled(inOrder, live.length);

				const replays = shuffle([...live, ...live.filter((_, i) => i % 3 === 0)], 7);
				const results = await Promise.all(replays.map(replay));
				assert.ok(
					results.every((status) => status === 200),
					`statuses: ${results.join(',')}`,
				);
				await settled(shuffled, replays.length);

				const expected = byEmail(
					await readCards(stack.api, (await findBoard(stack.api, 'Queue board in order')).id),
				);
				const actual = byEmail(
					await readCards(stack.api, (await findBoard(stack.api, 'Queue board shuffled')).id),
				);
				assert.deepEqual(actual, expected);
			},
		);

		test(
			'a booking delivered three times at the same moment (both workers): one card, one Created, the copies Skipped',
			{ timeout: 600_000 },
			async (t) => {
				const account = await calendlyAccount(stack, {
					name: 'Cora Copies',
					email: 'cora.copies@host.test',
				});
				const live = await publishedCardWorkflow(stack, account, {
					name: 'Queue: copies, live',
					board: 'Queue board copies, live',
					n8nCredentialId,
				});
				const wf = await publishedCardWorkflow(stack, account, {
					name: 'Queue: copies',
					board: 'Queue board copies',
					n8nCredentialId,
					triggerParameters: { options: { ignoreRepeats: false } },
				});
				// Calendly delivers the booking to the live workflow; the same delivery then reaches the other one
				// three times at once, signed with its own subscription's key (as Calendly's retries would be). The
				// trigger's repeat stop is off there: this is what a fleet of webhook processors, each with its own
				// memory, can pass on, and the card node itself must make the copies change nothing.
				const replay = replayTo(wf);
				await stack.sim.book({
					eventType: account.eventType.uri,
					invitee: { email: 'tia@example.com', name: 'Tia Thrice' },
					startTime: day(40, 9),
				});
				const [booked] = stack.sim.deliveries.filter((d) => d.url === live.webhookUrl);
				const statuses = await Promise.all([0, 1, 2].map(async () => await replay(booked)));
				assert.deepEqual(statuses, [200, 200, 200]);
				const executions = await settled(wf, 3);
				const ids = new Set(executions.map((e) => String(e.id)));
				const perWorker = Object.fromEntries(
					Object.entries(stack.executionsByWorker()).map(([name, ran]) => [
						name,
						ran.filter((id) => ids.has(id)).length,
					]),
				);
				const outputs = itemsByOutput(executions);
				t.diagnostic(
					`per worker: ${JSON.stringify(perWorker)}; Created ${outputs.Created.length}, Updated ${outputs.Updated.length}, Skipped ${outputs.Skipped.map((item) => item.skipReason).join(', ')}`,
				);
				const board = await findBoard(stack.api, 'Queue board copies');
				assert.equal((await readCards(stack.api, board.id)).length, 1);
				assert.deepEqual(
					[outputs.Created.length, outputs.Updated.length, outputs.Skipped.length],
					[1, 0, 2],
				);
				assert.ok(outputs.Skipped.every((item) => item.skipReason === 'duplicate'));
			},
		);

		test(
			"the webhook processor starts a delivery sent three times at once and again later once (the trigger's repeat stop)",
			{ timeout: 600_000 },
			async () => {
				const account = await calendlyAccount(stack, {
					name: 'Rhea Repeats',
					email: 'rhea.repeats@host.test',
				});
				const live = await publishedCardWorkflow(stack, account, {
					name: 'Queue: repeats, live',
					board: 'Queue board repeats, live',
					n8nCredentialId,
				});
				const wf = await publishedCardWorkflow(stack, account, {
					name: 'Queue: repeats',
					board: 'Queue board repeats',
					n8nCredentialId,
				});
				const replay = replayTo(wf);
				await stack.sim.book({
					eventType: account.eventType.uri,
					invitee: { email: 'rhea@example.com', name: 'Rhea Again' },
					startTime: day(41, 9),
				});
				const [booked] = stack.sim.deliveries.filter((d) => d.url === live.webhookUrl);
				assert.deepEqual(
					await Promise.all([0, 1, 2].map(async () => await replay(booked))),
					[200, 200, 200],
				);
				assert.equal(await replay(booked), 200);
				const [execution] = await settled(wf, 1);
				await sleep(3000);
				assert.equal(
					(await stack.api.executions(wf.id)).length,
					1,
					'one execution for four copies',
				);
				assert.equal(itemsByOutput([execution]).Created.length, 1);
			},
		);

		test(
			"the board's first creation and a new question column raced from both workers fail no execution",
			{ timeout: 600_000 },
			async () => {
				const account = await calendlyAccount(stack, {
					name: 'Cora Columns',
					email: 'cora.columns@host.test',
					eventTypes: [{ name: 'Discovery', custom_questions: [{ name: 'Company size?' }] }],
				});
				const wf = await publishedCardWorkflow(stack, account, {
					name: 'Queue: new board',
					board: 'Queue board raced',
					n8nCredentialId,
				});
				const bookings = await Promise.all(
					Array.from({ length: 12 }, (_, i) =>
						stack.sim.book({
							eventType: account.eventType.uri,
							invitee: { email: `racer${i}@example.com`, name: `Racer ${i}` },
							startTime: day(40 + i, 9),
							questionsAndAnswers: [{ question: 'Company size?', answer: String(10 * (i + 1)) }],
						}),
					),
				);
				await retryFailedDeliveries(
					stack.sim,
					bookings.flatMap((b) => b.deliveries),
				);
				const executions = await settled(wf, 12);
				assert.equal(itemsByOutput(executions).Created.length, 12);
				const tables = (await stack.api.dataTables()).filter(
					(table) => table.name === 'Queue board raced',
				);
				assert.equal(tables.length, 1, 'one board');
				const cards = await readCards(stack.api, tables[0].id);
				assert.equal(cards.length, 12);
				assert.deepEqual(
					cards.map((card) => card.q_Company_size).sort((a, b) => a - b),
					Array.from({ length: 12 }, (_, i) => String(10 * (i + 1))).sort((a, b) => a - b),
				);
			},
		);

		test(
			'a worker killed (SIGKILL) in the middle of a burst: what n8n does with its executions, what reaches the board, and one "Keep the board complete" run adds every missing booking and nothing else',
			{ timeout: 900_000 },
			async (t) => {
				const account = await calendlyAccount(stack, {
					name: 'Kai Killed',
					email: 'kai.killed@host.test',
				});
				const wf = await publishedCardWorkflow(stack, account, {
					name: 'Queue: killed worker',
					board: 'Queue board killed worker',
					n8nCredentialId,
				});
				const emails = Array.from({ length: 40 }, (_, i) => `burst${i}@example.com`);
				// Inside the example's reconcile window (30 days back, 60 ahead).
				// worker1's log also lists the executions it ran for earlier tests: wait for ones of this burst.
				const ranBefore = stack.executionsByWorker().worker1.length;
				// On 2 cores shared with other work the webhook processor may answer a burst later than Calendly's
				// 15 s, and every booking is then sent twice, which hides what the kill loses. Here the simulator
				// waits up to 2 minutes for an answer, so each booking is accepted once, as on a machine with cores
				// to spare; the timeout itself is covered by the 50-delivery test above.
				const deliveryTimeoutMs = stack.sim.options.deliveryTimeoutMs;
				stack.sim.options.deliveryTimeoutMs = 120_000;
				t.after(() => {
					stack.sim.options.deliveryTimeoutMs = deliveryTimeoutMs;
				});
				const burst = Promise.all(
					emails.map((email, i) =>
						stack.sim.book({
							eventType: account.eventType.uri,
							invitee: { email, name: email },
							startTime: day(5 + i, 9),
						}),
					),
				);
				await waitFor(
					'worker1 to start executions of the burst',
					() =>
						stack.executionsByWorker().worker1.length > ranBefore &&
						stack.sim.deliveries.filter((d) => d.url === wf.webhookUrl).length >= 10,
					{ timeoutMs: 120_000, intervalMs: 50 },
				);
				await stack.instances.worker1.kill();
				const bookings = await burst;
				const resent = await retryFailedDeliveries(
					stack.sim,
					bookings.flatMap((b) => b.deliveries),
				);
				// Calendly ends its retry period for a subscription once a retry succeeds (the resends above go
				// around the simulator, so its record is told here); otherwise Check Triggers says "failing".
				if (resent.length > 0)
					for (const sub of stack.sim.store.subscriptions.values())
						if (sub.url === wf.webhookUrl) sub.retryStartedAt = null;
				const accepted = startedDeliveries(stack.sim, wf.webhookUrl).length;
				// The killed worker's jobs wait for Bull's stall check and are retried or failed by n8n.
				await stack.start('worker1');
				const executions = await waitForExecutions(stack.api, wf.id, accepted, {
					timeoutMs: 300_000,
				});
				const statuses = {};
				for (const execution of executions)
					statuses[execution.status] = (statuses[execution.status] ?? 0) + 1;
				const board = await findBoard(stack.api, 'Queue board killed worker');
				const onBoard = new Set((await readCards(stack.api, board.id)).map((card) => card.email));
				const missing = emails.filter((email) => !onBoard.has(email));
				t.diagnostic(
					`deliveries re-sent after no answer in time: ${resent.length}; deliveries accepted: ${accepted}; execution statuses: ${JSON.stringify(statuses)}; bookings missing from the board: ${missing.length} of ${emails.length}`,
				);
				for (const execution of executions.filter((e) => e.status !== 'success')) {
					t.diagnostic(
						`execution ${execution.id} ${execution.status}: ${JSON.stringify(executionError(execution))?.slice(0, 200)}`,
					);
				}
				// Every booking whose execution succeeded is on the board; the rest is what a reconcile run must close.
				const succeeded = itemsByOutput(executions.filter((e) => e.status === 'success'));
				for (const item of [...succeeded.Created, ...succeeded.Updated])
					assert.ok(onBoard.has(item.card?.email), JSON.stringify(item).slice(0, 400));

				// The example as shipped, run on the main: its health step finds the trigger fine, its reconcile
				// writes exactly the missing bookings; the ones already on the board come out Skipped/duplicate.
				const keeper = await keepBoardCompleteWorkflow(stack, {
					calendlyCredentialId: account.credentialId,
					healthCredentialId: await healthCredential(stack, 'queue'),
					boardCredentialId: n8nCredentialId,
					board: 'Queue board killed worker',
				});
				const rowsBefore = await readCards(stack.api, board.id);
				stack.sim.requests.length = 0;
				const run = await runKeepBoardComplete(stack, keeper.id);
				const calendlyRequests = stack.sim.requests.filter((r) => r.auth === 'pat').length;
				const health = healthOf(run, wf.id);
				assert.deepEqual([health.status, health.action], ['ok', 'none'], JSON.stringify(health));
				assert.deepEqual(run.messages, []);
				const rowsAfter = await readCards(stack.api, board.id);
				const nowOnBoard = new Set(rowsAfter.map((card) => card.email));
				const stillMissing = emails.filter((email) => !nowOnBoard.has(email));
				t.diagnostic(
					`keep the board complete on the queue stack: ${run.seconds.toFixed(1)} s, ${calendlyRequests} Calendly requests, ${run.rebuilt.length} deliveries rebuilt; ` +
						CARD_OUTPUTS.map((name) => `${name} ${run.card[name].length}`).join(', ') +
						`; bookings missing from the board: ${missing.length} before, ${stillMissing.length} after`,
				);
				if (missing.length === 0)
					t.diagnostic(
						'this time no booking was missing after the kill, so the reconcile had nothing to add',
					);
				assert.deepEqual(stillMissing, [], 'no booking is missing after the reconcile');
				assert.equal(rowsAfter.length, emails.length, 'one card per booking');
				assert.deepEqual(
					run.card.Created.map((item) => item.card?.email).sort(),
					[...missing].sort(),
					'exactly the missing bookings get a card',
				);
				assert.equal(
					run.card.Updated.length + run.card.Canceled.length,
					0,
					'nothing already on the board is written again',
				);
				assert.equal(run.card.Skipped.length, emails.length - missing.length);
				assert.ok(
					run.card.Skipped.every((item) => item.skipReason === 'duplicate'),
					JSON.stringify(run.card.Skipped.map((item) => item.skipReason)),
				);
				const byId = new Map(rowsAfter.map((row) => [row.id, row]));
				for (const row of rowsBefore)
					assert.deepEqual(
						byId.get(row.id),
						row,
						`the card of ${row.email} is untouched (updatedAt included)`,
					);
			},
		);
	});
}
