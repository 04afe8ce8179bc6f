import type { INodeProperties } from 'n8n-workflow';

import * as get from './get';
import * as getMe from './getMe';

export const operations = { get, getMe };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a user by URI or ID', action: 'Get a user' },
			{
				name: 'Get Me',
				value: 'getMe',
				description: 'Get the user the credential belongs to, with their organization',
				action: 'Get the current user',
			},
		],
		default: 'getMe',
	},
	...get.description,
	...getMe.description,
];
