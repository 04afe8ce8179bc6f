import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Invitee } from '../../../shared/calendly/types';
import {
	filtersCollection,
	getCollection,
	limitField,
	optionsCollection,
	returnAllField,
	sortOption,
	statusFilter,
} from '../../helpers/common';
import { locator, locatorId } from '../../helpers/locators';
import { toJson } from '../types';

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
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { email?: string; status?: string };
	const options = this.getNodeParameter('options', itemIndex, {}) as { sort?: string };
	const qs: IDataObject = {};
	if (filters.email) qs.email = filters.email.trim();
	if (filters.status) qs.status = filters.status;
	if (options.sort) qs.sort = options.sort;
	return toJson(
		await getCollection<Invitee>(this, itemIndex, `/scheduled_events/${eventId}/invitees`, qs),
	);
}
