import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deliveryToJson } from '../../../shared/booking/flatDelivery';
import { EVENT_OPTIONS, webhookEvent } from '../../../shared/calendly/webhookEvents';
import { calendlyApiRequest } from '../../../shared/transport';
import { currentUser } from '../../helpers/common';

const properties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'sampleEvent',
		type: 'options',
		default: 'invitee.created',
		options: EVENT_OPTIONS,
		description: 'The webhook event to get a sample delivery of',
	},
	{
		displayName: 'Output',
		name: 'sampleOutput',
		type: 'options',
		default: 'envelope',
		options: [
			{
				name: 'As Sent',
				value: 'envelope',
				description: 'The delivery as Calendly Trigger outputs it by default',
			},
			{
				name: 'Flat Booking',
				value: 'flatBooking',
				description:
					"As Calendly Trigger's Flat Booking output: one flat booking, contact or meeting recap",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhookSubscription'], operation: ['getSample'] } },
	properties,
);

/**
 * Calendly's synthetic delivery of an event (GET /sample_webhook_data), to build and pin a workflow on
 * before a real booking arrives. Asked for in the credential user's scope, or the organization's for
 * events Calendly only sends there (routing forms).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const event = this.getNodeParameter('sampleEvent', itemIndex) as string;
	const output = this.getNodeParameter('sampleOutput', itemIndex, 'envelope') as
		'envelope' | 'flatBooking';
	const me = await currentUser(this);
	const userScope = webhookEvent(event)?.subscriptionScopes.includes('user') ?? true;
	const qs: IDataObject = {
		event,
		organization: me.current_organization,
		scope: userScope ? 'user' : 'organization',
		...(userScope ? { user: me.uri } : {}),
	};
	const sample = (await calendlyApiRequest.call(
		this,
		'GET',
		'/sample_webhook_data',
		undefined,
		qs,
		{ itemIndex },
	)) as IDataObject;
	return [deliveryToJson(sample, output)];
}
