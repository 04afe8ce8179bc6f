import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

// The "Authentication" choice every node that calls Calendly shares; calendlyCredentialType() reads it.
// (The credentials list itself stays literal in each node: n8n's lint rules read it from the source.)

export const CALENDLY_AUTHENTICATION_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Personal Access Token', value: 'accessToken' },
	{ name: 'OAuth2', value: 'oAuth2' },
];

export const calendlyAuthenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: CALENDLY_AUTHENTICATION_OPTIONS,
	default: 'accessToken',
};
