// Every operation of the Calendly action node, run through n8n's real execution context against the
// Calendly simulator.
import type { IDataObject } from 'n8n-workflow';

import type { EventType, Invitee, ScheduledEvent } from '../../nodes/shared/calendly/types';
import { CalendlySimulator, type SimUser } from '../simulator';
import { byId, byUrl, fromList, json, run, runError, uuidOf } from './setup';

const DAY = 86400000;
/** A weekday 09:00 UTC at least `days` days ahead, so slots and cancellations are in the future. */
function futureSlot(days: number, hour = 9): string {
	const date = new Date(Date.now() + days * DAY);
	while (date.getUTCDay() === 0 || date.getUTCDay() === 6) date.setTime(date.getTime() + DAY);
	date.setUTCHours(hour, 0, 0, 0);
	return date.toISOString();
}

describe('Calendly action node operations', () => {
	const sim = new CalendlySimulator();
	let ada: SimUser; // organization owner
	let ben: SimUser; // plain member
	let adaToken: string;
	let benToken: string;
	let intro: EventType;
	let workshop: EventType;
	let oldType: EventType;
	let benType: EventType;

	beforeAll(async () => {
		await sim.start();
		ada = sim.createUser({ name: 'Ada Host', email: 'ada@example.com', role: 'owner' });
		ben = sim.createUser({ name: 'Ben Member', email: 'ben@example.com', role: 'user' });
		sim.createUser({ name: 'Cy Admin', email: 'cy@example.com', role: 'admin' });
		adaToken = sim.issueToken({ user: ada.uri, scopes: 'all' });
		benToken = sim.issueToken({ user: ben.uri, scopes: 'all' });
		intro = sim.createEventType({ owner: ada.uri, name: 'Intro Call', duration: 30 });
		workshop = sim.createEventType({
			owner: ada.uri,
			name: 'Workshop',
			duration: 60,
			kind: 'group',
			seats: 5,
		});
		oldType = sim.createEventType({
			owner: ada.uri,
			name: 'Archived Demo',
			duration: 15,
			active: false,
		});
		benType = sim.createEventType({ owner: ben.uri, name: 'Ben Consult', duration: 45 });
	});
	afterAll(async () => sim.stop());
	beforeEach(() => {
		sim.clearFaults();
		sim.requests.length = 0;
	});

	describe('User', () => {
		it('gets the current user', async () => {
			const [me] = json(await run(sim, adaToken, { resource: 'user', operation: 'getMe' }));
			expect(me).toMatchObject({
				uri: ada.uri,
				email: 'ada@example.com',
				current_organization: ada.current_organization,
			});
		});

		it.each([
			['ID', () => byId(uuidOf(ben.uri))],
			['URL', () => byUrl(ben.uri)],
			['list value', () => fromList(ben.uri)],
			['URI given as ID', () => byId(ben.uri)],
		])('gets a user chosen by %s', async (_mode, user) => {
			const [found] = json(
				await run(sim, adaToken, { resource: 'user', operation: 'get', user: user() }),
			);
			expect(found).toMatchObject({ uri: ben.uri, name: 'Ben Member' });
			expect(sim.requests.map((r) => r.path)).toContain(`/users/${uuidOf(ben.uri)}`);
		});

		it('refuses a link that is not a user URI before calling Calendly', async () => {
			const error = await runError(sim, adaToken, {
				resource: 'user',
				operation: 'get',
				user: byId('https://calendly.com/ben'),
			});
			expect(error.message).toBe("'https://calendly.com/ben' is not a Calendly user URI");
			expect(error.description).toMatch(/"uri" field/);
			expect(sim.requests).toHaveLength(0);
		});
	});

	describe('Organization membership', () => {
		it('lists all memberships of the organization', async () => {
			const rows = json(
				await run(sim, benToken, {
					resource: 'organizationMembership',
					operation: 'getAll',
					returnAll: true,
				}),
			);
			expect(rows.map((m) => (m.user as IDataObject).email).sort()).toEqual([
				'ada@example.com',
				'ben@example.com',
				'cy@example.com',
			]);
			expect(
				sim.requests.find((r) => r.path === '/organization_memberships')?.query.organization,
			).toBe(ben.current_organization);
		});

		it('filters by role and email and honours the limit', async () => {
			const owners = json(
				await run(sim, adaToken, {
					resource: 'organizationMembership',
					operation: 'getAll',
					returnAll: true,
					filters: { role: 'owner' },
				}),
			);
			expect(owners.map((m) => m.role)).toEqual(['owner']);
			const byEmail = json(
				await run(sim, adaToken, {
					resource: 'organizationMembership',
					operation: 'getAll',
					returnAll: true,
					filters: { email: 'cy@example.com' },
				}),
			);
			expect(byEmail.map((m) => (m.user as IDataObject).name)).toEqual(['Cy Admin']);
			const limited = await run(sim, adaToken, {
				resource: 'organizationMembership',
				operation: 'getAll',
				returnAll: false,
				limit: 2,
			});
			expect(limited).toHaveLength(2);
		});
	});

	describe('Event type', () => {
		it('gets an event type by URL', async () => {
			const [found] = json(
				await run(sim, adaToken, {
					resource: 'eventType',
					operation: 'get',
					eventType: byUrl(intro.uri as string),
				}),
			);
			expect(found).toMatchObject({ uri: intro.uri, name: 'Intro Call', duration: 30 });
		});

		it("lists the current user's event types by default, sorted, optionally active only", async () => {
			const all = json(
				await run(sim, benToken, { resource: 'eventType', operation: 'getAll', returnAll: true }),
			);
			expect(all.map((t) => t.name)).toEqual(['Ben Consult']);
			const mine = json(
				await run(sim, adaToken, {
					resource: 'eventType',
					operation: 'getAll',
					returnAll: true,
					options: { sort: 'name:desc' },
				}),
			);
			expect(mine.map((t) => t.name)).toEqual(['Workshop', 'Intro Call', 'Archived Demo']);
			const active = json(
				await run(sim, adaToken, {
					resource: 'eventType',
					operation: 'getAll',
					returnAll: true,
					filters: { activeOnly: true },
				}),
			);
			expect(active.map((t) => t.name)).toEqual(['Intro Call', 'Workshop']);
			expect(sim.requests.find((r) => r.query.active)?.query).toMatchObject({
				user: ada.uri,
				active: 'true',
			});
			expect(active.map((t) => t.uri)).not.toContain(oldType.uri);
		});

		it("lists another user's or the whole organization's event types for an admin", async () => {
			const bens = json(
				await run(sim, adaToken, {
					resource: 'eventType',
					operation: 'getAll',
					returnAll: true,
					scope: 'user',
					user: byId(uuidOf(ben.uri)),
				}),
			);
			expect(bens.map((t) => t.uri)).toEqual([benType.uri]);
			const org = json(
				await run(sim, adaToken, {
					resource: 'eventType',
					operation: 'getAll',
					returnAll: true,
					scope: 'organization',
				}),
			);
			expect(org).toHaveLength(4);
		});

		describe('available times', () => {
			it('lists open slots in a range', async () => {
				const start = futureSlot(2, 0);
				const end = new Date(Date.parse(start) + 2 * DAY).toISOString();
				const slots = json(
					await run(sim, adaToken, {
						resource: 'eventType',
						operation: 'getAvailableTimes',
						eventType: byId(uuidOf(intro.uri as string)),
						startTime: start,
						endTime: end,
					}),
				);
				expect(slots.length).toBeGreaterThan(0);
				for (const slot of slots) {
					expect(slot.status).toBe('available');
					expect(Date.parse(slot.start_time as string)).toBeGreaterThanOrEqual(Date.parse(start));
					expect(Date.parse(slot.start_time as string)).toBeLessThan(Date.parse(end));
				}
				const call = sim.requests.find((r) => r.path === '/event_type_available_times');
				expect(call?.query).toMatchObject({
					event_type: intro.uri,
					start_time: new Date(start).toISOString(),
					end_time: end,
				});
			});

			it.each([
				[
					'a start in the past',
					-DAY,
					DAY,
					/^Start Time .* is in the past; Calendly only lists available times from now on/,
				],
				['an end before the start', 2 * DAY, DAY, /^End Time .* is not after Start Time/],
				[
					'a range over 31 days',
					DAY,
					33 * DAY,
					/is longer than 31 days, the most Calendly returns at once/,
				],
			])('refuses %s without calling Calendly', async (_case, startOffset, endOffset, message) => {
				const now = Date.now();
				const error = await runError(sim, adaToken, {
					resource: 'eventType',
					operation: 'getAvailableTimes',
					eventType: byId(uuidOf(intro.uri as string)),
					startTime: new Date(now + startOffset).toISOString(),
					endTime: new Date(now + endOffset).toISOString(),
				});
				expect(error.message).toMatch(message);
				expect(sim.requests.filter((r) => r.path === '/event_type_available_times')).toHaveLength(
					0,
				);
			});

			it('refuses text that is not a date', async () => {
				const error = await runError(sim, adaToken, {
					resource: 'eventType',
					operation: 'getAvailableTimes',
					eventType: byId('x'),
					startTime: 'next tuesday',
					endTime: futureSlot(3),
				});
				expect(error.message).toBe("Start Time 'next tuesday' is not a date and time");
			});
		});
	});

	describe('Scheduled event and invitee', () => {
		const events: Record<string, ScheduledEvent> = {};
		const invitees: Record<string, Invitee> = {};

		beforeAll(async () => {
			const book = async (
				key: string,
				eventType: EventType,
				email: string,
				name: string,
				start: string,
			) => {
				const result = await sim.book({
					eventType: eventType.uri as string,
					invitee: { email, name },
					startTime: start,
				});
				events[key] = result.event;
				invitees[key] = result.invitee;
			};
			await book('first', intro, 'zoe@example.com', 'Zoe Client', futureSlot(3, 9));
			await book('second', intro, 'yan@example.com', 'Yan Client', futureSlot(4, 10));
			await book('third', intro, 'Zoe@Example.com', 'Zoe Client', futureSlot(5, 11));
			await book('groupA', workshop, 'xia@example.com', 'Xia Group', futureSlot(6, 13));
			await book('groupB', workshop, 'zoe@example.com', 'Zoe Client', futureSlot(6, 13));
			await book('ben', benType, 'wu@example.com', 'Wu Client', futureSlot(3, 14));
			await book(
				'past',
				intro,
				'vic@example.com',
				'Vic Past',
				new Date(Date.now() - 3 * DAY).toISOString(),
			);
			await sim.cancelInvitee(invitees.second.uri as string, { by: 'invitee', reason: 'Conflict' });
		});

		it('gets a scheduled event', async () => {
			const [event] = json(
				await run(sim, adaToken, {
					resource: 'scheduledEvent',
					operation: 'get',
					scheduledEvent: byId(uuidOf(events.first.uri as string)),
				}),
			);
			expect(event).toMatchObject({ uri: events.first.uri, name: 'Intro Call', status: 'active' });
		});

		it("lists the current user's events sorted by start time, with filters", async () => {
			const all = json(
				await run(sim, adaToken, {
					resource: 'scheduledEvent',
					operation: 'getAll',
					returnAll: true,
				}),
			);
			expect(all.map((e) => e.uri)).toEqual(
				['past', 'first', 'second', 'third', 'groupA'].map((k) => events[k].uri),
			);
			expect(sim.requests[1].query).toMatchObject({
				user: ada.uri,
				sort: 'start_time:asc',
				count: '100',
			});

			const canceled = json(
				await run(sim, adaToken, {
					resource: 'scheduledEvent',
					operation: 'getAll',
					returnAll: true,
					filters: { status: 'canceled' },
				}),
			);
			expect(canceled.map((e) => e.uri)).toEqual([events.second.uri]);

			const zoe = json(
				await run(sim, adaToken, {
					resource: 'scheduledEvent',
					operation: 'getAll',
					returnAll: true,
					filters: { inviteeEmail: 'zoe@example.com' },
					options: { sort: 'start_time:desc' },
				}),
			);
			expect(zoe.map((e) => e.uri)).toEqual(['groupA', 'third', 'first'].map((k) => events[k].uri));

			const ranged = json(
				await run(sim, adaToken, {
					resource: 'scheduledEvent',
					operation: 'getAll',
					returnAll: true,
					filters: { minStartTime: events.first.start_time, maxStartTime: events.third.start_time },
				}),
			);
			expect(ranged.map((e) => e.uri)).toEqual(
				['first', 'second', 'third'].map((k) => events[k].uri),
			);

			const limited = json(
				await run(sim, adaToken, {
					resource: 'scheduledEvent',
					operation: 'getAll',
					returnAll: false,
					limit: 2,
				}),
			);
			expect(limited).toHaveLength(2);
		});

		it('lists the organization for an owner and a chosen user within it', async () => {
			const org = json(
				await run(sim, adaToken, {
					resource: 'scheduledEvent',
					operation: 'getAll',
					returnAll: true,
					scope: 'organization',
				}),
			);
			expect(org).toHaveLength(6);
			expect(sim.requests[1].query).toEqual(
				expect.objectContaining({ organization: ada.current_organization }),
			);
			expect(sim.requests[1].query.user).toBeUndefined();
			const bens = json(
				await run(sim, adaToken, {
					resource: 'scheduledEvent',
					operation: 'getAll',
					returnAll: true,
					scope: 'user',
					user: fromList(ben.uri),
				}),
			);
			expect(bens.map((e) => e.uri)).toEqual([events.ben.uri]);
		});

		it('tells a member that organization-wide listing needs an admin role', async () => {
			const error = await runError(sim, benToken, {
				resource: 'scheduledEvent',
				operation: 'getAll',
				returnAll: true,
				scope: 'organization',
			});
			expect(error.httpCode).toBe('403');
			expect(error.message).toMatch(/^Calendly refused permission for GET \/scheduled_events\./);
			expect(error.description).toMatch(/owner or admin/);
		});

		it('cancels a future event with a reason', async () => {
			const [cancellation] = json(
				await run(sim, adaToken, {
					resource: 'scheduledEvent',
					operation: 'cancel',
					scheduledEvent: byUrl(events.third.uri as string),
					reason: '  Host is ill  ',
				}),
			);
			expect(cancellation).toMatchObject({
				canceler_type: 'host',
				reason: 'Host is ill',
				canceled_by: 'Ada Host',
			});
			const post = sim.requests.find((r) => r.method === 'POST');
			expect(post).toMatchObject({
				path: `/scheduled_events/${uuidOf(events.third.uri as string)}/cancellation`,
				body: { reason: 'Host is ill' },
				status: 201,
			});
			const [after] = json(
				await run(sim, adaToken, {
					resource: 'scheduledEvent',
					operation: 'get',
					scheduledEvent: byId(events.third.uri as string),
				}),
			);
			expect(after.status).toBe('canceled');
		});

		it.each([
			['past', 'Event in the past'],
			['second', 'Event is already canceled'],
		])("passes Calendly's refusal to cancel the %s event through", async (key, said) => {
			const error = await runError(sim, adaToken, {
				resource: 'scheduledEvent',
				operation: 'cancel',
				scheduledEvent: byId(uuidOf(events[key].uri as string)),
			});
			expect(error.httpCode).toBe('403');
			expect(error.message).toContain(`Calendly said: "${said}"`);
			expect(error.description).toBe(
				'Calendly only cancels events that are still active and have not started yet.',
			);
			expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
		});

		it('gets an invitee by its URI alone or by event plus ID', async () => {
			const [byUri] = json(
				await run(sim, adaToken, {
					resource: 'invitee',
					operation: 'get',
					invitee: byUrl(invitees.groupB.uri as string),
				}),
			);
			expect(byUri).toMatchObject({
				uri: invitees.groupB.uri,
				email: 'zoe@example.com',
				event: events.groupA.uri,
			});
			const [byIds] = json(
				await run(sim, adaToken, {
					resource: 'invitee',
					operation: 'get',
					scheduledEvent: byId(uuidOf(events.groupA.uri as string)),
					invitee: byId(uuidOf(invitees.groupA.uri as string)),
				}),
			);
			expect(byIds).toMatchObject({ uri: invitees.groupA.uri, name: 'Xia Group' });
		});

		it('asks for the event when an invitee is given by ID alone', async () => {
			const error = await runError(sim, adaToken, {
				resource: 'invitee',
				operation: 'get',
				invitee: byId(uuidOf(invitees.groupA.uri as string)),
			});
			expect(error.message).toBe('No scheduled event chosen for the invitee ID');
			expect(error.description).toMatch(/full URI, which names its event/);
		});

		it('lists the invitees of an event with filters', async () => {
			const eventParam = byId(events.groupA.uri as string);
			const all = json(
				await run(sim, adaToken, {
					resource: 'invitee',
					operation: 'getAll',
					scheduledEvent: eventParam,
					returnAll: true,
				}),
			);
			expect(all.map((i) => i.email)).toEqual(['xia@example.com', 'zoe@example.com']);
			const newest = json(
				await run(sim, adaToken, {
					resource: 'invitee',
					operation: 'getAll',
					scheduledEvent: eventParam,
					returnAll: true,
					options: { sort: 'created_at:desc' },
				}),
			);
			expect(newest.map((i) => i.email)).toEqual(['zoe@example.com', 'xia@example.com']);
			const one = json(
				await run(sim, adaToken, {
					resource: 'invitee',
					operation: 'getAll',
					scheduledEvent: eventParam,
					returnAll: true,
					filters: { email: 'xia@example.com', status: 'active' },
				}),
			);
			expect(one.map((i) => i.uri)).toEqual([invitees.groupA.uri]);
		});

		it("finds a person's bookings across events, with their events, in a range", async () => {
			const found = json(
				await run(sim, adaToken, {
					resource: 'invitee',
					operation: 'findBookingsByEmail',
					email: ' ZOE@example.com ',
					returnAll: true,
				}),
			);
			expect(found.map((b) => b.uri)).toEqual([
				invitees.first.uri,
				invitees.third.uri,
				invitees.groupB.uri,
			]);
			for (const booking of found) {
				expect((booking.scheduled_event as IDataObject).uri).toBe(booking.event);
				expect((booking.email as string).toLowerCase()).toBe('zoe@example.com');
			}
			const ranged = json(
				await run(sim, adaToken, {
					resource: 'invitee',
					operation: 'findBookingsByEmail',
					email: 'zoe@example.com',
					returnAll: true,
					filters: { minStartTime: events.third.start_time },
				}),
			);
			expect(ranged.map((b) => b.uri)).toEqual([invitees.third.uri, invitees.groupB.uri]);
			const limited = json(
				await run(sim, adaToken, {
					resource: 'invitee',
					operation: 'findBookingsByEmail',
					email: 'zoe@example.com',
					returnAll: false,
					limit: 1,
				}),
			);
			expect(limited.map((b) => b.uri)).toEqual([invitees.first.uri]);
			expect(
				await run(sim, adaToken, {
					resource: 'invitee',
					operation: 'findBookingsByEmail',
					email: 'nobody@example.com',
					returnAll: true,
				}),
			).toEqual([]);
		});

		it('refuses an email without @ in find bookings', async () => {
			const error = await runError(sim, adaToken, {
				resource: 'invitee',
				operation: 'findBookingsByEmail',
				email: 'zoe',
			});
			expect(error.message).toBe("'zoe' is not an email address");
		});

		it('marks, reads and unmarks a no-show', async () => {
			const [mark] = json(
				await run(sim, adaToken, {
					resource: 'noShow',
					operation: 'mark',
					invitee: byUrl(invitees.first.uri as string),
				}),
			);
			expect(mark).toMatchObject({ invitee: invitees.first.uri });
			expect(mark.uri).toMatch(/\/invitee_no_shows\//);
			const [invitee] = json(
				await run(sim, adaToken, {
					resource: 'invitee',
					operation: 'get',
					invitee: byUrl(invitees.first.uri as string),
				}),
			);
			expect((invitee.no_show as IDataObject).uri).toBe(mark.uri);

			const [read] = json(
				await run(sim, adaToken, { resource: 'noShow', operation: 'get', noShow: mark.uri }),
			);
			expect(read).toEqual(mark);
			const [unmarked] = json(
				await run(sim, adaToken, {
					resource: 'noShow',
					operation: 'unmark',
					noShow: uuidOf(mark.uri as string),
				}),
			);
			expect(unmarked).toEqual({ deleted: true, id: uuidOf(mark.uri as string) });
			const gone = await runError(sim, adaToken, {
				resource: 'noShow',
				operation: 'get',
				noShow: mark.uri,
			});
			expect(gone.httpCode).toBe('404');
		});

		it('marks a no-show for an invitee given by event and ID', async () => {
			const [mark] = json(
				await run(sim, adaToken, {
					resource: 'noShow',
					operation: 'mark',
					scheduledEvent: byId(uuidOf(events.groupA.uri as string)),
					invitee: byId(uuidOf(invitees.groupA.uri as string)),
				}),
			);
			expect(mark.invitee).toBe(invitees.groupA.uri);
			const twice = await runError(sim, adaToken, {
				resource: 'noShow',
				operation: 'mark',
				invitee: byUrl(invitees.groupA.uri as string),
			});
			expect(twice.httpCode).toBe('400');
			expect(twice.description).toBe(
				'Fix these parameters: invitee: is already marked as a no-show',
			);
		});

		it('refuses an invitee URI where a no-show is expected', async () => {
			const error = await runError(sim, adaToken, {
				resource: 'noShow',
				operation: 'unmark',
				noShow: invitees.first.uri,
			});
			expect(error.message).toMatch(/is not a Calendly no-show URI$/);
			expect(sim.requests).toHaveLength(0);
		});
	});

	describe('Scheduling link', () => {
		it('creates a single-use link for an event type', async () => {
			const [link] = json(
				await run(sim, adaToken, {
					resource: 'schedulingLink',
					operation: 'create',
					eventType: byId(uuidOf(intro.uri as string)),
				}),
			);
			expect(link).toMatchObject({ owner: intro.uri, owner_type: 'EventType' });
			expect(link.booking_url).toMatch(/^https:\/\/calendly\.com\/d\//);
			expect(sim.requests[sim.requests.length - 1].body).toEqual({
				max_event_count: 1,
				owner: intro.uri,
				owner_type: 'EventType',
			});
		});

		it('passes an inactive event type refusal through', async () => {
			const error = await runError(sim, adaToken, {
				resource: 'schedulingLink',
				operation: 'create',
				eventType: byUrl(oldType.uri as string),
			});
			expect(error.httpCode).toBe('400');
			expect(error.description).toBe('Fix these parameters: owner: event type is not active');
		});
	});

	describe('Routing form submission', () => {
		it('lists the submissions of a form given by URI or ID', async () => {
			const form = sim.createRoutingForm({ name: 'Qualify', questions: [{ name: 'Budget' }] });
			const other = sim.createRoutingForm({ name: 'Other' });
			for (const answer of ['Low', 'Mid', 'High']) {
				await sim.submitRoutingForm({ form: form.uri, answers: [{ question: 'Budget', answer }] });
			}
			await sim.submitRoutingForm({
				form: other.uri,
				answers: [{ question: 'Budget', answer: 'None' }],
			});
			const rows = json(
				await run(sim, adaToken, {
					resource: 'routingFormSubmission',
					operation: 'getAll',
					form: form.uri,
					returnAll: true,
					options: { sort: 'created_at:asc' },
				}),
			);
			expect(rows.map((s) => (s.questions_and_answers as IDataObject[])[0].answer)).toEqual([
				'Low',
				'Mid',
				'High',
			]);
			const byFormId = await run(sim, adaToken, {
				resource: 'routingFormSubmission',
				operation: 'getAll',
				form: uuidOf(form.uri),
				returnAll: false,
				limit: 2,
			});
			expect(byFormId).toHaveLength(2);
			expect(sim.requests[sim.requests.length - 1].query.form).toBe(form.uri);
		});

		it('refuses a URI of something else', async () => {
			const error = await runError(sim, adaToken, {
				resource: 'routingFormSubmission',
				operation: 'getAll',
				form: intro.uri,
				returnAll: true,
			});
			expect(error.message).toBe(`'${intro.uri as string}' is not a Calendly routing form`);
		});
	});

	describe('Webhook subscription', () => {
		async function subscribe(token: string, body: IDataObject): Promise<string> {
			const response = await fetch(`${sim.baseUrl}/webhook_subscriptions`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify({
					events: ['invitee.created'],
					organization: ada.current_organization,
					signing_key: 'k',
					...body,
				}),
			});
			expect(response.status).toBe(201);
			return ((await response.json()) as { resource: { uri: string } }).resource.uri;
		}

		it('lists, gets and deletes subscriptions', async () => {
			const mine = await subscribe(benToken, {
				url: 'https://hooks.example.com/ben',
				scope: 'user',
				user: ben.uri,
			});
			const org = await subscribe(adaToken, {
				url: 'https://hooks.example.com/org',
				scope: 'organization',
			});

			const benList = json(
				await run(sim, benToken, {
					resource: 'webhookSubscription',
					operation: 'getAll',
					returnAll: true,
				}),
			);
			expect(benList.map((s) => s.uri)).toEqual([mine]);
			const orgList = json(
				await run(sim, adaToken, {
					resource: 'webhookSubscription',
					operation: 'getAll',
					subscriptionScope: 'organization',
					returnAll: true,
				}),
			);
			expect(orgList.map((s) => s.uri)).toEqual([org]);

			const [got] = json(
				await run(sim, benToken, {
					resource: 'webhookSubscription',
					operation: 'get',
					webhookSubscription: byUrl(mine),
				}),
			);
			expect(got).toMatchObject({
				uri: mine,
				callback_url: 'https://hooks.example.com/ben',
				state: 'active',
			});

			const [deleted] = json(
				await run(sim, benToken, {
					resource: 'webhookSubscription',
					operation: 'delete',
					webhookSubscription: byId(uuidOf(mine)),
				}),
			);
			expect(deleted).toEqual({ deleted: true, id: uuidOf(mine) });
			expect(sim.listSubscriptions().map((s) => s.uri)).toEqual([org]);
			const again = await runError(sim, benToken, {
				resource: 'webhookSubscription',
				operation: 'delete',
				webhookSubscription: byId(uuidOf(mine)),
			});
			expect(again.httpCode).toBe('404');
			expect(again.message).toMatch(/^Calendly found nothing at DELETE \/webhook_subscriptions\//);
		});

		it('gets a sample delivery of any event, as sent or flat, in the scope Calendly allows', async () => {
			const [sent] = json(
				await run(sim, benToken, {
					resource: 'webhookSubscription',
					operation: 'getSample',
					sampleEvent: 'meeting_recap.created',
				}),
			);
			expect(sent).toMatchObject({ event: 'meeting_recap.created', payload: { recap: {} } });
			const [flat] = json(
				await run(sim, benToken, {
					resource: 'webhookSubscription',
					operation: 'getSample',
					sampleEvent: 'contact.created',
					sampleOutput: 'flatBooking',
				}),
			);
			expect(flat).toMatchObject({ event: 'contact.created', ownerUuid: uuidOf(ben.uri) });
			expect(flat.emails).toHaveLength(1);
			sim.requests.length = 0;
			const [lead] = json(
				await run(sim, adaToken, {
					resource: 'webhookSubscription',
					operation: 'getSample',
					sampleEvent: 'routing_form_submission.created',
				}),
			);
			expect(lead.event).toBe('routing_form_submission.created');
			const asked = sim.requests.find((r) => r.path === '/sample_webhook_data');
			expect(asked?.query.scope).toBe('organization');
			expect(asked?.query.user).toBeUndefined();
		});

		it('tells a member that organization subscriptions need an admin role', async () => {
			const error = await runError(sim, benToken, {
				resource: 'webhookSubscription',
				operation: 'getAll',
				subscriptionScope: 'organization',
				returnAll: true,
			});
			expect(error.httpCode).toBe('403');
		});
	});
});
