// How the node reports each kind of Calendly failure, retries what may be retried, and pairs every
// output item (results and errors) with its input item.
import type { IDataObject } from 'n8n-workflow';

import { CalendlySimulator, type SimUser } from '../simulator';
import { byId, byUrl, json, run, runError, uuidOf } from './setup';

const DAY = 86400000;

describe('Calendly action node errors', () => {
	const sim = new CalendlySimulator();
	let ada: SimUser;
	let token: string;
	let eventUris: string[];

	beforeAll(async () => {
		await sim.start();
		ada = sim.createUser({ name: 'Ada Host', email: 'ada@example.com', role: 'owner' });
		token = sim.issueToken({ user: ada.uri, scopes: 'all' });
		const intro = sim.createEventType({ owner: ada.uri, name: 'Intro Call', duration: 30 });
		eventUris = [];
		for (let i = 0; i < 3; i++) {
			const { event } = await sim.book({
				eventType: intro.uri,
				invitee: { email: `guest${i}@example.com`, name: `Guest ${i}` },
				startTime: new Date(Math.ceil(Date.now() / DAY) * DAY + (i + 2) * DAY).toISOString(),
			});
			eventUris.push(event.uri);
		}
	});
	afterAll(async () => sim.stop());
	beforeEach(() => {
		sim.clearFaults();
		sim.requests.length = 0;
	});

	const getEvent = (uri: string): IDataObject => ({
		resource: 'scheduledEvent',
		operation: 'get',
		scheduledEvent: byUrl(uri),
	});

	it('400: says the request was invalid and lists the parameters Calendly named', async () => {
		sim.injectFault({
			method: 'GET',
			path: /^\/scheduled_events$/,
			status: 400,
			body: {
				title: 'Invalid Argument',
				message: 'The supplied parameters are invalid.',
				details: [{ parameter: 'min_start_time', message: 'must be a valid ISO 8601 date-time' }],
			},
		});
		const error = await runError(sim, token, {
			resource: 'scheduledEvent',
			operation: 'getAll',
			returnAll: true,
		});
		expect(error.httpCode).toBe('400');
		expect(error.message).toBe(
			'Calendly rejected the request (GET /scheduled_events) as invalid. Calendly said: "The supplied parameters are invalid."',
		);
		expect(error.description).toBe(
			'Fix these parameters: min_start_time: must be a valid ISO 8601 date-time',
		);
	});

	it('401: says the token is rejected, without ever showing it', async () => {
		const doomed = sim.issueToken({ user: ada.uri, scopes: 'all' });
		sim.revokeToken(doomed);
		const error = await runError(sim, doomed, getEvent(eventUris[0]));
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe('Calendly rejected the token: it is wrong, expired or revoked.');
		expect(error.description).toMatch(/Create a new personal access token/);
		const exposed = [error.message, error.description, JSON.stringify(error), error.stack].join(
			'\n',
		);
		expect(exposed).not.toContain(doomed);
		// The output of a continued run holds only the message.
		const [item] = await run(sim, doomed, getEvent(eventUris[0]), { continueOnFail: true });
		expect(JSON.stringify(item)).not.toContain(doomed);
	});

	it('403 with required_scopes: names the missing scope', async () => {
		const narrow = sim.issueToken({ user: ada.uri, scopes: ['users:read'] });
		const error = await runError(sim, narrow, {
			resource: 'scheduledEvent',
			operation: 'getAll',
			returnAll: true,
		});
		expect(error.httpCode).toBe('403');
		expect(error.message).toBe(
			'The Calendly token lacks the scope scheduled_events:read needed for GET /scheduled_events.',
		);
		expect(error.description).toMatch(/Create a personal access token with these scopes/);
	});

	it('403 on write scope: cancel names scheduled_events:write, not the event', async () => {
		const readOnly = sim.issueToken({
			user: ada.uri,
			scopes: ['users:read', 'scheduled_events:read'],
		});
		const error = await runError(sim, readOnly, {
			resource: 'scheduledEvent',
			operation: 'cancel',
			scheduledEvent: byUrl(eventUris[0]),
		});
		expect(error.message).toMatch(
			/lacks the scope scheduled_events:write needed for POST \/scheduled_events\/.+\/cancellation\.$/,
		);
		expect(error.description).toMatch(/Calendly tokens only carry the scopes/);
	});

	it('404: says nothing was found and to check the ID', async () => {
		const error = await runError(sim, token, {
			resource: 'scheduledEvent',
			operation: 'get',
			scheduledEvent: byId('NOSUCHEVENT0000'),
		});
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe(
			'Calendly found nothing at GET /scheduled_events/NOSUCHEVENT0000. Calendly said: "The server could not find the requested resource."',
		);
		expect(error.description).toMatch(/Check the ID or URI/);
	});

	it('409: passes a conflict through', async () => {
		sim.injectFault({
			method: 'POST',
			path: '/invitee_no_shows',
			status: 409,
			body: { title: 'Already Exists', message: 'No-show already exists' },
		});
		const invitees = json(
			await run(sim, token, {
				resource: 'invitee',
				operation: 'getAll',
				scheduledEvent: byUrl(eventUris[0]),
				returnAll: true,
			}),
		);
		const error = await runError(sim, token, {
			resource: 'noShow',
			operation: 'mark',
			invitee: byUrl(invitees[0].uri as string),
		});
		expect(error.httpCode).toBe('409');
		expect(error.message).toBe(
			'Calendly reports a conflict for POST /invitee_no_shows. Calendly said: "No-show already exists"',
		);
	});

	it('5xx on a read: retries and succeeds', async () => {
		sim.injectFault({
			method: 'GET',
			path: `/scheduled_events/${uuidOf(eventUris[1])}`,
			status: 500,
			times: 2,
		});
		const [event] = json(await run(sim, token, getEvent(eventUris[1])));
		expect(event.uri).toBe(eventUris[1]);
		expect(
			sim.requests.filter((r) => r.path.startsWith('/scheduled_events/')).map((r) => r.status),
		).toEqual([500, 500, 200]);
	});

	it('5xx that persists: gives up after the retries with a clear message', async () => {
		sim.injectFault({
			method: 'GET',
			path: `/scheduled_events/${uuidOf(eventUris[1])}`,
			status: 502,
			times: Infinity,
		});
		const error = await runError(sim, token, getEvent(eventUris[1]));
		expect(error.httpCode).toBe('502');
		expect(error.message).toMatch(
			/^Calendly had a server error \(HTTP 502\) for GET \/scheduled_events\/\w+, also after retries\./,
		);
		expect(sim.requests.filter((r) => r.status === 502)).toHaveLength(4);
	});

	it('5xx on cancel: does not repeat the POST, which may have canceled already', async () => {
		sim.injectFault({ method: 'POST', status: 500 });
		const error = await runError(sim, token, {
			resource: 'scheduledEvent',
			operation: 'cancel',
			scheduledEvent: byUrl(eventUris[2]),
		});
		expect(error.httpCode).toBe('500');
		expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
	});

	describe('per item', () => {
		const input = () => [
			{ json: { event: eventUris[0] } },
			{ json: { event: 'https://api.calendly.com/scheduled_events/MISSING000000' } },
			{ json: { event: uuidOf(eventUris[1]) } },
		];
		const parameters = {
			resource: 'scheduledEvent',
			operation: 'get',
			scheduledEvent: byId('={{ $json.event }}'),
		};

		it('continueOnFail: outputs an error item for the failing input and goes on, all paired', async () => {
			const items = await run(sim, token, parameters, { input: input(), continueOnFail: true });
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(items[0].json.uri).toBe(eventUris[0]);
			expect(items[1].json).toEqual({
				error: expect.stringMatching(
					/^Calendly found nothing at GET \/scheduled_events\/MISSING000000\./,
				),
			});
			expect(items[2].json.uri).toBe(eventUris[1]);
		});

		it('without continueOnFail: stops at the failing item and names it', async () => {
			const error = await runError(sim, token, parameters, { input: input() });
			expect(error.httpCode).toBe('404');
			expect(error.context?.itemIndex).toBe(1);
		});

		it('validation errors are per item too', async () => {
			const items = await run(
				sim,
				token,
				{
					resource: 'invitee',
					operation: 'findBookingsByEmail',
					email: '={{ $json.email }}',
					returnAll: true,
				},
				{
					input: [{ json: { email: 'guest0@example.com' } }, { json: { email: 'not-an-email' } }],
					continueOnFail: true,
				},
			);
			expect(items.map((item) => [item.pairedItem, item.json.email ?? item.json.error])).toEqual([
				[{ item: 0 }, 'guest0@example.com'],
				[{ item: 1 }, "'not-an-email' is not an email address"],
			]);
		});

		it('pairs every item of a list with the input it came from', async () => {
			const items = await run(
				sim,
				token,
				{
					resource: 'invitee',
					operation: 'findBookingsByEmail',
					email: '={{ $json.email }}',
					returnAll: true,
				},
				{
					input: [
						{ json: { email: 'guest2@example.com' } },
						{ json: { email: 'nobody@example.com' } },
						{ json: { email: 'guest1@example.com' } },
					],
				},
			);
			expect(items.map((item) => [item.pairedItem, item.json.email])).toEqual([
				[{ item: 0 }, 'guest2@example.com'],
				[{ item: 2 }, 'guest1@example.com'],
			]);
			// /users/me is read once per execution, not once per item.
			expect(sim.requests.filter((r) => r.path === '/users/me')).toHaveLength(1);
		});
	});
});

describe('Calendly action node under a rate limit', () => {
	// Four requests per second per token: a Return All of six pages has to wait for the window twice.
	const sim = new CalendlySimulator({ rateLimit: 4, rateLimitWindowMs: 1000 });
	let token: string;

	beforeAll(async () => {
		await sim.start();
		const user = sim.createUser({ name: 'Rae', email: 'rae@example.com', role: 'owner' });
		token = sim.issueToken({ user: user.uri, scopes: 'all' });
		for (let i = 0; i < 520; i++)
			sim.createEventType({ owner: user.uri, name: `Type ${String(i).padStart(3, '0')}` });
	});
	afterAll(async () => sim.stop());

	it('429: waits for the window Calendly names and carries on', async () => {
		const types = json(
			await run(sim, token, { resource: 'eventType', operation: 'getAll', returnAll: true }),
		);
		expect(types).toHaveLength(520);
		expect(new Set(types.map((t) => t.uri)).size).toBe(520);
		expect(sim.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
		expect(sim.requests.filter((r) => r.path === '/event_types' && r.status === 200)).toHaveLength(
			6,
		);
	});
});
