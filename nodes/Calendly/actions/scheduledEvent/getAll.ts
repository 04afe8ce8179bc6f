import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Invitee, ScheduledEvent } from '../../../shared/calendly/types';
import {
	calendlyApiPages,
	calendlyApiRequestAllItems,
	uuidFromUri,
} from '../../../shared/transport';
import {
	collectionLimit,
	collectionQuery,
	currentUser,
	filtersCollection,
	getCollection,
	limitField,
	optionsCollection,
	ownerFilter,
	ownerScopeFields,
	returnAllField,
	sortOption,
	startTimeFilter,
	startTimeFilterFields,
	statusFilter,
} from '../../helpers/common';
import { toJson } from '../types';
import { toWebhookDelivery } from './backfill';

const properties: INodeProperties[] = [
	...ownerScopeFields('scheduled events'),
	returnAllField,
	{ ...limitField, description: 'Max number of scheduled events to return' },
	filtersCollection([
		{
			displayName: 'Invitee Email',
			name: 'inviteeEmail',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Only events this person is invited to',
		},
		...startTimeFilterFields,
		statusFilter('Only events with this status'),
	]),
	optionsCollection([
		{
			displayName: 'Output as Webhook Deliveries',
			name: 'asWebhookDeliveries',
			type: 'boolean',
			default: false,
			description:
				'Whether to output one item per invitee shaped like the invitee.created or invitee.canceled delivery the Calendly Trigger receives, to replay past bookings into "Calendly to Card". The limit still counts scheduled events. Events are read 100 at a time, but n8n keeps all output items in memory: replay very long histories in shorter start-time ranges.',
		},
		sortOption(
			[
				{ name: 'Start Time (Earliest First)', value: 'start_time:asc' },
				{ name: 'Start Time (Latest First)', value: 'start_time:desc' },
			],
			'start_time:asc',
			'Order of the events',
		),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['scheduledEvent'], operation: ['getAll'] } },
	properties,
);

async function listQuery(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as {
		minStartTime?: string;
		maxStartTime?: string;
	};
	const options = ctx.getNodeParameter('options', itemIndex, {}) as { sort?: string };
	return {
		...(await ownerFilter(ctx, itemIndex)),
		...collectionQuery(ctx, itemIndex, { inviteeEmail: 'invitee_email', status: 'status' }),
		...startTimeFilter(ctx, itemIndex, filters),
		sort: options.sort ?? 'start_time:asc',
	};
}

/**
 * Backfill: one delivery-shaped item per invitee. Events are read a page of 100 at a time and each
 * event's invitees right after, so this node holds one page plus its invitees besides its output;
 * n8n itself keeps the whole output array in memory, so split very large ranges by start time.
 */
async function deliveries(
	ctx: IExecuteFunctions,
	itemIndex: number,
	qs: IDataObject,
): Promise<IDataObject[]> {
	const limit = collectionLimit(ctx, itemIndex) ?? Infinity;
	const { uri: createdBy } = await currentUser(ctx);
	const output: IDataObject[] = [];
	let events = 0;
	for await (const page of calendlyApiPages.call(ctx, '/scheduled_events', qs, {
		itemIndex,
	}) as AsyncGenerator<ScheduledEvent[]>) {
		for (const event of page) {
			if (events >= limit) return output;
			events++;
			const invitees = (await calendlyApiRequestAllItems.call(
				ctx,
				`/scheduled_events/${uuidFromUri(event.uri)}/invitees`,
				{ sort: 'created_at:asc' },
				undefined,
				{ itemIndex },
			)) as Invitee[];
			for (const invitee of invitees) {
				output.push(...toJson(toWebhookDelivery(invitee, event, createdBy)));
			}
		}
	}
	return output;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const qs = await listQuery(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		asWebhookDeliveries?: boolean;
	};
	if (options.asWebhookDeliveries) return await deliveries(this, itemIndex, qs);
	return await getCollection(this, itemIndex, '/scheduled_events', qs);
}
