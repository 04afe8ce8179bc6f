// Turns REST data into the deliveries Calendly would have POSTed for it, so "Calendly to Card" can replay
// bookings made before the trigger existed through the same logic as live webhooks.
import type {
	CalendlyUri,
	EventMembership,
	Invitee,
	InviteePayload,
	ScheduledEvent,
	WebhookEnvelope,
} from '../../../shared/calendly/types';

type BackfillEventName = 'invitee.created' | 'invitee.canceled';

interface BackfillDelivery extends WebhookEnvelope<InviteePayload> {
	event: BackfillEventName;
}

/**
 * The webhook variant of a scheduled event: the REST variant also carries the deprecated
 * `calendar_event` and hosts' buffer times, which deliveries do not have.
 */
export function webhookScheduledEvent(event: ScheduledEvent): ScheduledEvent {
	const shaped: ScheduledEvent = {
		uri: event.uri,
		name: event.name,
		meeting_notes_plain: event.meeting_notes_plain ?? null,
		meeting_notes_html: event.meeting_notes_html ?? null,
		status: event.status,
		start_time: event.start_time,
		end_time: event.end_time,
		event_type: event.event_type,
		location: event.location,
		invitees_counter: event.invitees_counter,
		created_at: event.created_at,
		updated_at: event.updated_at,
		event_memberships: event.event_memberships.map(
			({ user, user_email, user_name }): EventMembership => ({ user, user_email, user_name }),
		),
		event_guests: event.event_guests,
	};
	if (event.cancellation) shaped.cancellation = event.cancellation;
	return shaped;
}

/**
 * One invitee as the delivery its latest state corresponds to: `invitee.canceled` (dated by the
 * cancellation) for canceled invitees, `invitee.created` (dated by the booking) otherwise.
 * `createdBy` stands in for the subscription creator Calendly puts in `created_by`. Each delivery gets
 * its own copy of the event, so later nodes editing one item cannot change another.
 */
export function toWebhookDelivery(
	invitee: Invitee,
	scheduledEvent: ScheduledEvent,
	createdBy: CalendlyUri,
): BackfillDelivery {
	const canceled = invitee.status === 'canceled';
	return {
		event: canceled ? 'invitee.canceled' : 'invitee.created',
		created_at: canceled
			? (invitee.cancellation?.created_at ?? invitee.updated_at)
			: invitee.created_at,
		created_by: createdBy,
		payload: { ...invitee, scheduled_event: webhookScheduledEvent(scheduledEvent) },
	};
}
