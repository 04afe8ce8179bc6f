// The Calendly action node in a real n8n: a manual run (as the editor's "Execute workflow" starts it)
// that reads the connected Calendly user from the simulator.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { executionError, nodeOutputs } from '../lib/executions.mjs';
import { calendlyAccount, createWorkflow } from '../lib/fixtures.mjs';
import { waitFor } from '../lib/wait.mjs';
import { TYPES, connect, workflow } from '../lib/workflows.mjs';

export function actionScenarios(ctx) {
	describe('Calendly (action node)', () => {
		test('a manual run of User → Get Me returns the connected Calendly user', async () => {
			const { api, rest } = ctx.stack;
			const vera = await calendlyAccount(ctx.stack, { name: 'Vera Action', email: 'vera.action@host.test' });
			const start = { id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
			const calendly = {
				id: randomUUID(),
				name: 'Calendly',
				type: TYPES.action,
				typeVersion: 1,
				position: [220, 0],
				parameters: { authentication: 'accessToken', resource: 'user', operation: 'getMe' },
				credentials: { calendlyCardsApi: { id: vera.credentialId, name: 'Calendly Vera Action (simulator)' } },
			};
			const wf = await createWorkflow(ctx.stack, workflow('Action node', [start, calendly], connect({}, start.name, calendly.name)));
			const { executionId } = await rest.call('POST', `/workflows/${wf.id}/run`, { triggerToStartFrom: { name: 'Start' } });
			const execution = await waitFor('the manual execution', async () => {
				const found = await api.call('GET', `/executions/${executionId}`, { query: { includeData: 'true' } });
				return ['success', 'error', 'crashed'].includes(found.status) ? found : false;
			});
			assert.equal(execution.status, 'success', JSON.stringify(executionError(execution)));
			const [[user]] = nodeOutputs(execution, 'Calendly');
			assert.equal(user.uri, vera.user.uri);
			assert.equal(user.email, 'vera.action@host.test');
		});
	});
}
