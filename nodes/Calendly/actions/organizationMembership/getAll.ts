import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	collectionQuery,
	currentUser,
	filtersCollection,
	getCollection,
	limitField,
	returnAllField,
} from '../../helpers/common';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	filtersCollection([
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Only the membership of the user with this email address',
		},
		{
			displayName: 'Role',
			name: 'role',
			type: 'options',
			options: [
				{ name: 'Admin', value: 'admin' },
				{ name: 'Owner', value: 'owner' },
				{ name: 'User', value: 'user' },
			],
			default: 'user',
			description: 'Only memberships with this role',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['organizationMembership'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const me = await currentUser(this);
	const qs = {
		organization: me.current_organization,
		...collectionQuery(this, itemIndex, { email: 'email', role: 'role' }),
	};
	return await getCollection(this, itemIndex, '/organization_memberships', qs);
}
