import type { INodeProperties } from 'n8n-workflow';

import { locator } from '../../helpers/locators';

export const contactLocator = locator('contact', 'contact', {
	description:
		'The contact to use; the list searches by name, or by email when the search has an @',
});

/** Profile fields of a contact, in Create's Additional Fields and Update's Update Fields. */
export const profileFields: INodeProperties[] = [
	{
		displayName: 'City',
		name: 'city',
		type: 'string',
		default: '',
		description: "City of the contact's location",
	},
	{
		displayName: 'Company',
		name: 'company',
		type: 'string',
		default: '',
		description: 'Company the contact works for',
	},
	{
		displayName: 'Country',
		name: 'country',
		type: 'string',
		default: '',
		placeholder: 'US',
		description: 'Two-letter ISO 3166-1 country code, like US, GB or DE',
	},
	{
		displayName: 'Job Title',
		name: 'jobTitle',
		type: 'string',
		default: '',
		description: 'Job title of the contact',
	},
	{
		displayName: 'LinkedIn',
		name: 'linkedin',
		type: 'string',
		default: '',
		placeholder: 'https://www.linkedin.com/in/jane-doe',
		description: 'URL of the LinkedIn profile',
	},
	{
		displayName: 'State',
		name: 'state',
		type: 'string',
		default: '',
		description: "State or region of the contact's location",
	},
	{
		displayName: 'Timezone',
		name: 'timezone',
		type: 'string',
		default: '',
		placeholder: 'America/New_York',
		description: 'IANA time zone name of the contact, like America/New_York or Europe/Berlin',
	},
];

/** Custom fields by their definition; `clearing` describes Update, where an empty value clears the field. */
export function customFieldsField(clearing: boolean): INodeProperties {
	return {
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Field',
		default: {},
		description: clearing
			? 'Values of custom contact fields to set; fields not listed keep their values, and a field with an empty value is cleared'
			: 'Values of custom contact fields',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'field',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getContactCustomFields' },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						hint: 'An expression may also give the field’s label',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: clearing
							? 'Number and currency fields take a number (currency in whole units, 85000 for 85,000.00), date fields YYYY-MM-DD, tag fields comma-separated tags, single-select fields an option label. Empty clears the field.'
							: 'Number and currency fields take a number (currency in whole units, 85000 for 85,000.00), date fields YYYY-MM-DD, tag fields comma-separated tags, single-select fields an option label',
					},
				],
			},
		],
	};
}

export const excludeCustomFieldsOption: INodeProperties = {
	displayName: 'Exclude Custom Fields',
	name: 'excludeCustomFields',
	type: 'boolean',
	default: false,
	description: 'Whether to leave out custom_fields, for smaller output',
};
