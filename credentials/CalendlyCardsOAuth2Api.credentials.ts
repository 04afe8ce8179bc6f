import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { CALENDLY_CREDENTIAL_TEST_RULES, CALENDLY_SCOPES, calendlyBaseUrlProperty } from './common';

export class CalendlyCardsOAuth2Api implements ICredentialType {
	name = 'calendlyCardsOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Calendly Cards OAuth2 API';

	icon: Icon = { light: 'file:calendly.svg', dark: 'file:calendly.dark.svg' };

	documentationUrl =
		'https://github.com/calendly-cards/n8n-nodes-calendly-cards/blob/main/docs/credentials.md#oauth2';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: 'https://auth.calendly.com/oauth/authorize',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: 'https://auth.calendly.com/oauth/token',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: CALENDLY_SCOPES.join(' '),
			description:
				'Space-separated Calendly scopes to request; the default is every scope this package can use. Your OAuth app must allow each of them: remove the ones it does not, then reconnect. For an app made before Calendly introduced scopes (March 2026) that has none, clear this field (see "Older OAuth apps" in this package’s docs/credentials.md).',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
		{
			displayName: 'Webhook Signing Key',
			name: 'webhookSigningKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The webhook signing key of your Calendly OAuth app (shown in the developer console beside the client secret). Calendly signs every webhook created through this app with it; the Calendly Trigger refuses to start without it.',
		},
		calendlyBaseUrlProperty,
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/users/me',
		},
		rules: CALENDLY_CREDENTIAL_TEST_RULES,
	};
}
