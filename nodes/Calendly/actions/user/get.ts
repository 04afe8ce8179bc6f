import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CalendlyUser } from '../../../shared/calendly/types';
import { getResource } from '../../helpers/common';
import { locator, locatorId } from '../../helpers/locators';
import { toJson } from '../types';

const properties: INodeProperties[] = [locator('user', 'user')];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = locatorId(this, 'user', 'user', itemIndex);
	return toJson(await getResource<CalendlyUser>(this, `/users/${id}`, itemIndex));
}
