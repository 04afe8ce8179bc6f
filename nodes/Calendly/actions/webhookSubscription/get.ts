import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WebhookSubscription } from '../../../shared/calendly/types';
import { getResource } from '../../helpers/common';
import { locator, locatorId } from '../../helpers/locators';
import { toJson } from '../types';

const properties: INodeProperties[] = [locator('webhookSubscription', 'webhookSubscription')];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhookSubscription'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = locatorId(this, 'webhookSubscription', 'webhookSubscription', itemIndex);
	return toJson(
		await getResource<WebhookSubscription>(this, `/webhook_subscriptions/${id}`, itemIndex),
	);
}
