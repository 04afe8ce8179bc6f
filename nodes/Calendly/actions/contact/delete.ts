import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { calendlyApiRequest } from '../../../shared/transport';
import { locatorId } from '../../helpers/locators';
import { contactLocator } from './fields';

const properties: INodeProperties[] = [
	{ ...contactLocator, hint: 'Deleting a contact cannot be undone' },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['delete'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = locatorId(this, 'contact', 'contact', itemIndex);
	await calendlyApiRequest.call(this, 'DELETE', `/contacts/${id}`, undefined, undefined, {
		itemIndex,
	});
	return [{ deleted: true, id }];
}
