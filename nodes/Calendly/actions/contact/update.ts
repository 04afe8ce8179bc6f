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
	type ContactEmail,
	type CustomFieldInput,
} from '../../helpers/contacts';
import { locatorId } from '../../helpers/locators';
import { toJson } from '../types';
import { contactLocator, customFieldsField, profileFields } from './fields';

const properties: INodeProperties[] = [
	contactLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		hint: 'A text field such as Company added here but left empty is cleared in Calendly',
		options: [
			{
				displayName: 'Add Emails',
				name: 'addEmails',
				type: 'string',
				default: '',
				placeholder: 'jane@work.com, jane@home.com',
				description:
					'Email addresses to add to the contact, separated by commas; its other emails are kept (at most 10 in all)',
			},
			{
				displayName: 'Add Phone Numbers',
				name: 'addPhoneNumbers',
				type: 'string',
				default: '',
				placeholder: '+1 555 0100',
				description:
					'Phone numbers to add to the contact, separated by commas; its other numbers are kept (at most 10 in all)',
			},
			...profileFields.slice(0, 5),
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Full name of the contact',
			},
			{
				displayName: 'Primary Email',
				name: 'primaryEmail',
				type: 'string',
				default: '',
				placeholder: 'name@email.com',
				description:
					'Email address to make the primary one; it is added if the contact does not have it, and the former primary email stays as a further one',
			},
			{
				displayName: 'Remove Emails',
				name: 'removeEmails',
				type: 'string',
				default: '',
				description:
					'Email addresses to remove from the contact, separated by commas; when the primary one is removed, set Primary Email too',
			},
			{
				displayName: 'Remove Phone Numbers',
				name: 'removePhoneNumbers',
				type: 'string',
				default: '',
				description:
					'Phone numbers to remove from the contact, separated by commas (matched by their digits)',
			},
			...profileFields.slice(5),
		],
	},
	customFieldsField(true),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['update'] } },
	properties,
);

interface ListChanges {
	primary?: string;
	add: string[];
	remove: string[];
}

/**
 * Calendly replaces a contact's emails as a whole, so the new list is the current one with the changes
 * applied: removals, additions, and the primary flag moved to Primary Email.
 */
function mergeEmails(
	ctx: IExecuteFunctions,
	current: ContactEmail[],
	changes: ListChanges,
	itemIndex: number,
): ContactEmail[] {
	const removed = new Set(changes.remove.map(emailMatchKey));
	let emails = current
		.filter((one) => !removed.has(emailMatchKey(one.email)))
		.map(({ email, is_primary }) => ({ email, is_primary }));
	const has = (address: string) =>
		emails.some((one) => emailMatchKey(one.email) === emailMatchKey(address));
	for (const address of changes.add) {
		if (!has(address)) emails.push({ email: address, is_primary: false });
	}
	if (changes.primary) {
		const primary = changes.primary;
		if (!has(primary)) emails.push({ email: primary, is_primary: true });
		emails = emails.map((one) => ({
			...one,
			is_primary: emailMatchKey(one.email) === emailMatchKey(primary),
		}));
	}
	if (emails.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'The contact would be left without an email', {
			itemIndex,
			description:
				"A Calendly contact needs at least one email: keep one, or add one in 'Add Emails'.",
		});
	}
	if (!emails.some((one) => one.is_primary)) {
		throw new NodeOperationError(
			ctx.getNode(),
			"The contact's primary email would be removed without a new one",
			{
				itemIndex,
				description: "Set 'Primary Email' to the address that becomes the primary one.",
			},
		);
	}
	checkCount(ctx, emails.length, 'emails', itemIndex);
	return emails;
}

function mergePhones(
	ctx: IExecuteFunctions,
	current: Array<{ phone_number: string }>,
	changes: ListChanges,
	itemIndex: number,
): Array<{ phone_number: string }> {
	const removed = new Set(changes.remove.map(phoneMatchKey));
	const kept = current
		.map(({ phone_number }) => phone_number)
		.filter((phone) => !removed.has(phoneMatchKey(phone)));
	const phones = distinct([...kept, ...changes.add], phoneMatchKey);
	checkCount(ctx, phones.length, 'phone numbers', itemIndex);
	return phones.map((phone) => ({ phone_number: phone }));
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = locatorId(this, 'contact', 'contact', itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const emailList = (parameter: string, label: string) =>
		splitList(fields[parameter]).map((one) => checkEmail(this, one, label, itemIndex));
	const primary = emailList('primaryEmail', 'Primary Email')[0];
	const emailChanges: ListChanges = {
		primary,
		add: emailList('addEmails', 'Add Emails'),
		remove: emailList('removeEmails', 'Remove Emails'),
	};
	const phoneChanges: ListChanges = {
		add: splitList(fields.addPhoneNumbers),
		remove: splitList(fields.removePhoneNumbers),
	};
	const changesEmails =
		primary !== undefined || emailChanges.add.length > 0 || emailChanges.remove.length > 0;
	const changesPhones = phoneChanges.add.length > 0 || phoneChanges.remove.length > 0;

	const body: IDataObject = profileBody(this, fields, itemIndex, true);
	const customFields = await customFieldsBody(
		this,
		this.getNodeParameter('customFields.field', itemIndex, []) as CustomFieldInput[],
		itemIndex,
		true,
	);
	if (customFields) body.custom_fields = customFields;
	if (changesEmails || changesPhones) {
		const { resource: current } = (await calendlyApiRequest.call(
			this,
			'GET',
			`/contacts/${id}`,
			undefined,
			{ exclude: 'custom_fields' },
			{ itemIndex },
		)) as ResourceResponse<Contact>;
		if (changesEmails) {
			body.emails = mergeEmails(this, current.emails ?? [], emailChanges, itemIndex);
		}
		if (changesPhones) {
			body.phone_numbers = mergePhones(this, current.phone_numbers ?? [], phoneChanges, itemIndex);
		}
	}
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update', {
			itemIndex,
			description:
				"Add at least one field under 'Update Fields' or 'Custom Fields' with the change to make.",
		});
	}
	const { resource } = (await calendlyApiRequest.call(
		this,
		'PATCH',
		`/contacts/${id}`,
		body,
		undefined,
		{ itemIndex },
	)) as ResourceResponse<Contact>;
	return toJson(resource);
}
