// "Cards for Guests": each guest an invitee added gets a card of their own that follows the booking.
import type { IDataObject } from 'n8n-workflow';

import { syncBooking } from '../../nodes/CalendlyToCard/board/syncBooking';
import type { CardSettings } from '../../nodes/CalendlyToCard/decide';
import { DEFAULT_SETTINGS, parseRowState } from '../../nodes/CalendlyToCard/decide';
import { guestBookings } from '../../nodes/shared/booking/guestBookings';
import { normalizeBooking } from '../../nodes/shared/booking/normalizeBooking';
import type { DeliveryChange, Envelope, InviteeSpec } from './deliveries';
import { ANN, delivery, inviteeUri } from './deliveries';
import { cardNodeOnFake, jsons } from '../helpers/cardNodeOnFake';
import { MemoryBoard } from './memoryBoard';

const GUESTS = ['Gail.Guest@Example.com', 'gus@example.com'];
const ann: InviteeSpec = {
	...ANN,
	questions: [{ question: 'Topic', answer: 'Pricing' }],
	utmSource: 'newsletter',
};
const moved: InviteeSpec = {
	...ann,
	uuid: 'A2',
	eventUuid: 'E2',
	start: '2026-12-03T15:00:00Z',
	bookedAt: '2026-11-21T08:00:00Z',
	oldInvitee: inviteeUri(ann),
};

/** A delivery whose scheduled event lists these guests (as Calendly's event_guests). */
function withGuests(envelope: Envelope, guests: string[] = GUESTS): Envelope {
	const payload = envelope.payload;
	const scheduled = payload.scheduled_event as Record<string, unknown>;
	const eventGuests = guests.map((email) => ({
		email,
		created_at: ann.bookedAt,
		updated_at: ann.bookedAt,
	}));
	return {
		...envelope,
		payload: { ...payload, scheduled_event: { ...scheduled, event_guests: eventGuests } },
	};
}
const booked = (spec: InviteeSpec) => withGuests(delivery('invitee.created', spec, spec.bookedAt));
const canceled = (
	spec: InviteeSpec,
	at: string,
	by: 'host' | 'invitee' = 'invitee',
	change: DeliveryChange = {},
) =>
	withGuests(
		delivery('invitee.canceled', spec, at, {
			status: 'canceled',
			cancellation: {
				canceled_by: by === 'host' ? 'Hana Host' : spec.name,
				reason: 'Busy',
				canceler_type: by,
				created_at: at,
			},
			...change,
		}),
	);
const movedAway = (at: string) =>
	canceled(ann, at, 'invitee', { rescheduled: true, newInvitee: inviteeUri(moved) });

describe('guestBookings', () => {
	it('gives each distinct guest but the invitee a booking of their own, keeping the event and dropping the invitee’s details', () => {
		const booking = normalizeBooking(
			withGuests(delivery('invitee.created', ann, ann.bookedAt), [
				...GUESTS,
				' GUS@example.com',
				'ann@example.com',
				'not-an-address',
			]),
			{ timeZone: 'Europe/Berlin' },
		);
		const guests = guestBookings(booking);
		expect(guests.map((guest) => guest.email)).toEqual([
			'gail.guest@example.com',
			'gus@example.com',
		]);
		const [gail] = guests;
		expect(gail).toEqual({
			...booking,
			inviteeUri: `${inviteeUri(ann)}#guest=gail.guest%40example.com`,
			email: 'gail.guest@example.com',
			guestOf: { name: 'Ann Lee', email: 'ann@example.com' },
			name: 'gail.guest@example.com',
			firstName: null,
			lastName: null,
			phone: null,
			inviteeTimeZone: null,
			schedulingMethod: null,
			questions: [],
			answers: {},
			tracking: {
				utmSource: null,
				utmMedium: null,
				utmCampaign: null,
				utmContent: null,
				utmTerm: null,
				salesforceUuid: null,
			},
			routingFormSubmission: null,
			payment: null,
			cancelUrl: null,
			rescheduleUrl: null,
			noShow: null,
		});
		expect(gail.inviteeUuid).toBe('A1');
		expect([gail.eventUri, gail.startLocal, gail.hostEmail, gail.location.joinUrl]).toEqual([
			booking.eventUri,
			'2026-12-01T10:00:00+01:00',
			'host@example.com',
			'https://zoom.us/j/E1',
		]);
	});

	it('links a guest’s two halves of a reschedule and carries the cancellation', () => {
		const [oldHalf] = guestBookings(normalizeBooking(movedAway('2026-11-21T08:00:00Z')));
		const [newHalf] = guestBookings(normalizeBooking(booked(moved)));
		expect(oldHalf).toMatchObject({
			action: 'rescheduled',
			status: 'canceled',
			rescheduled: true,
			cancellation: { cancelerType: 'invitee' },
		});
		expect(oldHalf.newInviteeUri).toBe(`${inviteeUri(moved)}#guest=gail.guest%40example.com`);
		expect(newHalf.oldInviteeUri).toBe(oldHalf.inviteeUri);
		expect(newHalf.inviteeUri).toBe(oldHalf.newInviteeUri);
	});

	it('gives guests nothing for no-shows (they mark the invitee alone) and nothing without guests', () => {
		const noShow = {
			uri: 'https://api.calendly.com/invitee_no_shows/N1',
			created_at: '2026-12-01T10:00:00Z',
		};
		expect(
			guestBookings(
				normalizeBooking(
					withGuests(delivery('invitee_no_show.created', ann, '2026-12-01T10:00:00Z', { noShow })),
				),
			),
		).toEqual([]);
		expect(
			guestBookings(
				normalizeBooking(
					withGuests(delivery('invitee_no_show.deleted', ann, '2026-12-01T11:00:00Z')),
				),
			),
		).toEqual([]);
		expect(guestBookings(normalizeBooking(delivery('invitee.created', ann, ann.bookedAt)))).toEqual(
			[],
		);
	});
});

describe('guest cards on a board', () => {
	const settings: CardSettings = {
		...DEFAULT_SETTINGS,
		timeZone: 'Europe/Berlin',
		guestCards: true,
	};

	/** Applies each delivery for the invitee and their guests, as the node does. */
	async function apply(board: MemoryBoard, envelopes: Envelope[], use: CardSettings = settings) {
		const actions: Record<string, string[]> = {};
		for (const envelope of envelopes) {
			const booking = normalizeBooking(envelope, { timeZone: use.timeZone });
			for (const one of [booking, ...guestBookings(booking)]) {
				const { plan } = await syncBooking(board, one, use);
				(actions[one.email] ??= []).push(plan.action);
			}
		}
		return actions;
	}
	const card = (board: MemoryBoard, email: string) => {
		const rows = [...board.rows.values()].filter((row) => row.email === email);
		expect(rows).toHaveLength(1);
		const state = parseRowState(rows[0]);
		return { ...rows[0], activity: state?.activity ?? [], bookings: state?.bookings ?? {} };
	};

	it('a booking with two guests makes three cards; the guests’ hold the event, not the invitee’s answers', async () => {
		const board = new MemoryBoard();
		const actions = await apply(board, [booked(ann)]);
		expect(actions).toEqual({
			'ann@example.com': ['created'],
			'gail.guest@example.com': ['created'],
			'gus@example.com': ['created'],
		});
		expect(board.rows.size).toBe(3);
		const gail = card(board, 'gail.guest@example.com');
		expect(gail).toMatchObject({
			name: 'gail.guest@example.com',
			stage: 'Booked',
			eventName: 'Intro Call',
			eventTime: '2026-12-01T09:00:00.000Z',
			eventStatus: 'scheduled',
			utmSource: null,
			cancelUrl: null,
		});
		expect(gail).not.toHaveProperty('q_Topic');
		expect(card(board, 'ann@example.com')).toMatchObject({
			q_Topic: 'Pricing',
			utmSource: 'newsletter',
		});
		expect(gail.activity.map((entry) => entry.type)).toEqual(['booked']);
	});

	it('a cancellation reaches every guest card under the cancel policy (host cancels: archive)', async () => {
		const board = new MemoryBoard();
		const use = {
			...settings,
			cancelPolicy: 'removeEvent' as const,
			hostCancelPolicy: 'archive' as const,
		};
		const actions = await apply(
			board,
			[booked(ann), canceled(ann, '2026-11-22T09:00:00Z', 'host')],
			use,
		);
		expect(Object.values(actions)).toEqual([
			['created', 'canceled'],
			['created', 'canceled'],
			['created', 'canceled'],
		]);
		for (const email of ['ann@example.com', 'gail.guest@example.com', 'gus@example.com']) {
			expect(card(board, email)).toMatchObject({ archived: true, eventStatus: 'canceled' });
			expect(card(board, email).activity.map((entry) => entry.type)).toEqual([
				'booked',
				'canceled',
			]);
		}
		const removing = new MemoryBoard();
		await apply(removing, [booked(ann), canceled(ann, '2026-11-22T09:00:00Z')], use);
		expect(card(removing, 'gus@example.com')).toMatchObject({
			archived: false,
			eventTime: null,
			eventName: null,
		});
	});

	it.each([
		['canceled-first', () => [booked(ann), movedAway('2026-11-21T08:00:00Z'), booked(moved)]],
		['created-first', () => [booked(ann), booked(moved), movedAway('2026-11-21T08:00:00Z')]],
	])(
		'a reschedule (%s) moves the guests’ cards to the new time, with no cancellation',
		async (_order, envelopes) => {
			const board = new MemoryBoard();
			await apply(board, envelopes());
			expect(board.rows.size).toBe(3);
			for (const email of ['gail.guest@example.com', 'gus@example.com']) {
				const guest = card(board, email);
				expect(guest).toMatchObject({
					eventTime: '2026-12-03T15:00:00.000Z',
					eventStatus: 'scheduled',
					archived: false,
				});
				expect(guest.activity.map((entry) => entry.type).sort()).toEqual([
					'booked',
					'booked',
					'rescheduled',
				]);
				expect(Object.keys(guest.bookings)).toHaveLength(2);
			}
		},
	);

	it('a guest who is also someone’s invitee keeps one card with both bookings', async () => {
		const board = new MemoryBoard();
		const gusOwn: InviteeSpec = {
			...ann,
			uuid: 'G1',
			eventUuid: 'E9',
			email: 'Gus@Example.com',
			name: 'Gus Own',
			start: '2026-12-09T09:00:00Z',
			bookedAt: '2026-11-25T09:00:00Z',
			questions: [],
		};
		await apply(board, [booked(ann), delivery('invitee.created', gusOwn, gusOwn.bookedAt)]);
		const gus = card(board, 'gus@example.com');
		expect(gus).toMatchObject({ name: 'Gus Own', eventTime: '2026-12-09T09:00:00.000Z' });
		expect(gus.activity.map((entry) => entry.type)).toEqual(['booked', 'booked']);
	});
});

describe('Calendly to Card with "Cards for Guests"', () => {
	const { run, rows } = cardNodeOnFake();

	it('puts one item per guest after the invitee’s, paired with the same input item and naming the invitee', async () => {
		const other: InviteeSpec = {
			...ann,
			uuid: 'B1',
			eventUuid: 'E5',
			email: 'bo@example.com',
			start: '2026-12-05T09:00:00Z',
		};
		const [created, updated, canceledOut, skipped] = await run(
			[booked(ann), delivery('invitee.created', other, other.bookedAt)],
			{ options: { guestCards: true } },
		);
		expect(
			jsons(created).map((item) => [item.card && (item.card as IDataObject).email, item.guestOf]),
		).toEqual([
			['ann@example.com', undefined],
			['gail.guest@example.com', 'ann@example.com'],
			['gus@example.com', 'ann@example.com'],
			['bo@example.com', undefined],
		]);
		expect(created.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
		]);
		expect(jsons(created)[1]).toMatchObject({
			action: 'created',
			booking: {
				inviteeUri: `${inviteeUri(ann)}#guest=gail.guest%40example.com`,
				name: 'gail.guest@example.com',
			},
		});
		expect([updated, canceledOut, skipped]).toEqual([[], [], []]);
		expect(rows()).toHaveLength(4);

		const [, , canceledItems] = await run([canceled(ann, '2026-11-22T09:00:00Z')], {
			options: { guestCards: true },
		});
		expect(jsons(canceledItems).map((item) => [item.action, item.guestOf])).toEqual([
			['canceled', undefined],
			['canceled', 'ann@example.com'],
			['canceled', 'ann@example.com'],
		]);
	});

	it('without the option, a booking with guests makes only the invitee’s card', async () => {
		const [created] = await run([booked(ann)]);
		expect(jsons(created)).toHaveLength(1);
		expect(rows().map((row) => row.email)).toEqual(['ann@example.com']);
	});

	it('gives guests no items for a filtered booking or a no-show', async () => {
		const [, , , filtered] = await run([booked(ann)], {
			options: { guestCards: true },
			eventTypeUris: 'https://api.calendly.com/event_types/OTHER',
		});
		expect(jsons(filtered)).toEqual([expect.objectContaining({ skipReason: 'filtered' })]);
		await run([booked(ann)], { options: { guestCards: true } });
		const noShow = {
			uri: 'https://api.calendly.com/invitee_no_shows/N1',
			created_at: '2026-12-01T10:00:00Z',
		};
		const [, updated] = await run(
			[withGuests(delivery('invitee_no_show.created', ann, '2026-12-01T10:00:00Z', { noShow }))],
			{ options: { guestCards: true } },
		);
		expect(jsons(updated).map((item) => [item.action, item.guestOf])).toEqual([
			['no_show', undefined],
		]);
		expect(
			rows()
				.filter((row) => row.noShow === true)
				.map((row) => row.email),
		).toEqual(['ann@example.com']);
	});
});
