import type { INodeProperties } from 'n8n-workflow';

import * as create from './create';
import * as deleteContact from './delete';
import * as get from './get';
import * as getAll from './getAll';
import * as update from './update';

export const operations = { create, delete: deleteContact, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add a contact to the Calendly contact book',
				action: 'Create a contact',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a contact for good',
				action: 'Delete a contact',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a contact',
				action: 'Get a contact',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List contacts, optionally filtered by email, phone, name, company and more',
				action: 'Get many contacts',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					"Change a contact's fields, add or remove its emails and phone numbers, or set custom fields",
				action: 'Update a contact',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...deleteContact.description,
	...get.description,
	...getAll.description,
	...update.description,
];
