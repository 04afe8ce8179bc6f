// Reconcile: "Scheduled Event → Reconcile" against the simulator. A random history of bookings, cancels
// (by host and by invitee, single invitees and whole group events), reschedules (some moved 90 or 400 days
// ahead) and no-shows is sent as live webhooks; the live deliveries and the reconcile's output are each
// applied to a board through syncBooking, and the boards must be identical in every column, the
// bookkeeping ones (calendlyState, activity, calendlyRevision) included.
import type { Server } from 'node:http';

import type { IDataObject } from 'n8n-workflow';

import { syncBooking } from '../../nodes/CalendlyToCard/board/syncBooking';
import type { CardSettings } from '../../nodes/CalendlyToCard/decide';
import { DEFAULT_SETTINGS } from '../../nodes/CalendlyToCard/decide';
import { normalizeBooking } from '../../nodes/shared/booking/normalizeBooking';
import { CONTACT_EVENTS, normalizeContact } from '../../nodes/shared/booking/normalizeContact';
import { normalizeRecap, RECAP_EVENTS } from '../../nodes/shared/booking/normalizeRecap';
import { MemoryBoard } from '../card/memoryBoard';
import { cardNodeOnFake, forgetProcessMemory } from '../helpers/cardNodeOnFake';
import { startReceiver } from '../helpers/webhookReceivers';
import { CalendlySimulator } from '../simulator';
import { json, run, runError, uuidOf } from './setup';

const HOUR = 3600000;
const DAY = 24 * HOUR;
const INVITEE_EVENTS = [
	'invitee.created',
	'invitee.canceled',
	'invitee_no_show.created',
	'invitee_no_show.deleted',
];

const SETTINGS: CardSettings = {
	...DEFAULT_SETTINGS,
	timeZone: 'Europe/Berlin',
	questionColumns: true,
	stages: {
		new: 'Booked',
		updated: 'Returning',
		canceled: 'Lost',
		rescheduled: 'Moved',
		noShow: 'No-show',
		lead: 'Lead',
	},
	assign: 'host',
	cancelPolicy: 'removeEvent',
	hostCancelPolicy: 'archive',
};

/** A small seeded generator (mulberry32), so a failing history can be replayed from its seed. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface World {
	sim: CalendlySimulator;
	/** the credential's user, owner of the organization */
	ada: ReturnType<CalendlySimulator['createUser']>;
	token: string;
	receiver: { server: Server; url: string };
	/** reschedules that moved a booking 90 or 400 days ahead */
	far: number;
}

async function world(
	options: ConstructorParameters<typeof CalendlySimulator>[0] = { rateLimit: 1_000_000 },
): Promise<World> {
	const sim = new CalendlySimulator(options);
	await sim.start();
	const receiver = await startReceiver();
	sim.setNow(new Date('2026-10-01T08:00:00Z'));
	const ada = sim.createUser({ name: 'Ada Host', email: 'ada@example.com', role: 'owner' });
	const token = sim.issueToken({ user: ada.uri, scopes: 'all' });
	const response = await fetch(`${sim.baseUrl}/webhook_subscriptions`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			url: receiver.url,
			events: INVITEE_EVENTS,
			organization: ada.current_organization,
			scope: 'organization',
			signing_key: 'reconcile-key',
		}),
	});
	expect(response.status).toBe(201);
	return { sim, ada, token, receiver, far: 0 };
}

async function close(w: World): Promise<void> {
	await w.sim.stop();
	await new Promise((resolve) => w.receiver.server.close(resolve));
}

/**
 * A random history of `steps` changes, one simulated second apart. Events start between 25 days ago
 * and 30 days ahead; one reschedule in eight moves a booking 90 or 400 days ahead.
 */
async function randomHistory(w: World, seed: number, steps: number): Promise<void> {
	const { sim } = w;
	const next = random(seed);
	const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
	let clock = sim.now().getTime();
	const tick = () => sim.setNow(new Date((clock += 1000)));
	const owner = sim.createUser({
		name: `Host ${seed}`,
		email: `host${seed}@example.com`,
		role: 'admin',
	});
	const intro = sim.createEventType({
		owner: owner.uri,
		name: 'Intro Call',
		duration: 30,
		locations: [{ kind: 'zoom_conference' }],
	});
	const workshop = sim.createEventType({
		owner: owner.uri,
		name: 'Workshop',
		duration: 60,
		kind: 'group',
		seats: 4,
	} as Parameters<CalendlySimulator['createEventType']>[0]);
	const now = Date.now();
	let slot = 0;
	// Solo slots are never reused; group slots fill up to their seats.
	const soloStart = (fromDay = -25) =>
		new Date(
			Math.floor((now + fromDay * DAY) / HOUR) * HOUR + ((slot++ % 1900) * HOUR) / 2,
		).toISOString();
	const groupStarts = [-20, -3, 5, 30].map((d) =>
		new Date(Math.floor((now + d * DAY) / DAY) * DAY + 15 * HOUR).toISOString(),
	);
	const people = Array.from({ length: 10 }, (_, i) => `person${i}`);
	const active = new Map<string, { group: boolean; noShow: boolean }>();
	const marked = new Set<string>();
	const groupEvents = new Set<string>();
	for (let step = 0; step < steps; step++) {
		tick();
		const roll = next();
		const candidates = [...active.keys()];
		if (roll < 0.4 || candidates.length === 0) {
			const person = pick(people);
			const group = next() < 0.35;
			const invitee = {
				email: `${person}@Example.com`,
				name: `${person[0].toUpperCase()}${person.slice(1)} Doe`,
				timezone: 'America/Chicago',
			};
			const questionsAndAnswers = [{ question: 'Goal?', answer: `Goal ${Math.floor(next() * 3)}` }];
			const tracking = { utm_source: pick(['ads', 'newsletter', null]) };
			try {
				const booked = await sim.book({
					eventType: (group ? workshop : intro).uri,
					invitee,
					startTime: group ? pick(groupStarts) : soloStart(),
					questionsAndAnswers,
					tracking,
				} as Parameters<CalendlySimulator['book']>[0]);
				active.set(booked.invitee.uri, { group, noShow: false });
				if (group) groupEvents.add(booked.event.uri);
			} catch {
				// A full group event: book a solo call instead.
				const booked = await sim.book({
					eventType: intro.uri,
					invitee,
					startTime: soloStart(),
					questionsAndAnswers,
					tracking,
				} as Parameters<CalendlySimulator['book']>[0]);
				active.set(booked.invitee.uri, { group: false, noShow: false });
			}
		} else if (roll < 0.55) {
			const uri = pick(candidates);
			await sim.cancelInvitee(uri, {
				by: next() < 0.5 ? 'host' : 'invitee',
				reason: next() < 0.5 ? 'Busy' : null,
			});
			active.delete(uri);
		} else if (roll < 0.6 && groupEvents.size > 0) {
			const uri = pick([...groupEvents]);
			groupEvents.delete(uri);
			try {
				const { invitees } = await sim.cancelEvent(uri, { by: 'host', reason: 'Host unavailable' });
				for (const invitee of invitees) active.delete(invitee.uri);
			} catch {
				// already canceled through its last invitee
			}
		} else if (roll < 0.8) {
			const uri = pick(candidates);
			const far = next() < 0.125;
			if (far) w.far++;
			const moved = await sim.reschedule(uri, soloStart(far ? pick([90, 400]) : undefined), {
				order: next() < 0.5 ? 'created-first' : 'canceled-first',
			});
			const was = active.get(uri)!;
			active.delete(uri);
			active.set(moved.newInvitee.uri, { group: was.group, noShow: false });
		} else {
			const unmarked = candidates.filter((uri) => !marked.has(uri));
			if (unmarked.length === 0) continue;
			const uri = pick(unmarked);
			await sim.markNoShow(uri);
			marked.add(uri);
		}
	}
}

/** The deliveries the simulator sent, parsed, in the order sent. */
function liveDeliveries(sim: CalendlySimulator): IDataObject[] {
	expect(sim.deliveries.every((d) => d.ok)).toBe(true);
	return sim.deliveries.map((d) => JSON.parse(d.body) as IDataObject);
}

/** Applies deliveries to a board through syncBooking, as the card node does; returns each action. */
async function apply(board: MemoryBoard, deliveries: IDataObject[]): Promise<string[]> {
	const actions: string[] = [];
	for (const delivery of deliveries) {
		const booking = normalizeBooking(delivery, { timeZone: SETTINGS.timeZone });
		const { plan } = await syncBooking(board, booking, SETTINGS);
		actions.push(plan.skipReason ? `skipped:${plan.skipReason}` : plan.action);
	}
	return actions;
}

const reconcile = async (w: World, extra: IDataObject = {}) =>
	(
		await run(w.sim, w.token, {
			resource: 'scheduledEvent',
			operation: 'reconcile',
			scope: 'organization',
			...extra,
		})
	).map((item) => item.json);

describe('Reconcile rebuilds the live deliveries', () => {
	for (const seed of [1, 2, 3, 4]) {
		describe(`random history (seed ${seed})`, () => {
			let w: World;
			let live: IDataObject[];
			let rebuilt: IDataObject[];
			let requests: string[];
			beforeAll(async () => {
				w = await world();
				await randomHistory(w, seed, 160);
				live = liveDeliveries(w.sim);
				w.sim.requests.length = 0;
				rebuilt = await reconcile(w);
				requests = w.sim.requests.map((r) => r.path);
			}, 60_000);
			afterAll(async () => await close(w));

			it('outputs the same set of deliveries as the webhooks sent, except their envelope times and order', () => {
				const key = (d: IDataObject) =>
					`${d.event as string}|${(d.payload as IDataObject).uri as string}`;
				expect(rebuilt.map(key).sort()).toEqual(live.map(key).sort());
				// Times come from the API's data: each rebuilt envelope is dated like the live one.
				const liveAt = new Map(live.map((d) => [key(d), d.created_at]));
				for (const d of rebuilt)
					expect([key(d), d.created_at]).toEqual([key(d), liveAt.get(key(d))]);
				// The history has every kind of change.
				const kinds = new Set(
					live.map(
						(d) =>
							`${d.event as string}|${(((d.payload as IDataObject).cancellation as IDataObject | undefined)?.canceler_type as string) ?? ''}|${String((d.payload as IDataObject).rescheduled)}`,
					),
				);
				expect(kinds).toEqual(
					new Set([
						'invitee.created||false',
						'invitee.canceled|host|false',
						'invitee.canceled|invitee|false',
						'invitee.canceled|invitee|true',
						'invitee_no_show.created||false',
					]),
				);
			});

			it("rebuilds each payload as Calendly sent it, except the event's seat counter and updated_at", () => {
				// A group event's counter and updated_at change with other invitees' bookings, which the API
				// does not date; the card uses neither.
				const comparable = (d: IDataObject) => {
					const payload = d.payload as IDataObject;
					const {
						invitees_counter: _c,
						updated_at: _u,
						...event
					} = payload.scheduled_event as IDataObject;
					return {
						event: d.event,
						created_at: d.created_at,
						payload: { ...payload, scheduled_event: event },
					};
				};
				const liveByKey = new Map(
					live.map((d) => [
						`${d.event as string}|${(d.payload as IDataObject).uri as string}`,
						comparable(d),
					]),
				);
				for (const d of rebuilt)
					expect(comparable(d)).toEqual(
						liveByKey.get(`${d.event as string}|${(d.payload as IDataObject).uri as string}`),
					);
			});

			it('gives the same board as the live deliveries, bookkeeping columns included', async () => {
				const fromLive = new MemoryBoard();
				await apply(fromLive, live);
				const fromReconcile = new MemoryBoard();
				await apply(fromReconcile, rebuilt);
				expect(fromReconcile.snapshot()).toEqual(fromLive.snapshot());
				expect(fromLive.rows.size).toBeGreaterThan(3);
			});

			it('writes nothing and reports nothing new on a board that is up to date', async () => {
				const board = new MemoryBoard();
				await apply(board, live);
				const before = board.snapshot();
				const callsBefore = board.calls;
				const actions = await apply(board, rebuilt);
				// Deliveries about bookings older than the card keeps are "forgotten": nothing new either.
				expect(
					[...new Set(actions)].filter(
						(action) => action !== 'skipped:duplicate' && action !== 'skipped:forgotten',
					),
				).toEqual([]);
				expect(board.snapshot()).toEqual(before);
				expect(board.calls - callsBefore).toBe(rebuilt.length); // one read each, no write
			});

			it('completes a board that missed a random fifth of the deliveries', async () => {
				const full = new MemoryBoard();
				await apply(full, live);
				const next = random(seed * 7919);
				const kept = live.filter(() => next() >= 0.2);
				expect(kept.length).toBeLessThan(live.length);
				const partial = new MemoryBoard();
				await apply(partial, kept);
				expect(partial.snapshot()).not.toEqual(full.snapshot());
				const actions = await apply(partial, rebuilt);
				expect(partial.snapshot()).toEqual(full.snapshot());
				// What was missing comes out as news; what the board had is Skipped.
				expect(actions.filter((a) => !a.startsWith('skipped')).length).toBeGreaterThan(0);
				// Once more: nothing new.
				expect(
					[...new Set(await apply(partial, rebuilt))].filter(
						(action) => action !== 'skipped:duplicate' && action !== 'skipped:forgotten',
					),
				).toEqual([]);
			});

			it('reads the bookings moved 90 and 400 days ahead through the list, with no upper bound', () => {
				const list = w.sim.requests.filter((r) => r.path === '/scheduled_events');
				expect(list.every((r) => r.query.max_start_time === undefined)).toBe(true);
				const starts = rebuilt.map((d) =>
					Date.parse(
						((d.payload as IDataObject).scheduled_event as IDataObject).start_time as string,
					),
				);
				expect(w.far).toBeGreaterThan(0);
				expect(Math.max(...starts)).toBeGreaterThan(Date.now() + 90 * DAY);
			});

			it('makes 1 + one per 100 events + one per event requests (no reschedule half starts before the window)', () => {
				const pages = requests.filter((p) => p === '/scheduled_events').length;
				const inviteeLists = requests.filter((p) => p.endsWith('/invitees')).length;
				expect(requests.filter((p) => p === '/users/me')).toHaveLength(1);
				expect(pages).toBe(Math.max(1, Math.ceil(inviteeLists / 100)));
				expect(requests).toHaveLength(1 + pages + inviteeLists);
			});
		});
	}
});

describe('Reconcile window', () => {
	let w: World;
	beforeAll(async () => {
		w = await world();
	});
	afterAll(async () => await close(w));

	it('asks Calendly for every event starting from Days Back ago on, with no upper bound, of the chosen owner', async () => {
		w.sim.requests.length = 0;
		const started = Date.now();
		await reconcile(w, { daysBack: 2 });
		const list = w.sim.requests.find((r) => r.path === '/scheduled_events')!;
		expect(list.query).toMatchObject({
			organization: expect.any(String),
			sort: 'start_time:asc',
			count: '100',
		});
		expect(Math.abs(Date.parse(list.query.min_start_time) - (started - 2 * DAY))).toBeLessThan(
			5000,
		);
		expect(list.query).not.toHaveProperty('max_start_time');
	});

	it('refuses a negative number of days, saying how to fix it', async () => {
		await expect(reconcile(w, { daysBack: -1 })).rejects.toThrow(
			"'Days Back' must be a number of days, 0 or more (got -1)",
		);
	});

	it('follows a reschedule from before Days Back (2 requests), and leaves it alone without Follow Reschedules', async () => {
		const owner = w.sim.createUser({ name: 'Bo Host', email: 'bo@example.com', role: 'admin' });
		const intro = w.sim.createEventType({ owner: owner.uri, name: 'Call', duration: 30 });
		const { invitee } = await w.sim.book({
			eventType: intro.uri,
			invitee: { email: 'back@example.com', name: 'Back' },
			startTime: new Date(Date.now() - 40 * DAY).toISOString(),
		});
		await w.sim.reschedule(invitee.uri, new Date(Date.now() + DAY).toISOString());
		w.sim.requests.length = 0;
		const followed = await reconcile(w);
		expect(w.sim.requests.filter((r) => /\/invitees\/[^/]+$/.test(r.path))).toHaveLength(1);
		const notFollowed = await reconcile(w, { options: { followReschedules: false } });
		const events = (items: IDataObject[]) => items.map((d) => d.event).sort();
		expect(events(followed)).toEqual(['invitee.canceled', 'invitee.created', 'invitee.created']);
		expect(events(notFollowed)).toEqual(['invitee.created']);
	});
});

describe('Reconcile of bookings far ahead', () => {
	it('restores bookings 90 and 400 days ahead whose deliveries were lost, with the default settings', async () => {
		const w = await world();
		try {
			const owner = w.sim.createUser({ name: 'Fe Host', email: 'fe@example.com', role: 'admin' });
			const intro = w.sim.createEventType({ owner: owner.uri, name: 'Call', duration: 30 });
			const at = (days: number) =>
				new Date(Math.floor((Date.now() + days * DAY) / HOUR) * HOUR).toISOString();
			const book = async (email: string, days: number) =>
				(
					await w.sim.book({
						eventType: intro.uri,
						invitee: { email, name: email },
						startTime: at(days),
					})
				).invitee.uri;
			const soon = await book('soon@example.com', 5);
			// A worker crashed with every delivery from here on.
			const delivered = w.sim.deliveries.length;
			await book('ninety@example.com', 90);
			await book('year@example.com', 400);
			const canceled = await book('canceled@example.com', 90.5);
			await w.sim.cancelInvitee(canceled, { by: 'invitee' });
			await w.sim.reschedule(soon, at(400.5));
			const live = liveDeliveries(w.sim);
			const full = new MemoryBoard();
			await apply(full, live);
			const partial = new MemoryBoard();
			await apply(partial, live.slice(0, delivered));
			expect(partial.snapshot()).not.toEqual(full.snapshot());

			const actions = await apply(partial, await reconcile(w));
			expect(partial.snapshot()).toEqual(full.snapshot());
			expect(actions.filter((a) => !a.startsWith('skipped')).length).toBeGreaterThan(0);
		} finally {
			await close(w);
		}
	});
});

describe("Reconcile under Calendly's rate limit", () => {
	it('waits for the window to reset on 429 and still returns every delivery', async () => {
		// 30 requests per second stand in for 500 per minute.
		const w = await world({ rateLimit: 30, rateLimitWindowMs: 1000 });
		try {
			const owner = w.sim.createUser({ name: 'Cy Host', email: 'cy@example.com', role: 'admin' });
			const intro = w.sim.createEventType({ owner: owner.uri, name: 'Call', duration: 30 });
			for (let i = 0; i < 70; i++) {
				await w.sim.book({
					eventType: intro.uri,
					invitee: { email: `p${i}@example.com`, name: `P ${i}` },
					startTime: new Date(Math.floor(Date.now() / HOUR) * HOUR + (i + 1) * HOUR).toISOString(),
				});
			}
			w.sim.requests.length = 0;
			const items = await reconcile(w);
			expect(items).toHaveLength(70);
			expect(w.sim.requests.some((r) => r.status === 429)).toBe(true);
		} finally {
			await close(w);
		}
	}, 30_000);
});

/** `count` solo calls an hour apart, starting 25 days ago, by a host of their own; returns the invitee URIs. */
async function hourlyCalls(
	w: World,
	host: string,
	count: number,
	emailOf: (i: number) => string,
): Promise<string[]> {
	const owner = w.sim.createUser({
		name: `${host} Host`,
		email: `${host.toLowerCase()}@example.com`,
		role: 'admin',
	});
	const intro = w.sim.createEventType({ owner: owner.uri, name: 'Call', duration: 30 });
	const base = Math.floor((Date.now() - 25 * DAY) / HOUR) * HOUR;
	const uris: string[] = [];
	for (let i = 0; i < count; i++) {
		w.sim.setNow(new Date(Date.parse('2026-01-01T00:00:00Z') + i * 1000));
		const { invitee } = await w.sim.book({
			eventType: intro.uri,
			invitee: { email: emailOf(i), name: `P ${i}` },
			startTime: new Date(base + i * HOUR).toISOString(),
		});
		uris.push(invitee.uri);
	}
	return uris;
}

describe('Reconcile of 1,000 bookings', () => {
	it('costs 1 + 10 + 1,000 requests (+2 per reschedule half before the window)', async () => {
		const w = await world();
		try {
			const uris = await hourlyCalls(w, 'Di', 1000, (i) => `p${i % 400}@example.com`);
			for (let i = 0; i < 1000; i += 10)
				await w.sim.cancelInvitee(uris[i], { by: i % 20 ? 'host' : 'invitee' });
			for (let i = 5; i < 1000; i += 25) await w.sim.markNoShow(uris[i]);
			w.sim.requests.length = 0;
			const started = Date.now();
			const items = await reconcile(w);
			const elapsed = Date.now() - started;
			const requests = w.sim.requests.length;
			expect(items).toHaveLength(1000 + 100 + 40);
			expect(requests).toBe(1 + 10 + 1000);
			// At 500 requests per minute the transport waits for the window to reset after each 500.
			const minutes = Math.ceil(requests / 500) - 1;
			console.log(
				`reconcile of 1,000 bookings: ${requests} requests, ${elapsed} ms against the simulator without a limit; at 500 requests/minute about ${minutes} minute(s) of waiting plus the requests themselves`,
			);
		} finally {
			await close(w);
		}
	}, 120_000);
});

// At Calendly's real limit (500 requests per minute) this takes over two minutes, so it only runs on
// request: RECONCILE_REAL_LIMIT=1 npx jest test/action/reconcile.test.ts -t 'real rate limit'
const atRealLimit = process.env.RECONCILE_REAL_LIMIT === '1' ? describe : describe.skip;
atRealLimit('Reconcile of 1,000 bookings at the real rate limit', () => {
	it('finishes with every delivery, waiting out each 500-request window', async () => {
		const w = await world({ rateLimit: 500, rateLimitWindowMs: 60_000 });
		try {
			await hourlyCalls(w, 'Ed', 1000, (i) => `p${i}@example.com`);
			// Booking through the simulator's methods costs no API requests; start from a fresh window anyway.
			await new Promise((resolve) => setTimeout(resolve, 61_000));
			w.sim.requests.length = 0;
			const started = Date.now();
			const items = await reconcile(w);
			const elapsed = Date.now() - started;
			const limited = w.sim.requests.filter((r) => r.status === 429).length;
			expect(items).toHaveLength(1000);
			expect(w.sim.requests.length - limited).toBe(1011);
			console.log(
				`reconcile of 1,000 bookings at 500 requests/minute: ${w.sim.requests.length - limited} requests (+${limited} answered 429), ${Math.round(elapsed / 1000)} s`,
			);
		} finally {
			await close(w);
		}
	}, 400_000);
});

/** The credential user's subscription to contact and recap events (recaps allow only user scope). */
async function subscribePeople(w: World): Promise<void> {
	const response = await fetch(`${w.sim.baseUrl}/webhook_subscriptions`, {
		method: 'POST',
		headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			url: `${w.receiver.url}/people`,
			events: [...CONTACT_EVENTS, ...RECAP_EVENTS],
			organization: w.ada.current_organization,
			user: w.ada.uri,
			scope: 'user',
		}),
	});
	expect(response.status).toBe(201);
}

const payloadOf = (d: IDataObject) => d.payload as IDataObject;
const recapUriOf = (d: IDataObject) => (payloadOf(d).recap as IDataObject).uri as string;
const contactUriOf = (d: IDataObject) => (payloadOf(d).contact as IDataObject).uri as string;
/** The latest of the deliveries about each URI. */
const latestBy = (deliveries: IDataObject[], uriOf: (d: IDataObject) => string) =>
	new Map(deliveries.map((d) => [uriOf(d), d]));

describe('Reconcile of contacts and meeting recaps', () => {
	let w: World;
	let live: IDataObject[];
	const uris: Record<string, string> = {};
	const now = Date.now();
	const ago = (days: number) => new Date(now - days * DAY);

	beforeAll(async () => {
		w = await world();
		await subscribePeople(w);
		const { sim, ada } = w;
		const intro = sim.createEventType({ owner: ada.uri, name: 'Intro Call', duration: 30 });
		const book = async (name: string, startDaysAgo: number) => {
			const { event, deliveries } = await sim.book({
				eventType: intro.uri,
				invitee: { email: `${name}@example.com`, name },
				startTime: new Date(Math.floor(ago(startDaysAgo).getTime() / HOUR) * HOUR).toISOString(),
			});
			uris[`${name}Event`] = event.uri;
			const made = deliveries.find((d) => d.event === 'contact.created')!;
			uris[`${name}Contact`] = contactUriOf(JSON.parse(made.body) as IDataObject);
		};
		// 120 contacts last changed before the window: the newest-first list stops at the first of them.
		sim.setNow(ago(50));
		for (let i = 0; i < 120; i++)
			await sim.createContact({ owner: ada.uri, name: `Old ${i}`, email: `old${i}@example.com` });
		sim.setNow(ago(45));
		await book('early', 40);
		sim.setNow(ago(39));
		await sim.createRecap({ event: uris.earlyEvent, summary_md: 'Ended before the window' });
		sim.setNow(ago(20));
		await book('kim', 10);
		await book('lou', 5);
		await book('max', 7);
		const gone = await sim.createContact({ owner: ada.uri, name: 'Gone', email: 'gone@x.com' });
		sim.setNow(ago(10 - 1 / 24));
		uris.kimRecap = (
			await sim.createRecap({
				event: uris.kimEvent,
				summary_md: 'Kim wants a demo.',
				action_items_md: '- Send the pricing sheet',
				discussion_md: '## Needs\nTen seats.',
				share_link: 'https://calendly.com/recaps/kim',
				transcript_text: 'Kim: hello',
			})
		).recap.uri;
		sim.setNow(ago(7 - 1 / 24));
		await sim.createRecap({ event: uris.maxEvent, status: 'processing' });
		const deleted = await sim.createRecap({ event: uris.maxEvent, summary_md: 'Deleted later' });
		sim.setNow(ago(5 - 1 / 24));
		// A recap that lists no attendees: they come from the scheduled event.
		uris.louRecap = (
			await sim.createRecap({ event: uris.louEvent, attendees: [], summary_md: 'Lou is in.' })
		).recap.uri;
		sim.setNow(ago(3));
		await sim.updateRecap(uris.kimRecap, { action_items_md: '- Send the contract' });
		sim.setNow(ago(2));
		uris.coffeeRecap = (
			await sim.createRecap({
				event: null,
				name: 'Coffee',
				startTime: ago(2.1),
				endTime: ago(2.08),
				attendees: [
					{ host: true, user_email: 'ada@example.com', user_name: 'Ada Host' },
					{ host: false, user_email: 'kim@example.com', user_name: 'kim' },
				],
				summary_md: 'Coffee with Kim.',
			})
		).recap.uri;
		await sim.updateContact(uris.kimContact, { company: 'Acme', job_title: 'CTO', city: 'Berlin' });
		sim.setNow(ago(1));
		await sim.updateContact(uris.earlyContact, { company: 'Early Inc' });
		await sim.deleteContact(gone.contact.uri);
		await sim.deleteRecap(deleted.recap.uri);
		sim.setNow(new Date(now));
		live = liveDeliveries(sim);
	}, 60_000);
	afterAll(async () => await close(w));

	const ofKind = (items: IDataObject[], prefix: string) =>
		items.filter((d) => (d.event as string).startsWith(prefix));

	it('outputs only bookings and asks for no contacts or recaps with both options off', async () => {
		w.sim.requests.length = 0;
		const items = await reconcile(w);
		expect(new Set(items.map((d) => d.event))).toEqual(new Set(['invitee.created']));
		expect(
			w.sim.requests.filter(
				(r) => r.path.startsWith('/contacts') || r.path.startsWith('/meeting_recaps'),
			),
		).toEqual([]);
	});

	it('restores the recaps of meetings that ended in the window, with texts and attendees, as Calendly delivered them', async () => {
		w.sim.requests.length = 0;
		const items = await reconcile(w, { options: { includeMeetingRecaps: true } });
		const recaps = ofKind(items, 'meeting_recap.');
		// After the bookings, whose cards they go on.
		expect(items.slice(-recaps.length)).toEqual(recaps);
		expect(recaps.map(recapUriOf).sort()).toEqual(
			[uris.kimRecap, uris.louRecap, uris.coffeeRecap].sort(),
		);
		const parsed = new Map(recaps.map((d) => [recapUriOf(d), normalizeRecap(d)]));
		expect(parsed.get(uris.kimRecap)).toMatchObject({
			event: 'meeting_recap.created',
			eventUri: uris.kimEvent,
			meetingName: 'Intro Call',
			summary: 'Kim wants a demo.',
			actionItems: '- Send the contract',
			discussion: '## Needs\nTen seats.',
			shareLink: 'https://calendly.com/recaps/kim',
			attendees: [
				{ email: 'ada@example.com', name: 'Ada Host', host: true },
				{ email: 'kim@example.com', name: 'kim', host: false },
			],
		});
		// Built from the scheduled event's hosts and invitees.
		expect(parsed.get(uris.louRecap)).toMatchObject({
			summary: 'Lou is in.',
			attendees: [
				{ email: 'ada@example.com', name: 'Ada Host', host: true },
				{ email: 'lou@example.com', name: 'lou', host: false },
			],
		});
		expect(parsed.get(uris.coffeeRecap)).toMatchObject({ eventUri: null, meetingName: 'Coffee' });
		// The meeting and the recap as the latest live delivery carried them, dated by the recap's updated_at.
		const latest = latestBy(ofKind(live, 'meeting_recap.'), recapUriOf);
		for (const uri of [uris.kimRecap, uris.coffeeRecap]) {
			const rebuilt = recaps.find((d) => recapUriOf(d) === uri)!;
			const { event, recap } = payloadOf(latest.get(uri)!);
			expect([payloadOf(rebuilt).event, payloadOf(rebuilt).recap]).toEqual([event, recap]);
			expect(rebuilt.created_at).toBe((recap as IDataObject).updated_at);
		}
		const list = w.sim.requests.filter((r) => r.path === '/meeting_recaps');
		expect(list).toHaveLength(1);
		expect(list[0].query).toMatchObject({ status: 'available' });
		expect(Math.abs(Date.parse(list[0].query.start_time) - (Date.now() - 30 * DAY))).toBeLessThan(
			60_000,
		);
		// One read per recap for the highlights; the scheduled event and its invitees for Lou's.
		expect(w.sim.requests.filter((r) => /^\/meeting_recaps\/[^/]+$/.test(r.path))).toHaveLength(3);
		expect(
			w.sim.requests.filter((r) => r.path === `/scheduled_events/${uuidOf(uris.louEvent)}`),
		).toHaveLength(1);
	});

	it('skips a recap deleted between the list and its read', async () => {
		w.sim.injectFault({
			method: 'GET',
			path: `/meeting_recaps/${uuidOf(uris.kimRecap)}`,
			status: 404,
		});
		const items = await reconcile(w, { options: { includeMeetingRecaps: true } });
		expect(ofKind(items, 'meeting_recap.').map(recapUriOf).sort()).toEqual(
			[uris.louRecap, uris.coffeeRecap].sort(),
		);
	});

	it('restores the contacts changed in the window as contact.updated, reading one page of the newest first', async () => {
		w.sim.requests.length = 0;
		const items = await reconcile(w, { options: { includeContacts: true } });
		const contacts = ofKind(items, 'contact.');
		expect(new Set(contacts.map((d) => d.event))).toEqual(new Set(['contact.updated']));
		// Not the 120 older ones, not the deleted one.
		expect(contacts.map(contactUriOf).sort()).toEqual(
			[uris.kimContact, uris.louContact, uris.maxContact, uris.earlyContact].sort(),
		);
		const latest = latestBy(ofKind(live, 'contact.'), contactUriOf);
		// What a card takes from a contact is what the latest live delivery gave.
		const shown = (d: IDataObject) => {
			const {
				event: _e,
				ownerUuid: _o,
				nextMeeting: _n,
				lastMeeting: _l,
				...rest
			} = normalizeContact(d);
			return rest;
		};
		for (const d of contacts) {
			expect(d.created_at).toBe((payloadOf(d).contact as IDataObject).updated_at);
			expect(payloadOf(d).contact).not.toHaveProperty('app_url');
			expect(shown(d)).toEqual(shown(latest.get(contactUriOf(d))!));
		}
		expect(
			normalizeContact(contacts.find((d) => contactUriOf(d) === uris.kimContact)),
		).toMatchObject({
			company: 'Acme',
			jobTitle: 'CTO',
			location: 'Berlin',
			ownerUuid: null,
		});
		const list = w.sim.requests.filter((r) => r.path === '/contacts');
		expect(list).toHaveLength(1);
		expect(list[0].query).toMatchObject({ sort: 'updated_at:desc', count: '100' });
	});
});

describe('Reconcile of contacts and meeting recaps, through Calendly to Card', () => {
	const card = cardNodeOnFake();
	const both = { options: { includeContacts: true, includeMeetingRecaps: true } };
	let w: World;
	let live: IDataObject[];
	let rebuilt: IDataObject[];
	beforeAll(async () => {
		w = await world();
		await subscribePeople(w);
		const { sim, ada } = w;
		let clock = Date.now() - DAY;
		const tick = () => sim.setNow(new Date((clock += 60_000)));
		tick();
		const intro = sim.createEventType({ owner: ada.uri, name: 'Intro Call', duration: 30 });
		const book = async (name: string, daysAgo: number) =>
			await sim.book({
				eventType: intro.uri,
				invitee: { email: `${name}@example.com`, name },
				startTime: new Date(Math.floor((Date.now() - daysAgo * DAY) / HOUR) * HOUR).toISOString(),
			});
		const kim = await book('kim', 3);
		const lou = await book('lou', 2);
		tick();
		const contact = kim.deliveries.find((d) => d.event === 'contact.created')!;
		await sim.updateContact(contactUriOf(JSON.parse(contact.body) as IDataObject), {
			company: 'Acme',
			job_title: 'CTO',
		});
		tick();
		const { recap } = await sim.createRecap({
			event: kim.event.uri,
			summary_md: 'Kim wants a demo.',
			action_items_md: '- Send the pricing sheet',
			share_link: 'https://calendly.com/recaps/kim',
		});
		tick();
		await sim.updateRecap(recap.uri, { action_items_md: '- Send the contract' });
		await sim.createRecap({ event: lou.event.uri, summary_md: 'Lou is in.' });
		live = liveDeliveries(sim);
		rebuilt = await reconcile(w, both);
	}, 30_000);
	afterAll(async () => await close(w));

	const isBooking = (d: IDataObject) => INVITEE_EVENTS.includes(d.event as string);
	/** The board without the times of writing (the activity log's lines keep their text). */
	const board = () =>
		card.rows().map((row): IDataObject => {
			const { createdAt: _c, updatedAt: _u, activity, ...columns } = row as IDataObject;
			const lines = String(activity).split('\n');
			return { ...columns, activity: lines.map((line) => line.replace(/^[^·]*· /, '')) };
		});

	it('writes nothing on a board that has every live delivery: all come out Skipped as duplicate', async () => {
		expect(rebuilt.filter((d) => !isBooking(d)).map((d) => d.event)).toEqual([
			'contact.updated',
			'contact.updated',
			'meeting_recap.created',
			'meeting_recap.created',
		]);
		await card.run(live);
		const before = card.rows();
		const [created, updated, canceled, skipped] = await card.run(rebuilt);
		expect([created.length, updated.length, canceled.length]).toEqual([0, 0, 0]);
		expect(new Set(skipped.map((item) => item.json.skipReason))).toEqual(new Set(['duplicate']));
		expect(card.rows()).toEqual(before);
	});

	it('gives a board that missed every contact and recap delivery the cards the live deliveries gave', async () => {
		await card.run(live);
		const full = board();
		expect(full.map((row) => [row.email, row.company, row.recapSummary])).toEqual([
			['kim@example.com', 'Acme', 'Kim wants a demo.'],
			['lou@example.com', null, 'Lou is in.'],
		]);
		card.fake.tables.clear();
		forgetProcessMemory();
		await card.run(live.filter(isBooking));
		expect(board()).not.toEqual(full);
		const [, updated] = await card.run(rebuilt);
		expect(updated.length).toBeGreaterThan(0);
		expect(board()).toEqual(full);
	});
});

describe('Reconcile of contacts and meeting recaps that Calendly refuses', () => {
	const BASE_SCOPES = ['users:read', 'scheduled_events:read'];
	const parameters = (options: IDataObject) => ({
		resource: 'scheduledEvent',
		operation: 'reconcile',
		scope: 'organization',
		options,
	});
	const reconcileWith = (w: World, token: string, options: IDataObject) =>
		run(w.sim, token, parameters(options));
	const refusal = (w: World, token: string, options: IDataObject) =>
		runError(w.sim, token, parameters(options));
	let w: World;
	let free: World;
	beforeAll(async () => {
		w = await world();
		free = await world({ rateLimit: 1_000_000, plan: 'free' });
		for (const { sim, ada } of [w, free]) {
			sim.setNow(new Date());
			const intro = sim.createEventType({ owner: ada.uri, name: 'Call', duration: 30 });
			await sim.book({
				eventType: intro.uri,
				invitee: { email: 'kim@example.com', name: 'Kim' },
				startTime: new Date(Math.floor(Date.now() / HOUR) * HOUR + DAY).toISOString(),
			});
		}
	});
	afterAll(async () => {
		await close(w);
		await close(free);
	});

	it('fails on a plan without Calendly Notetaker, naming the plan and the option, before reading any booking', async () => {
		free.sim.requests.length = 0;
		const error = await refusal(free, free.token, { includeMeetingRecaps: true });
		expect(error.message).toMatch(
			/Calendly Notetaker, which this Calendly account's plan does not include/,
		);
		expect(error.description).toMatch(/paid Calendly plan/);
		expect(error.description).toMatch(/turn off 'Include Meeting Recaps' under Options/);
		expect(free.sim.requests.map((r) => r.path)).toEqual(['/users/me', '/meeting_recaps']);
		// The bookings and the contacts (every plan) without it.
		const items = json(await reconcileWith(free, free.token, { includeContacts: true }));
		expect(items.map((d) => d.event)).toEqual(['invitee.created', 'contact.updated']);
	});

	it('fails for a token without contacts:read, naming the scope and the option', async () => {
		const token = w.sim.issueToken({
			user: w.ada.uri,
			scopes: [...BASE_SCOPES, 'meeting_recaps:read'],
		});
		const error = await refusal(w, token, { includeContacts: true, includeMeetingRecaps: true });
		expect(error.message).toBe(
			'The Calendly token lacks the scope contacts:read needed for GET /contacts.',
		);
		expect(error.description).toMatch(/turn off 'Include Contacts' under Options/);
		const items = json(await reconcileWith(w, token, { includeMeetingRecaps: true }));
		expect(items.map((d) => d.event)).toEqual(['invitee.created']);
	});

	it('fails for a token without meeting_recaps:read, naming the scope and the option', async () => {
		const token = w.sim.issueToken({ user: w.ada.uri, scopes: [...BASE_SCOPES, 'contacts:read'] });
		const error = await refusal(w, token, { includeMeetingRecaps: true });
		expect(error.message).toBe(
			'The Calendly token lacks the scope meeting_recaps:read needed for GET /meeting_recaps.',
		);
		expect(error.description).toMatch(/turn off 'Include Meeting Recaps' under Options/);
	});
});
