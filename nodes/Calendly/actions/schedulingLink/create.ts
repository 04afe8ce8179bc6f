import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ResourceResponse } from '../../../shared/calendly/types';
import { calendlyApiRequest } from '../../../shared/transport';
import { locator, locatorUri } from '../../helpers/locators';

const properties: INodeProperties[] = [
	locator('eventType', 'eventType', {
		description: 'The event type the link books; the link works for one booking only',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['schedulingLink'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const owner = await locatorUri(this, 'eventType', 'eventType', itemIndex);
	const { resource } = (await calendlyApiRequest.call(
		this,
		'POST',
		'/scheduling_links',
		{ max_event_count: 1, owner, owner_type: 'EventType' },
		undefined,
		{ itemIndex },
	)) as ResourceResponse<IDataObject>;
	return [resource];
}
