import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll';

export const operations = { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['routingFormSubmission'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the submissions of a routing form',
				action: 'Get many routing form submissions',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
