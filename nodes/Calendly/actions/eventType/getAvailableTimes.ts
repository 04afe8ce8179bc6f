import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { CollectionResponse } from '../../../shared/calendly/types';
import { calendlyApiRequest } from '../../../shared/transport';
import { locator, locatorUri } from '../../helpers/locators';
import { availabilityWindowProblem, parseDateTime } from '../../helpers/time';
import { toJson } from '../types';

interface AvailableTime {
	status: string;
	invitees_remaining: number;
	start_time: string;
	scheduling_url: string;
}

const properties: INodeProperties[] = [
	locator('eventType', 'eventType'),
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			'Start of the range to list open slots for; must not be in the past. Times without a zone are in the workflow time zone.',
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'End of the range; at most 31 days after the start',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['eventType'], operation: ['getAvailableTimes'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const timeZone = this.getTimezone();
	const range: Date[] = [];
	for (const [name, label] of [
		['startTime', 'Start Time'],
		['endTime', 'End Time'],
	]) {
		const value = this.getNodeParameter(name, itemIndex);
		const when = parseDateTime(value, timeZone);
		if (!when) {
			throw new NodeOperationError(
				this.getNode(),
				`${label} '${String(value)}' is not a date and time`,
				{
					itemIndex,
					description: `Set '${label}' to a date and time such as 2026-12-01T09:00:00Z.`,
				},
			);
		}
		range.push(when);
	}
	const [start, end] = range;
	const problem = availabilityWindowProblem(start, end, new Date());
	if (problem) throw new NodeOperationError(this.getNode(), problem, { itemIndex });

	const eventType = await locatorUri(this, 'eventType', 'eventType', itemIndex);
	const response = (await calendlyApiRequest.call(
		this,
		'GET',
		'/event_type_available_times',
		undefined,
		{ event_type: eventType, start_time: start.toISOString(), end_time: end.toISOString() },
		{ itemIndex },
	)) as CollectionResponse<AvailableTime>;
	return toJson(response.collection);
}
