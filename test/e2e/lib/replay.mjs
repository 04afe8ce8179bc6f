// Sending a workflow the deliveries Calendly made for another one, in another order and with repeats, and
// comparing the boards they give: how scenarios check that order and repetition change nothing.
import assert from 'node:assert/strict';
import { executionError, nodeItems, postDelivery, waitForExecutions } from './executions.mjs';
import { signWebhook, subscriptionsFor } from './simulator.mjs';
import { CARD_OUTPUTS } from './workflows.mjs';

/** The list in an order fixed by `seed`. */
export function shuffle(list, seed) {
	const out = [...list];
	let state = seed;
	for (let i = out.length - 1; i > 0; i--) {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		const j = state % (i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/**
 * Stops Calendly's own deliveries to the workflow and gives a sender of deliveries to it, each
 * re-signed with its subscription's key, as Calendly's retries would come. The sender returns the status.
 */
export function replayTo(stack, wf) {
	const [subscription] = subscriptionsFor(stack.sim, wf.webhookUrl);
	stack.sim.disableSubscription(subscription.uri);
	const key = [...stack.sim.store.subscriptions.values()].find(
		(sub) => sub.url === wf.webhookUrl,
	).signingKey;
	return async (delivery) =>
		(
			await postDelivery(wf.webhookUrl, delivery.body, {
				...delivery.headers,
				'calendly-webhook-signature': signWebhook(key, delivery.body),
			})
		).status;
}

/** Every execution of the workflow once `count` have finished; asserts none failed. */
export async function settled(stack, wf, count) {
	const executions = await waitForExecutions(stack.api, wf.id, count, { timeoutMs: 240_000 });
	for (const execution of executions) {
		assert.equal(
			execution.status,
			'success',
			`execution ${execution.id}: ${JSON.stringify(executionError(execution))}`,
		);
	}
	return executions;
}

/** Card columns a person reads and the node's state, without row ids and timestamps. */
function comparable(card) {
	const { id, createdAt, updatedAt, calendlyRevision, ...rest } = card;
	return rest;
}

/** The cards by email, as comparable across boards. */
export const byEmail = (cards) =>
	Object.fromEntries(cards.map((card) => [card.email, comparable(card)]));

/** The items of these executions by card output. */
export function itemsByOutput(executions) {
	const byOutput = Object.fromEntries(CARD_OUTPUTS.map((output) => [output, []]));
	for (const execution of executions) {
		(nodeItems(execution, 'Calendly to Card') ?? []).forEach((items, index) =>
			byOutput[CARD_OUTPUTS[index]].push(...items.map((item) => item.json)),
		);
	}
	return byOutput;
}
