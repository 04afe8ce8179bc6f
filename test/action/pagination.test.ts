// Lists that span several Calendly pages: Return All follows next_page_token with the same filters,
// and a limit stops reading as soon as it is reached.
import { CalendlySimulator, type SimUser } from '../simulator';
import { byUrl, json, run } from './setup';

const HOUR = 3600000;

describe('Calendly action node pagination', () => {
	const sim = new CalendlySimulator();
	let cara: SimUser;
	let token: string;
	let groupEvent: string;

	beforeAll(async () => {
		await sim.start();
		cara = sim.createUser({ name: 'Cara', email: 'cara@example.com', role: 'owner' });
		token = sim.issueToken({ user: cara.uri, scopes: 'all' });
		for (let i = 0; i < 230; i++) {
			sim.createEventType({
				owner: cara.uri,
				name: `Type ${String(i).padStart(3, '0')}`,
				active: i % 10 !== 0,
			});
		}
		const solo = sim.createEventType({ owner: cara.uri, name: 'Solo', duration: 30 });
		const base = Date.UTC(2027, 0, 4, 9);
		for (let i = 0; i < 250; i++) {
			await sim.book({
				eventType: solo.uri,
				invitee: { email: i % 2 ? 'odd@example.com' : `even${i}@example.com`, name: `Guest ${i}` },
				startTime: new Date(base + i * HOUR).toISOString(),
			});
		}
		const group = sim.createEventType({
			owner: cara.uri,
			name: 'Webinar',
			kind: 'group',
			seats: 500,
		});
		for (let i = 0; i < 130; i++) {
			const { event } = await sim.book({
				eventType: group.uri,
				invitee: { email: `attendee${i}@example.com`, name: `Attendee ${i}` },
				startTime: '2027-03-01T15:00:00Z',
			});
			groupEvent = event.uri;
		}
	});
	afterAll(async () => sim.stop());
	beforeEach(() => {
		sim.requests.length = 0;
	});

	const pageCalls = (path: string) => sim.requests.filter((r) => r.path === path);

	it('returns all event types across three pages, keeping the filters on each', async () => {
		const active = json(
			await run(sim, token, {
				resource: 'eventType',
				operation: 'getAll',
				returnAll: true,
				filters: { activeOnly: true },
				options: { sort: 'name:desc' },
			}),
		);
		expect(active).toHaveLength(209); // 207 active 'Type' ones, Solo and Webinar
		expect(active.slice(0, 3).map((t) => t.name)).toEqual(['Webinar', 'Type 229', 'Type 228']);
		expect(new Set(active.map((t) => t.uri)).size).toBe(209);
		const calls = pageCalls('/event_types');
		expect(calls).toHaveLength(3);
		for (const call of calls)
			expect(call.query).toMatchObject({
				user: cara.uri,
				active: 'true',
				sort: 'name:desc',
				count: '100',
			});
		expect(calls[0].query.page_token).toBeUndefined();
		expect(calls[1].query.page_token).toBeTruthy();
		expect(calls[2].query.page_token).toBeTruthy();
	});

	it('stops reading pages once the limit is reached', async () => {
		const some = await run(sim, token, {
			resource: 'eventType',
			operation: 'getAll',
			returnAll: false,
			limit: 150,
		});
		expect(some).toHaveLength(150);
		expect(pageCalls('/event_types')).toHaveLength(2);
	});

	it('returns all scheduled events across pages, in start order', async () => {
		const events = json(
			await run(sim, token, { resource: 'scheduledEvent', operation: 'getAll', returnAll: true }),
		);
		expect(events).toHaveLength(251);
		const starts = events.map((e) => Date.parse(e.start_time as string));
		expect(starts).toEqual([...starts].sort((a, b) => a - b));
		expect(pageCalls('/scheduled_events')).toHaveLength(3);
	});

	it('returns all invitees of a large group event', async () => {
		const invitees = json(
			await run(sim, token, {
				resource: 'invitee',
				operation: 'getAll',
				scheduledEvent: byUrl(groupEvent),
				returnAll: true,
			}),
		);
		expect(invitees).toHaveLength(130);
		expect(invitees[129].email).toBe('attendee129@example.com');
		expect(sim.requests.filter((r) => r.path.endsWith('/invitees'))).toHaveLength(2);
	});

	it('finds bookings by email across several pages of events', async () => {
		const bookings = json(
			await run(sim, token, {
				resource: 'invitee',
				operation: 'findBookingsByEmail',
				email: 'odd@example.com',
				returnAll: true,
			}),
		);
		expect(bookings).toHaveLength(125);
		expect(bookings.every((b) => b.email === 'odd@example.com')).toBe(true);
		expect(pageCalls('/scheduled_events')).toHaveLength(2);
		for (const call of pageCalls('/scheduled_events'))
			expect(call.query.invitee_email).toBe('odd@example.com');
	});
});
