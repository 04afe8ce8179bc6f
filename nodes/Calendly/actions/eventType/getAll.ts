import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { EventType } from '../../../shared/calendly/types';
import {
	filtersCollection,
	getCollection,
	limitField,
	optionsCollection,
	ownerFilter,
	ownerScopeFields,
	returnAllField,
	sortOption,
} from '../../helpers/common';
import { toJson } from '../types';

const properties: INodeProperties[] = [
	...ownerScopeFields('event types'),
	returnAllField,
	limitField,
	filtersCollection([
		{
			displayName: 'Active Only',
			name: 'activeOnly',
			type: 'boolean',
			default: true,
			description: 'Whether to return only active event types (those invitees can book); off returns active and inactive ones',
		},
	]),
	optionsCollection([
		sortOption(
			[
				{ name: 'Created (Newest First)', value: 'created_at:desc' },
				{ name: 'Created (Oldest First)', value: 'created_at:asc' },
				{ name: 'Name (A to Z)', value: 'name:asc' },
				{ name: 'Name (Z to A)', value: 'name:desc' },
				{ name: 'Position', value: 'position:asc' },
				{ name: 'Updated (Newest First)', value: 'updated_at:desc' },
			],
			'name:asc',
			'Order of the event types',
		),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['eventType'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { activeOnly?: boolean };
	const options = this.getNodeParameter('options', itemIndex, {}) as { sort?: string };
	const qs: IDataObject = await ownerFilter(this, itemIndex);
	if (filters.activeOnly) qs.active = true;
	if (options.sort) qs.sort = options.sort;
	return toJson(await getCollection<EventType>(this, itemIndex, '/event_types', qs));
}
