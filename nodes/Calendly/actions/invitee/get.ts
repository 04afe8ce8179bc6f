import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Invitee } from '../../../shared/calendly/types';
import { getResource } from '../../helpers/common';
import { inviteeTarget, locator } from '../../helpers/locators';
import { toJson } from '../types';

/** Shared with No-Show → Mark: an invitee is named by its URI, or by its event plus its ID. */
export const inviteeFields: INodeProperties[] = [
	locator('scheduledEvent', 'scheduledEvent', {
		required: false,
		description: "The invitee's scheduled event; not needed when the invitee is given by URL",
	}),
	locator('invitee', 'invitee', {
		hint: 'The list shows the invitees of the scheduled event above',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['invitee'], operation: ['get'] } },
	inviteeFields,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { eventId, inviteeId } = inviteeTarget(this, itemIndex);
	return toJson(
		await getResource<Invitee>(
			this,
			`/scheduled_events/${eventId}/invitees/${inviteeId}`,
			itemIndex,
		),
	);
}
