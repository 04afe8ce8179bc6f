import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { currentUser, getCollection, limitField, returnAllField } from '../../helpers/common';

const properties: INodeProperties[] = [
	{
		displayName: 'Scope',
		name: 'subscriptionScope',
		type: 'options',
		options: [
			{
				name: 'My Subscriptions',
				value: 'user',
				description: 'User-scope subscriptions of the credential user',
			},
			{
				name: 'Organization',
				value: 'organization',
				description: 'Organization-scope subscriptions (needs owner or admin role)',
			},
		],
		default: 'user',
		hint: "Defaults to the credential user's own subscriptions; organization-scope ones need an owner or admin role in Calendly",
	},
	returnAllField,
	limitField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhookSubscription'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const scope = this.getNodeParameter('subscriptionScope', itemIndex, 'user') as
		'user' | 'organization';
	const me = await currentUser(this);
	// Calendly requires the organization for every scope, and the user for user scope.
	const qs: IDataObject = { organization: me.current_organization, scope };
	if (scope === 'user') qs.user = me.uri;
	return await getCollection(this, itemIndex, '/webhook_subscriptions', qs);
}
