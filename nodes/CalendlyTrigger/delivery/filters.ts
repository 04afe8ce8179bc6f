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

/** Splits the "Hosts" field: commas, semicolons or new lines; emails compared in lower case. */
export function parseHostList(value: string): string[] {
	return value
		.split(/[,;\n]/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '')
		.map((entry) => (entry.includes('@') ? entry.toLowerCase() : entry));
}

/** The event type a delivery is about, when it names one. */
function eventTypeOf(event: string, payload: Json): string | undefined {
	if (event.startsWith('event_type.')) return text(payload.uri);
	return text(asObject(payload.scheduled_event)?.event_type);
}

/** Emails and user URIs of the delivery's hosts, when it names any. */
function hostsOf(event: string, payload: Json): string[] | undefined {
	if (event.startsWith('event_type.')) {
		const owner = text(asObject(payload.profile)?.owner);
		return owner ? [owner] : undefined;
	}
	const memberships = asObject(payload.scheduled_event)?.event_memberships;
	if (!Array.isArray(memberships)) return undefined;
	return memberships.flatMap((membership) => {
		const m = asObject(membership) ?? {};
		return [text(m.user_email)?.toLowerCase(), text(m.user)].filter(
			(v): v is string => v !== undefined,
		);
	});
}

/**
 * Whether a delivery should start the workflow. A filter only applies to deliveries that carry the
 * field it checks: routing form submissions name no event type or host, so those filters pass them.
 */
export function passesFilters(envelope: unknown, filters: DeliveryFilters): boolean {
	const body = asObject(envelope);
	const event = text(body?.event);
	const payload = asObject(body?.payload);
	if (!event || !payload) return false;
	if (event.startsWith('routing_form_submission.')) return true;

	if (filters.eventTypes.length > 0) {
		const eventType = eventTypeOf(event, payload);
		if (!eventType || !isEnabledEventType(eventType, filters.eventTypes)) return false;
	}
	if (filters.hosts.length > 0) {
		const hosts = hostsOf(event, payload) ?? [];
		if (!hosts.some((host) => filters.hosts.includes(host))) return false;
	}
	return true;
}
