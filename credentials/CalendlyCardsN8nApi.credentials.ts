import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * n8n's public API, used by "Calendly to Card" to read and write its board in an n8n data table.
 * n8n only lets its own nodes use the in-process data-table helpers, and community nodes may only use
 * credentials from their own package, so this package ships its own credential for n8n's API.
 */
export class CalendlyCardsN8nApi implements ICredentialType {
	name = 'calendlyCardsN8nApi';

	displayName = 'Calendly Cards Data Table API';

	icon: Icon = { light: 'file:n8nDataTable.svg', dark: 'file:n8nDataTable.dark.svg' };

	documentationUrl =
		'https://github.com/calendly-cards/n8n-nodes-calendly-cards/blob/main/docs/credentials.md#n8n-api-key';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'Create it in n8n under Settings → n8n API with the data table scopes (dataTable, dataTableRow, dataTableColumn)',
		},
		{
			displayName: 'n8n Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: 'http://localhost:5678',
			placeholder: 'http://localhost:5678',
			description: 'The URL this n8n instance is reached at, without /api/v1',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-N8N-API-KEY': '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/api/v1',
			url: '/data-tables',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						"n8n refused the API key: create a new one under Settings → n8n API and paste it here. If n8n's public API is switched off (N8N_PUBLIC_API_DISABLED=true), remove that setting and restart n8n.",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The API key lacks the data table scopes: give it dataTable, dataTableRow and dataTableColumn access.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No n8n data-table API at this URL: check the Base URL. Calendly to Card needs n8n 2.20 or later (n8n 1.x and 2.0 to 2.6 have no public data-table API).',
				},
			},
		],
	};
}
