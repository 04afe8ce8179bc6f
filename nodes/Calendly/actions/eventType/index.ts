import type { INodeProperties } from 'n8n-workflow';

import * as get from './get';
import * as getAll from './getAll';
import * as getAvailableTimes from './getAvailableTimes';

export const operations = { get, getAll, getAvailableTimes };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['eventType'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get an event type', action: 'Get an event type' },
			{
				name: 'Get Available Times',
				value: 'getAvailableTimes',
				description: 'List the open slots of an event type in a range of up to 31 days',
				action: 'Get available times of an event type',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List event types of a user or of the organization',
				action: 'Get many event types',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...getAvailableTimes.description,
];
