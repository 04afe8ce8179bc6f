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

export interface ContactSpec {
	uuid: string;
	/** Primary first. */
	emails: string[];
	name?: string;
	company?: string | null;
	jobTitle?: string | null;
	phone?: string | null;
	updatedAt: string;
	customFields?: Array<{ label: string; value: string | string[] }>;
}

export const contactUri = (uuid: string) => `${API}/contacts/${uuid}`;

/** contact.created or contact.updated as Calendly sends it ({user_uuid, contact}, the REST contact minus app_url). */
export function contactDelivery(
	event: 'contact.created' | 'contact.updated',
	spec: ContactSpec,
): Envelope {
	return {
		event,
		created_at: spec.updatedAt,
		created_by: `${API}/users/HOST`,
		payload: {
			user_uuid: 'HOST',
			contact: {
				uri: contactUri(spec.uuid),
				creation_source: 'booking',
				name: spec.name ?? 'Ann Lee',
				emails: spec.emails.map((email, i) => ({ email, is_primary: i === 0 })),
				phone_numbers: spec.phone ? [{ phone_number: spec.phone, is_primary: true }] : [],
				company: spec.company ?? null,
				job_title: spec.jobTitle ?? null,
				linkedin: null,
				city: 'Berlin',
				state: null,
				country: 'DE',
				timezone: 'Europe/Berlin',
				custom_fields: (spec.customFields ?? []).map((field, i) => ({
					uri: `${API}/contact_custom_fields/F${i}`,
					...field,
				})),
				created_at: '2026-11-20T10:00:00.000Z',
				updated_at: spec.updatedAt,
				next_meeting_date: null,
				last_meeting_date: null,
				last_interaction_date: null,
			},
		},
	};
}

export const contactDeleted = (uuid: string, at: string): Envelope => ({
	event: 'contact.deleted',
	created_at: at,
	created_by: `${API}/users/HOST`,
	payload: { user_uuid: 'HOST', contact: { uri: contactUri(uuid), deleted_at: at } },
});

export interface RecapSpec {
	uuid: string;
	/** The meeting's scheduled event; null for a meeting Calendly did not schedule. */
	eventUuid: string | null;
	attendees: string[];
	updatedAt: string;
	summary?: string;
	actionItems?: string;
	/** Leaves the texts out of the delivery (an update that only changes the rest). */
	withoutTexts?: true;
	start?: string;
}

export const recapUri = (uuid: string) => `${API}/meeting_recaps/${uuid}`;

/** meeting_recap.created or .updated as Calendly sends it ({created_at, event, recap}). */
export function recapDelivery(
	event: 'meeting_recap.created' | 'meeting_recap.updated',
	spec: RecapSpec,
): Envelope {
	const start = spec.start ?? '2026-12-01T09:00:00.000Z';
	const texts = spec.withoutTexts
		? {}
		: {
				summary_md: spec.summary ?? 'Ann wants a demo for her team.',
				action_items_md: spec.actionItems ?? '- Send the pricing sheet',
				discussion_md: '## Needs\nA tool for ten people.',
				share_link: `https://calendly.com/recaps/${spec.uuid}`,
			};
	return {
		event,
		created_at: spec.updatedAt,
		created_by: `${API}/users/HOST`,
		payload: {
			created_at: spec.updatedAt,
			event: {
				...(spec.eventUuid ? { uri: `${API}/scheduled_events/${spec.eventUuid}` } : {}),
				name: 'Intro Call',
				start_time: start,
				end_time: new Date(Date.parse(start) + 30 * 60000).toISOString(),
				location: { type: 'zoom' },
				attendees: [
					{ host: true, user_email: 'host@example.com', user_name: 'Hana Host' },
					...spec.attendees.map((email) => ({ host: false, user_email: email, user_name: null })),
				],
			},
			recap: {
				uri: recapUri(spec.uuid),
				app_url: `https://calendly.com/app/recaps/${spec.uuid}`,
				status: 'Available',
				created_at: spec.updatedAt,
				updated_at: spec.updatedAt,
				...texts,
				transcript: `${recapUri(spec.uuid)}/transcript`,
			},
		},
	};
}

export const recapDeleted = (uuid: string, at: string): Envelope => ({
	event: 'meeting_recap.deleted',
	created_at: at,
	created_by: `${API}/users/HOST`,
	payload: { recap: { uri: recapUri(uuid), deleted_at: at } },
});
