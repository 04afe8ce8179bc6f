// Calendly names every resource by a full URI; path parameters take its trailing UUID(s).

const INVITEE_URI = /\/scheduled_events\/([^/?#\s]+)\/invitees\/([^/?#\s]+)\/?$/;

/** The event and invitee UUIDs of an invitee URI, or undefined when the value is not one. */
export function parseInviteeUri(value: string): { event: string; invitee: string } | undefined {
	const match = INVITEE_URI.exec(value.trim());
	return match ? { event: match[1], invitee: match[2] } : undefined;
}

/** Regexes for resource locators' "By URL" mode: any host, so a custom base URL works too. */
export const URI_REGEX = {
	eventType: '^https?://[^/]+/event_types/([A-Za-z0-9_-]+)/?$',
	scheduledEvent: '^https?://[^/]+/scheduled_events/([A-Za-z0-9_-]+)/?$',
	user: '^https?://[^/]+/users/([A-Za-z0-9_-]+)/?$',
	invitee: '^https?://[^/]+/scheduled_events/[A-Za-z0-9_-]+/invitees/([A-Za-z0-9_-]+)/?$',
	webhookSubscription: '^https?://[^/]+/webhook_subscriptions/([A-Za-z0-9_-]+)/?$',
	// The API URI, or the web app link Calendly returns as app_url (same ID).
	contact: '^https?://[^/]+/(?:app/)?contacts/([A-Za-z0-9_-]+)/?$',
	meetingRecap: '^https?://[^/]+/meeting_recaps/([A-Za-z0-9_-]+)/?$',
} as const;
