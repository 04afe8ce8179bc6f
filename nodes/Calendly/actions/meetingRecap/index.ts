import type { INodeProperties } from 'n8n-workflow';

import * as get from './get';
import * as getAll from './getAll';

export const operations = { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['meetingRecap'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Get the Calendly Notetaker recap of a meeting, with summary and action items, optionally with the transcript',
				action: 'Get a meeting recap',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List the Calendly Notetaker recaps of a scheduled event or of the meetings in a time period',
				action: 'Get many meeting recaps',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
];
