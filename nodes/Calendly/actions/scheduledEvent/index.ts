import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel';
import * as get from './get';
import * as getAll from './getAll';
import * as reconcile from './reconcile';

export const operations = { cancel, get, getAll, reconcile };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['scheduledEvent'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description: 'Cancel a scheduled event for all its invitees',
				action: 'Cancel a scheduled event',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a scheduled event',
				action: 'Get a scheduled event',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List scheduled events, or replay them as webhook deliveries',
				action: 'Get many scheduled events',
			},
			{
				name: 'Reconcile',
				value: 'reconcile',
				description:
					'Rebuild the webhook deliveries of every booking from some days back on, however far ahead (bookings, cancellations, reschedules, no-shows), optionally with the contacts and meeting recaps of that period, to fill in missed ones on the board via "Calendly to Card"',
				action: 'Reconcile scheduled events as webhook deliveries',
			},
		],
		default: 'getAll',
	},
	...cancel.description,
	...get.description,
	...getAll.description,
	...reconcile.description,
];
