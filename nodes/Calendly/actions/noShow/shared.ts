import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { uuidFromUri } from '../../../shared/transport';

/** Get and Unmark name the no-show itself: Mark's output, or the invitee's `no_show.uri`. */
export const noShowField: INodeProperties = {
	displayName: 'No-Show',
	name: 'noShow',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'https://api.calendly.com/invitee_no_shows/AAAAAAAAAAAAAAAA',
	description: 'URI or ID of the no-show mark',
	hint: "Found in an invitee's no_show.uri field, or in the output of Mark",
};

/** The UUID of the no-show named in the 'noShow' parameter. */
export function noShowId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = (ctx.getNodeParameter('noShow', itemIndex, '') as string).trim();
	if (/^https?:\/\//i.test(value) && !/\/invitee_no_shows\/[^/]+\/?$/.test(value)) {
		throw new NodeOperationError(ctx.getNode(), `'${value}' is not a Calendly no-show URI`, {
			itemIndex,
			description:
				"Give the no-show's URI (an invitee's no_show.uri, like https://api.calendly.com/invitee_no_shows/AAAA) or its ID. To mark an invitee, use the Mark operation.",
		});
	}
	const id = value ? uuidFromUri(value) : '';
	if (!id) {
		throw new NodeOperationError(ctx.getNode(), 'No no-show given', {
			itemIndex,
			description: "Set 'No-Show' to the invitee's no_show.uri, or to the output of Mark.",
		});
	}
	return id;
}
