import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Every n8n context a node of this package calls Calendly from. */
export type CalendlyFunctions =
	IExecuteFunctions | IHookFunctions | ILoadOptionsFunctions | IWebhookFunctions;

type CalendlyCredentialType = 'calendlyCardsApi' | 'calendlyCardsOAuth2Api';

interface CalendlyCredential {
	type: CalendlyCredentialType;
	/** Without a trailing slash. */
	baseUrl: string;
	/** The OAuth app's signing key (OAuth2 only); never log or output it. */
	webhookSigningKey?: string;
}

/** Calendly's API (v2): the default of the credentials' API Base URL. */
export const CALENDLY_API_BASE_URL = 'https://api.calendly.com';

/** The credential type chosen in the node's "Authentication" parameter. */
export function calendlyCredentialType(this: CalendlyFunctions): CalendlyCredentialType {
	return this.getNode().parameters.authentication === 'oAuth2'
		? 'calendlyCardsOAuth2Api'
		: 'calendlyCardsApi';
}

/** A usable base URL, or an Error whose message says what is wrong with it. */
function parseBaseUrl(value: unknown): string | Error {
	const raw =
		typeof value === 'string' && value.trim() !== '' ? value.trim() : CALENDLY_API_BASE_URL;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return new Error(
			`The credential's API Base URL "${raw}" is not a URL. Set it back to ${CALENDLY_API_BASE_URL}.`,
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return new Error(
			`The credential's API Base URL must start with https:// (got "${url.protocol}"). Set it back to ${CALENDLY_API_BASE_URL}.`,
		);
	}
	return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Reads and checks the Calendly credential of the current node. */
export async function getCalendlyCredential(this: CalendlyFunctions): Promise<CalendlyCredential> {
	const type = calendlyCredentialType.call(this);
	const data = await this.getCredentials(type);
	const baseUrl = parseBaseUrl(data.baseUrl);
	if (baseUrl instanceof Error) throw new NodeOperationError(this.getNode(), baseUrl.message);
	if (type === 'calendlyCardsApi' && String(data.accessToken ?? '').trim() === '') {
		throw new NodeOperationError(
			this.getNode(),
			'The Calendly personal access token in the credential is empty.',
			{
				description:
					'Create a token in Calendly under Integrations → API & Webhooks and paste it into the credential.',
			},
		);
	}
	const signingKey = String(data.webhookSigningKey ?? '').trim();
	return { type, baseUrl, ...(signingKey ? { webhookSigningKey: signingKey } : {}) };
}
