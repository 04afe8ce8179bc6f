// examples/keep-the-board-complete.json as the scenarios run it ("Schedule Trigger → Check Triggers →
// Reconcile → Calendly to Card", problems to "Message for a person"): imported as shipped, with the test's
// credentials picked per node as a user picks them, and started the way the editor's "Execute workflow"
// starts it (a Schedule Trigger cannot be started through the public API). Also the n8n API credential
// Check Triggers needs, and reading its run back.
import assert from 'node:assert/strict';
import { importable, readExample } from '../scenarios/examples.mjs';
import { executionError, nodeOutputs, runFrom } from './executions.mjs';
import { createWorkflow } from './fixtures.mjs';
import { CARD_OUTPUTS } from './workflows.mjs';

export const KEEP_BOARD_COMPLETE = 'keep-the-board-complete.json';

/** The scopes Check Triggers needs to read workflows and re-publish them (docs/calendly-node.md, "Trigger health check"). */
export const HEALTH_SCOPES = [
	'workflow:list',
	'workflow:read',
	'workflow:activate',
	'workflow:deactivate',
];

/** An n8n API credential whose key has only HEALTH_SCOPES; returns its id. */
export async function healthCredential(stack, label) {
	const key = await stack.rest.createApiKey(`health check ${label} ${Date.now()}`, HEALTH_SCOPES);
	const credential = await stack.api.createCredential(
		`n8n API (health check, ${label})`,
		'calendlyCardsN8nApi',
		{ apiKey: key, baseUrl: stack.url },
	);
	return credential.id;
}

/**
 * Creates the example workflow (not published): `calendlyCredentialId` on both Calendly nodes,
 * `healthCredentialId` (workflow scopes) on Check Triggers, `boardCredentialId` (data-table scopes) and
 * the board named `board` on Calendly to Card. Nothing else differs from the file.
 */
export async function keepBoardCompleteWorkflow(
	stack,
	{ calendlyCredentialId, healthCredentialId, boardCredentialId, board, name },
) {
	const file = readExample(KEEP_BOARD_COMPLETE);
	const example = importable(file, {
		calendlyCardsApi: calendlyCredentialId,
		calendlyCardsN8nApi: boardCredentialId,
	});
	const check = example.nodes.find((node) => node.name === 'Check Triggers');
	check.credentials.calendlyCardsN8nApi = {
		...check.credentials.calendlyCardsN8nApi,
		id: healthCredentialId,
	};
	const card = example.nodes.find((node) => node.name === 'Calendly to Card');
	card.parameters.board = { ...card.parameters.board, value: board };
	return await createWorkflow(stack, { ...example, name: name ?? `${file.name} (${board})` });
}

/** Output name -> items, for the Calendly to Card node of an execution. */
export function cardOutputs(execution) {
	const outputs = nodeOutputs(execution, 'Calendly to Card') ?? [];
	return Object.fromEntries(CARD_OUTPUTS.map((name, index) => [name, outputs[index] ?? []]));
}

/**
 * One run of the example from its Schedule Trigger, asserted successful: the Check Triggers items, the
 * messages for a person, the deliveries Reconcile rebuilt, the card outputs, and the seconds it took.
 */
export async function runKeepBoardComplete(stack, workflowId) {
	const started = Date.now();
	const execution = await runFrom(stack, workflowId, 'Schedule Trigger');
	const seconds = (Date.now() - started) / 1000;
	assert.equal(execution.status, 'success', JSON.stringify(executionError(execution)));
	const [health] = nodeOutputs(execution, 'Check Triggers') ?? [[]];
	assert.ok(health.length > 0, 'Check Triggers ran');
	const [rebuilt] = nodeOutputs(execution, 'Reconcile') ?? [[]];
	return {
		execution,
		seconds,
		health,
		/** What the example hands to Slack or email ([] when nothing needs a person). */
		messages: (nodeOutputs(execution, 'Message for a person') ?? [[]])[0],
		rebuilt,
		card: cardOutputs(execution),
	};
}

/** The Check Triggers item of one workflow's Calendly Trigger (asserting there is exactly one). */
export function healthOf(run, workflowId) {
	const items = run.health.filter((item) => item.workflowId === workflowId);
	assert.equal(
		items.length,
		1,
		`one Check Triggers item for workflow ${workflowId}: ${JSON.stringify(run.health)}`,
	);
	return items[0];
}
