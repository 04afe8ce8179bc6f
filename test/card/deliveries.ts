// Builds Calendly webhook deliveries the way Calendly sends them (an envelope of event, created_at,
// created_by and the invitee payload with its scheduled_event), for tests.
import type { InviteeEventName, WebhookEnvelope } from '../../nodes/shared/calendly/types';

export type Envelope = WebhookEnvelope<Record<string, unknown>>;

export interface InviteeSpec {
	uuid: string;
	email: string;
	name: string;
	eventUuid: string;
	eventName?: string;
	eventType?: string;
	start: string;
	minutes?: number;
	bookedAt: string;
	host?: { name: string; email: string };
	questions?: Array<{ question: string; answer: string }>;
	oldInvitee?: string | null;
	location?: Record<string, unknown> | null;
	utmSource?: string | null;
	groupLimit?: number;
}

const API = 'https://api.calendly.com';
export const inviteeUri = (spec: Pick<InviteeSpec, 'eventUuid' | 'uuid'>) =>
	`${API}/scheduled_events/${spec.eventUuid}/invitees/${spec.uuid}`;
export const EVENT_TYPE = `${API}/event_types/ET-INTRO`;

/** Ann, who books event E1 with her address typed in mixed case: the invitee the card suites start from. */
export const ANN: InviteeSpec = {
	uuid: 'A1',
	email: 'Ann@Example.com',
	name: 'Ann Lee',
	eventUuid: 'E1',
	start: '2026-12-01T09:00:00Z',
	bookedAt: '2026-11-20T10:00:00Z',
};

export interface DeliveryChange {
	status?: 'active' | 'canceled';
	cancellation?: {
		canceled_by: string;
		reason: string | null;
		canceler_type: 'host' | 'invitee';
		created_at: string;
	};
	rescheduled?: boolean;
	newInvitee?: string | null;
	noShow?: { uri: string; created_at: string } | null;
	updatedAt?: string;
}

export function delivery(
	event: InviteeEventName,
	spec: InviteeSpec,
	at: string,
	change: DeliveryChange = {},
): Envelope {
	const start = new Date(spec.start);
	const end = new Date(start.getTime() + (spec.minutes ?? 30) * 60000);
	const eventUri = `${API}/scheduled_events/${spec.eventUuid}`;
	return {
		event,
		created_at: at,
		created_by: `${API}/users/OWNER`,
		payload: {
			uri: inviteeUri(spec),
			email: spec.email,
			first_name: null,
			last_name: null,
			name: spec.name,
			status: change.status ?? 'active',
			questions_and_answers: (spec.questions ?? []).map((qa, position) => ({ ...qa, position })),
			timezone: 'Europe/Berlin',
			event: eventUri,
			created_at: spec.bookedAt,
			updated_at: change.updatedAt ?? at,
			tracking: {
				utm_campaign: null,
				utm_source: spec.utmSource ?? null,
				utm_medium: null,
				utm_content: null,
				utm_term: null,
				salesforce_uuid: null,
			},
			text_reminder_number: null,
			rescheduled: change.rescheduled ?? false,
			old_invitee: spec.oldInvitee ?? null,
			new_invitee: change.newInvitee ?? null,
			cancel_url: `https://calendly.com/cancellations/${spec.uuid}`,
			reschedule_url: `https://calendly.com/reschedulings/${spec.uuid}`,
			routing_form_submission: null,
			payment: null,
			no_show: change.noShow ?? null,
			reconfirmation: null,
			scheduling_method: null,
			invitee_scheduled_by: null,
			...(change.cancellation ? { cancellation: change.cancellation } : {}),
			scheduled_event: {
				uri: eventUri,
				name: spec.eventName ?? 'Intro Call',
				meeting_notes_plain: null,
				meeting_notes_html: null,
				status: 'active',
				start_time: start.toISOString(),
				end_time: end.toISOString(),
				event_type: spec.eventType ?? EVENT_TYPE,
				location:
					spec.location === undefined
						? {
								type: 'zoom',
								join_url: `https://zoom.us/j/${spec.eventUuid}`,
								status: 'pushed',
								data: {},
							}
						: spec.location,
				invitees_counter: { total: 1, active: 1, limit: spec.groupLimit ?? 1 },
				created_at: spec.bookedAt,
				updated_at: at,
				event_memberships: [
					{
						user: `${API}/users/HOST`,
						user_email: spec.host?.email ?? 'host@example.com',
						user_name: spec.host?.name ?? 'Hana Host',
					},
				],
				event_guests: [],
			},
		},
	};
}
