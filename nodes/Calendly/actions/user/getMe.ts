import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getCurrentUser } from '../../../shared/transport';
import { toJson } from '../types';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions): Promise<IDataObject[]> {
	return toJson(await getCurrentUser.call(this));
}
