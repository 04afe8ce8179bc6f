import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	collectionQuery,
	filtersCollection,
	getCollection,
	limitField,
	optionsCollection,
	returnAllField,
	sortOption,
	statusFilter,
} from '../../helpers/common';
import { locator, locatorId } from '../../helpers/locators';

const properties: INodeProperties[] = [
	locator('scheduledEvent', 'scheduledEvent'),
	returnAllField,
	limitField,
	filtersCollection([
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Only the invitee with this email address',
		},
		statusFilter('Only invitees with this status'),
	]),
	optionsCollection([
		sortOption(
			[
				{ name: 'Booked (Newest First)', value: 'created_at:desc' },
				{ name: 'Booked (Oldest First)', value: 'created_at:asc' },
			],
			'created_at:asc',
			'Order of the invitees',
		),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['invitee'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const eventId = locatorId(this, 'scheduledEvent', 'scheduledEvent', itemIndex);
	const qs = collectionQuery(this, itemIndex, { email: 'email', status: 'status', sort: 'sort' });
	return await getCollection(this, itemIndex, `/scheduled_events/${eventId}/invitees`, qs);
}
