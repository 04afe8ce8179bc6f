import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll';

export const operations = { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['organizationMembership'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: "List the memberships (users and roles) of the credential user's organization",
				action: 'Get many organization memberships',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
