import type { SubscriptionScope } from '../../shared/calendly/types';
import { SUBSCRIPTION_SCOPES, webhookEvent } from '../../shared/calendly/webhookEvents';

/** Every scope a token needs to run this trigger with the given events and subscription scope. */
export function requiredTokenScopes(events: string[], scope: SubscriptionScope): string[] {
	const needed = new Set(['users:read', 'webhooks:read', 'webhooks:write']);
	for (const event of events) {
		const readScope = webhookEvent(event)?.readScope;
		if (readScope) needed.add(readScope);
	}
	if (scope === 'organization') needed.add('organizations:read');
	if (scope === 'group') needed.add('groups:read');
	return [...needed].sort();
}

const SCOPE_LABEL: Record<SubscriptionScope, string> = {
	user: 'User',
	organization: 'Organization',
	group: 'Group',
};
const quoted = (values: readonly string[]) => values.map((value) => `"${value}"`).join(', ');

const scopeNames = (scopes: readonly SubscriptionScope[]) =>
	scopes.map((scope) => `"${SCOPE_LABEL[scope]}"`).join(' or ');

/**
 * Events no single scope allows (meeting recaps are user scope only, routing form submissions organization
 * scope only): says which trigger each goes to. Events every scope allows may stay in either.
 */
function splitAdvice(events: string[]): string {
	const groups = new Map<string, { scopes: readonly SubscriptionScope[]; events: string[] }>();
	for (const event of events) {
		const scopes = webhookEvent(event)!.subscriptionScopes;
		if (scopes.length === SUBSCRIPTION_SCOPES.length) continue;
		const key = scopes.join();
		const group = groups.get(key) ?? { scopes, events: [] };
		group.events.push(event);
		groups.set(key, group);
	}
	const triggers = [...groups.values()].map(
		(group) => `one with "Scope" ${scopeNames(group.scopes)} for ${quoted(group.events)}`,
	);
	return (
		`Calendly takes one scope per subscription, and no scope allows all of ${quoted(events)}. ` +
		`Split them over ${triggers.length} Calendly Triggers: ${triggers.join('; ')}. Other events can go in either.`
	);
}

/** Returns why these events cannot be subscribed with this scope, or undefined when they can. */
export function eventScopeProblem(events: string[], scope: SubscriptionScope): string | undefined {
	if (events.length === 0) {
		return 'No events are selected. Pick at least one event under "Events".';
	}
	const unknown = events.filter((event) => !webhookEvent(event));
	if (unknown.length > 0) {
		return `Calendly has no webhook event named ${quoted(unknown)}. Pick events from the "Events" list.`;
	}
	const misfits = events.filter(
		(event) => !webhookEvent(event)!.subscriptionScopes.includes(scope),
	);
	if (misfits.length === 0) return undefined;
	// Calendly takes one scope per subscription: only a scope every chosen event allows can work.
	const allowed = SUBSCRIPTION_SCOPES.filter((candidate) =>
		events.every((event) => webhookEvent(event)!.subscriptionScopes.includes(candidate)),
	);
	if (allowed.length === 0) return splitAdvice(events);
	const adminNote = allowed.includes('organization')
		? ' (needs a Calendly owner or admin account)'
		: '';
	return (
		`Calendly sends ${quoted(misfits)} only to ${allowed.map((s) => `${s}-scope`).join(' or ')} subscriptions, and "Scope" is "${scope}". ` +
		`Set "Scope" to ${scopeNames(allowed)}${adminNote} or remove the event from "Events".`
	);
}

const PRIVATE_HOST =
	/^(localhost|.*\.localhost|.*\.local|.*\.internal|0\.0\.0\.0|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|169\.254\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|\[::1?\]|\[f[cd][0-9a-f]*:.*\]|\[fe80:.*\])$/i;

/**
 * True when the credential's API Base URL is on this machine (localhost, 127.0.0.0/8, ::1): a stand-in
 * such as the test simulator. Any other base URL may be Calendly behind a proxy, or a mistake.
 */
function isLoopbackBaseUrl(baseUrl: string): boolean {
	let hostname: string;
	try {
		hostname = new URL(baseUrl).hostname;
	} catch {
		return false;
	}
	return (
		hostname === 'localhost' ||
		hostname === '[::1]' ||
		/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
	);
}

/**
 * Calendly refuses callbacks it cannot reach over public HTTPS. Only a stand-in for Calendly on this
 * machine (a loopback API Base URL) may call plain http on a private address; every other base URL keeps
 * the check, so a changed base URL cannot hide a callback Calendly would never reach.
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
	if (isLoopbackBaseUrl(baseUrl)) return undefined;
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
