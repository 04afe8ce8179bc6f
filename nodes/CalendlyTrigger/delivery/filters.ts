import { isEnabledEventType } from '../../shared/booking/eventTypes';

/** The node's delivery filters; an empty list lets everything through. */
interface DeliveryFilters {
	/** Event type URIs (or UUIDs). */
	eventTypes: string[];
	/** Host emails (any case) or user URIs. */
	hosts: string[];
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Json)
		: undefined;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A host as compared: an email in lower case, a user by its UUID (the last segment of its URI), since
 * contact deliveries name their owner by a bare `user_uuid`.
 */
function hostKey(value: string): string {
	if (value.includes('@')) return value.toLowerCase();
	return value.replace(/\/+$/, '').split('/').pop() ?? value;
}

/** Splits the "Hosts" field: commas, semicolons or new lines. */
export function parseHostList(value: string): string[] {
	return value
		.split(/[,;\n]/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '')
		.map(hostKey);
}

/** The event type a delivery is about, when it names one. */
function eventTypeOf(event: string, payload: Json): string | undefined {
	if (event.startsWith('event_type.')) return text(payload.uri);
	return text(asObject(payload.scheduled_event)?.event_type);
}

/** Host keys (see hostKey) of the delivery's hosts, when it names any. */
function hostsOf(event: string, payload: Json): string[] | undefined {
	if (event.startsWith('event_type.')) {
		const owner = text(asObject(payload.profile)?.owner);
		return owner ? [hostKey(owner)] : undefined;
	}
	// A contact belongs to one Calendly user; a recap names its meeting's attendees, hosts flagged.
	if (event.startsWith('contact.')) {
		const owner = text(payload.user_uuid);
		return owner ? [hostKey(owner)] : undefined;
	}
	if (event.startsWith('meeting_recap.')) {
		const attendees = asObject(payload.event)?.attendees;
		if (!Array.isArray(attendees)) return undefined;
		return attendees.flatMap((attendee) => {
			const a = asObject(attendee) ?? {};
			const email = a.host === true ? text(a.user_email) : undefined;
			return email ? [hostKey(email)] : [];
		});
	}
	const memberships = asObject(payload.scheduled_event)?.event_memberships;
	if (!Array.isArray(memberships)) return undefined;
	return memberships.flatMap((membership) => {
		const m = asObject(membership) ?? {};
		return [text(m.user_email), text(m.user)]
			.filter((v): v is string => v !== undefined)
			.map(hostKey);
	});
}

/**
 * Whether a delivery should start the workflow. A filter only applies to deliveries that carry the
 * field it checks: routing form submissions name no event type or host, contacts and meeting recaps no
 * event type, so those filters pass them.
 */
export function passesFilters(envelope: unknown, filters: DeliveryFilters): boolean {
	const body = asObject(envelope);
	const event = text(body?.event);
	const payload = asObject(body?.payload);
	if (!event || !payload) return false;
	if (event.startsWith('routing_form_submission.')) return true;

	const namesEventType = event.startsWith('event_type.') || event.startsWith('invitee');
	if (filters.eventTypes.length > 0 && namesEventType) {
		const eventType = eventTypeOf(event, payload);
		if (!eventType || !isEnabledEventType(eventType, filters.eventTypes)) return false;
	}
	if (filters.hosts.length > 0) {
		const hosts = hostsOf(event, payload);
		// A recap's deletion names no attendees: it passes, as its creation did.
		if (hosts === undefined) return event.startsWith('meeting_recap.');
		const wanted = filters.hosts.map(hostKey);
		if (!hosts.some((host) => wanted.includes(host))) return false;
	}
	return true;
}
