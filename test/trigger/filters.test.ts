import { parseHostList, passesFilters } from '../../nodes/CalendlyTrigger/delivery/filters';
import { deliveryToJson } from '../../nodes/shared/booking/flatDelivery';

const ET_A = 'https://api.calendly.com/event_types/A';
const ET_B = 'https://api.calendly.com/event_types/B';
const HOST = 'https://api.calendly.com/users/HOST';

const invitee = {
	event: 'invitee.created',
	created_at: '2027-01-01T00:00:00.000000Z',
	created_by: HOST,
	payload: {
		scheduled_event: {
			event_type: ET_A,
			event_memberships: [{ user: HOST, user_email: 'Host@Example.com', user_name: 'Host' }],
		},
	},
};
const eventTypeChange = {
	event: 'event_type.updated',
	created_at: '2027-01-01T00:00:00.000000Z',
	created_by: HOST,
	payload: { uri: ET_B, profile: { type: 'User', name: 'Host', owner: HOST } },
};
const routing = {
	event: 'routing_form_submission.created',
	created_at: '2027-01-01T00:00:00.000000Z',
	created_by: HOST,
	payload: { uri: 'https://api.calendly.com/routing_form_submissions/R' },
};

const contact = {
	event: 'contact.updated',
	created_at: '2027-01-01T00:00:00.000000Z',
	created_by: HOST,
	payload: {
		user_uuid: 'HOST',
		contact: { uri: 'https://api.calendly.com/contacts/C', emails: [] },
	},
};
const recap = {
	event: 'meeting_recap.created',
	created_at: '2027-01-01T00:00:00.000000Z',
	created_by: HOST,
	payload: {
		created_at: '2027-01-01T00:00:00.000000Z',
		event: {
			uri: 'https://api.calendly.com/scheduled_events/E',
			attendees: [
				{ host: true, user_email: 'Host@Example.com', user_name: 'Host' },
				{ host: false, user_email: 'guest@example.com', user_name: 'Guest' },
			],
		},
		recap: { uri: 'https://api.calendly.com/meeting_recaps/R', transcript: 'T' },
	},
};
const recapDeleted = {
	event: 'meeting_recap.deleted',
	created_at: '2027-01-01T00:00:00.000000Z',
	created_by: HOST,
	payload: { recap: { uri: 'https://api.calendly.com/meeting_recaps/R', deleted_at: 'x' } },
};

const none = { eventTypes: [], hosts: [] };

describe('passesFilters', () => {
	it('lets everything through without filters', () => {
		for (const delivery of [invitee, eventTypeChange, routing, contact, recap, recapDeleted])
			expect(passesFilters(delivery, none)).toBe(true);
	});

	it('matches invitee deliveries on the scheduled event’s event type', () => {
		expect(passesFilters(invitee, { ...none, eventTypes: [ET_A] })).toBe(true);
		expect(passesFilters(invitee, { ...none, eventTypes: [ET_B] })).toBe(false);
	});

	it('matches event type deliveries on the event type itself', () => {
		expect(passesFilters(eventTypeChange, { ...none, eventTypes: [ET_B] })).toBe(true);
		expect(passesFilters(eventTypeChange, { ...none, eventTypes: [ET_A] })).toBe(false);
	});

	it('matches hosts by lower-cased email or by user URI', () => {
		expect(passesFilters(invitee, { ...none, hosts: ['host@example.com'] })).toBe(true);
		expect(passesFilters(invitee, { ...none, hosts: [HOST] })).toBe(true);
		expect(passesFilters(invitee, { ...none, hosts: ['other@example.com'] })).toBe(false);
		expect(passesFilters(eventTypeChange, { ...none, hosts: [HOST] })).toBe(true);
		expect(passesFilters(eventTypeChange, { ...none, hosts: ['host@example.com'] })).toBe(false);
	});

	it('needs both filters to pass when both are set', () => {
		expect(passesFilters(invitee, { eventTypes: [ET_A], hosts: ['host@example.com'] })).toBe(true);
		expect(passesFilters(invitee, { eventTypes: [ET_A], hosts: ['other@example.com'] })).toBe(
			false,
		);
		expect(passesFilters(invitee, { eventTypes: [ET_B], hosts: ['host@example.com'] })).toBe(false);
	});

	it('lets routing form submissions through: they name no event type or host', () => {
		expect(passesFilters(routing, { eventTypes: [ET_A], hosts: ['host@example.com'] })).toBe(true);
	});

	it('lets contacts and recaps through the event type filter: they name no event type', () => {
		for (const delivery of [contact, recap, recapDeleted])
			expect(passesFilters(delivery, { ...none, eventTypes: [ET_A] })).toBe(true);
	});

	it('matches a contact on its owner (a bare user UUID) against a user URI', () => {
		expect(passesFilters(contact, { ...none, hosts: parseHostList(HOST) })).toBe(true);
		expect(
			passesFilters(contact, { ...none, hosts: parseHostList('https://api.calendly.com/users/X') }),
		).toBe(false);
		expect(passesFilters(contact, { ...none, hosts: ['host@example.com'] })).toBe(false);
	});

	it('matches a recap on the emails of its hosts, not of its guests; a deletion names none and passes', () => {
		expect(passesFilters(recap, { ...none, hosts: ['host@example.com'] })).toBe(true);
		expect(passesFilters(recap, { ...none, hosts: ['guest@example.com'] })).toBe(false);
		expect(passesFilters(recapDeleted, { ...none, hosts: ['other@example.com'] })).toBe(true);
	});

	it('drops deliveries missing the filtered field or not shaped like Calendly deliveries', () => {
		const bare = { ...invitee, payload: {} };
		expect(passesFilters(bare, { ...none, eventTypes: [ET_A] })).toBe(false);
		expect(passesFilters(bare, { ...none, hosts: [HOST] })).toBe(false);
		expect(passesFilters({ payload: {} }, none)).toBe(false);
		expect(passesFilters({ event: 'invitee.created' }, none)).toBe(false);
		expect(passesFilters('nope', none)).toBe(false);
		expect(passesFilters([invitee], none)).toBe(false);
	});
});

describe('parseHostList', () => {
	it('splits on commas, semicolons and new lines, lower-cases emails and keeps a user URI’s UUID', () => {
		expect(parseHostList(' A@Example.com ;b@example.com,\n' + HOST + '/,, ')).toEqual([
			'a@example.com',
			'b@example.com',
			'HOST',
		]);
		expect(parseHostList('')).toEqual([]);
	});
});

describe('deliveryToJson', () => {
	it('returns the envelope unchanged by default', () => {
		expect(deliveryToJson(invitee, 'envelope')).toBe(invitee);
	});

	it('flattens contact and meeting recap deliveries, and keeps one it cannot read', () => {
		const contact = {
			event: 'contact.updated',
			payload: {
				user_uuid: 'U1',
				contact: {
					uri: 'https://api.calendly.com/contacts/C1',
					emails: [{ email: 'Ada@Example.com', is_primary: true }],
					company: 'Engines',
					updated_at: '2030-01-01T00:00:00.000000Z',
				},
			},
		};
		expect(deliveryToJson(contact, 'flatBooking')).toMatchObject({
			contactUri: 'https://api.calendly.com/contacts/C1',
			emails: ['ada@example.com'],
			company: 'Engines',
		});
		const recap = {
			event: 'meeting_recap.created',
			payload: {
				event: {},
				recap: { uri: 'https://api.calendly.com/meeting_recaps/R1', summary_md: 'Done' },
			},
		};
		expect(deliveryToJson(recap, 'flatBooking')).toMatchObject({
			recapUri: recap.payload.recap.uri,
			summary: 'Done',
		});
		const broken = { event: 'contact.deleted', payload: { contact: {} } };
		expect(deliveryToJson(broken, 'flatBooking')).toMatchObject({
			...broken,
			flatBookingError: expect.stringMatching(/contact\.uri/),
		});
	});

	it('outputs other events as sent even with the flat booking option', () => {
		expect(deliveryToJson(eventTypeChange, 'flatBooking')).toBe(eventTypeChange);
		expect(deliveryToJson(routing, 'flatBooking')).toBe(routing);
	});

	it('keeps an unreadable invitee delivery and names the field that could not be read', () => {
		const json = deliveryToJson(invitee, 'flatBooking');
		expect(json).toMatchObject({ event: 'invitee.created', payload: invitee.payload });
		expect(json.flatBookingError).toMatch(/^Could not flatten this delivery: payload\.\S+ /);
	});
});
