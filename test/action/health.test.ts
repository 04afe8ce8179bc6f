// Webhook Subscription → Check Triggers, run through n8n-core's real execution context against the
// Calendly simulator and the fake n8n API. The fake runs the real Calendly Trigger's webhook methods
// (through the harness's hook contexts) when a workflow is published or unpublished, as n8n does.
import type { IDataObject } from 'n8n-workflow';

import { Calendly } from '../../nodes/Calendly/Calendly.node';
import { TRIGGER_NODE_TYPE } from '../../nodes/Calendly/actions/webhookSubscription/health';
import { CalendlyTrigger } from '../../nodes/CalendlyTrigger/CalendlyTrigger.node';
import {
	FakeN8nDataTableApi,
	type FakeWorkflow,
	type FakeWorkflowNode,
} from '../fakes/n8nDataTableApi';
import { executeNode, hookContext, patCredential, webhookContext, WEBHOOK_ID } from '../harness';
import { CaptureServer } from '../helpers/webhookReceivers';
import { CalendlySimulator, type Resource, type SimUser } from '../simulator';

const node = new Calendly();
const trigger = new CalendlyTrigger();

let sim: CalendlySimulator;
let fake: FakeN8nDataTableApi;
let capture: CaptureServer;
let owner: SimUser;
let eventType: Resource;
/** The token in the Calendly credential (the trigger's and the checking node's: the same credential). */
let token: string;

const CALLBACK_PATH = `/webhook/${WEBHOOK_ID}/webhook`;

beforeEach(async () => {
	sim = new CalendlySimulator();
	await sim.start();
	owner = sim.createUser({ name: 'Olivia Owner', email: 'olivia@example.com', role: 'owner' });
	eventType = sim.createEventType({ owner: owner.uri, name: 'Intro call' });
	token = sim.issueToken({ user: owner.uri, scopes: 'all' });
	fake = new FakeN8nDataTableApi();
	await fake.start();
	capture = new CaptureServer();
	await capture.start();
	fake.onPublish = async (workflow, version) =>
		await runTriggers(workflow, version.nodes, 'publish');
	fake.onUnpublish = async (workflow, version) =>
		await runTriggers(workflow, version.nodes, 'unpublish');
});

afterEach(async () => {
	await fake.settled();
	expect(fake.hookErrors).toEqual([]);
	expect(sim.errors).toEqual([]);
	await fake.stop();
	await capture.stop();
	await sim.stop();
});

function triggerNode(
	parameters: IDataObject = {},
	credentialId = 'calendlyCardsApi',
): FakeWorkflowNode {
	return {
		id: 'trigger-1',
		name: 'Calendly Trigger',
		type: TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: WEBHOOK_ID,
		parameters: { events: ['invitee.created', 'invitee.canceled'], ...parameters },
		credentials: { calendlyCardsApi: { id: credentialId, name: 'Calendly' } },
	};
}

function nodeStatic(workflow: FakeWorkflow, name: string): IDataObject {
	workflow.staticData ??= {};
	workflow.staticData[`node:${name}`] ??= {};
	return workflow.staticData[`node:${name}`] as IDataObject;
}

/** What n8n does with the workflow's Calendly Triggers when it publishes (checkExists, create) or unpublishes (delete). */
async function runTriggers(
	workflow: FakeWorkflow,
	nodes: FakeWorkflowNode[],
	what: 'publish' | 'unpublish',
) {
	for (const triggerNodeOf of nodes.filter((n) => n.type === TRIGGER_NODE_TYPE && !n.disabled)) {
		const ctx = hookContext(trigger, {
			name: triggerNodeOf.name,
			parameters: { authentication: 'accessToken', ...(triggerNodeOf.parameters as IDataObject) },
			credentials: patCredential(sim.baseUrl, token),
			staticData: nodeStatic(workflow, triggerNodeOf.name),
			mode: 'trigger',
			instanceUrl: capture.url,
		});
		const methods = trigger.webhookMethods.default;
		if (what === 'unpublish') await methods.delete.call(ctx);
		else if (!(await methods.checkExists.call(ctx))) await methods.create.call(ctx);
	}
}

/** A published workflow whose trigger subscribed as n8n would have made it. */
async function publishedWorkflow(
	nodes: FakeWorkflowNode[] = [triggerNode()],
	name = 'Bookings',
): Promise<FakeWorkflow> {
	const workflow = fake.addWorkflow({ name, nodes, active: true });
	await runTriggers(workflow, nodes, 'publish');
	return workflow;
}

async function check(
	parameters: IDataObject = {},
	options: IDataObject = {},
): Promise<IDataObject[]> {
	const [items] = await executeNode(node, {
		parameters: {
			authentication: 'accessToken',
			resource: 'webhookSubscription',
			operation: 'checkTriggers',
			...parameters,
			options: { waitAfterUnpublish: 0, repairTimeout: 10, ...options },
		},
		credentials: {
			...patCredential(sim.baseUrl, token),
			calendlyCardsN8nApi: { apiKey: fake.apiKey, baseUrl: fake.baseUrl },
		},
	});
	return items.map((item) => item.json);
}

const subscriptionsAtOurUrl = () =>
	sim.listSubscriptions().filter((s) => s.callback_url === `${capture.url}${CALLBACK_PATH}`);
const publishCalls = () =>
	fake.calls.filter((c) => c.method === 'POST' && /\/(publish|unpublish)$/.test(c.path));

/** Makes n8n answer the publish that follows the repair's unpublish with `status` and `message`. */
function failPublishAfterUnpublish(status: number, message: string) {
	fake.onUnpublish = async (workflow, version) => {
		await runTriggers(workflow, version.nodes, 'unpublish');
		fake.injectFault({ method: 'POST', path: '/publish', status, body: { message } });
	};
}

/** Books, and runs each delivery Calendly sent through the trigger's webhook(): the workflow items it starts. */
async function bookAndReceive(workflow: FakeWorkflow): Promise<number> {
	const before = capture.received.length;
	await sim.book({
		eventType: eventType.uri,
		invitee: { email: 'ada@example.com', name: 'Ada Lovelace' },
		startTime: '2027-03-01T10:00:00Z',
	});
	let started = 0;
	for (const delivery of capture.received.slice(before)) {
		const headers = Object.fromEntries(
			Object.entries(delivery.headers).filter(([, v]) => typeof v === 'string'),
		) as Record<string, string>;
		const { ctx } = webhookContext(trigger, {
			parameters: {
				authentication: 'accessToken',
				events: ['invitee.created', 'invitee.canceled'],
			},
			credentials: patCredential(sim.baseUrl, token),
			staticData: nodeStatic(workflow, 'Calendly Trigger'),
			headers,
			rawBody: delivery.body,
		});
		jest.spyOn(ctx.logger, 'warn').mockImplementation(() => undefined);
		const result = await trigger.webhook.call(ctx);
		started += result.workflowData?.[0]?.length ?? 0;
	}
	return started;
}

describe('Check Triggers', () => {
	it('reports a working trigger as ok and changes nothing', async () => {
		await publishedWorkflow();
		fake.resetCalls();
		const [item] = await check();
		expect(item).toMatchObject({
			ok: true,
			status: 'ok',
			action: 'none',
			whatToDo: 'Nothing to do.',
			workflowName: 'Bookings',
			nodeName: 'Calendly Trigger',
			callbackUrl: `${capture.url}${CALLBACK_PATH}`,
			events: ['invitee.created', 'invitee.canceled'],
			scope: 'user',
		});
		expect(publishCalls()).toEqual([]);
		expect(await check({}, { onlyProblems: true })).toEqual([]);
	});

	it('re-publishes the published version (not the draft) when Calendly disabled the subscription; deliveries verify again', async () => {
		const workflow = await publishedWorkflow();
		const publishedVersion = workflow.activeVersionId;
		fake.saveDraft(workflow.id, [triggerNode({ events: ['invitee.created'] })]);
		const [old] = subscriptionsAtOurUrl();
		sim.disableSubscription(old.uri);

		const [item] = await check();

		expect(item).toMatchObject({
			ok: true,
			status: 'disabled',
			action: 'republished',
			statusAfter: 'ok',
			whatToDo: expect.stringContaining('re-published'),
		});
		expect(publishCalls().map((c) => [c.path.split('/').pop(), c.body])).toEqual([
			['publish', { versionId: publishedVersion }],
			['unpublish', undefined],
			['publish', { versionId: publishedVersion }],
		]);
		expect(workflow.active).toBe(true);
		expect(workflow.activeVersionId).toBe(publishedVersion);
		const now = subscriptionsAtOurUrl();
		expect(now).toHaveLength(1);
		expect(now[0]).toMatchObject({
			state: 'active',
			events: ['invitee.created', 'invitee.canceled'],
		});
		expect(now[0].uri).not.toBe(old.uri);
		expect(await bookAndReceive(workflow)).toBe(1);
		expect((await check())[0]).toMatchObject({ status: 'ok' });
	});

	it('re-publishes through /activate and /deactivate on an n8n whose API has no /publish (2.20 and older)', async () => {
		fake.paths = fake.paths.filter((path) => !/\/(publish|unpublish)$/.test(path));
		const workflow = await publishedWorkflow();
		sim.disableSubscription(subscriptionsAtOurUrl()[0].uri);

		const [item] = await check();

		expect(item).toMatchObject({
			ok: true,
			status: 'disabled',
			action: 'republished',
			statusAfter: 'ok',
		});
		expect(
			fake.calls
				.filter((c) => c.method === 'POST' && c.path.startsWith('/api/v1/workflows/'))
				.map((c) => [c.path.split('/').pop(), c.status]),
		).toEqual([
			['publish', 404],
			['activate', 200],
			['deactivate', 200],
			['activate', 200],
		]);
		expect(await bookAndReceive(workflow)).toBe(1);
	});

	it('dry run and Repair off only report', async () => {
		await publishedWorkflow();
		sim.disableSubscription(subscriptionsAtOurUrl()[0].uri);
		fake.resetCalls();

		const [dry] = await check({}, { dryRun: true });
		expect(dry).toMatchObject({ ok: false, status: 'disabled', action: 'would_republish' });
		expect(dry.whatToDo).toContain('Dry run');
		const [off] = await check({ repair: false });
		expect(off).toMatchObject({ ok: false, status: 'disabled', action: 'reported' });
		expect(off.whatToDo).toContain('Unpublish and publish workflow "Bookings"');
		expect(publishCalls()).toEqual([]);
		expect(subscriptionsAtOurUrl()[0].state).toBe('disabled');
	});

	it('replaces a subscription whose events differ from the published trigger', async () => {
		const workflow = await publishedWorkflow([triggerNode({ events: ['invitee.created'] })]);
		const published = workflow.versions.get(workflow.activeVersionId!)!;
		published.nodes[0].parameters = { events: ['invitee.created', 'invitee_no_show.created'] };

		const [item] = await check();

		expect(item).toMatchObject({
			status: 'wrong_events',
			action: 'republished',
			statusAfter: 'ok',
		});
		expect(subscriptionsAtOurUrl().map((s) => s.events.sort())).toEqual([
			['invitee.created', 'invitee_no_show.created'],
		]);
	});

	it('recreates a missing subscription', async () => {
		const workflow = await publishedWorkflow();
		delete workflow.staticData!['node:Calendly Trigger'];
		await fetch(
			`${sim.baseUrl}/webhook_subscriptions/${subscriptionsAtOurUrl()[0].uri.split('/').pop()}`,
			{
				method: 'DELETE',
				headers: { authorization: `Bearer ${token}` },
			},
		);

		const [item] = await check({}, { webhookBaseUrl: capture.url });

		expect(item).toMatchObject({ status: 'missing', action: 'republished', statusAfter: 'ok' });
		expect(subscriptionsAtOurUrl()).toHaveLength(1);
	});

	it('replaces a subscription made with a token that was regenerated since', async () => {
		const workflow = await publishedWorkflow();
		token = sim.issueToken({ user: owner.uri, scopes: 'all' });

		const [item] = await check();

		expect(item).toMatchObject({
			status: 'not_verifiable',
			action: 'republished',
			statusAfter: 'ok',
		});
		expect(await bookAndReceive(workflow)).toBe(1);
	});

	it('replaces a subscription Calendly is retrying deliveries for, instead of waiting for Calendly to disable it', async () => {
		const workflow = await publishedWorkflow();
		const [old] = subscriptionsAtOurUrl();
		sim.startRetrying(old.uri);

		const [reported] = await check({ repair: false });
		expect(reported).toMatchObject({ ok: false, status: 'failing', action: 'reported' });
		expect(reported.whatToDo).toContain('unpublish and publish it in n8n');

		const [item] = await check();
		expect(item).toMatchObject({
			ok: true,
			status: 'failing',
			action: 'republished',
			statusAfter: 'ok',
		});
		const now = subscriptionsAtOurUrl();
		expect(now).toHaveLength(1);
		expect(now[0]).toMatchObject({ state: 'active', retry_started_at: null });
		expect(now[0].uri).not.toBe(old.uri);
		expect(await bookAndReceive(workflow)).toBe(1);
	});

	it("replaces a subscription at the trigger's URL that the trigger has no record of", async () => {
		const workflow = await publishedWorkflow();
		const [old] = subscriptionsAtOurUrl();
		delete workflow.staticData!['node:Calendly Trigger'];

		const [item] = await check({}, { webhookBaseUrl: capture.url });

		expect(item).toMatchObject({
			status: 'not_verifiable',
			action: 'republished',
			statusAfter: 'ok',
		});
		expect(subscriptionsAtOurUrl().map((s) => s.uri)).not.toContain(old.uri);
		expect(subscriptionsAtOurUrl()).toHaveLength(1);
	});

	it('leaves a trigger with another credential unchecked and says so', async () => {
		await publishedWorkflow([triggerNode({}, 'another-credential')], 'Other team');
		const [item] = await check();
		expect(item).toMatchObject({
			ok: false,
			status: 'not_checked',
			reason: 'other_credential',
			action: 'reported',
		});
		expect(item.whatToDo).toContain('another Calendly credential');
		expect(publishCalls()).toEqual([]);
	});

	it('leaves triggers it cannot judge unchecked: an expression parameter, a scope this credential may not list', async () => {
		fake.addWorkflow({
			name: 'Expression',
			active: true,
			nodes: [triggerNode({ events: '={{ ["invitee.created"] }}' })],
		});
		const member = sim.createUser({
			name: 'Max Member',
			email: 'max@example.com',
			role: 'user',
			organization: owner.current_organization,
		});
		token = sim.issueToken({ user: member.uri, scopes: 'all' });
		fake.addWorkflow({
			name: 'Whole organization',
			active: true,
			nodes: [triggerNode({ scope: 'organization' })],
		});

		const items = await check();

		expect(items.map((i) => [i.workflowName, i.status, i.reason, i.action])).toEqual([
			['Expression', 'not_checked', 'unreadable', 'reported'],
			['Whole organization', 'not_checked', 'scope_not_listable', 'reported'],
		]);
		expect(items[1].whatToDo).toContain('owner or admin');
		expect(publishCalls()).toEqual([]);
	});

	it('reports a revoked token instead of re-publishing', async () => {
		await publishedWorkflow();
		sim.disableSubscription(subscriptionsAtOurUrl()[0].uri);
		sim.revokeToken(token);
		fake.resetCalls();
		const [item] = await check();
		expect(item).toMatchObject({
			status: 'not_checked',
			reason: 'credential_refused',
			action: 'reported',
		});
		expect(item.detail).toContain('Calendly refused the credential');
		expect(item.whatToDo).toContain('new personal access token');
		expect(JSON.stringify(item)).not.toContain(token);
		expect(publishCalls()).toEqual([]);
	});

	it('never unpublishes with a key that may not publish', async () => {
		const workflow = await publishedWorkflow();
		sim.disableSubscription(subscriptionsAtOurUrl()[0].uri);
		fake.apiKeyScopes = ['workflow:list', 'workflow:read', 'workflow:deactivate'];

		const [item] = await check();

		expect(item).toMatchObject({ ok: false, status: 'disabled', action: 'republish_failed' });
		expect(item.repairError).toContain('workflow:activate');
		expect(item.whatToDo).toContain(
			'Re-publishing workflow "Bookings" did not give it a working subscription',
		);
		expect(workflow.active).toBe(true);
		expect(fake.countCalls({ path: '/unpublish' })).toBe(0);
	});

	it('says the workflow is left unpublished when publishing it again fails', async () => {
		const workflow = await publishedWorkflow();
		sim.disableSubscription(subscriptionsAtOurUrl()[0].uri);
		failPublishAfterUnpublish(409, 'A review of this workflow is pending');

		const [item] = await check();

		expect(item).toMatchObject({ ok: false, status: 'disabled', action: 'republish_failed' });
		expect(item.repairError).toContain('unpublished now: publish it in n8n');
		expect(item.repairError).toContain('A review of this workflow is pending');
		expect(workflow.active).toBe(false);
		expect(subscriptionsAtOurUrl()).toEqual([]);
	});

	// n8n's API client follows the package's one retry policy (nodes/shared/transport/retry.ts).
	it('rides out n8n answering 503 "Database is not ready" to the list of workflows', async () => {
		await publishedWorkflow();
		fake.injectFault({
			method: 'GET',
			path: /\/workflows$/,
			status: 503,
			body: { message: 'Database is not ready!' },
		});

		const [item] = await check();

		expect(item).toMatchObject({ ok: true, status: 'ok', action: 'none' });
		expect(
			fake.calls
				.filter((c) => c.method === 'GET' && c.path === '/api/v1/workflows')
				.map((c) => c.status),
		).toEqual([503, 200]);
	});

	it('does not repeat a publish n8n answered 500, since n8n may have acted on it', async () => {
		const workflow = await publishedWorkflow();
		sim.disableSubscription(subscriptionsAtOurUrl()[0].uri);
		failPublishAfterUnpublish(500, 'Internal server error');

		const [item] = await check();

		expect(item).toMatchObject({ ok: false, status: 'disabled', action: 'republish_failed' });
		expect(item.repairError).toContain(
			`n8n's API failed to publish workflow ${workflow.id} (500). n8n said: "Internal server error".`,
		);
		expect(publishCalls().map((c) => `${c.path.split('/').pop()} ${c.status}`)).toEqual([
			'publish 200',
			'unpublish 200',
			'publish 500',
		]);
		expect(workflow.active).toBe(false);
	});

	it('fails with the scope to add when the key may not list workflows', async () => {
		fake.apiKeyScopes = ['dataTable:read'];
		await expect(check()).rejects.toThrow(/workflow:list/);
	});

	it('reads every page of workflows and only published ones', async () => {
		for (let i = 0; i < 300; i++) fake.addWorkflow({ name: `Plain ${i}`, active: i % 10 !== 0 });
		fake.addWorkflow({ name: 'Unpublished', nodes: [triggerNode()], active: false });
		await publishedWorkflow([triggerNode()], 'Last');
		const items = await check();
		expect(items.map((i) => i.workflowName)).toEqual(['Last']);
		expect(fake.countCalls({ method: 'GET', path: '/api/v1/workflows' })).toBeGreaterThanOrEqual(2);
	});
});
