import type { SubscriptionScope } from '../../shared/calendly/types';
import { CALENDLY_API_BASE_URL } from '../../shared/transport';

/** Events Calendly only sends to organization-scope subscriptions. */
const ORGANIZATION_ONLY_EVENTS = ['routing_form_submission.created'];

/** The read scope a token needs for each event family, so error messages can say which box to tick. */
const READ_SCOPE_BY_EVENT: Record<string, string> = {
	'invitee.created': 'scheduled_events:read',
	'invitee.canceled': 'scheduled_events:read',
	'invitee_no_show.created': 'scheduled_events:read',
	'invitee_no_show.deleted': 'scheduled_events:read',
	'routing_form_submission.created': 'routing_forms:read',
	'event_type.created': 'event_types:read',
	'event_type.updated': 'event_types:read',
	'event_type.deleted': 'event_types:read',
};

/** Every scope a token needs to run this trigger with the given events and subscription scope. */
export function requiredTokenScopes(events: string[], scope: SubscriptionScope): string[] {
	const needed = new Set(['users:read', 'webhooks:read', 'webhooks:write']);
	for (const event of events) {
		const readScope = READ_SCOPE_BY_EVENT[event];
		if (readScope) needed.add(readScope);
	}
	if (scope === 'organization') needed.add('organizations:read');
	if (scope === 'group') needed.add('groups:read');
	return [...needed].sort();
}

/** Returns why these events cannot be subscribed with this scope, or undefined when they can. */
export function eventScopeProblem(events: string[], scope: SubscriptionScope): string | undefined {
	if (events.length === 0) {
		return 'No events are selected. Pick at least one event under "Events".';
	}
	const unknown = events.filter((event) => !(event in READ_SCOPE_BY_EVENT));
	if (unknown.length > 0) {
		return `Calendly has no webhook event named ${unknown.map((e) => `"${e}"`).join(', ')}. Pick events from the "Events" list.`;
	}
	const orgOnly = events.filter((event) => ORGANIZATION_ONLY_EVENTS.includes(event));
	if (orgOnly.length > 0 && scope !== 'organization') {
		return (
			`Calendly sends "${orgOnly.join('", "')}" only to organization-scope subscriptions, and "Scope" is "${scope}". ` +
			'Set "Scope" to "Organization" (needs a Calendly owner or admin account) or remove the event from "Events".'
		);
	}
	return undefined;
}

const PRIVATE_HOST =
	/^(localhost|.*\.localhost|.*\.local|.*\.internal|0\.0\.0\.0|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|169\.254\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|\[::1?\]|\[f[cd][0-9a-f]*:.*\]|\[fe80:.*\])$/i;

/** True when the credential talks to real Calendly rather than a stand-in such as the test simulator. */
function isCalendlyBaseUrl(baseUrl: string): boolean {
	try {
		return new URL(baseUrl).origin === CALENDLY_API_BASE_URL;
	} catch {
		return false;
	}
}

/**
 * Calendly refuses callbacks it cannot reach over public HTTPS. A non-Calendly base URL (the simulator,
 * a local mock) may call plain http on a private address, so the check only applies to real Calendly.
 */
export function callbackUrlProblem(callbackUrl: string, baseUrl: string): string | undefined {
	let url: URL;
	try {
		url = new URL(callbackUrl);
	} catch {
		return `n8n gave this trigger the webhook URL "${callbackUrl}", which is not a valid URL. Check the WEBHOOK_URL setting of your n8n instance.`;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return `The webhook URL "${callbackUrl}" is not an http(s) URL. Check the WEBHOOK_URL setting of your n8n instance.`;
	}
	if (!isCalendlyBaseUrl(baseUrl)) return undefined;
	const fix =
		'Set the WEBHOOK_URL environment variable of n8n to a public https:// address that reaches this instance ' +
		'(for local testing, a tunnel such as ngrok or Cloudflare Tunnel), restart n8n and publish again.';
	if (url.protocol !== 'https:') {
		return `Calendly only delivers webhooks to public HTTPS URLs, and this workflow's webhook URL is "${callbackUrl}". ${fix}`;
	}
	if (PRIVATE_HOST.test(url.hostname)) {
		return `Calendly cannot reach "${url.hostname}": the webhook URL "${callbackUrl}" points at a private address. ${fix}`;
	}
	return undefined;
}
