import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { getCalendlyCredential, resourceUri } from '../../../shared/transport';
import {
	collectionQuery,
	getCollection,
	limitField,
	optionsCollection,
	returnAllField,
	sortOption,
} from '../../helpers/common';

const properties: INodeProperties[] = [
	{
		displayName: 'Routing Form Name or ID',
		name: 'form',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getRoutingForms' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: "An expression may give the form's URI or its ID",
	},
	returnAllField,
	limitField,
	optionsCollection([
		sortOption(
			[
				{ name: 'Submitted (Newest First)', value: 'created_at:desc' },
				{ name: 'Submitted (Oldest First)', value: 'created_at:asc' },
			],
			'created_at:desc',
			'Order of the submissions',
		),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['routingFormSubmission'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const given = (this.getNodeParameter('form', itemIndex, '') as string).trim();
	const isUri = /^https?:\/\//i.test(given);
	if (!given || (isUri && !/^https?:\/\/[^/]+\/routing_forms\/[^/]+\/?$/.test(given))) {
		throw new NodeOperationError(this.getNode(), `'${given}' is not a Calendly routing form`, {
			itemIndex,
			description:
				"Choose the form in 'Routing Form', or give its URI (like https://api.calendly.com/routing_forms/AAAA) or ID.",
		});
	}
	const { baseUrl } = await getCalendlyCredential.call(this);
	const form = resourceUri(baseUrl, 'routing_forms', given);
	const qs = { form, ...collectionQuery(this, itemIndex, { sort: 'sort' }) };
	return await getCollection(this, itemIndex, '/routing_form_submissions', qs);
}
