import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { ResourceResponse } from '../../../shared/calendly/types';
import { calendlyApiRequest } from '../../../shared/transport';
import {
	checkCount,
	checkEmail,
	customFieldsBody,
	distinct,
	emailMatchKey,
	phoneMatchKey,
	profileBody,
	splitList,
	type Contact,
	type CustomFieldInput,
} from '../../helpers/contacts';
import { toJson } from '../types';
import { customFieldsField, profileFields } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		description: 'Full name of the contact',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: 'Primary email address of the contact',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			...profileFields.slice(0, 5),
			{
				displayName: 'Other Emails',
				name: 'otherEmails',
				type: 'string',
				default: '',
				placeholder: 'jane@work.com, jane@home.com',
				description:
					'Further email addresses of the contact, separated by commas (at most 10 emails in all)',
			},
			{
				displayName: 'Phone Numbers',
				name: 'phoneNumbers',
				type: 'string',
				default: '',
				placeholder: '+1 555 0100, +44 20 7946 0000',
				description: 'Phone numbers of the contact, separated by commas (at most 10)',
			},
			...profileFields.slice(5),
		],
	},
	customFieldsField(false),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['create'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const name = String(this.getNodeParameter('name', itemIndex, '') ?? '').trim();
	if (!name) {
		throw new NodeOperationError(this.getNode(), 'The contact has no name', {
			itemIndex,
			description: "Set 'Name' to the contact's full name.",
		});
	}
	const email = String(this.getNodeParameter('email', itemIndex, '') ?? '').trim();
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;

	const emails = distinct(
		[
			checkEmail(this, email, 'Email', itemIndex),
			...splitList(additional.otherEmails).map((one) =>
				checkEmail(this, one, 'Other Emails', itemIndex),
			),
		],
		emailMatchKey,
	);
	checkCount(this, emails.length, 'emails', itemIndex);
	const phones = distinct(splitList(additional.phoneNumbers), phoneMatchKey);
	checkCount(this, phones.length, 'phone numbers', itemIndex);

	const body: IDataObject = {
		...profileBody(this, additional, itemIndex, false),
		name,
		emails: emails.map((address, index) => ({ email: address, is_primary: index === 0 })),
	};
	if (phones.length > 0) body.phone_numbers = phones.map((phone) => ({ phone_number: phone }));
	const customFields = await customFieldsBody(
		this,
		this.getNodeParameter('customFields.field', itemIndex, []) as CustomFieldInput[],
		itemIndex,
		false,
	);
	if (customFields) body.custom_fields = customFields;

	const { resource } = (await calendlyApiRequest.call(this, 'POST', '/contacts', body, undefined, {
		itemIndex,
	})) as ResourceResponse<Contact>;
	return toJson(resource);
}
