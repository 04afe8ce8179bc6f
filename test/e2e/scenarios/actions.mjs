// The Calendly action node in a real n8n, run manually (as the editor's "Execute workflow" starts it):
// reading the connected user, and a backfill of past bookings into a Calendly to Card board.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { findBoard, readCards, sameInstant } from '../lib/board.mjs';
import { executionError, nodeOutputs, runFrom } from '../lib/executions.mjs';
import { calendlyAccount, createWorkflow, dataTableCredential } from '../lib/fixtures.mjs';
import { CARD_OUTPUTS, TYPES, cardNode, connect, workflow } from '../lib/workflows.mjs';

/** Runs a workflow from its manual trigger and returns the finished execution with its data. */
const runManually = (stack, workflowId) => runFrom(stack, workflowId, 'Start');

const manualTrigger = () => ({
	id: randomUUID(),
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
});

const day = (n, hour = 10) => {
	const date = new Date(Date.now() + n * 86400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date;
};

/** The Calendly action node, named "Calendly", after a manual trigger, with the account's access token. */
const calendlyActionNode = (account, parameters) => ({
	id: randomUUID(),
	name: 'Calendly',
	type: TYPES.action,
	typeVersion: 1,
	position: [220, 0],
	parameters: { authentication: 'accessToken', ...parameters },
	credentials: {
		calendlyCardsApi: {
			id: account.credentialId,
			name: `Calendly ${account.user.name} (simulator)`,
		},
	},
});

/** Start -> Calendly (User → Get Me) for a new simulator account, run manually; asserts it returned that account's user. */
export async function assertGetMeReturnsUser(stack, { name, email }) {
	const account = await calendlyAccount(stack, { name, email });
	const start = manualTrigger();
	const calendly = calendlyActionNode(account, { resource: 'user', operation: 'getMe' });
	const wf = await createWorkflow(
		stack,
		workflow(`Get Me (${name})`, [start, calendly], connect({}, start.name, calendly.name)),
	);
	const execution = await runManually(stack, wf.id);
	assert.equal(execution.status, 'success', JSON.stringify(executionError(execution)));
	const [[user]] = nodeOutputs(execution, 'Calendly');
	assert.equal(user.uri, account.user.uri);
	assert.equal(user.email, email);
}

export function actionScenarios(ctx) {
	describe('Calendly (action node)', () => {
		test('a manual run of User → Get Me returns the connected Calendly user', async () => {
			await assertGetMeReturnsUser(ctx.stack, {
				name: 'Vera Action',
				email: 'vera.action@host.test',
			});
		});

		test('a backfill of past bookings fills a Calendly to Card board, and a second run changes nothing', async () => {
			const { sim, api } = ctx.stack;
			// Bookings made before any trigger existed: no subscription, so nothing was delivered.
			const owen = await calendlyAccount(ctx.stack, {
				name: 'Owen Backfill',
				email: 'owen.backfill@host.test',
			});
			const kept = await sim.book({
				eventType: owen.eventType.uri,
				invitee: { email: 'kai@example.com', name: 'Kai Kept' },
				startTime: day(2),
			});
			const moved = await sim.book({
				eventType: owen.eventType.uri,
				invitee: { email: 'mo@example.com', name: 'Mo Moved' },
				startTime: day(3),
			});
			const reschedule = await sim.reschedule(moved.invitee.uri, day(5, 14));
			const dropped = await sim.book({
				eventType: owen.eventType.uri,
				invitee: { email: 'cy@example.com', name: 'Cy Canceled' },
				startTime: day(4),
			});
			await sim.cancelInvitee(dropped.invitee.uri, { by: 'invitee', reason: 'Found another slot' });
			assert.equal(
				sim.listSubscriptions().filter((sub) => sub.organization === owen.user.current_organization)
					.length,
				0,
			);

			const board = 'Calendly Cards backfill e2e';
			const start = manualTrigger();
			const calendly = calendlyActionNode(owen, {
				resource: 'scheduledEvent',
				operation: 'getAll',
				returnAll: true,
				options: { asWebhookDeliveries: true },
			});
			const card = {
				...cardNode({ n8nCredentialId: await dataTableCredential(ctx.stack), board }),
				position: [440, 0],
			};
			const wf = await createWorkflow(
				ctx.stack,
				workflow(
					'Backfill into cards',
					[start, calendly, card],
					connect(connect({}, start.name, calendly.name), calendly.name, card.name),
				),
			);

			const first = await runManually(ctx.stack, wf.id);
			assert.equal(first.status, 'success', JSON.stringify(executionError(first)));
			const table = await findBoard(api, board);
			const cards = await readCards(api, table.id);
			assert.deepEqual(cards.map((c) => c.email).sort(), [
				'cy@example.com',
				'kai@example.com',
				'mo@example.com',
			]);
			const byEmail = Object.fromEntries(cards.map((c) => [c.email, c]));
			assert.ok(sameInstant(byEmail['kai@example.com'].eventTime, kept.event.start_time));
			assert.ok(
				sameInstant(byEmail['mo@example.com'].eventTime, reschedule.event.start_time),
				'the rescheduled card shows the new time',
			);
			assert.equal(byEmail['mo@example.com'].eventStatus, 'scheduled');
			assert.equal(byEmail['cy@example.com'].eventStatus, 'canceled');

			const second = await runManually(ctx.stack, wf.id);
			assert.equal(second.status, 'success', JSON.stringify(executionError(second)));
			const outputs = nodeOutputs(second, 'Calendly to Card');
			const skipped = outputs[CARD_OUTPUTS.indexOf('Skipped')] ?? [];
			assert.ok(
				skipped.length > 0 && skipped.every((item) => item.skipReason === 'duplicate'),
				JSON.stringify(outputs),
			);
			for (const name of ['Created', 'Updated', 'Canceled'])
				assert.equal(
					(outputs[CARD_OUTPUTS.indexOf(name)] ?? []).length,
					0,
					`${name} on the replay`,
				);
			const after = await readCards(api, table.id);
			assert.deepEqual(
				after.map(({ updatedAt, ...card }) => card),
				cards.map(({ updatedAt, ...card }) => card),
				'the board is unchanged by the replay',
			);
		});
	});
}
