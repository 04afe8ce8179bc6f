// Calendly Trigger -> Calendly to Card -> one No-op per output, in a real n8n writing a real data table:
// bookings, reschedules in both orders, cancellations under each policy, no-shows, group events and
// a burst of parallel deliveries for one contact.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cardsFor, findBoard, readCards, sameInstant } from '../lib/board.mjs';
import {
	executionError,
	nodeItems,
	postDelivery,
	retryFailedDeliveries,
	startedDeliveries,
	waitForExecutions,
} from '../lib/executions.mjs';
import { calendlyAccount, dataTableCredential, publishedCardWorkflow } from '../lib/fixtures.mjs';
import { signWebhook } from '../lib/simulator.mjs';
import { sleep } from '../lib/wait.mjs';
import { CARD_OUTPUTS } from '../lib/workflows.mjs';

const day = (n, hour = 10) => {
	const date = new Date(Date.now() + n * 86400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date;
};

/** Deliveries n8n accepted for this workflow so far: each started one execution. */
const accepted = (sim, wf) => startedDeliveries(sim, wf.webhookUrl).length;

/**
 * Waits for every accepted delivery's execution, asserts they all succeeded and returns the items of
 * the executions started since `seen`, by card output name.
 */
async function settle(stack, wf, seen) {
	const executions = await waitForExecutions(stack.api, wf.id, accepted(stack.sim, wf), {
		timeoutMs: 120_000,
	});
	for (const execution of executions) {
		assert.equal(
			execution.status,
			'success',
			`execution ${execution.id}: ${JSON.stringify(executionError(execution))}`,
		);
	}
	const byOutput = Object.fromEntries(CARD_OUTPUTS.map((name) => [name, []]));
	for (const execution of executions.slice(seen)) {
		const outputs = nodeItems(execution, 'Calendly to Card');
		CARD_OUTPUTS.forEach((name, index) => {
			for (const item of outputs[index] ?? []) {
				// One delivery per execution: every item comes from the trigger's only item.
				assert.deepEqual(item.pairedItem, { item: 0 }, `pairedItem of a ${name} item`);
				byOutput[name].push(item.json);
			}
		});
	}
	return { byOutput, count: executions.length };
}

/** Output name -> [action, skipReason, activity type] per item, for assertion messages. */
const summary = (outputs) =>
	Object.fromEntries(
		Object.entries(outputs).map(([name, items]) => [
			name,
			items.map((i) => [i.action, i.skipReason, i.activity?.type]),
		]),
	);

const activityTypes = (card) => card.activity.map((entry) => entry.type);

export function cardScenarios(ctx) {
	describe('Calendly to Card', () => {
		let n8nCredentialId;
		before(async () => {
			n8nCredentialId = await dataTableCredential(ctx.stack);
		});

		describe('board with "Remove Event" on cancel and "Archive Card" when the host cancels', () => {
			const BOARD = 'Calendly Cards e2e';
			let hana;
			let wf;
			let board;
			let seen = 0;
			let maya; // { invitee, event, start }

			before(async () => {
				hana = await calendlyAccount(ctx.stack, {
					name: 'Hana Host',
					email: 'hana.host@host.test',
					eventTypes: [
						{ name: 'Intro Call', custom_questions: [{ name: 'What should we talk about?' }] },
						{ name: 'Team Workshop', kind: 'group', seats: 5, duration: 60 },
					],
				});
				wf = await publishedCardWorkflow(ctx.stack, hana, {
					name: 'Bookings to cards',
					board: BOARD,
					n8nCredentialId,
					cardParameters: {
						cancelPolicy: 'removeEvent',
						timeZone: 'Europe/Berlin',
						options: { hostCancelPolicy: 'archive', noShowStage: 'No-show' },
					},
				});
			});

			/** Runs a simulator action, waits for its executions and returns their items by output. */
			async function act(action) {
				const result = await action();
				const settled = await settle(ctx.stack, wf, seen);
				seen = settled.count;
				return { result, ...settled.byOutput };
			}

			test('a booking creates one card with the contact, the event, the answers and a "booked" activity', async () => {
				const start = day(2);
				const { result, Created, Updated, Canceled, Skipped } = await act(() =>
					ctx.stack.sim.book({
						eventType: hana.eventType.uri,
						invitee: {
							email: 'Maya.Lee@Example.com',
							name: 'Maya Lee',
							timezone: 'America/New_York',
						},
						startTime: start,
						questionsAndAnswers: [{ question: 'What should we talk about?', answer: 'Pricing' }],
						tracking: { utm_source: 'newsletter' },
					}),
				);
				maya = { invitee: result.invitee, start };
				assert.equal(Created.length, 1);
				assert.deepEqual([Updated.length, Canceled.length, Skipped.length], [0, 0, 0]);
				assert.equal(Created[0].action, 'created');
				assert.equal(Created[0].card.email, 'maya.lee@example.com');

				board = await findBoard(ctx.stack.api, BOARD);
				assert.equal(Created[0].boardId, board.id);
				const [card, ...others] = await cardsFor(ctx.stack.api, board.id, 'maya.lee@example.com');
				assert.equal(others.length, 0);
				assert.equal(card.name, 'Maya Lee');
				assert.equal(card.stage, 'Booked');
				assert.equal(card.eventName, 'Intro Call');
				assert.ok(sameInstant(card.eventTime, start), `eventTime ${card.eventTime}`);
				assert.equal(card.utmSource, 'newsletter');
				assert.equal(card.q_What_should_we_talk_about, 'Pricing');
				assert.deepEqual(activityTypes(card), ['booked']);
			});

			test("the same delivery again (Calendly's retry) is answered 200, starts nothing and changes nothing", async () => {
				const [before] = await cardsFor(ctx.stack.api, board.id, 'maya.lee@example.com');
				const original = ctx.stack.sim.deliveries.find(
					(d) => d.url === wf.webhookUrl && d.body.includes(maya.invitee.uri),
				);
				// Calendly retries with the same body, signed anew.
				const key = [...ctx.stack.sim.store.subscriptions.values()].find(
					(sub) => sub.url === wf.webhookUrl && sub.state === 'active',
				).signingKey;
				for (const signature of [
					original.headers['calendly-webhook-signature'],
					signWebhook(key, original.body),
				]) {
					const res = await postDelivery(wf.webhookUrl, original.body, {
						...original.headers,
						'calendly-webhook-signature': signature,
					});
					assert.equal(res.status, 200);
				}
				await sleep(2000);
				assert.equal(
					(await ctx.stack.api.executions(wf.id)).length,
					seen,
					'the repeats started no execution',
				);
				const [after] = await cardsFor(ctx.stack.api, board.id, 'maya.lee@example.com');
				assert.deepEqual(after, before);
			});

			for (const [index, order] of ['canceled-first', 'created-first'].entries()) {
				test(`a reschedule (${order}) moves the card's event and is no cancellation`, async () => {
					const email = `resched.${order}@example.com`;
					const first = day(3, 9 + index);
					const moved = day(4, 15 + index);
					const { result } = await act(() =>
						ctx.stack.sim.book({
							eventType: hana.eventType.uri,
							invitee: { email, name: `Resched ${order}` },
							startTime: first,
						}),
					);
					const { Created, Updated, Canceled, Skipped } = await act(() =>
						ctx.stack.sim.reschedule(result.invitee.uri, moved, { order }),
					);
					// The new booking always lands on Updated. The old booking's cancellation does too when n8n
					// applies it first; applied second it tells the card nothing new: Skipped, "reschedule_applied".
					const seen = JSON.stringify(summary({ Created, Updated, Canceled, Skipped }));
					assert.equal(Canceled.length, 0, `a reschedule never lands on Canceled: ${seen}`);
					assert.equal(Created.length, 0, seen);
					assert.ok(Updated.length >= 1, seen);
					assert.equal(Updated.length + Skipped.length, 2, seen);
					assert.ok(
						Skipped.every((item) => item.skipReason === 'reschedule_applied'),
						seen,
					);
					const newBooking = Updated.find((item) => item.booking.event === 'invitee.created');
					assert.equal(newBooking?.shownEventChanged, true, seen);
					const cards = await cardsFor(ctx.stack.api, board.id, email);
					assert.equal(cards.length, 1);
					const [card] = cards;
					assert.ok(
						sameInstant(card.eventTime, moved),
						`eventTime ${card.eventTime} should be ${moved.toISOString()}`,
					);
					assert.notEqual(card.archived, true);
					assert.deepEqual([...activityTypes(card)].sort(), ['booked', 'booked', 'rescheduled']);
				});
			}

			test('the invitee canceling removes the event from the card (Remove Event)', async () => {
				const email = 'ivy.invitee@example.com';
				const { result } = await act(() =>
					ctx.stack.sim.book({
						eventType: hana.eventType.uri,
						invitee: { email, name: 'Ivy Invitee' },
						startTime: day(5),
					}),
				);
				const { Canceled, Updated } = await act(() =>
					ctx.stack.sim.cancelInvitee(result.invitee.uri, { by: 'invitee', reason: 'Conflict' }),
				);
				assert.equal(Canceled.length, 1);
				assert.equal(Updated.length, 0);
				assert.equal(Canceled[0].action, 'canceled');
				const [card] = await cardsFor(ctx.stack.api, board.id, email);
				assert.equal(card.eventTime, null);
				assert.equal(card.eventName, null);
				assert.notEqual(card.archived, true);
				assert.deepEqual(activityTypes(card), ['booked', 'canceled']);
			});

			test('the host canceling archives the card (When the Host Cancels: Archive Card)', async () => {
				const email = 'hugo.hostcancel@example.com';
				const { result } = await act(() =>
					ctx.stack.sim.book({
						eventType: hana.eventType.uri,
						invitee: { email, name: 'Hugo' },
						startTime: day(6),
					}),
				);
				const { Canceled } = await act(() =>
					ctx.stack.sim.cancelInvitee(result.invitee.uri, { by: 'host', reason: 'Sick' }),
				);
				assert.equal(Canceled.length, 1);
				const [card] = await cardsFor(ctx.stack.api, board.id, email);
				assert.equal(card.archived, true);
				assert.deepEqual(activityTypes(card), ['booked', 'canceled']);
			});

			test('a no-show marks the card and removing the mark clears it', async () => {
				const marked = await act(() => ctx.stack.sim.markNoShow(maya.invitee.uri));
				assert.equal(marked.Updated.length, 1);
				let [card] = await cardsFor(ctx.stack.api, board.id, 'maya.lee@example.com');
				assert.equal(card.noShow, true);
				assert.equal(card.stage, 'No-show');
				const cleared = await act(() => ctx.stack.sim.unmarkNoShow(maya.invitee.uri));
				assert.equal(cleared.Updated.length, 1);
				[card] = await cardsFor(ctx.stack.api, board.id, 'maya.lee@example.com');
				assert.notEqual(card.noShow, true);
				assert.deepEqual(activityTypes(card), ['booked', 'no_show', 'no_show_cleared']);
			});

			test('a group event gives one card per invitee, not one per meeting', async () => {
				const start = day(7, 14);
				const emails = ['gina@example.com', 'gus@example.com', 'gwen@example.com'];
				const { Created } = await act(async () => {
					for (const email of emails) {
						await ctx.stack.sim.book({
							eventType: hana.eventTypes[1].uri,
							invitee: { email, name: email.split('@')[0] },
							startTime: start,
						});
					}
				});
				assert.equal(Created.length, 3);
				const meetings = new Set();
				for (const email of emails) {
					const cards = await cardsFor(ctx.stack.api, board.id, email);
					assert.equal(cards.length, 1, `${email} has one card`);
					assert.equal(cards[0].eventName, 'Team Workshop');
					assert.ok(sameInstant(cards[0].eventTime, start));
					meetings.add(Created.find((item) => item.card.email === email).booking.eventUri);
				}
				assert.equal(meetings.size, 1, 'all three booked the same meeting');
			});
		});

		test('"Do Nothing" on cancel keeps the event on the card', async () => {
			// n8n's name filter matches any table whose name contains the board's: this one must be left alone.
			const decoy = await ctx.stack.api.call('POST', '/data-tables', {
				body: { name: 'Old Cards keep canceled', columns: [{ name: 'email', type: 'string' }] },
			});
			const otto = await calendlyAccount(ctx.stack, {
				name: 'Otto Nothing',
				email: 'otto.nothing@host.test',
			});
			const wf = await publishedCardWorkflow(ctx.stack, otto, {
				name: 'Cancel does nothing',
				board: 'Cards keep canceled',
				n8nCredentialId,
				cardParameters: { cancelPolicy: 'nothing' },
			});
			const start = day(3, 11);
			const { invitee } = await ctx.stack.sim.book({
				eventType: otto.eventType.uri,
				invitee: { email: 'nora@example.com', name: 'Nora' },
				startTime: start,
			});
			await settle(ctx.stack, wf, 0);
			await ctx.stack.sim.cancelInvitee(invitee.uri, { by: 'host' });
			const { byOutput } = await settle(ctx.stack, wf, 1);
			assert.equal(byOutput.Canceled.length, 1);
			const board = await findBoard(ctx.stack.api, 'Cards keep canceled');
			assert.notEqual(board.id, decoy.id);
			// What the node reads a workflow's project from (with a key that has workflow:read; the board's
			// key has not, so the board went to the key owner's personal project, which owns the workflow too).
			const owners = (await ctx.stack.api.getWorkflow(wf.id)).shared.filter(
				(share) => share.role === 'workflow:owner',
			);
			assert.deepEqual(
				owners.map((share) => share.projectId),
				[board.projectId],
			);
			assert.deepEqual(await ctx.stack.api.rows(decoy.id), []);
			const [card] = await cardsFor(ctx.stack.api, board.id, 'nora@example.com');
			assert.ok(sameInstant(card.eventTime, start));
			assert.equal(card.eventName, '30 Minute Meeting');
			assert.notEqual(card.archived, true);
			assert.deepEqual(activityTypes(card), ['booked', 'canceled']);
		});

		test(
			'50 parallel deliveries for one email leave exactly one card',
			{ timeout: 300_000 },
			async (t) => {
				const pia = await calendlyAccount(ctx.stack, {
					name: 'Pia Parallel',
					email: 'pia.parallel@host.test',
				});
				const wf = await publishedCardWorkflow(ctx.stack, pia, {
					name: 'Parallel bookings',
					board: 'Cards under load',
					n8nCredentialId,
				});
				const bookings = await Promise.all(
					Array.from({ length: 50 }, (_, i) =>
						ctx.stack.sim.book({
							eventType: pia.eventType.uri,
							invitee: {
								email: i % 2 ? 'Sam.Same@Example.com' : 'sam.same@example.com ',
								name: 'Sam Same',
							},
							startTime: day(10 + i, 9),
						}),
					),
				);
				// On 2 shared cores n8n may turn a few of 50 simultaneous webhooks away; Calendly would retry them.
				const refused = await retryFailedDeliveries(
					ctx.stack.sim,
					bookings.flatMap((b) => b.deliveries),
				);
				if (refused.length > 0)
					t.diagnostic(
						`n8n refused ${refused.length} of 50 first attempts (${[...new Set(refused)].join(', ')}); retried as Calendly would`,
					);
				const { count, byOutput } = await settle(ctx.stack, wf, 0);
				// A delivery n8n took but answered too late is retried; the trigger's repeat stop starts nothing for it.
				await sleep(3000);
				assert.deepEqual(
					[count, (await ctx.stack.api.executions(wf.id)).length],
					[50, 50],
					'one execution per booking',
				);
				const board = await findBoard(ctx.stack.api, 'Cards under load');
				const cards = await readCards(ctx.stack.api, board.id);
				assert.equal(
					cards.length,
					1,
					`cards: ${cards.map((c) => `${c.id}:${c.email}`).join(', ')}`,
				);
				assert.equal(cards[0].email, 'sam.same@example.com');
				const bookingsOnCard = Object.keys(cards[0].bookings).length;
				assert.equal(bookingsOnCard, 50, 'every booking is on the card');
				assert.equal(
					cards[0].activity.length,
					20,
					'the log keeps its 20 latest entries (Activity Entries Kept)',
				);
				// 50 distinct bookings are 50 pieces of news: each comes out on Created or Updated whichever lands first.
				const announced = new Set(
					[...byOutput.Created, ...byOutput.Updated].map((item) => item.booking.inviteeUri),
				);
				assert.equal(announced.size, 50, JSON.stringify(summary(byOutput)));
				assert.equal(byOutput.Skipped.length, 0, JSON.stringify(summary(byOutput)));
				assert.ok(byOutput.Created.length >= 1, 'the first booking created the card');
			},
		);
	});
}
