// Workflow JSON for n8n's public API: the package's nodes by their installed type names, fixed
// webhookIds so production URLs are known before publishing.
import { randomUUID } from 'node:crypto';
import { PACKAGE_NAME } from './packageInstall.mjs';

export const TYPES = {
	trigger: `${PACKAGE_NAME}.calendlyTrigger`,
	card: `${PACKAGE_NAME}.calendlyToCard`,
	action: `${PACKAGE_NAME}.calendly`,
	noOp: 'n8n-nodes-base.noOp',
	set: 'n8n-nodes-base.set',
};

const EVERY_INVITEE_EVENT = [
	'invitee.created',
	'invitee.canceled',
	'invitee_no_show.created',
	'invitee_no_show.deleted',
];

export function webhookUrl(n8nUrl, webhookId) {
	return `${n8nUrl}/webhook/${webhookId}/webhook`;
}

export function triggerNode({
	credentialId,
	events = EVERY_INVITEE_EVENT,
	parameters = {},
	webhookId = randomUUID(),
}) {
	return {
		id: randomUUID(),
		name: 'Calendly Trigger',
		type: TYPES.trigger,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: { authentication: 'accessToken', events, scope: 'user', ...parameters },
		credentials: { calendlyCardsApi: { id: credentialId, name: 'Calendly (simulator)' } },
	};
}

/** Calendly to Card writing to the board named `board`, through the n8n API credential. */
export function cardNode({ n8nCredentialId, board, parameters = {} }) {
	return {
		id: randomUUID(),
		name: 'Calendly to Card',
		type: TYPES.card,
		typeVersion: 1,
		position: [220, 0],
		parameters: { board: { __rl: true, mode: 'name', value: board }, ...parameters },
		credentials: { calendlyCardsN8nApi: { id: n8nCredentialId, name: 'n8n data tables (board)' } },
	};
}

export const CARD_OUTPUTS = ['Created', 'Updated', 'Canceled', 'Skipped'];

export function noOpNode(name, x = 440, y = 0) {
	return {
		id: randomUUID(),
		name,
		type: TYPES.noOp,
		typeVersion: 1,
		position: [x, y],
		parameters: {},
	};
}

/** Connections as n8n stores them: from node name, output index -> list of targets. */
export function connect(connections, from, to, outputIndex = 0) {
	const outputs = (connections[from] ??= { main: [] }).main;
	while (outputs.length <= outputIndex) outputs.push([]);
	outputs[outputIndex].push({ node: to, type: 'main', index: 0 });
	return connections;
}

export function workflow(name, nodes, connections) {
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}
