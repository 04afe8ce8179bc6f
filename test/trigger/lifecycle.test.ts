import type { IDataObject, IHookFunctions, WorkflowActivateMode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CalendlyTrigger } from '../../nodes/CalendlyTrigger/CalendlyTrigger.node';
import {
	hookContext,
	oauthCredential,
	patCredential,
	WEBHOOK_BASE_URL,
	WEBHOOK_ID,
	WEBHOOK_TEST_BASE_URL,
	type CredentialsData,
} from '../harness';
import { CalendlySimulator, type SimUser } from '../simulator';
import { derivePatSigningKey, patKeyId } from '../../nodes/shared/subscription/patKey';

const trigger = new CalendlyTrigger();
const PRODUCTION_URL = `${WEBHOOK_BASE_URL}/${WEBHOOK_ID}/webhook`;
const TEST_URL = `${WEBHOOK_TEST_BASE_URL}/${WEBHOOK_ID}/webhook`;

let sim: CalendlySimulator;
let owner: SimUser;
let member: SimUser;
let ownerToken: string;

beforeEach(async () => {
	sim = new CalendlySimulator();
	await sim.start();
	owner = sim.createUser({ name: 'Olivia Owner', email: 'olivia@example.com', role: 'owner' });
	member = sim.createUser({ name: 'Max Member', email: 'max@example.com', role: 'user' });
	ownerToken = sim.issueToken({ user: owner.uri, scopes: 'all' });
});

afterEach(async () => {
	expect(sim.errors).toEqual([]);
	await sim.stop();
});

interface Setup {
	parameters?: IDataObject;
	staticData: IDataObject;
	credentials?: CredentialsData;
	mode?: 'trigger' | 'manual' | 'internal';
	activation?: WorkflowActivateMode;
	isTest?: boolean;
	instanceUrl?: string;
}

function context(setup: Setup): IHookFunctions {
	return hookContext(trigger, {
		parameters: {
			authentication: 'accessToken',
			events: ['invitee.created'],
			scope: 'user',
			...setup.parameters,
		},
		credentials: setup.credentials ?? patCredential(sim.baseUrl, ownerToken),
		staticData: setup.staticData,
		mode: setup.mode,
		activation: setup.activation,
		isTest: setup.isTest,
		instanceUrl: setup.instanceUrl,
	});
}

const methods = trigger.webhookMethods.default;

/** What n8n does on publish / start-up: checkExists, then create only when it said false. */
async function publish(setup: Setup): Promise<'adopted' | 'created'> {
	const ctx = context(setup);
	if (await methods.checkExists.call(ctx)) return 'adopted';
	expect(await methods.create.call(ctx)).toBe(true);
	return 'created';
}

async function unpublish(setup: Setup): Promise<void> {
	expect(await methods.delete.call(context(setup))).toBe(true);
}

/** A subscription made directly through the API, as another tool or an earlier crash would leave it. */
async function createDirectly(body: IDataObject, token = ownerToken): Promise<string> {
	const response = await fetch(`${sim.baseUrl}/webhook_subscriptions`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify({ organization: sim.organization, ...body }),
	});
	expect(response.status).toBe(201);
	return ((await response.json()) as { resource: { uri: string } }).resource.uri;
}

async function deleteDirectly(uri: string): Promise<void> {
	const response = await fetch(`${sim.baseUrl}/webhook_subscriptions/${uri.split('/').pop()}`, {
		method: 'DELETE',
		headers: { authorization: `Bearer ${ownerToken}` },
	});
	expect(response.status).toBe(204);
}

function atUrl(url: string) {
	return sim.listSubscriptions().filter((s) => s.callback_url === url);
}

function stored(staticData: IDataObject) {
	return staticData.productionSubscription as {
		uri: string;
		keyId?: string;
		keySource: string;
		callbackUrl: string;
	};
}

/** The key create() sends for this test's node: derived from the token and the webhook id. */
function derivedKey(token = ownerToken): string {
	return derivePatSigningKey(token, WEBHOOK_ID);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a rejection');
}

describe('Calendly Trigger lifecycle against the simulator', () => {
	it('uses the production webhook URL n8n gives the node', () => {
		expect(context({ staticData: {} }).getNodeWebhookUrl('default')).toBe(PRODUCTION_URL);
		expect(context({ staticData: {}, mode: 'manual' }).getNodeWebhookUrl('default')).toBe(TEST_URL);
	});

	it('fresh create: one user-scope subscription signed with the derived key; static data keeps only its public id', async () => {
		const staticData: IDataObject = {};
		expect(
			await publish({
				staticData,
				parameters: { events: ['invitee.created', 'invitee.canceled'] },
			}),
		).toBe('created');

		const [subscription, ...others] = atUrl(PRODUCTION_URL);
		expect(others).toEqual([]);
		expect(subscription).toMatchObject({
			scope: 'user',
			user: owner.uri,
			organization: sim.organization,
			state: 'active',
			has_signing_key: true,
			created_with: 'pat',
		});
		expect([...subscription.events].sort()).toEqual(['invitee.canceled', 'invitee.created']);
		expect(stored(staticData)).toEqual({
			uri: subscription.uri,
			callbackUrl: PRODUCTION_URL,
			keySource: 'pat',
			keyId: patKeyId(derivedKey()),
		});
		expect(JSON.stringify(staticData)).not.toContain(derivedKey());
		const posted = sim.requests.find(
			(r) => r.method === 'POST' && r.path === '/webhook_subscriptions',
		);
		expect(posted?.body).toMatchObject({
			signing_key: '[redacted]',
			url: PRODUCTION_URL,
			scope: 'user',
			user: owner.uri,
		});
	});

	it('adopt: a second publish with the same settings keeps the subscription and the key', async () => {
		const staticData: IDataObject = {};
		await publish({ staticData });
		const first = { ...stored(staticData) };
		expect(await publish({ staticData })).toBe('adopted');
		expect(atUrl(PRODUCTION_URL).map((s) => s.uri)).toEqual([first.uri]);
		expect(stored(staticData)).toEqual(first);
	});

	it('replaces the subscription when the event set changes (same derived key)', async () => {
		const staticData: IDataObject = {};
		await publish({ staticData });
		const before = { ...stored(staticData) };
		const events = ['invitee.created', 'invitee_no_show.created'];
		expect(await publish({ staticData, parameters: { events } })).toBe('created');

		const subscriptions = atUrl(PRODUCTION_URL);
		expect(subscriptions).toHaveLength(1);
		expect(subscriptions[0].uri).not.toBe(before.uri);
		expect([...subscriptions[0].events].sort()).toEqual(events);
		expect(stored(staticData).uri).toBe(subscriptions[0].uri);
		expect(stored(staticData).keyId).toBe(before.keyId);
		expect(sim.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([204]);
	});

	it('replaces the subscription when the scope changes from user to organization', async () => {
		const staticData: IDataObject = {};
		await publish({ staticData });
		await publish({ staticData, parameters: { scope: 'organization' } });
		const subscriptions = atUrl(PRODUCTION_URL);
		expect(subscriptions).toHaveLength(1);
		expect(subscriptions[0]).toMatchObject({ scope: 'organization', user: null });
	});

	it('409: finds the subscription holding the URL in another scope and replaces it', async () => {
		const orphan = await createDirectly({
			url: PRODUCTION_URL,
			events: ['invitee.created'],
			scope: 'organization',
		});
		const staticData: IDataObject = {};
		expect(await publish({ staticData })).toBe('created');

		const subscriptions = atUrl(PRODUCTION_URL);
		expect(subscriptions).toHaveLength(1);
		expect(subscriptions[0].uri).not.toBe(orphan);
		expect(subscriptions[0]).toMatchObject({ scope: 'user', has_signing_key: true });
		const creates = sim.requests.filter(
			(r) => r.method === 'POST' && r.path === '/webhook_subscriptions',
		);
		expect(creates.map((r) => r.status)).toEqual([201, 409, 201]);
	});

	it('409 it cannot resolve: explains that another user holds the URL', async () => {
		// An organization-scope subscription by the owner: the member can neither list nor delete it.
		await createDirectly({
			url: PRODUCTION_URL,
			events: ['invitee.created'],
			scope: 'organization',
		});
		const memberToken = sim.issueToken({ user: member.uri, scopes: 'all' });
		const error = await rejection(
			publish({ staticData: {}, credentials: patCredential(sim.baseUrl, memberToken) }),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(
			/already has a webhook subscription for .* that this account cannot see or delete/,
		);
		expect(atUrl(PRODUCTION_URL)).toHaveLength(1);
	});

	it('recreates a subscription Calendly disabled', async () => {
		const staticData: IDataObject = {};
		await publish({ staticData });
		const disabled = stored(staticData).uri;
		sim.disableSubscription(disabled);

		expect(await publish({ staticData })).toBe('created');
		const subscriptions = atUrl(PRODUCTION_URL);
		expect(subscriptions).toHaveLength(1);
		expect(subscriptions[0]).toMatchObject({ state: 'active' });
		expect(subscriptions[0].uri).not.toBe(disabled);
	});

	it('static data lost (n8n killed before saving it): the next publish replaces the subscription it cannot prove is its own', async () => {
		const saved: IDataObject = {};
		await publish({ staticData: saved });
		const made = stored(saved);

		const lost: IDataObject = {};
		expect(await publish({ staticData: lost })).toBe('created');
		expect(atUrl(PRODUCTION_URL).map((s) => s.uri)).toEqual([stored(lost).uri]);
		expect(stored(lost).uri).not.toBe(made.uri);
		expect(stored(lost).keyId).toBe(made.keyId);
	});

	it('replaces the subscription when the token was regenerated (the record names another key id)', async () => {
		const staticData: IDataObject = {};
		await publish({ staticData });
		const before = { ...stored(staticData) };
		const newToken = sim.issueToken({ user: owner.uri, scopes: 'all' });
		expect(await publish({ staticData, credentials: patCredential(sim.baseUrl, newToken) })).toBe(
			'created',
		);
		const subscriptions = atUrl(PRODUCTION_URL);
		expect(subscriptions.map((s) => s.uri)).toEqual([stored(staticData).uri]);
		expect(stored(staticData).uri).not.toBe(before.uri);
		expect(stored(staticData).keyId).toBe(patKeyId(derivedKey(newToken)));
		expect(stored(staticData).keyId).not.toBe(before.keyId);
	});

	it.each([
		['another signing key', { signing_key: 'f'.repeat(64) }],
		['no signing key', {}],
	])(
		'a matching subscription at this URL made with %s is replaced on publish, not adopted',
		async (_label, key) => {
			const foreign = await createDirectly({
				url: PRODUCTION_URL,
				events: ['invitee.created'],
				scope: 'user',
				user: owner.uri,
				...key,
			});
			const staticData: IDataObject = {};
			expect(await publish({ staticData })).toBe('created');
			const [only, ...others] = atUrl(PRODUCTION_URL);
			expect(others).toEqual([]);
			expect(only.uri).not.toBe(foreign);
			expect(only).toMatchObject({ has_signing_key: true, created_with: 'pat' });
			expect(stored(staticData)).toEqual({
				uri: only.uri,
				callbackUrl: PRODUCTION_URL,
				keySource: 'pat',
				keyId: patKeyId(derivedKey()),
			});
			const deleted = sim.requests
				.filter((r) => r.method === 'DELETE')
				.map((r) => [r.path, r.status]);
			expect(deleted).toEqual([[`/webhook_subscriptions/${foreign.split('/').pop()}`, 204]]);
		},
	);

	it('delete removes the subscription and clears static data', async () => {
		const staticData: IDataObject = {};
		await publish({ staticData });
		await unpublish({ staticData });
		expect(atUrl(PRODUCTION_URL)).toEqual([]);
		expect(staticData).toEqual({});
	});

	it('delete treats a subscription that is already gone (404) as done', async () => {
		const staticData: IDataObject = {};
		await publish({ staticData });
		await deleteDirectly(stored(staticData).uri);
		await unpublish({ staticData });
		expect(staticData).toEqual({});
		const deletes = sim.requests.filter((r) => r.method === 'DELETE');
		expect(deletes.map((r) => r.status)).toEqual([204, 404]);
	});

	it('delete also removes subscriptions left at this URL that static data does not know', async () => {
		await publish({ staticData: {} });
		await unpublish({ staticData: {} });
		expect(atUrl(PRODUCTION_URL)).toEqual([]);
	});

	it('delete never touches a subscription recorded for another URL (a copied workflow)', async () => {
		const otherUrl = 'https://n8n.example.test/webhook/original-workflow/webhook';
		const original = await createDirectly({
			url: otherUrl,
			events: ['invitee.created'],
			scope: 'user',
			user: owner.uri,
		});
		const staticData: IDataObject = {
			productionSubscription: {
				uri: original,
				callbackUrl: otherUrl,
				keySource: 'pat',
				keyId: patKeyId(derivedKey()),
			},
		};
		await unpublish({ staticData });
		expect(sim.listSubscriptions().map((s) => s.uri)).toEqual([original]);
		await publish({ staticData });
		expect(stored(staticData).callbackUrl).toBe(PRODUCTION_URL);
		await unpublish({ staticData });
		expect(sim.listSubscriptions().map((s) => s.uri)).toEqual([original]);
	});

	it('repeated start-up (activation init, checkExists + create twice) leaves exactly one subscription', async () => {
		const staticData: IDataObject = {};
		expect(await publish({ staticData, activation: 'init' })).toBe('created');
		expect(await publish({ staticData, activation: 'init' })).toBe('adopted');
		expect(atUrl(PRODUCTION_URL)).toHaveLength(1);
	});

	it('create run several times for one publish (n8n retries) stays idempotent', async () => {
		const staticData: IDataObject = {};
		const ctx = context({ staticData });
		expect(await methods.create.call(ctx)).toBe(true);
		const first = stored(staticData).uri;
		expect(await methods.create.call(ctx)).toBe(true);
		expect(await methods.create.call(context({ staticData }))).toBe(true);
		expect(atUrl(PRODUCTION_URL).map((s) => s.uri)).toEqual([first]);
		expect(sim.requests.filter((r) => r.method === 'POST').length).toBe(1);
	});

	it('a second main starting later reads the static data the first saved and adopts its subscription', async () => {
		const mainA: IDataObject = {};
		expect(await publish({ staticData: mainA, activation: 'init' })).toBe('created');
		const mainB: IDataObject = structuredClone(mainA);
		expect(await publish({ staticData: mainB, activation: 'init' })).toBe('adopted');
		expect(atUrl(PRODUCTION_URL).map((s) => s.uri)).toEqual([stored(mainA).uri]);
		expect(stored(mainB)).toEqual(stored(mainA));
	});

	it.each([
		['a personal access token', 'accessToken'],
		['OAuth2', 'oAuth2'],
	])(
		'two mains running create() at the same moment (%s): one subscription, the 409 adopts, nothing deleted',
		async (_label, authentication) => {
			const oauthToken = sim.issueToken({ user: owner.uri, scopes: 'all', kind: 'oauth' });
			const credentials =
				authentication === 'oAuth2'
					? oauthCredential(
							sim.baseUrl,
							{ access_token: oauthToken },
							sim.oauthApp.webhookSigningKey,
						)
					: undefined;
			const mainA: IDataObject = {};
			const mainB: IDataObject = {};
			const [a, b] = await Promise.all(
				[mainA, mainB].map(
					async (staticData) =>
						await methods.create.call(
							context({
								staticData,
								credentials,
								parameters: { authentication },
								activation: 'init',
							}),
						),
				),
			);
			expect([a, b]).toEqual([true, true]);
			const [only, ...others] = atUrl(PRODUCTION_URL);
			expect(others).toEqual([]);
			expect(stored(mainA).uri).toBe(only.uri);
			expect(stored(mainB).uri).toBe(only.uri);
			const creates = sim.requests.filter(
				(r) => r.method === 'POST' && r.path === '/webhook_subscriptions',
			);
			expect(creates.map((r) => r.status).sort()).toEqual([201, 409]);
			expect(sim.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
		},
	);

	it('"Listen for test event" uses the test URL and its own record, and cleans up after itself', async () => {
		const staticData: IDataObject = {};
		await publish({ staticData });
		const production = { ...stored(staticData) };

		expect(await publish({ staticData, mode: 'manual', activation: 'manual' })).toBe('created');
		expect(atUrl(TEST_URL)).toHaveLength(1);
		expect(staticData.testSubscription).toMatchObject({
			callbackUrl: TEST_URL,
			uri: atUrl(TEST_URL)[0].uri,
		});
		expect(stored(staticData)).toEqual(production);

		await unpublish({ staticData, mode: 'manual', activation: 'manual' });
		expect(atUrl(TEST_URL)).toEqual([]);
		expect(staticData.testSubscription).toBeUndefined();
		expect(atUrl(PRODUCTION_URL).map((s) => s.uri)).toEqual([production.uri]);
	});

	it('"Listen for test event" cleanup as n8n runs it (mode internal, activation update) removes only the test subscription', async () => {
		const staticData: IDataObject = {};
		await publish({ staticData });
		const production = { ...stored(staticData) };
		await publish({ staticData, mode: 'manual', activation: 'manual' });

		const ctx = context({ staticData, mode: 'internal', isTest: true, activation: 'update' });
		expect(await methods.delete.call(ctx)).toBe(true);
		expect(atUrl(TEST_URL)).toEqual([]);
		expect(staticData.testSubscription).toBeUndefined();
		expect(stored(staticData)).toEqual(production);
		expect(atUrl(PRODUCTION_URL).map((s) => s.uri)).toEqual([production.uri]);
	});

	it('"Listen for test event" cleans up even when n8n did not keep the static data of the test run', async () => {
		await publish({ staticData: {}, mode: 'manual', activation: 'manual' });
		await unpublish({ staticData: {}, mode: 'manual', activation: 'manual' });
		expect(atUrl(TEST_URL)).toEqual([]);
	});

	it('organization scope works for an owner', async () => {
		const staticData: IDataObject = {};
		await publish({
			staticData,
			parameters: {
				scope: 'organization',
				events: ['invitee.created', 'routing_form_submission.created'],
			},
		});
		expect(atUrl(PRODUCTION_URL)[0]).toMatchObject({ scope: 'organization', user: null });
	});

	it('organization scope with a member token is refused with a clear message and creates nothing', async () => {
		const memberToken = sim.issueToken({ user: member.uri, scopes: 'all' });
		const error = await rejection(
			publish({
				staticData: {},
				parameters: { scope: 'organization' },
				credentials: patCredential(sim.baseUrl, memberToken),
			}),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Organization scope needs a Calendly organization owner or admin, and max@example.com is a "user" member of the organization.',
		);
		expect((error as NodeOperationError).description).toMatch(/Set "Scope" to "User"/);
		expect(sim.listSubscriptions()).toEqual([]);
	});

	it('a routing form event with user scope is refused before calling Calendly', async () => {
		const error = await rejection(
			publish({
				staticData: {},
				parameters: { events: ['invitee.created', 'routing_form_submission.created'] },
			}),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(
			/only to organization-scope subscriptions, and "Scope" is "user"/,
		);
		expect(sim.requests).toEqual([]);
	});

	it('refuses an unknown time zone for the flat booking output before subscribing', async () => {
		const error = await rejection(
			publish({
				staticData: {},
				parameters: { options: { output: 'flatBooking', timeZone: 'Mars/Olympus' } },
			}),
		);
		expect(error.message).toBe('"Mars/Olympus" under Options → Time Zone is not a time zone.');
		expect(sim.requests).toEqual([]);
	});

	it('group scope subscribes to the chosen group', async () => {
		const group = sim.createGroup({ name: 'Sales', members: [owner.uri, member.uri] });
		await publish({ staticData: {}, parameters: { scope: 'group', group: group.uri } });
		expect(atUrl(PRODUCTION_URL)[0]).toMatchObject({ scope: 'group', group: group.uri });
	});

	it('group scope without a group says to pick one', async () => {
		const error = await rejection(
			publish({ staticData: {}, parameters: { scope: 'group', group: '' } }),
		);
		expect(error.message).toBe('No group is selected for the group scope.');
	});

	it('a token without scheduled_events:read: the error lists the scopes to tick', async () => {
		const narrow = sim.issueToken({
			user: owner.uri,
			scopes: ['users:read', 'webhooks:read', 'webhooks:write'],
		});
		const error = await rejection(
			publish({ staticData: {}, credentials: patCredential(sim.baseUrl, narrow) }),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).description).toMatch(
			/this trigger needs a token with these scopes: scheduled_events:read, users:read, webhooks:read, webhooks:write/,
		);
		expect(sim.listSubscriptions()).toEqual([]);
	});

	it('a token without organizations:read for organization scope: names the missing scope', async () => {
		const narrow = sim.issueToken({
			user: owner.uri,
			scopes: ['users:read', 'webhooks:read', 'webhooks:write', 'scheduled_events:read'],
		});
		const error = await rejection(
			publish({
				staticData: {},
				parameters: { scope: 'organization' },
				credentials: patCredential(sim.baseUrl, narrow),
			}),
		);
		expect(error.message).toMatch(/organizations:read/);
		expect((error as NodeApiError).description).toMatch(/organizations:read/);
	});

	it('refuses a plain-http webhook URL with real Calendly before any request', async () => {
		const ctx = context({
			staticData: {},
			credentials: patCredential('https://api.calendly.com', 'not-used'),
			instanceUrl: 'http://n8n.example.test',
		});
		const error = await rejection(methods.checkExists.call(ctx));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^Calendly only delivers webhooks to public HTTPS URLs/);
		expect(error.message).toMatch(/WEBHOOK_URL/);
	});

	it.each([
		['routing_form_submission.created', 'organization', /routing forms \(Teams plan or higher\)/],
		['meeting_recap.created', 'user', /Calendly Notetaker meeting recaps \(a paid plan\)/],
	])(
		'a plan without the feature of %s: names the feature and the plan',
		async (event, scope, feature) => {
			const free = new CalendlySimulator({ plan: 'free' });
			await free.start();
			try {
				const boss = free.createUser({
					name: 'Fred Free',
					email: 'fred@example.com',
					role: 'owner',
				});
				const freeToken = free.issueToken({ user: boss.uri, scopes: 'all' });
				const ctx = hookContext(trigger, {
					parameters: { authentication: 'accessToken', events: [event, 'invitee.created'], scope },
					credentials: patCredential(free.baseUrl, freeToken),
					staticData: {},
				});
				const error = (await rejection(methods.create.call(ctx))) as NodeApiError;
				expect(error.message).toMatch(
					/plan does not allow this .*upgrade to a paid Calendly account/,
				);
				expect(error.description).toMatch(feature);
				expect(error.description).toContain(`"${event}" needs`);
				expect(error.description).toMatch(/upgrade it, or remove these events/);
				expect(free.listSubscriptions()).toEqual([]);
			} finally {
				await free.stop();
			}
		},
	);

	it('OAuth2: subscribes without a signing_key and records that the app key signs it', async () => {
		const token = sim.issueToken({ user: owner.uri, scopes: 'all', kind: 'oauth' });
		const credentials = oauthCredential(
			sim.baseUrl,
			{ access_token: token },
			sim.oauthApp.webhookSigningKey,
		);
		const staticData: IDataObject = {};
		await publish({ staticData, credentials, parameters: { authentication: 'oAuth2' } });
		expect(atUrl(PRODUCTION_URL)[0]).toMatchObject({ created_with: 'oauth' });
		expect(stored(staticData)).toEqual({
			uri: atUrl(PRODUCTION_URL)[0].uri,
			callbackUrl: PRODUCTION_URL,
			keySource: 'oauth',
		});
		const posted = sim.requests.find(
			(r) => r.method === 'POST' && r.path === '/webhook_subscriptions',
		);
		expect(posted?.body).not.toHaveProperty('signing_key');
		expect(
			await publish({ staticData, credentials, parameters: { authentication: 'oAuth2' } }),
		).toBe('adopted');
	});

	it('switching from a personal access token to OAuth2 replaces the subscription', async () => {
		const staticData: IDataObject = {};
		await publish({ staticData });
		const token = sim.issueToken({ user: owner.uri, scopes: 'all', kind: 'oauth' });
		const credentials = oauthCredential(
			sim.baseUrl,
			{ access_token: token },
			sim.oauthApp.webhookSigningKey,
		);
		expect(
			await publish({ staticData, credentials, parameters: { authentication: 'oAuth2' } }),
		).toBe('created');
		expect(atUrl(PRODUCTION_URL)).toHaveLength(1);
		expect(atUrl(PRODUCTION_URL)[0]).toMatchObject({ created_with: 'oauth' });
	});

	it('OAuth2 without a webhook signing key in the credential is refused before subscribing', async () => {
		const token = sim.issueToken({ user: owner.uri, scopes: 'all', kind: 'oauth' });
		const credentials = oauthCredential(sim.baseUrl, { access_token: token }, '');
		const error = await rejection(
			publish({ staticData: {}, credentials, parameters: { authentication: 'oAuth2' } }),
		);
		expect(error.message).toBe('The Calendly OAuth2 credential has no Webhook Signing Key.');
		expect(sim.listSubscriptions()).toEqual([]);
	});
});
