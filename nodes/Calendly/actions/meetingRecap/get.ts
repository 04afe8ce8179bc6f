import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ResourceResponse } from '../../../shared/calendly/types';
import { calendlyApiRequest, recoverOnStatus } from '../../../shared/transport';
import { getResource, optionsCollection } from '../../helpers/common';
import { locator, locatorId } from '../../helpers/locators';
import { recapCall, type MeetingRecap } from '../../helpers/notetaker';
import { toJson } from '../types';

const properties: INodeProperties[] = [
	locator('meetingRecap', 'meetingRecap', {
		description:
			'The meeting recap to get; the list shows recent recaps and searches by meeting name, or by attendee when the search has an @',
	}),
	optionsCollection([
		{
			displayName: 'Include Transcript',
			name: 'includeTranscript',
			type: 'boolean',
			default: false,
			description:
				'Whether to add the meeting transcript as transcript_text, one "Speaker: words" line each (one more request). It is null while Calendly has no transcript for the recap.',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['meetingRecap'], operation: ['get'] } },
	properties,
);

/** The plain-text transcript of a recap, or null when Calendly has none (yet). */
async function transcriptText(
	ctx: IExecuteFunctions,
	id: string,
	itemIndex: number,
): Promise<string | null> {
	const request = calendlyApiRequest.call(
		ctx,
		'GET',
		`/meeting_recaps/${id}/transcript`,
		undefined,
		undefined,
		{ itemIndex },
	) as Promise<ResourceResponse<{ uri: string; text: string | null }>>;
	const response = await recoverOnStatus(recapCall(request), 404, () => null);
	return response?.resource?.text ?? null;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = locatorId(this, 'meetingRecap', 'meetingRecap', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		includeTranscript?: boolean;
	};
	const recap = await recapCall(
		getResource<MeetingRecap>(this, `/meeting_recaps/${id}`, itemIndex),
	);
	if (options.includeTranscript) recap.transcript_text = await transcriptText(this, id, itemIndex);
	return toJson(recap);
}
