// Set-up shared by scenarios and the sandbox: a Calendly account in the simulator with its n8n
// credential, and workflows made and published through n8n's public API.
import { publishAndWait } from './n8nApi.mjs';
import { createAccount, subscriptionsFor } from './simulator.mjs';
import { waitFor } from './wait.mjs';
import {
	CARD_OUTPUTS,
	cardNode,
	connect,
	noOpNode,
	triggerNode,
	webhookUrl,
	workflow,
} from './workflows.mjs';

/** A simulator account plus the n8n credential for its personal access token. */
export async function calendlyAccount(stack, { name, email, eventTypes }) {
	const account = createAccount(stack.sim, { name, email, eventTypes });
	const credential = await stack.api.createCredential(
		`Calendly ${name} (simulator)`,
		'calendlyCardsApi',
		{
			accessToken: account.token,
			baseUrl: stack.sim.baseUrl,
		},
	);
	return { ...account, credentialId: credential.id };
}

/** The credential the card node reads and writes its board with (a data-table-only API key). */
export async function dataTableCredential(stack) {
	const credential = await stack.api.createCredential(
		'n8n data tables (board)',
		'calendlyCardsN8nApi',
		{
			apiKey: stack.dataTableKey,
			baseUrl: stack.url,
		},
	);
	return credential.id;
}

/** Creates the workflow and returns it with its webhook trigger's production URL (null without one). */
export async function createWorkflow(stack, definition) {
	const created = await stack.api.createWorkflow(definition);
	const trigger = definition.nodes.find((node) => node.webhookId);
	// In queue mode Calendly delivers to the webhook processor, not to the main.
	const base = stack.webhookBaseUrl ?? stack.url;
	return {
		id: created.id,
		name: definition.name,
		webhookUrl: trigger ? webhookUrl(base, trigger.webhookId) : null,
	};
}

/** Calendly Trigger -> No-op ("Received"), published. */
export async function publishedTriggerWorkflow(stack, account, { name, events, parameters } = {}) {
	const trigger = triggerNode({ credentialId: account.credentialId, events, parameters });
	const wf = await createWorkflow(
		stack,
		workflow(
			name ?? `Trigger ${account.user.name}`,
			[trigger, noOpNode('Received')],
			connect({}, trigger.name, 'Received'),
		),
	);
	await publishAndWait(stack.api, stack.rest, wf.id);
	return wf;
}

/**
 * Calendly Trigger -> Calendly to Card -> a No-op per card output (Created, Updated, Canceled,
 * Skipped), published.
 */
export async function publishedCardWorkflow(
	stack,
	account,
	{ name, board, n8nCredentialId, cardParameters = {}, triggerParameters = {} },
) {
	const trigger = triggerNode({
		credentialId: account.credentialId,
		parameters: triggerParameters,
	});
	const card = cardNode({ n8nCredentialId, board, parameters: cardParameters });
	const connections = connect({}, trigger.name, card.name);
	const sinks = CARD_OUTPUTS.map((output, index) => {
		connect(connections, card.name, output, index);
		return noOpNode(output, 520, index * 160 - 240);
	});
	const wf = await createWorkflow(stack, workflow(name, [trigger, card, ...sinks], connections));
	await publishAndWait(stack.api, stack.rest, wf.id);
	return wf;
}

/** Unpublishes the workflow and waits until its Calendly subscription is gone. */
export async function unpublishAndWaitForUnsubscribe(stack, wf) {
	await stack.api.unpublish(wf.id);
	await waitFor(
		'the subscription to be deleted',
		() => subscriptionsFor(stack.sim, wf.webhookUrl).length === 0,
		{ timeoutMs: 30_000 },
	);
}
