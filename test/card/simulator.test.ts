// Deliveries as the Calendly simulator sends them, through the node, onto the fake board.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';

import { forgetProcessMemory } from '../helpers/cardNodeOnFake';
import { CalendlyToCard } from '../../nodes/CalendlyToCard/CalendlyToCard.node';
import { getEventTypes } from '../../nodes/CalendlyToCard/methods/loadOptions';
import { FakeN8nDataTableApi } from '../fakes/n8nDataTableApi';
import { executeNode, loadOptionsContext } from '../harness';
import { CalendlySimulator } from '../simulator';

const node = new CalendlyToCard();
let sim: CalendlySimulator;
let fake: FakeN8nDataTableApi;
let receiver: http.Server;
let token: string;
let eventTypeUri: string;
let groupTypeUri: string;

beforeAll(async () => {
	fake = new FakeN8nDataTableApi();
	await fake.start();
	receiver = http.createServer((_req, res) => res.end('ok'));
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	sim = new CalendlySimulator();
	await sim.start();
	const owner = sim.createUser({ name: 'Olivia Owner', email: 'olivia@example.com' });
	token = sim.issueToken({ user: owner.uri, scopes: 'all', kind: 'pat' });
	eventTypeUri = sim.createEventType({ owner: owner.uri, name: 'Intro call', duration: 30 }).uri;
	groupTypeUri = sim.createEventType({
		owner: owner.uri,
		name: 'Workshop',
		duration: 60,
		kind: 'group',
	} as Parameters<CalendlySimulator['createEventType']>[0]).uri;
	const response = await fetch(`${sim.baseUrl}/webhook_subscriptions`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
			events: [
				'invitee.created',
				'invitee.canceled',
				'invitee_no_show.created',
				'invitee_no_show.deleted',
			],
			organization: sim.organization,
			user: owner.uri,
			scope: 'user',
			signing_key: 'test-signing-key',
		}),
	});
	expect(response.status).toBe(201);
});
afterAll(async () => {
	await sim.stop();
	await fake.stop();
	await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => forgetProcessMemory());

const envelopes = (records: Array<{ body: string }>) =>
	records.map((record) => JSON.parse(record.body) as IDataObject);

async function toCards(input: IDataObject[]) {
	return await executeNode(node, {
		parameters: {
			timeZone: 'UTC',
			cancelPolicy: 'archive',
			board: { __rl: true, mode: 'name', value: 'Sim Board' },
		},
		credentials: { calendlyCardsN8nApi: { baseUrl: fake.baseUrl, apiKey: fake.apiKey } },
		input: input.map((json) => ({ json })),
	});
}

describe('Calendly to Card with simulator deliveries', () => {
	it('turns a booking, a reschedule (new invitee first), a no-show and a group event into one card per person', async () => {
		const booked = await sim.book({
			eventType: eventTypeUri,
			invitee: { email: 'Ina@Example.com', name: 'Ina Invitee' },
			startTime: '2030-05-06T10:00:00Z',
		});
		const moved = await sim.reschedule(booked.invitee.uri, '2030-05-07T15:00:00Z', {
			order: 'created-first',
		});
		const marked = await sim.markNoShow(moved.newInvitee.uri);
		const unmarked = await sim.unmarkNoShow(moved.newInvitee.uri);
		const seat1 = await sim.book({
			eventType: groupTypeUri,
			invitee: { email: 'gus@example.com', name: 'Gus' },
			startTime: '2030-06-01T09:00:00Z',
		});
		const seat2 = await sim.book({
			eventType: groupTypeUri,
			invitee: { email: 'gia@example.com', name: 'Gia' },
			startTime: '2030-06-01T09:00:00Z',
		});
		expect(seat2.event.uri).toBe(seat1.event.uri);
		const seatCancel = await sim.cancelInvitee(seat2.invitee.uri, {
			by: 'invitee',
			reason: 'Clash',
		});
		const all = envelopes([
			...booked.deliveries,
			...moved.deliveries,
			...marked.deliveries,
			...unmarked.deliveries,
			...seat1.deliveries,
			...seat2.deliveries,
			...seatCancel.deliveries,
		]);
		expect(all.map((e) => e.event)).toEqual([
			'invitee.created',
			'invitee.created',
			'invitee.canceled',
			'invitee_no_show.created',
			'invitee_no_show.deleted',
			'invitee.created',
			'invitee.created',
			'invitee.canceled',
		]);

		const [created, updated, canceled, skipped] = await toCards(all);
		expect(created.map((item) => (item.json.card as IDataObject).email)).toEqual([
			'ina@example.com',
			'gus@example.com',
			'gia@example.com',
		]);
		// The reschedule's old half comes after its new one: it adds the move to the log, and changes no event.
		expect(updated.map((item) => [item.json.action, item.json.shownEventChanged])).toEqual([
			['rescheduled', true],
			['rescheduled', false],
			['no_show', true],
			['updated', true],
		]);
		expect(canceled.map((item) => item.json.action)).toEqual(['canceled']);
		expect(skipped).toEqual([]);

		const rows = fake.rows(fake.tableByName('Sim Board')!.id);
		expect(
			rows.map((row) => [row.email, row.eventTime, row.eventStatus, row.noShow, row.archived]),
		).toEqual([
			['ina@example.com', '2030-05-07T15:00:00.000Z', 'scheduled', false, false],
			['gus@example.com', '2030-06-01T09:00:00.000Z', 'scheduled', false, false],
			['gia@example.com', '2030-06-01T09:00:00.000Z', 'canceled', false, true],
		]);
		// Replaying every delivery changes nothing.
		const replay = await toCards(all);
		expect(replay[3].map((item) => item.json.skipReason)).toEqual(
			Array(all.length).fill('duplicate'),
		);
		expect(fake.rows(fake.tableByName('Sim Board')!.id)).toEqual(rows);
	});

	it("lists the account's event types for the event type filter", async () => {
		const ctx = loadOptionsContext(node, {
			parameters: { authentication: 'accessToken' },
			credentials: { calendlyCardsApi: { accessToken: token, baseUrl: sim.baseUrl } },
		});
		const options = await getEventTypes.call(ctx);
		expect(options).toEqual([
			expect.objectContaining({ name: 'Intro call', value: eventTypeUri }),
			expect.objectContaining({ name: 'Workshop', value: groupTypeUri }),
		]);
	});
});
