import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	INodeProperties,
} from 'n8n-workflow';

import { CALENDLY_API_BASE_URL } from '../nodes/shared/transport/credentials';

/** Every scope the nodes of this package can use; the README explains which feature needs which. */
export const CALENDLY_SCOPES = [
	'users:read',
	'organizations:read',
	'groups:read',
	'event_types:read',
	'availability:read',
	'scheduled_events:read',
	'scheduled_events:write',
	'scheduling_links:write',
	'routing_forms:read',
	'contacts:read',
	'contacts:write',
	'meeting_recaps:read',
	'webhooks:read',
	'webhooks:write',
];

export const calendlyBaseUrlProperty: INodeProperties = {
	displayName: 'API Base URL',
	name: 'baseUrl',
	type: 'string',
	default: CALENDLY_API_BASE_URL,
	placeholder: CALENDLY_API_BASE_URL,
	description:
		'Keep the default. Change it only to point the nodes at a stand-in for Calendly, such as the test simulator.',
};

/**
 * The credential test reads GET /users/me. Calendly answers 401 for a bad token and 403 "Insufficient
 * scope" with required_scopes ["users:read"] when the token was created without that scope, so the two
 * messages below say exactly what is wrong for this request.
 */
const RESPONSE_CODE_RULES: IAuthenticateRuleResponseCode[] = [
	{
		type: 'responseCode',
		properties: {
			value: 401,
			message:
				'Calendly rejected the token: it is wrong, expired or revoked. Create a new one (or reconnect) and try again.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 403,
			message:
				'The token is valid but lacks the users:read scope. Calendly tokens only get the scopes ticked when they are created: make one with users:read and the other scopes in the README.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 404,
			message: `No Calendly API answered at this API Base URL. Keep the default ${CALENDLY_API_BASE_URL}.`,
		},
	},
];

/** A 2xx without a user URI (an HTML page, another API) means the base URL points somewhere else. */
const NOT_CALENDLY_RULE: IAuthenticateRuleResponseSuccessBody = {
	type: 'responseSuccessBody',
	properties: {
		key: 'resource.uri',
		value: undefined,
		message: `Something answered at this API Base URL, but not the Calendly API. Keep the default ${CALENDLY_API_BASE_URL}.`,
	},
};

// n8n reads both kinds of rule from one list, though its type names an array of one kind.
export const CALENDLY_CREDENTIAL_TEST_RULES = [
	...RESPONSE_CODE_RULES,
	NOT_CALENDLY_RULE,
] as unknown as IAuthenticateRuleResponseCode[];
