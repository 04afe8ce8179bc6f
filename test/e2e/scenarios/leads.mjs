// "Cards for Guests" and "Routing Form Leads" in a real n8n: an organization-scope Calendly Trigger
// (invitee events and routing form submissions) -> Calendly to Card with both options on -> a No-op per
// output. A booking with two guests, its reschedule and cancellation; a routing form lead who books later;
// a submission without an email.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { cardsFor, findBoard, sameInstant } from '../lib/board.mjs';
import {
	executionError,
	nodeItems,
	startedDeliveries,
	waitForExecutions,
} from '../lib/executions.mjs';
import { calendlyAccount, createWorkflow, dataTableCredential } from '../lib/fixtures.mjs';
import { publishAndWait } from '../lib/n8nApi.mjs';
import { REPO_ROOT } from '../lib/paths.mjs';
import {
	CARD_OUTPUTS,
	cardNode,
	connect,
	noOpNode,
	triggerNode,
	workflow,
} from '../lib/workflows.mjs';

// The card's bookings and activity log, read by the package's own reader (from the build the run installed).
const { parseRowState } = createRequire(import.meta.url)(
	join(REPO_ROOT, 'dist', 'nodes', 'CalendlyToCard', 'decide'),
);

const BOARD = 'Guests and leads e2e';
const EVENTS = [
	'invitee.created',
	'invitee.canceled',
	'invitee_no_show.created',
	'invitee_no_show.deleted',
	'routing_form_submission.created',
];
const INVITEE = 'ari.invitee@example.com';
const GUESTS = ['gia.guest@example.com', 'gil.guest@example.com'];

const at = (days, hour) => {
	const date = new Date(Date.now() + days * 86400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date;
};
const activityOf = (card) => parseRowState(card)?.activity ?? [];
const types = (card) => activityOf(card).map((entry) => entry.type);

export function leadScenarios(ctx) {
	describe('Guests and routing form leads', () => {
		let account;
		let wf;
		let form;
		let board;
		let done = 0; // executions already looked at

		/** Runs a simulator action, waits until n8n ran every accepted delivery and returns the new items by output. */
		async function act(action) {
			const result = await action();
			const { sim, api } = ctx.stack;
			const expected = startedDeliveries(sim, wf.webhookUrl).length;
			const executions = await waitForExecutions(api, wf.id, expected, { timeoutMs: 120_000 });
			const items = Object.fromEntries(CARD_OUTPUTS.map((name) => [name, []]));
			for (const execution of executions.slice(done)) {
				assert.equal(
					execution.status,
					'success',
					`execution ${execution.id}: ${JSON.stringify(executionError(execution))}`,
				);
				const outputs = nodeItems(execution, 'Calendly to Card');
				for (const [index, name] of CARD_OUTPUTS.entries()) {
					for (const item of outputs[index] ?? []) {
						// Guests' items come from the same trigger item as the invitee's.
						assert.deepEqual(item.pairedItem, { item: 0 });
						items[name].push(item.json);
					}
				}
			}
			done = executions.length;
			return { result, ...items };
		}
		const cardOf = async (email) => {
			const cards = await cardsFor(ctx.stack.api, board.id, email);
			assert.equal(cards.length, 1, `${email} has exactly one card`);
			return cards[0];
		};

		before(async () => {
			const n8nCredentialId = await dataTableCredential(ctx.stack);
			account = await calendlyAccount(ctx.stack, {
				name: 'Lea Leads',
				email: 'lea.leads@host.test',
				eventTypes: [{ name: 'Discovery Call' }],
			});
			// Routing form submissions are only sent to organization subscriptions.
			const trigger = triggerNode({
				credentialId: account.credentialId,
				events: EVENTS,
				parameters: { scope: 'organization' },
			});
			const card = cardNode({
				n8nCredentialId,
				board: BOARD,
				parameters: {
					cancelPolicy: 'removeEvent',
					timeZone: 'Europe/Berlin',
					options: { guestCards: true, routingFormLeads: true, leadStage: 'Lead' },
				},
			});
			const connections = connect({}, trigger.name, card.name);
			const sinks = CARD_OUTPUTS.map((name, index) => {
				connect(connections, card.name, name, index);
				return noOpNode(name, 520, index * 160 - 240);
			});
			wf = await createWorkflow(
				ctx.stack,
				workflow('Guests and leads', [trigger, card, ...sinks], connections),
			);
			await publishAndWait(ctx.stack.api, ctx.stack.rest, wf.id);
			form = ctx.stack.sim.createRoutingForm({
				name: 'Qualify',
				organization: account.user.current_organization,
				questions: [{ name: 'Your name' }, { name: 'Work email' }, { name: 'Team size' }],
			});
		});

		describe('Cards for Guests', () => {
			let invitee;
			const moved = at(5, 14);

			test('a booking with two guests makes three cards, the guests’ items naming the invitee', async () => {
				const start = at(4, 9);
				const { result, Created, Updated, Canceled, Skipped } = await act(() =>
					ctx.stack.sim.book({
						eventType: account.eventType.uri,
						invitee: { email: 'Ari.Invitee@Example.com', name: 'Ari Invitee' },
						startTime: start,
						guests: ['Gia.Guest@Example.com', GUESTS[1]],
						tracking: { utm_source: 'webinar' },
					}),
				);
				invitee = result.invitee;
				assert.deepEqual(
					Created.map((item) => [item.card.email, item.guestOf]),
					[
						[INVITEE, undefined],
						[GUESTS[0], INVITEE],
						[GUESTS[1], INVITEE],
					],
				);
				assert.deepEqual([Updated.length, Canceled.length, Skipped.length], [0, 0, 0]);
				board = await findBoard(ctx.stack.api, BOARD);
				for (const email of GUESTS) {
					const card = await cardOf(email);
					assert.equal(card.name, email);
					assert.equal(card.eventName, 'Discovery Call');
					assert.ok(sameInstant(card.eventTime, start), `${email} eventTime ${card.eventTime}`);
					assert.equal(
						card.utmSource,
						null,
						'the invitee’s attribution stays on the invitee’s card',
					);
					assert.deepEqual(types(card), ['booked']);
				}
				assert.equal((await cardOf(INVITEE)).utmSource, 'webinar');
			});

			test('a reschedule moves the guests’ cards to the new time too, with no cancellation', async () => {
				const { result, Created, Canceled, Updated, Skipped } = await act(() =>
					ctx.stack.sim.reschedule(invitee.uri, moved),
				);
				invitee = result.newInvitee;
				const seen = JSON.stringify(
					[...Updated, ...Skipped].map((item) => [
						item.booking.email,
						item.action,
						item.skipReason,
					]),
				);
				assert.equal(Created.length + Canceled.length, 0, seen);
				// Two deliveries, each for the invitee and both guests.
				assert.equal(Updated.length + Skipped.length, 6, seen);
				for (const email of [INVITEE, ...GUESTS]) {
					const card = await cardOf(email);
					assert.ok(
						sameInstant(card.eventTime, moved),
						`${email} eventTime ${card.eventTime} should be ${moved.toISOString()}`,
					);
					assert.equal(card.eventStatus, 'scheduled');
					assert.deepEqual([...types(card)].sort(), ['booked', 'booked', 'rescheduled']);
				}
			});

			test('canceling the booking cancels all three cards under the cancel policy (Remove Event)', async () => {
				const { Canceled, Created, Updated } = await act(() =>
					ctx.stack.sim.cancelInvitee(invitee.uri, { by: 'invitee', reason: 'Budget' }),
				);
				assert.deepEqual(
					Canceled.map((item) => [item.card.email, item.guestOf]),
					[
						[INVITEE, undefined],
						[GUESTS[0], INVITEE],
						[GUESTS[1], INVITEE],
					],
				);
				assert.equal(Created.length + Updated.length, 0);
				for (const email of [INVITEE, ...GUESTS]) {
					const card = await cardOf(email);
					assert.equal(card.eventTime, null, `${email}: the event is removed`);
					assert.equal(card.eventStatus, 'canceled');
					assert.notEqual(card.archived, true);
					assert.equal(types(card).filter((type) => type === 'canceled').length, 1);
				}
			});
		});

		describe('Routing Form Leads', () => {
			test('a submission with an email makes a card with the Lead Stage, answer columns and an activity entry', async () => {
				const { Created, Updated, Skipped } = await act(() =>
					ctx.stack.sim.submitRoutingForm({
						form: form.uri,
						answers: [
							{ question: 'Your name', answer: 'Liv Lead' },
							{ question: 'Work email', answer: 'Liv.Lead@Example.com' },
							{ question: 'Team size', answer: '11-50' },
						],
						tracking: { utm_campaign: 'spring' },
					}),
				);
				assert.equal(Created.length, 1, JSON.stringify([...Updated, ...Skipped]));
				assert.equal(Created[0].booking.event, 'routing_form_submission.created');
				board ??= await findBoard(ctx.stack.api, BOARD);
				const card = await cardOf('liv.lead@example.com');
				assert.equal(card.name, 'Liv Lead');
				assert.equal(card.stage, 'Lead');
				assert.equal(card.q_Team_size, '11-50');
				assert.equal(card.q_Work_email, 'Liv.Lead@Example.com');
				assert.equal(card.utmCampaign, 'spring');
				assert.equal(card.eventName, null);
				assert.equal(card.eventTime, null);
				const entries = activityOf(card);
				assert.deepEqual(
					entries.map((entry) => entry.type),
					['form_submitted'],
				);
				assert.match(
					card.activityColumn,
					/^\d{4}-\d\d-\d\d \d\d:\d\d · Submitted a routing form on /,
				);
			});

			test('when the lead books, the booking continues on the same card with the booking’s stage', async () => {
				const start = at(6, 10);
				const { Created, Updated } = await act(() =>
					ctx.stack.sim.book({
						eventType: account.eventType.uri,
						invitee: { email: 'liv.lead@example.com', name: 'Liv Lead' },
						startTime: start,
					}),
				);
				assert.equal(Created.length, 0);
				assert.equal(Updated.length, 1);
				assert.equal(Updated[0].shownEventChanged, true);
				const card = await cardOf('liv.lead@example.com');
				assert.equal(card.stage, 'Booked');
				assert.equal(card.eventName, 'Discovery Call');
				assert.ok(sameInstant(card.eventTime, start));
				assert.equal(card.q_Team_size, '11-50');
				assert.deepEqual(types(card), ['form_submitted', 'booked']);
			});

			test('a submission without an email comes out Skipped and the execution succeeds', async () => {
				const before = (await ctx.stack.api.rows(board.id)).length;
				const { Created, Updated, Skipped } = await act(() =>
					ctx.stack.sim.submitRoutingForm({
						form: form.uri,
						answers: [
							{ question: 'Your name', answer: 'No Mail' },
							{ question: 'Work email', answer: 'rather not' },
						],
					}),
				);
				assert.equal(Created.length + Updated.length, 0);
				assert.deepEqual(
					Skipped.map((item) => [item.action, item.skipReason, item.event]),
					[['skipped', 'no_email', 'routing_form_submission.created']],
				);
				assert.equal((await ctx.stack.api.rows(board.id)).length, before);
			});
		});
	});
}
