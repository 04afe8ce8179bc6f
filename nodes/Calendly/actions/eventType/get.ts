import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { EventType } from '../../../shared/calendly/types';
import { getResource } from '../../helpers/common';
import { locator, locatorId } from '../../helpers/locators';
import { toJson } from '../types';

const properties: INodeProperties[] = [locator('eventType', 'eventType')];

export const description = updateDisplayOptions(
	{ show: { resource: ['eventType'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = locatorId(this, 'eventType', 'eventType', itemIndex);
	return toJson(await getResource<EventType>(this, `/event_types/${id}`, itemIndex));
}
