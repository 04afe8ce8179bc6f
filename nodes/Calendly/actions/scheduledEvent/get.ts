import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ScheduledEvent } from '../../../shared/calendly/types';
import { getResource } from '../../helpers/common';
import { locator, locatorId } from '../../helpers/locators';
import { toJson } from '../types';

const properties: INodeProperties[] = [locator('scheduledEvent', 'scheduledEvent')];

export const description = updateDisplayOptions(
	{ show: { resource: ['scheduledEvent'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = locatorId(this, 'scheduledEvent', 'scheduledEvent', itemIndex);
	return toJson(await getResource<ScheduledEvent>(this, `/scheduled_events/${id}`, itemIndex));
}
