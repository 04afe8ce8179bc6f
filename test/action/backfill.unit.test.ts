// The pure part of the backfill: REST invitee + scheduled event -> the delivery Calendly would have sent.
import type { Invitee, ScheduledEvent } from '../../nodes/shared/calendly/types';
import {
	toWebhookDelivery,
	webhookScheduledEvent,
} from '../../nodes/Calendly/actions/scheduledEvent/backfill';

const API = 'https://api.calendly.com';

function restEvent(overrides: Partial<ScheduledEvent> = {}): ScheduledEvent {
	return {
		uri: `${API}/scheduled_events/EV1`,
		name: 'Intro Call',
		meeting_notes_plain: null,
		meeting_notes_html: null,
		status: 'active',
		start_time: '2026-12-01T09:00:00.000000Z',
		end_time: '2026-12-01T09:30:00.000000Z',
		event_type: `${API}/event_types/ET1`,
		location: { type: 'zoom', join_url: 'https://zoom.example/j/1', status: 'pushed' },
		invitees_counter: { total: 1, active: 1, limit: 1 },
		created_at: '2026-11-20T10:00:00.000000Z',
		updated_at: '2026-11-20T10:00:00.000000Z',
		event_memberships: [
			{
				user: `${API}/users/HOST`,
				user_email: 'host@example.com',
				user_name: 'Host',
				buffered_start_time: '2026-12-01T08:45:00.000000Z',
				buffered_end_time: '2026-12-01T09:45:00.000000Z',
			},
		],
		event_guests: [],
		// The REST variant still carries this deprecated field; deliveries do not.
		...({ calendar_event: { kind: 'google', external_id: 'x' } } as object),
		...overrides,
	};
}

function restInvitee(overrides: Partial<Invitee> = {}): Invitee {
	return {
		uri: `${API}/scheduled_events/EV1/invitees/INV1`,
		email: 'zoe@example.com',
		first_name: null,
		last_name: null,
		name: 'Zoe Client',
		status: 'active',
		questions_and_answers: [{ question: 'Company?', answer: 'Acme', position: 0 }],
		timezone: 'Europe/Berlin',
		event: `${API}/scheduled_events/EV1`,
		created_at: '2026-11-20T10:00:00.000000Z',
		updated_at: '2026-11-20T10:00:00.000000Z',
		tracking: {
			utm_campaign: null,
			utm_source: 'ads',
			utm_medium: null,
			utm_content: null,
			utm_term: null,
			salesforce_uuid: null,
		},
		text_reminder_number: null,
		rescheduled: false,
		old_invitee: null,
		new_invitee: null,
		cancel_url: 'https://calendly.com/cancellations/INV1',
		reschedule_url: 'https://calendly.com/reschedulings/INV1',
		routing_form_submission: null,
		payment: null,
		no_show: null,
		reconfirmation: null,
		scheduling_method: null,
		invitee_scheduled_by: null,
		...overrides,
	};
}

describe('toWebhookDelivery', () => {
	it('turns an active invitee into invitee.created dated by the booking', () => {
		const delivery = toWebhookDelivery(restInvitee(), restEvent(), `${API}/users/ME`);
		expect(delivery).toEqual({
			event: 'invitee.created',
			created_at: '2026-11-20T10:00:00.000000Z',
			created_by: `${API}/users/ME`,
			payload: { ...restInvitee(), scheduled_event: webhookScheduledEvent(restEvent()) },
		});
	});

	it('turns a canceled invitee into invitee.canceled dated by the cancellation', () => {
		const cancellation = {
			canceled_by: 'Zoe Client',
			reason: 'Sick',
			canceler_type: 'invitee' as const,
			created_at: '2026-11-25T08:00:00.000000Z',
		};
		const invitee = restInvitee({
			status: 'canceled',
			cancellation,
			updated_at: '2026-11-25T08:00:00.000000Z',
		});
		const event = restEvent({ status: 'canceled', cancellation });
		const delivery = toWebhookDelivery(invitee, event, `${API}/users/ME`);
		expect(delivery.event).toBe('invitee.canceled');
		expect(delivery.created_at).toBe('2026-11-25T08:00:00.000000Z');
		expect(delivery.payload.cancellation).toEqual(cancellation);
		expect(delivery.payload.scheduled_event.cancellation).toEqual(cancellation);
		// Without a cancellation record the update time stands in.
		const bare = toWebhookDelivery(
			restInvitee({ status: 'canceled', updated_at: '2026-11-26T00:00:00.000000Z' }),
			event,
			'me',
		);
		expect(bare.created_at).toBe('2026-11-26T00:00:00.000000Z');
	});

	it('keeps rescheduling and no-show links of the invitee', () => {
		const moved = toWebhookDelivery(
			restInvitee({
				status: 'canceled',
				rescheduled: true,
				new_invitee: `${API}/scheduled_events/EV2/invitees/INV2`,
			}),
			restEvent(),
			'me',
		);
		expect(moved.payload).toMatchObject({
			rescheduled: true,
			new_invitee: `${API}/scheduled_events/EV2/invitees/INV2`,
		});
		const noShow = {
			uri: `${API}/invitee_no_shows/NS1`,
			created_at: '2026-12-01T10:00:00.000000Z',
		};
		expect(
			toWebhookDelivery(restInvitee({ no_show: noShow }), restEvent(), 'me').payload.no_show,
		).toEqual(noShow);
	});

	it('gives the scheduled event the webhook shape: no calendar_event, hosts without buffer times', () => {
		const shaped = webhookScheduledEvent(restEvent());
		expect(shaped).not.toHaveProperty('calendar_event');
		expect(shaped).not.toHaveProperty('cancellation');
		expect(shaped.event_memberships).toEqual([
			{ user: `${API}/users/HOST`, user_email: 'host@example.com', user_name: 'Host' },
		]);
		expect(Object.keys(shaped).sort()).toEqual(
			[
				'uri',
				'name',
				'meeting_notes_plain',
				'meeting_notes_html',
				'status',
				'start_time',
				'end_time',
				'event_type',
				'location',
				'invitees_counter',
				'created_at',
				'updated_at',
				'event_memberships',
				'event_guests',
			].sort(),
		);
	});

	it('gives each delivery its own event object', () => {
		const event = restEvent();
		const a = toWebhookDelivery(restInvitee(), event, 'me');
		const b = toWebhookDelivery(
			restInvitee({ uri: `${API}/scheduled_events/EV1/invitees/INV2` }),
			event,
			'me',
		);
		expect(a.payload.scheduled_event).not.toBe(b.payload.scheduled_event);
		expect(a.payload.scheduled_event).toEqual(b.payload.scheduled_event);
	});
});
