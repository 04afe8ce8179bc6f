import type { SubscriptionScope } from './types';

/**
 * What the Calendly to Card node does with a delivery of an event: builds a booking's card from it, reads
 * it as a lead (a card without a meeting), puts a Calendly contact's details or a meeting recap on the
 * person's cards, or passes it over.
 */
export type CardHandling = 'booking' | 'lead' | 'contact' | 'recap' | 'ignored';

interface WebhookEventEntry {
	/** Calendly's event name, as sent in `events` and in a delivery's `event`. */
	name: string;
	/** The trigger's option name. */
	label: string;
	/** The trigger's option description. */
	description: string;
	/** The token scope Calendly requires to subscribe to the event (POST /webhook_subscriptions). */
	readScope: string;
	/** The subscription scopes Calendly accepts the event in. */
	subscriptionScopes: readonly SubscriptionScope[];
	card: CardHandling;
	/** The paid Calendly feature the event needs, named when Calendly refuses the subscription for the plan. */
	planFeature?: string;
	/** Ticked in a new trigger; n8n leaves a parameter at its default out of the saved workflow. */
	selectedByDefault?: true;
}

export const SUBSCRIPTION_SCOPES: readonly SubscriptionScope[] = ['user', 'organization', 'group'];
const EVERY_SCOPE = SUBSCRIPTION_SCOPES;

/**
 * Every webhook event this package offers, described once: the trigger's options, scope rules and token
 * scopes, Check Triggers' defaults and the card node's handling derive from here. Scopes and allowed
 * subscription scopes follow the event table of Calendly's POST /webhook_subscriptions reference.
 */
export const WEBHOOK_EVENTS = [
	{
		name: 'event_type.created',
		label: 'Event Type Created',
		description: 'An event type was created (needs the event_types:read scope)',
		readScope: 'event_types:read',
		subscriptionScopes: EVERY_SCOPE,
		card: 'ignored',
	},
	{
		name: 'event_type.deleted',
		label: 'Event Type Deleted',
		description: 'An event type was deleted (needs the event_types:read scope)',
		readScope: 'event_types:read',
		subscriptionScopes: EVERY_SCOPE,
		card: 'ignored',
	},
	{
		name: 'event_type.updated',
		label: 'Event Type Updated',
		description: 'An event type was changed (needs the event_types:read scope)',
		readScope: 'event_types:read',
		subscriptionScopes: EVERY_SCOPE,
		card: 'ignored',
	},
	{
		name: 'invitee.canceled',
		label: 'Invitee Canceled',
		description:
			'A booking was canceled, or moved: a reschedule sends this for the old booking with "rescheduled" true',
		readScope: 'scheduled_events:read',
		subscriptionScopes: EVERY_SCOPE,
		card: 'booking',
	},
	{
		name: 'invitee.created',
		label: 'Invitee Created',
		description: 'Someone booked, or rescheduled into a new time',
		readScope: 'scheduled_events:read',
		subscriptionScopes: EVERY_SCOPE,
		card: 'booking',
		selectedByDefault: true,
	},
	{
		name: 'invitee_no_show.created',
		label: 'Invitee No-Show Created',
		description: 'A host marked an invitee as a no-show',
		readScope: 'scheduled_events:read',
		subscriptionScopes: EVERY_SCOPE,
		card: 'booking',
	},
	{
		name: 'invitee_no_show.deleted',
		label: 'Invitee No-Show Deleted',
		description: 'A host removed a no-show mark',
		readScope: 'scheduled_events:read',
		subscriptionScopes: EVERY_SCOPE,
		card: 'booking',
	},
	{
		name: 'routing_form_submission.created',
		label: 'Routing Form Submission Created',
		description:
			'Someone submitted a routing form. Organization scope only; needs the routing_forms:read scope and a plan with routing forms.',
		readScope: 'routing_forms:read',
		subscriptionScopes: ['organization'],
		card: 'lead',
		planFeature: 'routing forms (Teams plan or higher)',
	},
	// Contacts work on every Calendly plan since 2026-11-19 (release notes of that day).
	{
		name: 'contact.created',
		label: 'Contact Created',
		description:
			'A contact was added to the Calendly contact book: by a booking, by hand or through the API (needs the contacts:read scope)',
		readScope: 'contacts:read',
		subscriptionScopes: EVERY_SCOPE,
		card: 'contact',
	},
	{
		name: 'contact.updated',
		label: 'Contact Updated',
		description:
			'A field of a contact changed, such as company, job title or phone; not sent for its bookings (needs the contacts:read scope)',
		readScope: 'contacts:read',
		subscriptionScopes: EVERY_SCOPE,
		card: 'contact',
	},
	{
		name: 'contact.deleted',
		label: 'Contact Deleted',
		description:
			'A contact was deleted; the delivery carries only its URI and deletion time (needs the contacts:read scope)',
		readScope: 'contacts:read',
		subscriptionScopes: EVERY_SCOPE,
		card: 'contact',
	},
	// Calendly Notetaker's recaps: user-scope subscriptions only, and a paid plan (Notetaker API reference).
	{
		name: 'meeting_recap.created',
		label: 'Meeting Recap Created',
		description:
			'Calendly Notetaker finished the recap of a meeting: summary, action items, discussion, transcript link. User scope only; needs the meeting_recaps:read scope and a paid plan.',
		readScope: 'meeting_recaps:read',
		subscriptionScopes: ['user'],
		card: 'recap',
		planFeature: 'Calendly Notetaker meeting recaps (a paid plan)',
	},
	{
		name: 'meeting_recap.updated',
		label: 'Meeting Recap Updated',
		description:
			'The highlights of a meeting recap were edited, or its share link was made or removed. User scope only; needs the meeting_recaps:read scope and a paid plan.',
		readScope: 'meeting_recaps:read',
		subscriptionScopes: ['user'],
		card: 'recap',
		planFeature: 'Calendly Notetaker meeting recaps (a paid plan)',
	},
	{
		name: 'meeting_recap.deleted',
		label: 'Meeting Recap Deleted',
		description:
			'A meeting recap was deleted for good. User scope only; needs the meeting_recaps:read scope and a paid plan.',
		readScope: 'meeting_recaps:read',
		subscriptionScopes: ['user'],
		card: 'recap',
		planFeature: 'Calendly Notetaker meeting recaps (a paid plan)',
	},
] as const satisfies readonly WebhookEventEntry[];

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type WebhookEventName = WebhookEvent['name'];

const BY_NAME = new Map<string, WebhookEventEntry>(
	WEBHOOK_EVENTS.map((event) => [event.name, event]),
);

/** The catalogue entry of an event name; undefined for an event this package does not offer. */
export function webhookEvent(name: string): WebhookEventEntry | undefined {
	return BY_NAME.get(name);
}

/** What the card node does with a delivery of this event; undefined for an event this package does not offer. */
export function cardHandlingOf(event: string): CardHandling | undefined {
	return BY_NAME.get(event)?.card;
}

/** The events a new trigger starts with (and that a saved trigger without an "Events" value has). */
export const DEFAULT_TRIGGER_EVENTS: string[] = WEBHOOK_EVENTS.filter(
	(event: WebhookEventEntry) => event.selectedByDefault,
).map((event) => event.name);

/** The events as a node's options, sorted by label (the trigger's Events, Get Sample Delivery's Event). */
export const EVENT_OPTIONS = WEBHOOK_EVENTS.map((event) => ({
	name: event.label,
	value: event.name,
	description: event.description,
})).sort((a, b) => a.name.localeCompare(b.name));
