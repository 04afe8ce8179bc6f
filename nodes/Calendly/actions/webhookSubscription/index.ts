import type { INodeProperties } from 'n8n-workflow';

import * as checkTriggers from './checkTriggers';
import * as deleteSubscription from './delete';
import * as get from './get';
import * as getAll from './getAll';
import * as getSample from './getSample';

export const operations = { checkTriggers, delete: deleteSubscription, get, getAll, getSample };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['webhookSubscription'] } },
		options: [
			{
				name: 'Check Triggers',
				value: 'checkTriggers',
				description:
					"Check every published Calendly Trigger of this n8n against Calendly's subscriptions and re-publish the broken ones",
				action: 'Check calendly triggers',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a webhook subscription, e.g. one left behind by a deleted workflow',
				action: 'Delete a webhook subscription',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a webhook subscription',
				action: 'Get a webhook subscription',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List webhook subscriptions',
				action: 'Get many webhook subscriptions',
			},
			{
				name: 'Get Sample Delivery',
				value: 'getSample',
				description:
					"Get Calendly's sample delivery of a webhook event, to build a workflow on before a real one arrives",
				action: 'Get a sample webhook delivery',
			},
		],
		default: 'getAll',
	},
	...checkTriggers.description,
	...deleteSubscription.description,
	...get.description,
	...getAll.description,
	...getSample.description,
];
