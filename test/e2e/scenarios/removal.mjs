// Calendly to Card's "Remove Bookings of Disabled Event Types" in a real n8n: bookings of two event
// types become cards through a published sync workflow; then a manually run workflow with only one
// type enabled lists on a dry run what would change (the board stays as it is), removes the other
// type's bookings for real (the mixed card is derived again, the card left empty is deleted, a row
// made by hand stays), and a second run changes nothing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { findBoard, sameInstant } from '../lib/board.mjs';
import { executionError, nodeOutputs, runFrom, waitForExecutions } from '../lib/executions.mjs';
import {
	calendlyAccount,
	createWorkflow,
	dataTableCredential,
	publishedCardWorkflow,
} from '../lib/fixtures.mjs';
import { publicApi } from '../lib/n8nApi.mjs';
import { CARD_OUTPUTS, cardNode, connect, noOpNode, workflow } from '../lib/workflows.mjs';

const BOARD = 'Removal e2e';

const day = (n, hour = 10) => {
	const date = new Date(Date.now() + n * 86400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date;
};

/** Start (manual) -> Calendly to Card (removal) -> a No-op per output. */
async function removalWorkflow(stack, { name, n8nCredentialId, enabled, dryRun }) {
	const start = {
		id: randomUUID(),
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const card = cardNode({
		n8nCredentialId,
		board: BOARD,
		parameters: {
			operation: 'removeDisabled',
			authentication: 'none',
			eventTypeUris: enabled.join(', '),
			timeZone: 'Europe/Berlin',
			dryRun,
		},
	});
	const connections = connect({}, start.name, card.name);
	const sinks = CARD_OUTPUTS.map((output, index) => {
		connect(connections, card.name, output, index);
		return noOpNode(output, 520, index * 160 - 240);
	});
	return await createWorkflow(stack, workflow(name, [start, card, ...sinks], connections));
}

/** Runs the removal and returns its outputs by name, after checking the execution succeeded. */
async function runRemoval(stack, wf) {
	const execution = await runFrom(stack, wf.id, 'Start');
	assert.equal(execution.status, 'success', JSON.stringify(executionError(execution)));
	const outputs = nodeOutputs(execution, 'Calendly to Card');
	return Object.fromEntries(CARD_OUTPUTS.map((name, index) => [name, outputs[index] ?? []]));
}

const byId = (rows) => [...rows].sort((a, b) => a.id - b.id);

export function removalScenarios(ctx) {
	describe('Calendly to Card: Remove Bookings of Disabled Event Types', () => {
		let rita;
		let intro;
		let demo;
		let board;
		let rows;
		let n8nCredentialId;
		let dryWf;
		let realWf;
		let bookings;
		let started;

		before(async () => {
			started = Date.now();
			n8nCredentialId = await dataTableCredential(ctx.stack);
			rita = await calendlyAccount(ctx.stack, {
				name: 'Rita Removal',
				email: 'rita.removal@host.test',
				eventTypes: [
					{ name: 'Intro Call' },
					{ name: 'Legacy Demo', custom_questions: [{ name: 'Team size' }] },
				],
			});
			[intro, demo] = rita.eventTypes;
			const sync = await publishedCardWorkflow(ctx.stack, rita, {
				name: 'Removal: bookings to cards',
				board: BOARD,
				n8nCredentialId,
				cardParameters: { timeZone: 'Europe/Berlin' },
			});
			const { sim } = ctx.stack;
			// Ana booked both types (the demo last, so her card shows it); Ben only the demo.
			const anaIntro = await sim.book({
				eventType: intro.uri,
				invitee: { email: 'ana.mixed@example.com', name: 'Ana Mixed' },
				startTime: day(2),
			});
			// The card shows the booking made last: keep the two creation times apart.
			await new Promise((resolve) => setTimeout(resolve, 50));
			const anaDemo = await sim.book({
				eventType: demo.uri,
				invitee: { email: 'ana.mixed@example.com', name: 'Ana Mixed' },
				startTime: day(3, 14),
				questionsAndAnswers: [{ question: 'Team size', answer: '12' }],
			});
			const benDemo = await sim.book({
				eventType: demo.uri,
				invitee: { email: 'ben.demo@example.com', name: 'Ben Demo' },
				startTime: day(4),
			});
			bookings = { anaIntro, anaDemo, benDemo, introStart: day(2) };
			const executions = await waitForExecutions(ctx.stack.api, sync.id, 3, { timeoutMs: 120_000 });
			for (const execution of executions)
				assert.equal(execution.status, 'success', JSON.stringify(executionError(execution)));

			board = await findBoard(ctx.stack.api, BOARD);
			// A row someone made by hand: not this node's card, so never touched.
			await publicApi(ctx.stack.url, ctx.stack.dataTableKey).call(
				'POST',
				`/data-tables/${board.id}/rows`,
				{
					body: {
						data: [{ email: 'hand.made@example.com', name: 'Hand Made' }],
						returnType: 'count',
					},
				},
			);
			rows = byId(await ctx.stack.api.rows(board.id));
			assert.deepEqual(
				rows.map((row) => row.email),
				['ana.mixed@example.com', 'ben.demo@example.com', 'hand.made@example.com'],
			);
			assert.equal(rows[0].eventName, 'Legacy Demo');
			assert.equal(rows[0].q_Team_size, '12');

			dryWf = await removalWorkflow(ctx.stack, {
				name: 'Removal: dry run',
				n8nCredentialId,
				enabled: [intro.uri],
				dryRun: true,
			});
			realWf = await removalWorkflow(ctx.stack, {
				name: 'Removal: for real',
				n8nCredentialId,
				enabled: [intro.uri],
				dryRun: false,
			});
		});

		test('a dry run lists exactly what would change and leaves the board as it was', async () => {
			const { Created, Updated, Canceled, Skipped } = await runRemoval(ctx.stack, dryWf);
			assert.deepEqual(
				[Created.length, Canceled.length, Skipped.length],
				[0, 0, 0],
				JSON.stringify(Skipped),
			);
			const [ana, ben] = rows;
			assert.deepEqual(
				Updated.map((item) => [item.action, item.dryRun, item.cardId, item.email]),
				[
					['removed', true, ana.id, 'ana.mixed@example.com'],
					['cardDeleted', true, ben.id, 'ben.demo@example.com'],
				],
			);
			assert.deepEqual(
				Updated.map((item) =>
					item.removedBookings.map((removed) => [
						removed.inviteeUri,
						removed.eventTypeUri,
						removed.eventName,
						removed.status,
					]),
				),
				[
					[[bookings.anaDemo.invitee.uri, demo.uri, 'Legacy Demo', 'active']],
					[[bookings.benDemo.invitee.uri, demo.uri, 'Legacy Demo', 'active']],
				],
			);
			assert.equal(Updated[0].card.eventName, 'Intro Call');
			assert.equal(Updated[0].cardBefore.eventName, 'Legacy Demo');
			assert.equal(Updated[1].card, null);
			assert.equal(
				Updated[0].card.calendlyState,
				undefined,
				'no bookkeeping columns in the output',
			);
			assert.deepEqual(byId(await ctx.stack.api.rows(board.id)), rows);
		});

		test('the real run keeps only the enabled type on the mixed card, derived again, and deletes the other card', async () => {
			const { Created, Updated, Canceled, Skipped } = await runRemoval(ctx.stack, realWf);
			assert.deepEqual(
				[Created.length, Canceled.length, Skipped.length],
				[0, 0, 0],
				JSON.stringify(Skipped),
			);
			const [ana, ben, hand] = rows;
			assert.deepEqual(
				Updated.map((item) => [
					item.action,
					item.dryRun,
					item.cardId,
					item.removedBookings.map((removed) => removed.inviteeUri),
				]),
				[
					['removed', false, ana.id, [bookings.anaDemo.invitee.uri]],
					['cardDeleted', false, ben.id, [bookings.benDemo.invitee.uri]],
				],
			);
			const after = byId(await ctx.stack.api.rows(board.id));
			assert.deepEqual(
				after.map((row) => row.id),
				[ana.id, hand.id],
			);
			const card = after[0];
			assert.equal(card.eventName, 'Intro Call');
			assert.ok(sameInstant(card.eventTime, bookings.introStart), `eventTime ${card.eventTime}`);
			assert.equal(card.eventStatus, 'scheduled');
			assert.equal(card.name, 'Ana Mixed');
			assert.equal(card.q_Team_size, null, 'the answer only the removed booking gave is emptied');
			assert.ok(
				!card.calendlyState.includes(bookings.anaDemo.invitee.uri.split('/').pop()),
				'the demo booking is gone from the bookkeeping',
			);
			assert.notEqual(card.calendlyRevision, ana.calendlyRevision);
			assert.equal(Updated[0].card.eventName, 'Intro Call');
			assert.deepEqual(after[1], hand);
		});

		test('a second run changes nothing', async () => {
			const before = byId(await ctx.stack.api.rows(board.id));
			const outputs = await runRemoval(ctx.stack, realWf);
			assert.deepEqual(
				Object.values(outputs).map((items) => items.length),
				[0, 0, 0, 0],
			);
			assert.deepEqual(byId(await ctx.stack.api.rows(board.id)), before);
			console.log(`e2e removal: the group took ${Math.round((Date.now() - started) / 1000)} s`);
		});
	});
}
