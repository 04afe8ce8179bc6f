import {
	BookingValidationError,
	normalizeBooking,
	readBooking,
	splitName,
} from '../../nodes/shared/booking/normalizeBooking';
import { describeTimeRange, toZonedIso } from '../../nodes/shared/booking/zonedTime';
import type { Envelope, InviteeSpec } from '../card/deliveries';
import { delivery, EVENT_TYPE, inviteeUri } from '../card/deliveries';

const spec: InviteeSpec = {
	uuid: 'INV1',
	email: '  Ann.Lee@Example.COM ',
	name: 'Ann Marie Lee',
	eventUuid: 'EV1',
	start: '2026-12-01T09:00:00Z',
	minutes: 45,
	bookedAt: '2026-11-20T10:00:00Z',
	questions: [
		{ question: 'Company?', answer: 'ACME' },
		{ question: 'Goal', answer: 'Line one\nLine two' },
	],
	utmSource: 'newsletter',
};

function withPayload(envelope: Envelope, patch: Record<string, unknown>): Envelope {
	return { ...envelope, payload: { ...envelope.payload, ...patch } };
}

describe('normalizeBooking', () => {
	it('flattens an invitee.created delivery', () => {
		const booking = normalizeBooking(delivery('invitee.created', spec, spec.bookedAt), {
			timeZone: 'Europe/Berlin',
		});
		expect(booking).toMatchObject({
			event: 'invitee.created',
			action: 'booked',
			inviteeUri: inviteeUri(spec),
			inviteeUuid: 'INV1',
			status: 'active',
			email: 'ann.lee@example.com',
			name: 'Ann Marie Lee',
			firstName: 'Ann Marie',
			lastName: 'Lee',
			eventName: 'Intro Call',
			eventTypeUri: EVENT_TYPE,
			startTime: '2026-12-01T09:00:00.000Z',
			endTime: '2026-12-01T09:45:00.000Z',
			timeZone: 'Europe/Berlin',
			startLocal: '2026-12-01T10:00:00+01:00',
			endLocal: '2026-12-01T10:45:00+01:00',
			durationMinutes: 45,
			location: {
				type: 'zoom',
				kind: 'conference',
				joinUrl: 'https://zoom.us/j/EV1',
				text: 'https://zoom.us/j/EV1',
			},
			hosts: [
				{
					name: 'Hana Host',
					email: 'host@example.com',
					uri: 'https://api.calendly.com/users/HOST',
				},
			],
			hostName: 'Hana Host',
			answers: { 'Company?': 'ACME', Goal: 'Line one\nLine two' },
			tracking: { utmSource: 'newsletter', utmMedium: null },
			cancelUrl: 'https://calendly.com/cancellations/INV1',
			rescheduleUrl: 'https://calendly.com/reschedulings/INV1',
			cancellation: null,
			rescheduled: false,
			oldInviteeUri: null,
			noShow: null,
			seats: { total: 1, active: 1, limit: 1 },
		});
		expect(booking.questions.map((qa) => qa.position)).toEqual([0, 1]);
	});

	it('keeps Calendly first and last names when it sends them', () => {
		const envelope = withPayload(delivery('invitee.created', spec, spec.bookedAt), {
			first_name: 'Ann',
			last_name: 'Marie Lee',
		});
		expect(normalizeBooking(envelope)).toMatchObject({ firstName: 'Ann', lastName: 'Marie Lee' });
	});

	it('uses the invitee zone, then UTC, when no zone or an unknown zone is given', () => {
		const envelope = delivery('invitee.created', spec, spec.bookedAt);
		expect(normalizeBooking(envelope).timeZone).toBe('Europe/Berlin');
		expect(normalizeBooking(envelope, { timeZone: 'Mars/Olympus' }).timeZone).toBe('Europe/Berlin');
		expect(normalizeBooking(withPayload(envelope, { timezone: null })).timeZone).toBe('UTC');
		expect(normalizeBooking(withPayload(envelope, { timezone: null })).startLocal).toBe(
			'2026-12-01T09:00:00+00:00',
		);
	});

	it('reads cancellations, reschedules and no-shows', () => {
		const cancel = normalizeBooking(
			delivery('invitee.canceled', spec, '2026-11-21T10:00:00Z', {
				status: 'canceled',
				rescheduled: true,
				newInvitee: 'https://api.calendly.com/scheduled_events/EV2/invitees/INV2',
				cancellation: {
					canceled_by: 'Ann Marie Lee',
					reason: null,
					canceler_type: 'invitee',
					created_at: '2026-11-21T10:00:00Z',
				},
			}),
		);
		expect(cancel).toMatchObject({
			action: 'rescheduled',
			status: 'canceled',
			rescheduled: true,
			newInviteeUri: 'https://api.calendly.com/scheduled_events/EV2/invitees/INV2',
			cancellation: {
				canceledBy: 'Ann Marie Lee',
				reason: null,
				cancelerType: 'invitee',
				createdAt: '2026-11-21T10:00:00.000Z',
			},
		});
		const hostCancel = normalizeBooking(
			delivery('invitee.canceled', spec, '2026-11-21T10:00:00Z', {
				status: 'canceled',
				cancellation: {
					canceled_by: 'Hana Host',
					reason: 'Sick',
					canceler_type: 'host',
					created_at: '2026-11-21T10:00:00Z',
				},
			}),
		);
		expect(hostCancel).toMatchObject({
			action: 'canceled',
			cancellation: { cancelerType: 'host', reason: 'Sick' },
		});
		const noShow = normalizeBooking(
			delivery('invitee_no_show.created', spec, '2026-12-01T10:00:00Z', {
				noShow: {
					uri: 'https://api.calendly.com/invitee_no_shows/NS1',
					created_at: '2026-12-01T10:00:00Z',
				},
			}),
		);
		expect(noShow).toMatchObject({
			action: 'no_show',
			noShow: { uri: 'https://api.calendly.com/invitee_no_shows/NS1' },
		});
		expect(
			normalizeBooking(delivery('invitee_no_show.deleted', spec, '2026-12-02T10:00:00Z')).action,
		).toBe('no_show_cleared');
	});

	it.each([
		[
			{ type: 'physical', location: 'Main St 1', additional_info: 'Ring twice' },
			'physical',
			'Main St 1 — Ring twice',
			null,
		],
		[{ type: 'outbound_call', location: '+49 30 1234' }, 'phone', '+49 30 1234', null],
		[{ type: 'inbound_call', location: '+1 555 0100' }, 'phone', '+1 555 0100', null],
		[
			{ type: 'zoom_conference', join_url: 'https://zoom.us/j/1', status: 'pushed' },
			'conference',
			'https://zoom.us/j/1',
			'https://zoom.us/j/1',
		],
		[{ type: 'google_conference', join_url: null, status: 'processing' }, 'conference', null, null],
		[
			{ type: 'microsoft_teams_conference', join_url: 'https://teams/x' },
			'conference',
			'https://teams/x',
			'https://teams/x',
		],
		[
			{ type: 'webex_conference', join_url: 'https://webex/x' },
			'conference',
			'https://webex/x',
			'https://webex/x',
		],
		[
			{ type: 'gotomeeting', join_url: 'https://gotomeet.me/x' },
			'conference',
			'https://gotomeet.me/x',
			'https://gotomeet.me/x',
		],
		[{ type: 'ask_invitee', location: 'At the cafe' }, 'ask_invitee', 'At the cafe', null],
		[{ type: 'custom', location: null }, 'custom', null, null],
		[null, 'none', null, null],
	])('reads location %j', (location, kind, textValue, joinUrl) => {
		const booking = normalizeBooking(
			delivery('invitee.created', { ...spec, location }, spec.bookedAt),
		);
		expect(booking.location).toMatchObject({ kind, text: textValue, joinUrl });
	});

	it('reads a payment with a string or a number amount', () => {
		const envelope = delivery('invitee.created', spec, spec.bookedAt);
		const payment = {
			external_id: 'pi_1',
			provider: 'stripe',
			amount: '25.50',
			currency: 'EUR',
			terms: null,
			successful: true,
		};
		expect(normalizeBooking(withPayload(envelope, { payment })).payment).toEqual({
			provider: 'stripe',
			amount: 25.5,
			currency: 'EUR',
			successful: true,
			externalId: 'pi_1',
			terms: null,
		});
		expect(
			normalizeBooking(withPayload(envelope, { payment: { ...payment, amount: 10 } })).payment
				?.amount,
		).toBe(10);
	});

	it.each([
		[null, 'item'],
		[{ event: 'invitee.created' }, 'payload'],
		[{ event: 'routing_form_submission.created', payload: {} }, 'event'],
		[{ hello: 'world' }, 'event'],
	])('rejects %j naming %s', (input, field) => {
		expect(() => normalizeBooking(input)).toThrow(BookingValidationError);
		try {
			normalizeBooking(input);
		} catch (error) {
			expect((error as BookingValidationError).field).toBe(field);
		}
	});

	it.each([
		['email', ''],
		['email', 'not-an-email'],
		['uri', null],
	])('rejects payload.%s = %j naming the field', (key, value) => {
		const envelope = withPayload(delivery('invitee.created', spec, spec.bookedAt), {
			[key]: value,
		});
		expect(() => normalizeBooking(envelope)).toThrow(`payload.${key}`);
	});

	it('rejects a missing start time naming the field', () => {
		const envelope = delivery('invitee.created', spec, spec.bookedAt);
		const scheduled = {
			...(envelope.payload.scheduled_event as Record<string, unknown>),
			start_time: 'soon',
		};
		expect(() => normalizeBooking(withPayload(envelope, { scheduled_event: scheduled }))).toThrow(
			"payload.scheduled_event.start_time is not a date-time: 'soon'",
		);
	});
});

describe('readBooking', () => {
	it("takes a webhook envelope or an already flat booking (the trigger's flat output) alike", () => {
		const envelope = delivery('invitee.created', spec, spec.bookedAt);
		const flat = JSON.parse(JSON.stringify(normalizeBooking(envelope)));
		expect(readBooking(envelope)).toEqual(normalizeBooking(envelope));
		expect(readBooking({ ...flat, email: 'ANN.LEE@example.com' })).toEqual(
			normalizeBooking(envelope),
		);
	});

	it('names what a flat booking lacks', () => {
		const flat = JSON.parse(
			JSON.stringify(normalizeBooking(delivery('invitee.created', spec, spec.bookedAt))),
		);
		expect(() => readBooking({ ...flat, startTime: null })).toThrow(
			'booking.startTime is missing or empty',
		);
		expect(() => readBooking({ ...flat, hosts: undefined })).toThrow(
			'booking.hosts is missing or not a list',
		);
		expect(() => readBooking({ ...flat, event: 'event_type.created' })).toThrow(
			'event is not an invitee event',
		);
	});
});

describe('names and zones', () => {
	it.each([
		['Ann', 'Ann', null],
		['Ann Lee', 'Ann', 'Lee'],
		['  Ann   Marie  Lee ', 'Ann Marie', 'Lee'],
		['', null, null],
	])('splits %j', (name, firstName, lastName) => {
		expect(splitName(name)).toEqual({ firstName, lastName });
	});

	it('shows instants in a zone across daylight saving changes', () => {
		expect(toZonedIso('2026-07-01T12:00:00Z', 'Europe/Berlin')).toBe('2026-07-01T14:00:00+02:00');
		expect(toZonedIso('2026-01-01T12:00:00Z', 'America/New_York')).toBe(
			'2026-01-01T07:00:00-05:00',
		);
		expect(toZonedIso('2026-01-01T12:00:00Z', 'Asia/Kolkata')).toBe('2026-01-01T17:30:00+05:30');
		expect(toZonedIso('nonsense', 'UTC')).toBeNull();
		expect(describeTimeRange('2026-12-01T09:00:00Z', '2026-12-01T09:30:00Z', 'Europe/Berlin')).toBe(
			'Tue, Dec 1, 2026, 10:00 – 10:30 (Europe/Berlin)',
		);
	});
});
