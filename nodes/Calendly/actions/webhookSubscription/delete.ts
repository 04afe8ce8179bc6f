import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { calendlyApiRequest } from '../../../shared/transport';
import { locator, locatorId } from '../../helpers/locators';

const properties: INodeProperties[] = [
	locator('webhookSubscription', 'webhookSubscription', {
		hint: 'A Calendly Trigger recreates its own subscription when its workflow is published again',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhookSubscription'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = locatorId(this, 'webhookSubscription', 'webhookSubscription', itemIndex);
	await calendlyApiRequest.call(
		this,
		'DELETE',
		`/webhook_subscriptions/${id}`,
		undefined,
		undefined,
		{
			itemIndex,
		},
	);
	return [{ deleted: true, id }];
}
