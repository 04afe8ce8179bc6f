import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import type { Cancellation, ResourceResponse } from '../../../shared/calendly/types';
import { calendlyApiRequest } from '../../../shared/transport';
import { locator, locatorId } from '../../helpers/locators';
import { toJson } from '../types';

const properties: INodeProperties[] = [
	locator('scheduledEvent', 'scheduledEvent'),
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description:
			'Why the event is canceled; Calendly shows it to the invitees (up to 10,000 characters)',
	},
];

const CANCEL_REFUSALS: Array<[RegExp, string]> = [
	[
		/Event in the past|already canceled/i,
		'Calendly only cancels events that are still active and have not started yet.',
	],
	[
		/not allowed to cancel/i,
		"Only the event's hosts, or an owner or admin of its organization, may cancel it.",
	],
];

export const description = updateDisplayOptions(
	{ show: { resource: ['scheduledEvent'], operation: ['cancel'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = locatorId(this, 'scheduledEvent', 'scheduledEvent', itemIndex);
	const reason = (this.getNodeParameter('reason', itemIndex, '') as string).trim();
	try {
		const { resource } = (await calendlyApiRequest.call(
			this,
			'POST',
			`/scheduled_events/${id}/cancellation`,
			reason ? { reason } : {},
			undefined,
			{ itemIndex },
		)) as ResourceResponse<Cancellation>;
		return toJson(resource);
	} catch (error) {
		// Calendly's 403 here usually concerns the event, not the user's role: say so.
		if (error instanceof NodeApiError && error.httpCode === '403') {
			const hint = CANCEL_REFUSALS.find(([said]) => said.test(error.message));
			if (hint) error.description = hint[1];
		}
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}
