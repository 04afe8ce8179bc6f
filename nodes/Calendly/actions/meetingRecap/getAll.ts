import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { uuidFromUri } from '../../../shared/transport';
import {
	collectionQuery,
	filtersCollection,
	getCollection,
	getResource,
	limitField,
	optionsCollection,
	returnAllField,
} from '../../helpers/common';
import { locator, locatorUri } from '../../helpers/locators';
import { recapCall, type MeetingRecap } from '../../helpers/notetaker';
import { parseDateTime } from '../../helpers/time';
import { toJson } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{
				name: 'Scheduled Event',
				value: 'scheduledEvent',
				description: 'The recap of one meeting booked through Calendly',
			},
			{
				name: 'Time Period',
				value: 'period',
				description:
					'Recaps of the meetings in a time range, booked through Calendly or not (leave both times empty for all)',
			},
		],
		default: 'period',
		description: 'Whether to get the recaps of one scheduled event or of a time period',
	},
	locator('scheduledEvent', 'scheduledEvent', {
		description: 'The scheduled event whose meeting recaps to get',
		displayOptions: { show: { findBy: ['scheduledEvent'] } },
	}),
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'dateTime',
		default: '',
		description:
			'Only recaps of meetings that end at or after this time. Times without a zone are in the workflow time zone.',
		displayOptions: { show: { findBy: ['period'] } },
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'dateTime',
		default: '',
		description: 'Only recaps of meetings that start at or before this time',
		displayOptions: { show: { findBy: ['period'] } },
	},
	returnAllField,
	{ ...limitField, description: 'Max number of meeting recaps to return' },
	filtersCollection([
		{
			displayName: 'Attendee Email',
			name: 'attendee',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Only recaps of meetings this person attended',
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: [
				{ name: 'Available', value: 'available' },
				{ name: 'Processing', value: 'processing' },
				{ name: 'Unavailable', value: 'unavailable' },
			],
			default: 'available',
			description:
				'Only recaps with this status. Without this filter Calendly returns available recaps only.',
		},
	]),
	optionsCollection([
		{
			displayName: 'Include Highlights',
			name: 'includeHighlights',
			type: 'boolean',
			default: false,
			description:
				"Whether to add each recap's summary, action items, discussion notes and share link (summary_md, action_items_md, discussion_md, share_link), which the list leaves out. Costs one more request per recap.",
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['meetingRecap'], operation: ['getAll'] } },
	properties,
);

/** The start_time/end_time overlap window from the Time Period fields, in UTC. */
function periodQuery(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const qs: IDataObject = {};
	for (const [name, query, label] of [
		['startTime', 'start_time', 'Start Time'],
		['endTime', 'end_time', 'End Time'],
	] as const) {
		const value = ctx.getNodeParameter(name, itemIndex, '');
		if (value === '' || value === null || value === undefined) continue;
		const when = parseDateTime(value, ctx.getTimezone());
		if (!when) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${label} '${String(value)}' is not a date and time`,
				{
					itemIndex,
					description: `Set '${label}' to a date and time such as 2026-12-01T09:00:00Z, or leave it empty.`,
				},
			);
		}
		qs[query] = when.toISOString();
	}
	return qs;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const findBy = this.getNodeParameter('findBy', itemIndex, 'period') as
		'scheduledEvent' | 'period';
	const qs: IDataObject =
		findBy === 'scheduledEvent'
			? { event: await locatorUri(this, 'scheduledEvent', 'scheduledEvent', itemIndex) }
			: periodQuery(this, itemIndex);
	Object.assign(qs, collectionQuery(this, itemIndex, { attendee: 'attendee', status: 'status' }));
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		includeHighlights?: boolean;
	};
	const recaps = await recapCall(getCollection(this, itemIndex, '/meeting_recaps', qs));
	if (!options.includeHighlights) return recaps;
	const full: IDataObject[] = [];
	// One at a time: each is a request, and Calendly's rate limit is per user.
	for (const recap of recaps) {
		const id = uuidFromUri(String(recap.uri));
		const resource = await recapCall(
			getResource<MeetingRecap>(this, `/meeting_recaps/${id}`, itemIndex),
		);
		full.push(...toJson({ ...recap, ...resource }));
	}
	return full;
}
