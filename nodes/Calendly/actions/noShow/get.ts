import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getResource } from '../../helpers/common';
import { noShowField, noShowId } from './shared';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['noShow'], operation: ['get'] } },
	[noShowField],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = noShowId(this, itemIndex);
	return [await getResource<IDataObject>(this, `/invitee_no_shows/${id}`, itemIndex)];
}
