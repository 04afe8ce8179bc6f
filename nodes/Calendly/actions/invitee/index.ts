import type { INodeProperties } from 'n8n-workflow';

import * as findBookingsByEmail from './findBookingsByEmail';
import * as get from './get';
import * as getAll from './getAll';

export const operations = { findBookingsByEmail, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invitee'] } },
		options: [
			{
				name: 'Find Bookings by Email',
				value: 'findBookingsByEmail',
				description:
					"Find a person's bookings across scheduled events, optionally within a time range",
				action: 'Find bookings by email',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an invitee of a scheduled event',
				action: 'Get an invitee',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the invitees of a scheduled event',
				action: 'Get many invitees',
			},
		],
		default: 'getAll',
	},
	...findBookingsByEmail.description,
	...get.description,
	...getAll.description,
];
