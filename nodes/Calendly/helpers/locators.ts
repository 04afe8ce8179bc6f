import type {
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getCalendlyCredential, resourceUri, uuidFromUri } from '../../shared/transport';
import { parseInviteeUri, URI_REGEX } from './uri';

type LocatorKind = keyof typeof URI_REGEX;

interface LocatorSpec {
	label: string;
	searchMethod: string;
	urlPlaceholder: string;
}

/** Where URIs of each kind live, to build one from an ID (invitee URIs also need their event). */
const COLLECTIONS: Record<Exclude<LocatorKind, 'invitee'>, string> = {
	eventType: 'event_types',
	scheduledEvent: 'scheduled_events',
	user: 'users',
	webhookSubscription: 'webhook_subscriptions',
	contact: 'contacts',
	meetingRecap: 'meeting_recaps',
};

const SPECS: Record<LocatorKind, LocatorSpec> = {
	eventType: {
		label: 'Event Type',
		searchMethod: 'searchEventTypes',
		urlPlaceholder: 'https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA',
	},
	scheduledEvent: {
		label: 'Scheduled Event',
		searchMethod: 'searchScheduledEvents',
		urlPlaceholder: 'https://api.calendly.com/scheduled_events/AAAAAAAAAAAAAAAA',
	},
	user: {
		label: 'User',
		searchMethod: 'searchUsers',
		urlPlaceholder: 'https://api.calendly.com/users/AAAAAAAAAAAAAAAA',
	},
	invitee: {
		label: 'Invitee',
		searchMethod: 'searchInvitees',
		urlPlaceholder: 'https://api.calendly.com/scheduled_events/AAAA/invitees/BBBB',
	},
	webhookSubscription: {
		label: 'Webhook Subscription',
		searchMethod: 'searchWebhookSubscriptions',
		urlPlaceholder: 'https://api.calendly.com/webhook_subscriptions/AAAAAAAAAAAAAAAA',
	},
	contact: {
		label: 'Contact',
		searchMethod: 'searchContacts',
		urlPlaceholder: 'https://api.calendly.com/contacts/AAAAAAAAAAAAAAAA',
	},
	meetingRecap: {
		label: 'Meeting Recap',
		searchMethod: 'searchMeetingRecaps',
		urlPlaceholder: 'https://api.calendly.com/meeting_recaps/AAAAAAAAAAAAAAAA',
	},
};

/** A resource locator parameter (From List / By URL / By ID) for one kind of Calendly resource. */
export function locator(
	kind: LocatorKind,
	name: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	const spec = SPECS[kind];
	return {
		displayName: spec.label,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: `The ${spec.label.toLowerCase()} to use`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${spec.label.toLowerCase()}...`,
				typeOptions: { searchListMethod: spec.searchMethod, searchable: true },
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: spec.urlPlaceholder,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: URI_REGEX[kind],
							errorMessage: `Not a Calendly ${spec.label.toLowerCase()} URI (the "uri" field Calendly returns)`,
						},
					},
				],
				extractValue: { type: 'regex', regex: URI_REGEX[kind] },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'AAAAAAAAAAAAAAAA',
				hint: `The UUID at the end of the ${spec.label.toLowerCase()}'s URI; a full URI works too`,
			},
		],
		...extra,
	};
}

/** The raw value of a resource locator parameter, trimmed; '' when empty. */
function locatorValue(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { extractValue: false }) as
		INodeParameterResourceLocator | string;
	const value = typeof raw === 'object' && raw !== null ? raw.value : raw;
	return String(value ?? '').trim();
}

/**
 * The chosen resource as { value, id }: IDs and full URIs are both accepted, and a URL that is not this
 * kind of Calendly URI (say a booking page link) is refused with a message saying what to give instead.
 */
function locatorTarget(
	ctx: IExecuteFunctions,
	kind: LocatorKind,
	name: string,
	itemIndex: number,
): { value: string; id: string } {
	const label = SPECS[kind].label;
	const value = locatorValue(ctx, name, itemIndex);
	const isUrl = /^https?:\/\//i.test(value);
	if (isUrl && !new RegExp(URI_REGEX[kind]).test(value)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`'${value}' is not a Calendly ${label.toLowerCase()} URI`,
			{
				itemIndex,
				description: `Give the API URI Calendly returns in the "uri" field (like ${SPECS[kind].urlPlaceholder}) or just its ID; booking page links do not identify a ${label.toLowerCase()}.`,
			},
		);
	}
	const id = value ? uuidFromUri(value) : '';
	if (!id) {
		throw new NodeOperationError(ctx.getNode(), `No ${label.toLowerCase()} chosen`, {
			itemIndex,
			description: `Pick the ${label.toLowerCase()} from the list, or give its URI or ID in the '${label}' parameter.`,
		});
	}
	return { value, id };
}

/** The UUID of the chosen resource, for path parameters. */
export function locatorId(
	ctx: IExecuteFunctions,
	kind: LocatorKind,
	name: string,
	itemIndex: number,
): string {
	return locatorTarget(ctx, kind, name, itemIndex).id;
}

/** The URI of the chosen resource, for filters and bodies: the given URI, or one built from the ID. */
export async function locatorUri(
	ctx: IExecuteFunctions,
	kind: Exclude<LocatorKind, 'invitee'>,
	name: string,
	itemIndex: number,
): Promise<string> {
	const { value, id } = locatorTarget(ctx, kind, name, itemIndex);
	if (/^https?:\/\//i.test(value)) return value;
	const { baseUrl } = await getCalendlyCredential.call(ctx);
	return resourceUri(baseUrl, COLLECTIONS[kind], id);
}

/**
 * The invitee chosen by the 'invitee' locator, plus its event. An invitee URI names its event itself;
 * a bare invitee ID needs the 'scheduledEvent' locator as well.
 */
export function inviteeTarget(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { eventId: string; inviteeId: string; uri?: string } {
	const value = locatorValue(ctx, 'invitee', itemIndex);
	const fromUri = parseInviteeUri(value);
	if (fromUri) return { eventId: fromUri.event, inviteeId: fromUri.invitee, uri: value };
	const { id: inviteeId } = locatorTarget(ctx, 'invitee', 'invitee', itemIndex);
	if (!locatorValue(ctx, 'scheduledEvent', itemIndex)) {
		throw new NodeOperationError(ctx.getNode(), 'No scheduled event chosen for the invitee ID', {
			itemIndex,
			description:
				"An invitee ID only makes sense with its scheduled event: pick the event in 'Scheduled Event', or give the invitee's full URI, which names its event.",
		});
	}
	const eventId = locatorId(ctx, 'scheduledEvent', 'scheduledEvent', itemIndex);
	return { eventId, inviteeId };
}
