import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { CALENDLY_CREDENTIAL_TEST_RULES, calendlyBaseUrlProperty } from './common';

export class CalendlyCardsApi implements ICredentialType {
	name = 'calendlyCardsApi';

	displayName = 'Calendly Cards API';

	icon: Icon = { light: 'file:calendly.svg', dark: 'file:calendly.dark.svg' };

	documentationUrl =
		'https://github.com/calendly-cards/n8n-nodes-calendly-cards/blob/main/docs/credentials.md#personal-access-token';

	properties: INodeProperties[] = [
		{
			displayName: 'Personal Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Create one in Calendly under Integrations → API & Webhooks → Personal access tokens, ticking the scopes listed in this package’s README',
		},
		calendlyBaseUrlProperty,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/users/me',
		},
		rules: CALENDLY_CREDENTIAL_TEST_RULES,
	};
}
