import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ResourceResponse } from '../../../shared/calendly/types';
import { calendlyApiRequest, getCalendlyCredential, resourceUri } from '../../../shared/transport';
import { inviteeTarget } from '../../helpers/locators';
import { inviteeFields } from '../invitee/get';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['noShow'], operation: ['mark'] } },
	inviteeFields,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const target = inviteeTarget(this, itemIndex);
	let invitee = target.uri;
	if (!invitee) {
		const { baseUrl } = await getCalendlyCredential.call(this);
		invitee = resourceUri(baseUrl, `scheduled_events/${target.eventId}/invitees`, target.inviteeId);
	}
	const { resource } = (await calendlyApiRequest.call(
		this,
		'POST',
		'/invitee_no_shows',
		{ invitee },
		undefined,
		{ itemIndex },
	)) as ResourceResponse<IDataObject>;
	return [resource];
}
