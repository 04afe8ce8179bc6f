import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { calendlyApiRequest } from '../../../shared/transport';
import { noShowField, noShowId } from './shared';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['noShow'], operation: ['unmark'] } },
	[noShowField],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = noShowId(this, itemIndex);
	await calendlyApiRequest.call(this, 'DELETE', `/invitee_no_shows/${id}`, undefined, undefined, {
		itemIndex,
	});
	return [{ deleted: true, id }];
}
