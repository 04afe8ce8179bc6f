import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';

import { CalendlyTrigger } from '../../nodes/CalendlyTrigger/CalendlyTrigger.node';
import { hookContext, oauthCredential, patCredential, webhookContext, type CredentialsData } from '../harness';
import { CalendlySimulator, type Resource, type SimUser } from '../simulator';

const trigger = new CalendlyTrigger();

interface Captured {
	headers: IncomingHttpHeaders;
	body: Buffer;
}

/** A stand-in for n8n's webhook endpoint that keeps the exact bytes and headers Calendly sent. */
class CaptureServer {
	readonly received: Captured[] = [];
	private server: Server | undefined;
	url = '';

	async start(): Promise<void> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				this.received.push({ headers: req.headers, body: Buffer.concat(chunks) });
				res.writeHead(200).end();
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise((resolve) => this.server?.close(resolve));
	}

	last(): Captured {
		const captured = this.received[this.received.length - 1];
		if (!captured) throw new Error('no delivery arrived');
		return captured;
	}
}

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

function receive(
	delivery: Captured,
	options: { parameters?: IDataObject; staticData?: IDataObject; credentials?: CredentialsData; body?: Buffer } = {},
) {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(delivery.headers)) {
		if (typeof value === 'string') headers[name] = value;
	}
	const { ctx, response } = webhookContext(trigger, {
		parameters: { ...baseParameters, ...options.parameters },
		credentials: options.credentials ?? patCredential(sim.baseUrl, token),
		staticData: options.staticData ?? staticData,
		headers,
		rawBody: options.body ?? delivery.body,
	});
	const warn = jest.spyOn(ctx.logger, 'warn').mockImplementation(() => undefined);
	return {
		response,
		warn,
		run: async (): Promise<IWebhookResponseData> => await trigger.webhook.call(ctx),
	};
}

function withHeader(delivery: Captured, signature: string | undefined): Captured {
	const headers = { ...delivery.headers };
	if (signature === undefined) delete headers['calendly-webhook-signature'];
	else headers['calendly-webhook-signature'] = signature;
	return { ...delivery, headers };
}

async function expectRefused(delivery: Captured, reason: string, options: Parameters<typeof receive>[1] = {}) {
	const { response, warn, run } = receive(delivery, options);
	const result = await run();
	expect(result).toEqual({ noWebhookResponse: true });
	expect(response.status).toBe(401);
	expect(response.ended).toBe(true);
	expect(warn).toHaveBeenCalledWith(`Calendly Trigger refused a delivery: signature check failed (${reason})`);
	const logged = JSON.stringify(warn.mock.calls);
	const signature = String(delivery.headers['calendly-webhook-signature'] ?? '');
	if (signature) expect(logged).not.toContain(signature.split('v1=')[1] ?? signature);
	const record = staticData.productionSubscription as { signingKey?: string } | undefined;
	if (record?.signingKey) {
		expect(logged).not.toContain(record.signingKey);
		expect(JSON.stringify(response.body)).not.toContain(record.signingKey);
	}
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
		expect(result.workflowData![0][0].json).toMatchObject({ event: 'invitee.created', payload: { name: 'Ada Lovelace' } });
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

	it('refuses a delivery signed with another key', async () => {
		await subscribe();
		const delivery = await book();
		const other = { productionSubscription: { ...(staticData.productionSubscription as IDataObject), signingKey: 'f'.repeat(64) } };
		await expectRefused(delivery, 'mismatch', { staticData: other });
	});

	it('refuses every delivery when no key is stored (no skip-verification path)', async () => {
		await subscribe();
		const delivery = await book();
		await expectRefused(delivery, 'missing_key', { staticData: {} });
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
		const kept = receive(delivery, { parameters: { filters: { eventTypes: [other.uri, eventType.uri] } } });
		expect((await kept.run()).workflowData).toHaveLength(1);
	});

	it('filters by host email (any case) or user URI', async () => {
		await subscribe();
		const delivery = await book();
		const byEmail = receive(delivery, { parameters: { filters: { hosts: 'someone@example.com, OLIVIA@example.com' } } });
		expect((await byEmail.run()).workflowData).toHaveLength(1);
		const byUri = receive(delivery, { parameters: { filters: { hosts: owner.uri } } });
		expect((await byUri.run()).workflowData).toHaveLength(1);
		const nobody = receive(delivery, { parameters: { filters: { hosts: 'someone@example.com' } } });
		expect(await nobody.run()).toEqual({});
	});

	it('outputs a flat booking record when asked', async () => {
		await subscribe();
		const delivery = await book();
		const { run } = receive(delivery, { parameters: { options: { output: 'flatBooking', timeZone: 'America/New_York' } } });
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
		const kept = receive(delivery, { parameters: { ...parameters, filters: { eventTypes: [eventType.uri] } } });
		const [[item]] = (await kept.run()).workflowData!;
		expect(item.json).toMatchObject({ event: 'event_type.updated', payload: { uri: eventType.uri, name: 'Intro Call' } });
		const other = sim.createEventType({ owner: owner.uri, name: 'Demo' });
		const skipped = receive(delivery, { parameters: { ...parameters, filters: { eventTypes: [other.uri] } } });
		expect(await skipped.run()).toEqual({});
	});

	it('passes routing form submissions of an organization-scope subscription', async () => {
		const parameters = { ...baseParameters, scope: 'organization', events: ['routing_form_submission.created'] };
		await subscribe(parameters);
		const form = sim.createRoutingForm({ name: 'Qualify', questions: [{ name: 'Company size' }] });
		await sim.submitRoutingForm({ form: form.uri, answers: [{ question: 'Company size', answer: '50' }] });
		const { run } = receive(capture.last(), {
			parameters: { ...parameters, filters: { eventTypes: [eventType.uri] }, options: { output: 'flatBooking' } },
		});
		const [[item]] = (await run()).workflowData!;
		expect(item.json).toMatchObject({ event: 'routing_form_submission.created', payload: { routing_form: form.uri } });
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

		const { run } = receive(delivery, { parameters, credentials: oauth(sim.oauthApp.webhookSigningKey) });
		expect((await run()).workflowData).toHaveLength(1);
		await expectRefused(delivery, 'mismatch', { parameters, credentials: oauth('not-the-app-key') });
		await expectRefused(delivery, 'missing_key', { parameters, credentials: oauth('') });
	});
});
