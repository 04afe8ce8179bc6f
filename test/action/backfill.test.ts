// Backfill: "Scheduled event → Get Many" with "Output as Webhook Deliveries" against the simulator.
// Its items are checked against the deliveries the simulator's webhooks sent for the same bookings:
// exactly equal envelopes where history allows it, and the same card board at scale.
import type { Server } from 'node:http';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	DEFAULT_SETTINGS,
	SYSTEM_CARD_COLUMNS,
	planSync,
	type CardRow,
} from '../../nodes/CalendlyToCard/decide';
import { normalizeBooking } from '../../nodes/shared/booking/normalizeBooking';
import { startReceiver } from '../helpers/webhookReceivers';
import { CalendlySimulator, type SimUser } from '../simulator';
import { run } from './setup';

const HOUR = 3600000;
const INVITEE_EVENTS = [
	'invitee.created',
	'invitee.canceled',
	'invitee_no_show.created',
	'invitee_no_show.deleted',
];

async function subscribe(
	sim: CalendlySimulator,
	token: string,
	organization: string,
	url: string,
): Promise<void> {
	const response = await fetch(`${sim.baseUrl}/webhook_subscriptions`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			url,
			events: INVITEE_EVENTS,
			organization,
			scope: 'organization',
			signing_key: 'backfill-test-key',
		}),
	});
	expect(response.status).toBe(201);
}

/** The deliveries the simulator sent, parsed, oldest first. */
const sentDeliveries = (sim: CalendlySimulator): IDataObject[] => {
	expect(sim.deliveries.every((d) => d.ok)).toBe(true);
	return sim.deliveries.map((d) => JSON.parse(d.body) as IDataObject);
};

const backfill = (sim: CalendlySimulator, token: string, extra: IDataObject = {}) =>
	run(sim, token, {
		resource: 'scheduledEvent',
		operation: 'getAll',
		returnAll: true,
		options: { asWebhookDeliveries: true },
		...extra,
	});

/** A clock that moves one second per step, so every change has its own timestamp. */
function steppingClock(sim: CalendlySimulator, start: string): () => void {
	let now = Date.parse(start);
	sim.setNow(new Date(now));
	return () => {
		now += 1000;
		sim.setNow(new Date(now));
	};
}

describe('Backfill envelopes equal the deliveries Calendly sent', () => {
	const sim = new CalendlySimulator();
	let receiver: { server: Server; url: string };
	let ada: SimUser;
	let token: string;
	const uris: Record<string, string> = {};

	beforeAll(async () => {
		await sim.start();
		receiver = await startReceiver();
		const tick = steppingClock(sim, '2026-10-01T08:00:00Z');
		ada = sim.createUser({ name: 'Ada Host', email: 'ada@example.com', role: 'owner' });
		token = sim.issueToken({ user: ada.uri, scopes: 'all' });
		await subscribe(sim, token, ada.current_organization, receiver.url);
		const intro = sim.createEventType({
			owner: ada.uri,
			name: 'Intro Call',
			duration: 30,
			locations: [{ kind: 'zoom_conference' }],
		});
		const book = async (key: string, hour: number) => {
			tick();
			const { invitee } = await sim.book({
				eventType: intro.uri,
				invitee: { email: `${key}@example.com`, name: `${key} Person`, timezone: 'Europe/Berlin' },
				startTime: new Date(Date.UTC(2026, 11, 1, hour)).toISOString(),
				questionsAndAnswers: [{ question: 'Company?', answer: `${key} Inc` }],
				tracking: { utm_source: 'newsletter' },
			});
			uris[key] = invitee.uri;
		};
		await book('kept', 8);
		await book('canceled', 9);
		await book('moved', 10);
		await book('absent', 11);
		tick();
		await sim.cancelInvitee(uris.canceled, { by: 'invitee', reason: 'Found another slot' });
		tick();
		const moved = await sim.reschedule(
			uris.moved,
			new Date(Date.UTC(2026, 11, 2, 14)).toISOString(),
		);
		uris.movedTo = moved.newInvitee.uri;
		tick();
		await sim.markNoShow(uris.absent);
	});
	afterAll(async () => {
		await sim.stop();
		await new Promise((resolve) => receiver.server.close(resolve));
	});

	const lastDeliveryFor = (uri: string, event?: string) =>
		sentDeliveries(sim)
			.filter((d) => (d.payload as IDataObject).uri === uri && (!event || d.event === event))
			.pop();

	it('outputs one delivery-shaped item per invitee, paired with the input item', async () => {
		const items = await backfill(sim, token);
		const byUri = new Map(
			items.map((item) => [(item.json.payload as IDataObject).uri as string, item]),
		);
		expect(items).toHaveLength(5);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);

		// Untouched, canceled, and both halves of a reschedule: identical to what the webhook received.
		for (const key of ['kept', 'canceled', 'moved', 'movedTo']) {
			expect([key, byUri.get(uris[key])?.json]).toEqual([key, lastDeliveryFor(uris[key])]);
		}
		expect(byUri.get(uris.moved)?.json).toMatchObject({
			event: 'invitee.canceled',
			payload: { rescheduled: true, new_invitee: uris.movedTo },
		});
		expect(byUri.get(uris.movedTo)?.json).toMatchObject({
			event: 'invitee.created',
			payload: { old_invitee: uris.moved },
		});

		// A no-show: the booking's invitee.created, carrying the state the no-show delivery carried.
		const absent = byUri.get(uris.absent)?.json as IDataObject;
		const noShowDelivery = lastDeliveryFor(uris.absent, 'invitee_no_show.created') as IDataObject;
		const createdDelivery = lastDeliveryFor(uris.absent, 'invitee.created') as IDataObject;
		expect(absent).toEqual({ ...createdDelivery, payload: noShowDelivery.payload });
	});
});

describe('Backfill of 1,000 events with several invitees each', () => {
	// No rate limit here: this is about correctness; the transport's 429 handling is tested elsewhere.
	const sim = new CalendlySimulator({ rateLimit: 1_000_000 });
	let receiver: { server: Server; url: string };
	let ada: SimUser;
	let token: string;
	let items: INodeExecutionData[];
	let elapsedMs: number;

	beforeAll(async () => {
		await sim.start();
		receiver = await startReceiver();
		const tick = steppingClock(sim, '2026-09-01T08:00:00Z');
		ada = sim.createUser({ name: 'Ada Host', email: 'ada@example.com', role: 'owner' });
		token = sim.issueToken({ user: ada.uri, scopes: 'all' });
		await subscribe(sim, token, ada.current_organization, receiver.url);
		const workshop = sim.createEventType({
			owner: ada.uri,
			name: 'Workshop',
			duration: 60,
			kind: 'group',
			seats: 10,
		});
		const demo = sim.createEventType({
			owner: ada.uri,
			name: 'Demo',
			duration: 30,
			kind: 'group',
			seats: 10,
		});
		const base = Date.UTC(2027, 0, 4, 9);
		const invitees: string[] = [];
		const events: string[] = [];
		for (let e = 0; e < 1000; e++) {
			for (let k = 0; k < 3; k++) {
				// Most people book about three times, so cards collect several bookings; every 50th event's
				// invitees book only once (and every 100th event is canceled), so some cards end canceled.
				const person = e % 50 === 0 ? `once${e}x${k}` : `person${(e * 3 + k * 7) % 1000}`;
				tick();
				const { event, invitee } = await sim.book({
					eventType: (e % 4 === 0 ? demo : workshop).uri,
					invitee: {
						email: `${person}@example.com`,
						name: `Person ${person}`,
						timezone: 'America/Chicago',
					},
					startTime: new Date(base + e * HOUR).toISOString(),
					questionsAndAnswers: [{ question: 'Goal?', answer: `Goal ${e % 5}` }],
					tracking: { utm_source: ['ads', 'newsletter', 'partner'][k] },
				});
				invitees.push(invitee.uri);
				if (k === 0) events.push(event.uri);
			}
		}
		// History after booking: cancellations by invitees and hosts, reschedules, no-shows and their removal.
		for (let i = 0; i < invitees.length; i++) {
			tick();
			if (i % 10 === 1)
				await sim.cancelInvitee(invitees[i], {
					by: 'invitee',
					reason: i % 20 === 1 ? 'Busy' : null,
				});
			else if (i % 20 === 2)
				await sim.reschedule(invitees[i], new Date(base + (1000 + i) * HOUR).toISOString());
			else if (i % 25 === 3) {
				await sim.markNoShow(invitees[i]);
				if (i % 75 === 3) {
					tick();
					await sim.unmarkNoShow(invitees[i]);
				}
			}
		}
		for (const uri of events.filter((_, e) => e % 100 === 0 || e % 37 === 5)) {
			tick();
			await sim.cancelEvent(uri, { by: 'host', reason: 'Host unavailable' });
		}
		sim.requests.length = 0;
		const started = Date.now();
		items = await backfill(sim, token);
		elapsedMs = Date.now() - started;
	}, 120_000);
	afterAll(async () => {
		await sim.stop();
		await new Promise((resolve) => receiver.server.close(resolve));
	});

	it('outputs one item per invitee of every event, reading events a page of 100 at a time', async () => {
		const eventPages = sim.requests.filter((r) => r.path === '/scheduled_events');
		const inviteeLists = sim.requests.filter((r) => r.path.endsWith('/invitees'));
		const eventCount = inviteeLists.length;
		expect(eventCount).toBeGreaterThan(1000); // reschedules made new events
		expect(eventPages).toHaveLength(Math.ceil(eventCount / 100));
		for (const page of eventPages)
			expect(page.query).toMatchObject({ user: ada.uri, count: '100', sort: 'start_time:asc' });
		// Streaming: each page's invitees are read before the next page is asked for.
		const order = sim.requests.map((r) =>
			r.path === '/scheduled_events' ? 'page' : r.path.endsWith('/invitees') ? 'invitees' : 'other',
		);
		expect(order.indexOf('invitees')).toBeLessThan(
			order.indexOf('page', order.indexOf('page') + 1),
		);

		const uris = items.map((item) => (item.json.payload as IDataObject).uri);
		const rescheduled = sim.deliveries.filter(
			(d) => d.event === 'invitee.created' && JSON.parse(d.body).payload.old_invitee,
		).length;
		expect(new Set(uris).size).toBe(items.length);
		expect(items).toHaveLength(3000 + rescheduled);
		for (const item of items) {
			const payload = item.json.payload as IDataObject;
			expect(item.json.event).toBe(
				payload.status === 'canceled' ? 'invitee.canceled' : 'invitee.created',
			);
			expect(item.pairedItem).toEqual({ item: 0 });
		}
		console.log(`backfill of ${eventCount} events / ${items.length} invitees took ${elapsedMs} ms`);
		expect(elapsedMs).toBeLessThan(30_000);
	});

	it('produces the same card board as the webhook deliveries did', () => {
		const fromWebhooks = boardOf(sentDeliveries(sim));
		const fromBackfill = boardOf(items.map((item) => item.json));
		expect(fromWebhooks.size).toBe(1060);
		expect(visible(fromBackfill)).toEqual(visible(fromWebhooks));
		// The board is not trivially uniform: cards show every status the history produced.
		const statuses = new Set([...fromWebhooks.values()].map((row) => row.eventStatus));
		expect(statuses).toEqual(new Set(['scheduled', 'canceled', 'no_show']));
	}, 120_000);
});

/**
 * Feeds deliveries through the card decision logic into an in-memory table, applying each plan the way
 * the card node writes it (update the target, or insert; delete merged duplicates).
 */
function boardOf(deliveries: IDataObject[]): Map<number, CardRow> {
	const board = new Map<number, CardRow>();
	let nextId = 1;
	for (const delivery of deliveries) {
		if (!INVITEE_EVENTS.includes(delivery.event as string)) continue;
		const booking = normalizeBooking(delivery, { timeZone: DEFAULT_SETTINGS.timeZone });
		const rows = [...board.values()].filter(
			(row) => row[SYSTEM_CARD_COLUMNS.email] === booking.email,
		);
		const plan = planSync(rows, booking, DEFAULT_SETTINGS);
		if (plan.write) {
			const id = plan.targetId ?? nextId++;
			board.set(id, { ...(board.get(id) ?? {}), ...plan.write, id });
		}
		for (const { id } of plan.deletes) board.delete(id);
	}
	return board;
}

/**
 * What people see on the board, per contact email: every card column except the bookkeeping ones.
 * The activity log (and so the Activity Log column) differs by nature: REST history has no separate
 * "booked" line for an invitee that was canceled later, nor no-show marks that were removed again.
 */
function visible(board: Map<number, CardRow>): Record<string, IDataObject> {
	const hidden = new Set([
		'id',
		SYSTEM_CARD_COLUMNS.state,
		SYSTEM_CARD_COLUMNS.revision,
		DEFAULT_SETTINGS.columns.activity,
	]);
	const cards: Record<string, IDataObject> = {};
	for (const row of board.values()) {
		cards[row[SYSTEM_CARD_COLUMNS.email] as string] = Object.fromEntries(
			Object.entries(row).filter(([column]) => !hidden.has(column)),
		) as IDataObject;
	}
	return cards;
}
