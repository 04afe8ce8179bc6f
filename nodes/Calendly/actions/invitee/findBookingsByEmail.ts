import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { emailKey } from '../../../shared/booking/emailKey';
import type { Invitee, ScheduledEvent } from '../../../shared/calendly/types';
import {
	calendlyApiPages,
	calendlyApiRequestAllItems,
	uuidFromUri,
} from '../../../shared/transport';
import {
	filtersCollection,
	limitField,
	ownerFilter,
	ownerScopeFields,
	returnAllField,
	startTimeFilter,
	startTimeFilterFields,
} from '../../helpers/common';
import { toJson } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: 'Email address of the person whose bookings to find',
	},
	...ownerScopeFields('scheduled events'),
	returnAllField,
	{ ...limitField, description: 'Max number of bookings to return' },
	filtersCollection(
		startTimeFilterFields.map((field) => ({
			...field,
			description: field.description?.replace('Only events', 'Only bookings of events'),
		})),
	),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['invitee'], operation: ['findBookingsByEmail'] } },
	properties,
);

/**
 * Calendly has no cross-event invitee search: list the events the email is invited to, then read each
 * event's invitees with that email. Each booking is output as the invitee plus its scheduled event.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const email = (this.getNodeParameter('email', itemIndex, '') as string).trim();
	if (!email.includes('@')) {
		throw new NodeOperationError(this.getNode(), `'${email}' is not an email address`, {
			itemIndex,
			description: "Set 'Email' to the invitee's email address, like name@email.com.",
		});
	}
	const filters = this.getNodeParameter('filters', itemIndex, {}) as {
		minStartTime?: string;
		maxStartTime?: string;
	};
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);

	const qs: IDataObject = {
		...(await ownerFilter(this, itemIndex)),
		...startTimeFilter(this, itemIndex, filters),
		invitee_email: email,
		sort: 'start_time:asc',
	};
	const wanted = emailKey(email);
	const bookings: IDataObject[] = [];
	for await (const page of calendlyApiPages.call(this, '/scheduled_events', qs, {
		itemIndex,
	}) as AsyncGenerator<ScheduledEvent[]>) {
		for (const event of page) {
			if (bookings.length >= limit) return bookings.slice(0, limit);
			const invitees = (await calendlyApiRequestAllItems.call(
				this,
				`/scheduled_events/${uuidFromUri(event.uri)}/invitees`,
				{ email },
				undefined,
				{ itemIndex },
			)) as Invitee[];
			// Matched by the same key the board uses, so what this finds is what the card holds.
			for (const invitee of invitees.filter((one) => emailKey(one.email) === wanted)) {
				bookings.push(...toJson({ ...invitee, scheduled_event: event }));
			}
		}
	}
	return bookings.slice(0, limit);
}
