import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	collectionQuery,
	filtersCollection,
	getCollection,
	limitField,
	optionsCollection,
	ownerFilter,
	ownerScopeFields,
	returnAllField,
	sortOption,
} from '../../helpers/common';

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
			description:
				'Whether to return only active event types (those invitees can book); off returns active and inactive ones',
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
	const qs = {
		...(await ownerFilter(this, itemIndex)),
		...collectionQuery(this, itemIndex, { activeOnly: 'active', sort: 'sort' }),
	};
	return await getCollection(this, itemIndex, '/event_types', qs);
}
