import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ResourceResponse } from '../../../shared/calendly/types';
import { calendlyApiRequest } from '../../../shared/transport';
import { optionsCollection } from '../../helpers/common';
import type { Contact } from '../../helpers/contacts';
import { locatorId } from '../../helpers/locators';
import { toJson } from '../types';
import { contactLocator, excludeCustomFieldsOption } from './fields';

const properties: INodeProperties[] = [
	contactLocator,
	optionsCollection([excludeCustomFieldsOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = locatorId(this, 'contact', 'contact', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		excludeCustomFields?: boolean;
	};
	const { resource } = (await calendlyApiRequest.call(
		this,
		'GET',
		`/contacts/${id}`,
		undefined,
		options.excludeCustomFields ? { exclude: 'custom_fields' } : undefined,
		{ itemIndex },
	)) as ResourceResponse<Contact>;
	return toJson(resource);
}
