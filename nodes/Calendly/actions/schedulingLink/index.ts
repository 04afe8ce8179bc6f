import type { INodeProperties } from 'n8n-workflow';

import * as create from './create';

export const operations = { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['schedulingLink'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a single-use booking link for an event type',
				action: 'Create a single use scheduling link',
			},
		],
		default: 'create',
	},
	...create.description,
];
