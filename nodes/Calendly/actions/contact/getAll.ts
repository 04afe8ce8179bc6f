import type { IExecuteFunctions, IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	collectionQuery,
	filtersCollection,
	getCollection,
	limitField,
	optionsCollection,
	returnAllField,
	sortOption,
} from '../../helpers/common';
import { excludeCustomFieldsOption } from './fields';

const properties: INodeProperties[] = [
	returnAllField,
	{ ...limitField, description: 'Max number of contacts to return' },
	filtersCollection([
		{
			displayName: 'City',
			name: 'city',
			type: 'string',
			default: '',
			description:
				'Only contacts whose city contains this text; separate several values with commas to match any of them',
		},
		{
			displayName: 'Company',
			name: 'company',
			type: 'string',
			default: '',
			description:
				'Only contacts whose company contains this text; separate several values with commas to match any of them',
		},
		{
			displayName: 'Country',
			name: 'country',
			type: 'string',
			default: '',
			placeholder: 'US',
			description:
				'Only contacts in this country, as a two-letter ISO 3166-1 code; separate several values with commas to match any of them',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description:
				'Only contacts with exactly this email address; separate several values with commas to match any of them',
		},
		{
			displayName: 'Job Title',
			name: 'jobTitle',
			type: 'string',
			default: '',
			description:
				'Only contacts whose job title contains this text; separate several values with commas to match any of them',
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description:
				'Only contacts whose name contains this text; separate several values with commas to match any of them',
		},
		{
			displayName: 'Phone Number',
			name: 'phoneNumber',
			type: 'string',
			default: '',
			description:
				'Only contacts with exactly this phone number; separate several values with commas to match any of them',
		},
		{
			displayName: 'State',
			name: 'state',
			type: 'string',
			default: '',
			description:
				'Only contacts in exactly this state or region; separate several values with commas to match any of them',
		},
		{
			displayName: 'Timezone',
			name: 'timezone',
			type: 'string',
			default: '',
			placeholder: 'America/New_York',
			description:
				'Only contacts in exactly this IANA time zone; separate several values with commas to match any of them',
		},
	]),
	optionsCollection([
		excludeCustomFieldsOption,
		sortOption(
			[
				{ name: 'Created (Newest First)', value: 'created_at:desc' },
				{ name: 'Created (Oldest First)', value: 'created_at:asc' },
				{ name: 'Updated (Newest First)', value: 'updated_at:desc' },
				{ name: 'Updated (Oldest First)', value: 'updated_at:asc' },
			],
			'updated_at:desc',
			'Order of the contacts',
		),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const qs = collectionQuery(this, itemIndex, {
		city: 'city',
		company: 'company',
		country: 'country',
		email: 'email',
		jobTitle: 'job_title',
		name: 'name',
		phoneNumber: 'phone_number',
		state: 'state',
		timezone: 'timezone',
		sort: 'sort',
	});
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		excludeCustomFields?: boolean;
	};
	if (options.excludeCustomFields) qs.exclude = 'custom_fields';
	return await getCollection(this, itemIndex, '/contacts', qs);
}
