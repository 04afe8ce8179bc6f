import type { INodeProperties } from 'n8n-workflow';

import * as get from './get';
import * as mark from './mark';
import * as unmark from './unmark';

export const operations = { get, mark, unmark };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['noShow'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a no-show mark', action: 'Get a no show' },
			{
				name: 'Mark',
				value: 'mark',
				description: 'Mark an invitee as a no-show',
				action: 'Mark an invitee as a no show',
			},
			{
				name: 'Unmark',
				value: 'unmark',
				description: 'Remove a no-show mark from an invitee',
				action: 'Unmark a no show',
			},
		],
		default: 'mark',
	},
	...get.description,
	...mark.description,
	...unmark.description,
];
