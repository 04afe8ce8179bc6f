import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';

import { CalendlyTrigger } from '../../nodes/CalendlyTrigger/CalendlyTrigger.node';
import { processMemory } from '../../nodes/shared/processMemory';
import { derivePatSigningKey, patKeyId } from '../../nodes/shared/subscription/patKey';
import {
	hookContext,
	oauthCredential,
	patCredential,
	webhookContext,
	WEBHOOK_ID,
	type CredentialsData,
} from '../harness';
import { CaptureServer, type Captured } from '../helpers/webhookReceivers';
import { CalendlySimulator, signWebhook, type Resource, type SimUser } from '../simulator';

const trigger = new CalendlyTrigger();

let sim: CalendlySimulator;
let capture: CaptureServer;
let owner: SimUser;
let token: string;
let eventType: Resource;
let staticData: IDataObject;

const baseParameters: IDataObject = {
	authentication: 'accessToken',
	events: ['invitee.created', 'invitee.canceled'],
	scope: 'user',
};

/** Subscribes through the node's own create(), with Calendly pointed at the capture server. */
async function subscribe(parameters: IDataObject = baseParameters, credentials?: CredentialsData) {
	const ctx = hookContext(trigger, {
		parameters,
		credentials: credentials ?? patCredential(sim.baseUrl, token),
		staticData,
		// Calendly delivers to n8n's webhook URL; here n8n "lives" at the capture server.
		instanceUrl: capture.url,
	});
	expect(await trigger.webhookMethods.default.create.call(ctx)).toBe(true);
}

let slot = 0;
async function book(email = 'Ada.Lovelace@Example.com ') {
	slot += 1;
	await sim.book({
		eventType: eventType.uri,
		invitee: { email, name: 'Ada Lovelace', timezone: 'Europe/London' },
		startTime: `2027-03-0${slot}T10:00:00Z`,
	});
	return capture.last();
}

/**
 * How n8n's webhook server hands a request to a version-1 node (n8n 2.41 `parseRequestBody` and
 * `parseBody`): the raw bytes in `rawBody` for every non-multipart request, `body` parsed only for JSON,
 * text, form and XML; multipart goes to the form parser and leaves no raw bytes.
 */
function asN8nParses(
	mediaType: string,
	raw: Buffer,
): { body: unknown; rawBody: Buffer | undefined } {
	const text = raw.toString('utf8');
	if (mediaType.startsWith('multipart/'))
		return { body: { data: {}, files: {} }, rawBody: undefined };
	if (mediaType === 'application/json') return { body: JSON.parse(text) as unknown, rawBody: raw };
	if (mediaType === 'application/x-www-form-urlencoded')
		return { body: Object.fromEntries(new URLSearchParams(text)), rawBody: raw };
	if (mediaType === 'text/plain') return { body: text, rawBody: raw };
	return { body: {}, rawBody: raw };
}

interface ReceiveOptions {
	parameters?: IDataObject;
	staticData?: IDataObject;
	credentials?: CredentialsData;
	body?: Buffer;
	/** Content-Type header to send instead of the delivery's; null sends none. */
	contentType?: string | null;
	/** 'onDemand': n8n has not read the body yet and offers readRawBody(); 'failing': reading it throws. */
	rawBody?: 'read' | 'onDemand' | 'failing';
}

function receive(delivery: Captured, options: ReceiveOptions = {}) {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(delivery.headers)) {
		if (typeof value === 'string') headers[name] = value;
	}
	if (options.contentType === null) delete headers['content-type'];
	else if (options.contentType !== undefined) headers['content-type'] = options.contentType;
	const bytes = options.body ?? delivery.body;
	const { ctx, response } = webhookContext(trigger, {
		parameters: { ...baseParameters, ...options.parameters },
		credentials: options.credentials ?? patCredential(sim.baseUrl, token),
		staticData: options.staticData ?? staticData,
		headers,
		rawBody: bytes,
	});
	const request = ctx.getRequestObject() as unknown as IDataObject & { rawBody?: Buffer };
	const parsed = asN8nParses((headers['content-type'] ?? '').split(';')[0].trim(), bytes);
	request.body = parsed.body as IDataObject;
	request.rawBody = parsed.rawBody;
	if (options.rawBody === 'onDemand' || options.rawBody === 'failing') {
		delete request.rawBody;
		request.readRawBody = async () => {
			if (options.rawBody === 'failing') throw new Error('request aborted');
			request.rawBody = bytes;
		};
	}
	const warn = jest.spyOn(ctx.logger, 'warn').mockImplementation(() => undefined);
	const getCredentials = jest.spyOn(ctx, 'getCredentials');
	return {
		response,
		warn,
		getCredentials,
		run: async (): Promise<IWebhookResponseData> => await trigger.webhook.call(ctx),
	};
}

/** Moves the clock forward (for the trigger's kept credential key), restored after each test. */
function laterBy(ms: number) {
	const now = Date.now();
	jest.spyOn(Date, 'now').mockImplementation(() => now + ms);
}

function withHeader(delivery: Captured, signature: string | undefined): Captured {
	const headers = { ...delivery.headers };
	if (signature === undefined) delete headers['calendly-webhook-signature'];
	else headers['calendly-webhook-signature'] = signature;
	return { ...delivery, headers };
}

async function expectRefused(
	delivery: Captured,
	reason: string,
	options: Parameters<typeof receive>[1] = {},
) {
	const { response, warn, run } = receive(delivery, options);
	const result = await run();
	expect(result).toEqual({ noWebhookResponse: true });
	expect(response.status).toBe(401);
	expect(response.ended).toBe(true);
	const logLine = `Calendly Trigger refused a delivery: signature check failed (${reason})`;
	// A PAT mismatch adds what to do about it; every other refusal is the bare reason.
	expect(warn).toHaveBeenCalledWith(
		reason === 'mismatch' && (options.parameters?.authentication ?? 'accessToken') === 'accessToken'
			? expect.stringMatching(
					new RegExp(`^${logLine.replace(/[()]/g, '\\$&')}; .*unpublish and publish the workflow`),
				)
			: logLine,
	);
	const logged = JSON.stringify(warn.mock.calls);
	const signature = String(delivery.headers['calendly-webhook-signature'] ?? '');
	if (signature) expect(logged).not.toContain(signature.split('v1=')[1] ?? signature);
	for (const secret of [derivePatSigningKey(token, WEBHOOK_ID), token]) {
		expect(logged).not.toContain(secret);
		expect(JSON.stringify(response.body)).not.toContain(secret);
	}
}

/** A body signed with this test's derived key, as only Calendly (or the token holder) could sign it. */
function signed(body: string, headers: Record<string, string> = {}): Captured {
	return {
		body: Buffer.from(body),
		headers: {
			...headers,
			'calendly-webhook-signature': signWebhook(derivePatSigningKey(token, WEBHOOK_ID), body),
		},
	};
}

beforeEach(async () => {
	sim = new CalendlySimulator({ deliveryTimeoutMs: 2000 });
	await sim.start();
	capture = new CaptureServer();
	await capture.start();
	owner = sim.createUser({ name: 'Olivia Owner', email: 'olivia@example.com', role: 'owner' });
	token = sim.issueToken({ user: owner.uri, scopes: 'all' });
	eventType = sim.createEventType({ owner: owner.uri, name: 'Discovery Call', duration: 30 });
	staticData = {};
	slot = 0;
	processMemory.startedDeliveries.clear();
});

afterEach(async () => {
	jest.restoreAllMocks();
	expect(sim.errors).toEqual([]);
	await sim.stop();
	await capture.stop();
});

describe('Calendly Trigger webhook() with real signed deliveries from the simulator', () => {
	it('starts the workflow with the delivery exactly as Calendly sent it', async () => {
		await subscribe();
		const delivery = await book();
		expect(delivery.headers['calendly-webhook-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

		const { response, run } = receive(delivery);
		const result = await run();
		expect(result.workflowData).toEqual([[{ json: JSON.parse(delivery.body.toString('utf8')) }]]);
		expect(result.workflowData![0][0].json).toMatchObject({
			event: 'invitee.created',
			payload: { name: 'Ada Lovelace' },
		});
		expect(response.ended).toBe(false);
	});

	it('refuses a delivery whose body was changed by one byte', async () => {
		await subscribe();
		const delivery = await book();
		const tampered = Buffer.from(delivery.body);
		const index = tampered.indexOf('Ada');
		tampered[index] = 'E'.charCodeAt(0);
		await expectRefused(delivery, 'mismatch', { body: tampered });
	});

	it('refuses a delivery signed with another key (another token derives another key)', async () => {
		await subscribe();
		const delivery = await book();
		const otherToken = sim.issueToken({ user: owner.uri, scopes: 'all' });
		await expectRefused(delivery, 'mismatch', {
			credentials: patCredential(sim.baseUrl, otherToken),
			staticData: {},
		});
	});

	it('a delivery for another trigger node (another webhook id) does not verify here', () => {
		expect(derivePatSigningKey(token, WEBHOOK_ID)).not.toBe(
			derivePatSigningKey(token, 'another-webhook-id'),
		);
		expect(derivePatSigningKey(token, WEBHOOK_ID)).toMatch(/^[0-9a-f]{64}$/);
	});

	it('refuses every delivery when the credential holds no token (no skip-verification path)', async () => {
		await subscribe();
		const delivery = await book();
		await expectRefused(delivery, 'missing_key', {
			credentials: patCredential(sim.baseUrl, ''),
			staticData: {},
		});
	});

	it('n8n killed right after Calendly accepted the subscription (static data never saved): deliveries verify, re-publish replaces it', async () => {
		await subscribe();
		const [subscription] = sim.listSubscriptions();
		// SIGKILL before n8n saved static data: the restarted n8n has none.
		const lost: IDataObject = {};
		const delivery = await book();
		const { run } = receive(delivery, { staticData: lost });
		expect((await run()).workflowData).toEqual([
			[{ json: JSON.parse(delivery.body.toString('utf8')) }],
		]);

		const ctx = hookContext(trigger, {
			parameters: baseParameters,
			credentials: patCredential(sim.baseUrl, token),
			staticData: lost,
			instanceUrl: capture.url,
		});
		expect(await trigger.webhookMethods.default.checkExists.call(ctx)).toBe(false);
		expect(await trigger.webhookMethods.default.create.call(ctx)).toBe(true);
		const [replacement, ...others] = sim.listSubscriptions();
		expect(others).toEqual([]);
		expect(replacement.uri).not.toBe(subscription.uri);
		expect(lost.productionSubscription).toMatchObject({
			uri: replacement.uri,
			keyId: patKeyId(derivePatSigningKey(token, WEBHOOK_ID)),
		});
		expect((await receive(await book(), { staticData: lost }).run()).workflowData).toHaveLength(1);
	});

	it.each<[string, { signing_key?: string }]>([
		['another signing key', { signing_key: 'f'.repeat(64) }],
		['no signing key', {}],
	])(
		'a subscription at this URL made with %s is replaced on publish, and deliveries verify afterwards',
		async (_label, key) => {
			const created = await fetch(`${sim.baseUrl}/webhook_subscriptions`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify({
					url: `${capture.url}/webhook/${WEBHOOK_ID}/webhook`,
					events: baseParameters.events,
					organization: sim.organization,
					scope: 'user',
					user: owner.uri,
					...key,
				}),
			});
			expect(created.status).toBe(201);
			const before = await book();
			await expectRefused(before, key.signing_key ? 'mismatch' : 'missing_header');

			await subscribe();
			expect(sim.listSubscriptions()).toHaveLength(1);
			expect((await receive(await book()).run()).workflowData).toHaveLength(1);
		},
	);

	it('says in the log that the token changed when deliveries stop verifying after a token change', async () => {
		await subscribe();
		const delivery = await book();
		const newToken = sim.issueToken({ user: owner.uri, scopes: 'all' });
		const { response, warn, run } = receive(delivery, {
			credentials: patCredential(sim.baseUrl, newToken),
		});
		expect(await run()).toEqual({ noWebhookResponse: true });
		expect(response.status).toBe(401);
		expect(warn.mock.calls[0][0]).toMatch(
			/\(mismatch\); the personal access token in the credential changed since the subscription was made; unpublish and publish the workflow/,
		);
	});

	it('refuses a missing or malformed signature header', async () => {
		await subscribe();
		const delivery = await book();
		await expectRefused(withHeader(delivery, undefined), 'missing_header');
		await expectRefused(withHeader(delivery, 'v1=abc'), 'malformed_header');
	});

	it('refuses a stale and a future-dated signature, honouring the configured window', async () => {
		await subscribe();
		const now = Math.floor(Date.now() / 1000);
		sim.signatureTime = () => now - 600;
		const stale = await book();
		await expectRefused(stale, 'stale');
		const { run } = receive(stale, { parameters: { options: { signatureMaxAge: 900 } } });
		expect((await run()).workflowData).toHaveLength(1);

		sim.signatureTime = () => now + 600;
		await expectRefused(await book(), 'future');
	});

	it('acknowledges and ignores events the node no longer listens to', async () => {
		await subscribe();
		const delivery = await book();
		const { response, run } = receive(delivery, { parameters: { events: ['invitee.canceled'] } });
		expect(await run()).toEqual({});
		expect(response.status).toBe(200);
	});

	it('filters by event type: other event types are acknowledged and start nothing', async () => {
		await subscribe();
		const delivery = await book();
		const other = sim.createEventType({ owner: owner.uri, name: 'Demo', duration: 45 });
		const skipped = receive(delivery, { parameters: { filters: { eventTypes: [other.uri] } } });
		expect(await skipped.run()).toEqual({});
		expect(skipped.response.status).toBe(200);
		const kept = receive(delivery, {
			parameters: { filters: { eventTypes: [other.uri, eventType.uri] } },
		});
		expect((await kept.run()).workflowData).toHaveLength(1);
	});

	it('filters by host email (any case) or user URI', async () => {
		await subscribe();
		const delivery = await book();
		const byEmail = receive(delivery, {
			parameters: { filters: { hosts: 'someone@example.com, OLIVIA@example.com' } },
		});
		expect((await byEmail.run()).workflowData).toHaveLength(1);
		const byUri = receive(await book(), { parameters: { filters: { hosts: owner.uri } } });
		expect((await byUri.run()).workflowData).toHaveLength(1);
		const nobody = receive(delivery, { parameters: { filters: { hosts: 'someone@example.com' } } });
		expect(await nobody.run()).toEqual({});
	});

	describe('the repeat stop: a delivery starts the workflow once', () => {
		/** The same body again, signed now: how Calendly retries a delivery it counted as failed. */
		const retried = (delivery: Captured, secondsLater = 60): Captured =>
			withHeader(
				delivery,
				signWebhook(
					derivePatSigningKey(token, WEBHOOK_ID),
					delivery.body,
					Math.floor(Date.now() / 1000) + secondsLater,
				),
			);

		it('a retry of a delivery it started the workflow for is answered 200 and starts nothing, as are further copies', async () => {
			await subscribe();
			const delivery = await book();
			expect((await receive(delivery).run()).workflowData).toHaveLength(1);
			for (const copy of [retried(delivery, 30), retried(delivery, 90), delivery]) {
				const { response, run } = receive(copy);
				expect(await run()).toEqual({});
				expect(response.status).toBe(200);
			}
			// Other news about the same invitee is no repeat.
			const invitee = String(
				(JSON.parse(delivery.body.toString('utf8')) as { payload: IDataObject }).payload.uri,
			);
			await sim.cancelInvitee(invitee, { by: 'host', reason: 'moved' });
			expect((await receive(capture.last()).run()).workflowData).toHaveLength(1);
		});

		it('copies arriving at the same moment start the workflow once', async () => {
			await subscribe();
			const delivery = await book();
			const results = await Promise.all(
				[delivery, retried(delivery), retried(delivery, 5)].map(
					async (copy) => await receive(copy).run(),
				),
			);
			expect(results.filter((result) => result.workflowData !== undefined)).toHaveLength(1);
		});

		it('with Ignore Repeated Deliveries off, every copy starts the workflow', async () => {
			await subscribe();
			const delivery = await book();
			const parameters = { options: { ignoreRepeats: false } };
			for (const copy of [delivery, retried(delivery), delivery]) {
				expect((await receive(copy, { parameters }).run()).workflowData).toHaveLength(1);
			}
		});

		it('only a delivery that started the workflow counts: one refused or filtered out before starts it when it comes again', async () => {
			await subscribe();
			const delivery = await book();
			await expectRefused(
				withHeader(
					delivery,
					signWebhook(derivePatSigningKey('another-token', WEBHOOK_ID), delivery.body),
				),
				'mismatch',
			);
			expect(
				await receive(delivery, {
					parameters: { filters: { hosts: 'someone@example.com' } },
				}).run(),
			).toEqual({});
			expect((await receive(retried(delivery)).run()).workflowData).toHaveLength(1);
		});

		it('a delivery to another trigger is not a repeat: each workflow starts once', async () => {
			await subscribe();
			const delivery = await book();
			expect((await receive(delivery).run()).workflowData).toHaveLength(1);
			// The same delivery reaching a second workflow's trigger (its own subscription, same payload).
			const ctx = webhookContext(trigger, {
				parameters: baseParameters,
				credentials: patCredential(sim.baseUrl, token),
				staticData,
				headers: Object.fromEntries(
					Object.entries(delivery.headers).filter(
						(entry): entry is [string, string] => typeof entry[1] === 'string',
					),
				),
				rawBody: delivery.body,
			}).ctx;
			jest
				.spyOn(ctx, 'getWorkflow')
				.mockReturnValue({ ...ctx.getWorkflow(), id: 'another-workflow' } as ReturnType<
					typeof ctx.getWorkflow
				>);
			expect((await trigger.webhook.call(ctx)).workflowData).toHaveLength(1);
		});
	});

	it('outputs a flat booking record when asked', async () => {
		await subscribe();
		const delivery = await book();
		const { run } = receive(delivery, {
			parameters: { options: { output: 'flatBooking', timeZone: 'America/New_York' } },
		});
		const [[item]] = (await run()).workflowData!;
		expect(item.json).toMatchObject({
			event: 'invitee.created',
			action: 'booked',
			email: 'ada.lovelace@example.com',
			name: 'Ada Lovelace',
			eventName: 'Discovery Call',
			eventTypeUri: eventType.uri,
			startTime: '2027-03-01T10:00:00.000Z',
			timeZone: 'America/New_York',
			startLocal: '2027-03-01T05:00:00-05:00',
			durationMinutes: 30,
			hostEmail: 'olivia@example.com',
		});
	});

	it('passes event type changes through, filtered on the event type itself', async () => {
		const parameters = { ...baseParameters, events: ['event_type.updated'] };
		await subscribe(parameters);
		await sim.updateEventType(eventType.uri, { name: 'Intro Call' });
		await sim.settle();
		const delivery = capture.last();
		const kept = receive(delivery, {
			parameters: { ...parameters, filters: { eventTypes: [eventType.uri] } },
		});
		const [[item]] = (await kept.run()).workflowData!;
		expect(item.json).toMatchObject({
			event: 'event_type.updated',
			payload: { uri: eventType.uri, name: 'Intro Call' },
		});
		const other = sim.createEventType({ owner: owner.uri, name: 'Demo' });
		const skipped = receive(delivery, {
			parameters: { ...parameters, filters: { eventTypes: [other.uri] } },
		});
		expect(await skipped.run()).toEqual({});
	});

	it('passes routing form submissions of an organization-scope subscription', async () => {
		const parameters = {
			...baseParameters,
			scope: 'organization',
			events: ['routing_form_submission.created'],
		};
		await subscribe(parameters);
		const form = sim.createRoutingForm({ name: 'Qualify', questions: [{ name: 'Company size' }] });
		await sim.submitRoutingForm({
			form: form.uri,
			answers: [{ question: 'Company size', answer: '50' }],
		});
		const { run } = receive(capture.last(), {
			parameters: {
				...parameters,
				filters: { eventTypes: [eventType.uri] },
				options: { output: 'flatBooking' },
			},
		});
		const [[item]] = (await run()).workflowData!;
		expect(item.json).toMatchObject({
			event: 'routing_form_submission.created',
			payload: { routing_form: form.uri },
		});
	});

	it('verifies OAuth2 deliveries with the app signing key from the credential', async () => {
		const oauthToken = sim.issueToken({ user: owner.uri, scopes: 'all', kind: 'oauth' });
		// Subscribed directly: OAuth-created subscriptions are signed with the app key whatever the node stored.
		const created = await fetch(`${sim.baseUrl}/webhook_subscriptions`, {
			method: 'POST',
			headers: { authorization: `Bearer ${oauthToken}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				url: capture.url,
				events: ['invitee.created'],
				organization: sim.organization,
				scope: 'user',
				user: owner.uri,
			}),
		});
		expect(created.status).toBe(201);
		const delivery = await book();
		const oauth = (key: string) => oauthCredential(sim.baseUrl, { access_token: oauthToken }, key);
		const parameters = { authentication: 'oAuth2' };

		const { run } = receive(delivery, {
			parameters,
			credentials: oauth(sim.oauthApp.webhookSigningKey),
		});
		expect((await run()).workflowData).toHaveLength(1);
		// The key read from the credential is kept for ten seconds (see the next test).
		laterBy(11_000);
		await expectRefused(delivery, 'mismatch', {
			parameters,
			credentials: oauth('not-the-app-key'),
		});
		await expectRefused(delivery, 'missing_key', { parameters, credentials: oauth('') });
	});
	it('reads the credential once for many deliveries, but decides every refusal on the credential as it is now', async () => {
		await subscribe();
		const first = receive(await book());
		expect((await first.run()).workflowData).toHaveLength(1);
		expect(first.getCredentials).toHaveBeenCalledTimes(1);
		const second = receive(await book());
		expect((await second.run()).workflowData).toHaveLength(1);
		expect(second.getCredentials).not.toHaveBeenCalled();

		// Forged: the kept key does not verify it, so the credential is read again before refusing.
		const forged = receive(
			withHeader(await book(), signWebhook(derivePatSigningKey('another-token', WEBHOOK_ID), 'x')),
		);
		expect(await forged.run()).toEqual({ noWebhookResponse: true });
		expect(forged.getCredentials).toHaveBeenCalledTimes(1);

		// After a token change, deliveries signed with the old key pass for at most ten seconds.
		const delivery = await book();
		const newToken = sim.issueToken({ user: owner.uri, scopes: 'all' });
		const soon = receive(delivery, { credentials: patCredential(sim.baseUrl, newToken) });
		expect((await soon.run()).workflowData).toHaveLength(1);
		expect(soon.getCredentials).not.toHaveBeenCalled();
		laterBy(11_000);
		await expectRefused(delivery, 'mismatch', {
			credentials: patCredential(sim.baseUrl, newToken),
		});
	});

	it('deliveries that arrive together share one read of the credential', async () => {
		await subscribe();
		// Later than any key an earlier test kept: the first of them has to read the credential.
		laterBy(60_000);
		const burst = await Promise.all([1, 2, 3, 4, 5].map(async () => receive(await book())));
		const results = await Promise.all(burst.map(async ({ run }) => await run()));
		expect(results.map((result) => result.workflowData)).toEqual(
			burst.map(() => [expect.any(Array)]),
		);
		expect(
			burst.reduce((reads, { getCredentials }) => reads + getCredentials.mock.calls.length, 0),
		).toBe(1);
	});

	describe('content types: a correctly signed delivery is read from its raw bytes or refused with a clear 4xx', () => {
		it.each([
			[
				'application/json; charset=utf-8 (as Calendly sends it)',
				'application/json; charset=utf-8',
				'read',
			],
			['application/json', 'application/json', 'read'],
			['no Content-Type', null, 'read'],
			['text/plain', 'text/plain', 'read'],
			[
				'application/x-www-form-urlencoded with a JSON body',
				'application/x-www-form-urlencoded',
				'read',
			],
			['application/octet-stream', 'application/octet-stream', 'read'],
			['no Content-Type, body not read yet by n8n', null, 'onDemand'],
		] as const)(
			'%s: starts the workflow with the delivery',
			async (_label, contentType, rawBody) => {
				await subscribe();
				const delivery = await book();
				const { response, run } = receive(delivery, { contentType, rawBody });
				const result = await run();
				expect(result.workflowData).toEqual([
					[{ json: JSON.parse(delivery.body.toString('utf8')) }],
				]);
				expect(response.ended).toBe(false);
			},
		);

		it('a multipart request (no raw bytes kept by n8n) is refused with 415 and a message', async () => {
			const { response, warn, run } = receive(signed('{"event":"invitee.created"}'), {
				contentType: 'multipart/form-data; boundary=x',
			});
			expect(await run()).toEqual({ noWebhookResponse: true });
			expect(response.status).toBe(415);
			expect(response.body).toEqual({
				message: expect.stringMatching(
					/only accepts Calendly webhook deliveries, which are JSON; this request has Content-Type "multipart\/form-data".*Send it as application\/json/,
				),
			});
			expect(warn).toHaveBeenCalledTimes(1);
		});

		it('a signed body that is not JSON (a real form post) is refused with 415', async () => {
			const { response, run } = receive(signed('event=invitee.created&payload=x'), {
				contentType: 'application/x-www-form-urlencoded',
			});
			expect(await run()).toEqual({ noWebhookResponse: true });
			expect(response.status).toBe(415);
			expect(response.body).toEqual({
				message: expect.stringMatching(/has a body that is not JSON/),
			});
		});

		it('a signed JSON body that is not an object is refused with 400', async () => {
			const { response, run } = receive(signed('[1,2]'), { contentType: 'application/json' });
			expect(await run()).toEqual({ noWebhookResponse: true });
			expect(response.status).toBe(400);
			expect(response.body).toEqual({
				message: expect.stringMatching(/not an object, so it is not a Calendly webhook delivery/),
			});
		});

		it('a body n8n fails to read is refused with 400, not a 500', async () => {
			const { response, run } = receive(signed('{}'), { contentType: null, rawBody: 'failing' });
			expect(await run()).toEqual({ noWebhookResponse: true });
			expect(response.status).toBe(400);
			expect(response.body).toEqual({
				message: 'The Calendly Trigger could not read the request body: request aborted',
			});
		});
	});

	it('no answer is ever 410 (Calendly deletes the subscription at once on 410): every path is 200, 400, 401 or 415', async () => {
		await subscribe();
		const delivery = await book();
		const other = sim.issueToken({ user: owner.uri, scopes: 'all' });
		const scenarios: Array<[Captured, ReceiveOptions]> = [
			[delivery, {}],
			[delivery, { parameters: { events: ['invitee.canceled'] } }],
			[delivery, { parameters: { filters: { hosts: 'nobody@example.com' } } }],
			[delivery, { staticData: {} }],
			[delivery, { credentials: patCredential(sim.baseUrl, other) }],
			[delivery, { credentials: patCredential(sim.baseUrl, '') }],
			[withHeader(delivery, undefined), {}],
			[withHeader(delivery, 'garbage'), {}],
			[delivery, { body: Buffer.from('{}') }],
			[delivery, { contentType: 'multipart/form-data' }],
			[delivery, { contentType: null, rawBody: 'failing' }],
			[signed('not json'), {}],
			[signed('"a string"'), {}],
			[signed(''), { contentType: null }],
		];
		const statuses = new Set<number>();
		for (const [captured, options] of scenarios) {
			const { response, run } = receive(captured, options);
			const result = await run();
			// An unanswered request is answered by n8n with the node's response code, 200.
			statuses.add(result.noWebhookResponse ? response.status : 200);
		}
		expect([...statuses].sort()).toEqual([200, 400, 401, 415]);
	});
});
