import type { CalendlyErrorBody } from '../calendly/types';

interface CalendlyErrorDescription {
	message: string;
	description?: string;
}

/**
 * Calendly's 403 texts for a plan without the feature: "Please upgrade to a paid Calendly account." and
 * older "Please upgrade your Calendly account to …"; Notetaker says "Meeting recap access is not available.
 * Required features are not enabled for your account" (no final period), contacts said the like.
 */
const PLAN_MESSAGE = /upgrade|features are not enabled|not available/i;

/** Whether a 403 body says the Calendly plan lacks the feature (not a missing scope or role). */
export function isPlanRefusal(body: CalendlyErrorBody | undefined): boolean {
	return PLAN_MESSAGE.test(body?.message ?? '');
}

function detailsText(body: CalendlyErrorBody): string | undefined {
	if (!Array.isArray(body.details) || body.details.length === 0) return undefined;
	return body.details
		.map((d) => (d.parameter ? `${d.parameter}: ${d.message}` : d.message))
		.join('; ');
}

/**
 * Plain words for a failed Calendly call. Branches on the HTTP status (Calendly's titles are not
 * reliable) and only reads the 403 text to tell missing scopes and plan limits from other refusals.
 * `what` names the call, e.g. "GET /scheduled_events".
 */
export function describeCalendlyError(
	status: number,
	body: CalendlyErrorBody | undefined,
	what: string,
): CalendlyErrorDescription {
	const said = body?.message ? ` Calendly said: "${body.message}"` : '';
	const details = body ? detailsText(body) : undefined;
	switch (true) {
		case status === 400:
			return {
				message: `Calendly rejected the request (${what}) as invalid.${said}`,
				description: details
					? `Fix these parameters: ${details}`
					: 'Check the values given to the node. A token without the scheduled_events:read scope also gets this answer when creating webhook subscriptions.',
			};
		case status === 401:
			return {
				message: 'Calendly rejected the token: it is wrong, expired or revoked.',
				description:
					'Create a new personal access token in Calendly (Integrations → API & Webhooks) or reconnect the OAuth2 credential.',
			};
		case status === 403 && Array.isArray(body?.required_scopes) && body.required_scopes.length > 0:
			return {
				message: `The Calendly token lacks the scope${body.required_scopes.length > 1 ? 's' : ''} ${body.required_scopes.join(', ')} needed for ${what}.`,
				description:
					'Calendly tokens only carry the scopes ticked when they were made. Create a personal access token with these scopes, or add them to the OAuth2 credential’s Scope field (and your OAuth app) and reconnect.',
			};
		case status === 403 && isPlanRefusal(body):
			return {
				message: `Calendly's plan does not allow this (${what}).${said}`,
				description:
					'This feature needs a Calendly plan that includes it. Upgrade the Calendly account or choose another option.',
			};
		case status === 403:
			return {
				message: `Calendly refused permission for ${what}.${said}`,
				description:
					'The Calendly user behind this credential may not do this: organization-wide actions need an owner or admin of the organization.',
			};
		case status === 404:
			return {
				message: `Calendly found nothing at ${what}.${said}`,
				description: 'Check the ID or URI given to the node; the resource may have been deleted.',
			};
		case status === 409:
			return { message: `Calendly reports a conflict for ${what}.${said}`, description: details };
		case status === 429:
			return {
				message: `Calendly's rate limit was still exceeded after retrying ${what}.`,
				description:
					'Calendly allows 500 requests per user per minute on paid plans and 50 on Free, shared by every integration of that user. Wait a minute, or lower the number of items per run.',
			};
		case status >= 500:
			return {
				message: `Calendly had a server error (HTTP ${status}) for ${what}, also after retries.${said}`,
				description: 'This is on Calendly’s side. Try again later.',
			};
		default:
			return {
				message: `Calendly answered HTTP ${status} for ${what}.${said}`,
				description: details,
			};
	}
}
