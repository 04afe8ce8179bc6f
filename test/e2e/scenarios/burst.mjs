// A webinar's sign-ups at once, scaled to what the CI machine handles in a few minutes: every booking
// is delivered at the same moment to a Calendly Trigger -> Calendly to Card workflow and to a Calendly
// Trigger -> No-op workflow, with a read timeout so short that n8n answers many of them late. Those are
// sent again, as Calendly retries a delivery it counts as failed. With the trigger's repeat stop (on by
// default) each booking starts each workflow once and lands on the board once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findBoard, readCards } from '../lib/board.mjs';
import {
	executionError,
	nodeItems,
	retryFailedDeliveries,
	waitForExecutions,
} from '../lib/executions.mjs';
import {
	calendlyAccount,
	dataTableCredential,
	publishedCardWorkflow,
	publishedTriggerWorkflow,
} from '../lib/fixtures.mjs';
import { sleep } from '../lib/wait.mjs';
import { CARD_OUTPUTS } from '../lib/workflows.mjs';

const SIGN_UPS = 60;
// Calendly's 15 s read timeout scaled down with the burst: 120 deliveries take n8n here several seconds
// to answer, so most first attempts are late.
const TIMEOUT_MS = 1000;

export function burstScenarios(ctx) {
	describe('a burst of sign-ups answered late', () => {
		test(
			`${SIGN_UPS} simultaneous bookings, late answers retried: each starts each workflow once and is on the board once`,
			{ timeout: 600_000 },
			async (t) => {
				const { stack } = ctx;
				const host = await calendlyAccount(stack, {
					name: 'Wendy Webinar',
					email: 'wendy.webinar@host.test',
				});
				const cards = await publishedCardWorkflow(stack, host, {
					name: 'Burst: cards',
					board: 'Burst board',
					n8nCredentialId: await dataTableCredential(stack),
				});
				const plain = await publishedTriggerWorkflow(stack, host, {
					name: 'Burst: trigger only',
					events: ['invitee.created'],
				});

				const timeoutMs = stack.sim.options.deliveryTimeoutMs;
				stack.sim.options.deliveryTimeoutMs = TIMEOUT_MS;
				let bookings;
				try {
					const start = Date.now() + 7 * 86400_000;
					bookings = await Promise.all(
						Array.from({ length: SIGN_UPS }, (_, i) =>
							stack.sim.book({
								eventType: host.eventType.uri,
								invitee: { email: `attendee${i}@example.com`, name: `Attendee ${i}` },
								startTime: new Date(start + i * 60_000),
							}),
						),
					);
				} finally {
					stack.sim.options.deliveryTimeoutMs = timeoutMs;
				}
				const deliveries = bookings.flatMap((booking) => booking.deliveries);
				assert.equal(deliveries.length, 2 * SIGN_UPS);
				const late = await retryFailedDeliveries(stack.sim, deliveries);
				t.diagnostic(
					`${late.length} of ${deliveries.length} first attempts not answered within ${TIMEOUT_MS} ms (${[...new Set(late)].join(', ')}); each sent again`,
				);
				assert.ok(
					late.length > 0,
					'the burst made n8n answer late: otherwise this test proves nothing',
				);

				for (const wf of [cards, plain]) {
					const executions = await waitForExecutions(stack.api, wf.id, SIGN_UPS, {
						timeoutMs: 300_000,
					});
					for (const execution of executions)
						assert.equal(
							execution.status,
							'success',
							`execution ${execution.id}: ${JSON.stringify(executionError(execution))}`,
						);
				}
				// Late first attempts may still be starting: give them time to show up if they were not stopped.
				await sleep(5000);
				assert.equal(
					(await stack.api.executions(plain.id)).length,
					SIGN_UPS,
					'Trigger -> No-op ran once per booking',
				);
				const executions = await waitForExecutions(stack.api, cards.id, SIGN_UPS);
				assert.equal(executions.length, SIGN_UPS, 'Trigger -> Card ran once per booking');

				const outputs = Object.fromEntries(CARD_OUTPUTS.map((name) => [name, []]));
				for (const execution of executions) {
					for (const [index, items] of (nodeItems(execution, 'Calendly to Card') ?? []).entries())
						outputs[CARD_OUTPUTS[index]].push(...items);
				}
				assert.deepEqual(
					Object.fromEntries(Object.entries(outputs).map(([name, items]) => [name, items.length])),
					{ Created: SIGN_UPS, Updated: 0, Canceled: 0, Skipped: 0 },
				);
				const board = await readCards(stack.api, (await findBoard(stack.api, 'Burst board')).id);
				assert.deepEqual(
					board.map((card) => card.email).sort(),
					bookings.map((_, i) => `attendee${i}@example.com`).sort(),
				);
				for (const card of board)
					assert.equal(Object.keys(card.bookings).length, 1, `${card.email} has its one booking`);
				await Promise.all([cards, plain].map(async (wf) => await stack.api.unpublish(wf.id)));
			},
		);
	});
}
