import type { INodeProperties } from 'n8n-workflow';

import type { SubscriptionScope } from '../../shared/calendly/types';
import {
	DEFAULT_TRIGGER_EVENTS,
	EVENT_OPTIONS,
	SUBSCRIPTION_SCOPES,
	WEBHOOK_EVENTS,
} from '../../shared/calendly/webhookEvents';
import { REPEAT_MEMORY } from '../../shared/processMemory';
import { calendlyAuthenticationProperty } from '../../shared/transport/nodeDescription';
import { DEFAULT_TOLERANCE_SECONDS } from '../signature';

/**
 * A notice per family of events Calendly sends in some scopes only (routing form submissions, meeting
 * recaps), shown while one of them is ticked and another scope is chosen.
 */
const scopeNotices: INodeProperties[] = [
	...new Set(
		WEBHOOK_EVENTS.filter(
			(event) => event.subscriptionScopes.length < SUBSCRIPTION_SCOPES.length,
		).map((event) => event.name.split('.')[0]),
	),
].map((family) => {
	const events = WEBHOOK_EVENTS.filter((event) => event.name.startsWith(`${family}.`));
	const allowed: readonly SubscriptionScope[] = events[0].subscriptionScopes;
	const names = allowed.map((scope) => scope[0].toUpperCase() + scope.slice(1)).join(' or ');
	const labels = events.map((event) => `"${event.label}"`);
	const listed =
		labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
	return {
		displayName: `${listed} ${labels.length === 1 ? 'is' : 'are'} only sent with the ${names} scope${allowed.includes('organization') ? ', which needs a Calendly owner or admin' : ''}`,
		name: `${family.replace(/_(.)/g, (_match, next: string) => next.toUpperCase())}Notice`,
		type: 'notice',
		default: '',
		displayOptions: {
			show: {
				events: events.map((event) => event.name),
				scope: SUBSCRIPTION_SCOPES.filter((scope) => !allowed.includes(scope)),
			},
		},
	};
});

export const triggerProperties: INodeProperties[] = [
	calendlyAuthenticationProperty,
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [...DEFAULT_TRIGGER_EVENTS],
		options: EVENT_OPTIONS,
	},
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		default: 'user',
		options: [
			{
				name: 'User',
				value: 'user',
				description: 'Events of the Calendly user behind the credential',
			},
			{
				name: 'Organization',
				value: 'organization',
				description:
					'Events of everyone in the organization. Needs a credential of an organization owner or admin.',
			},
			{
				name: 'Group',
				value: 'group',
				description: 'Events of the members of one Calendly group',
			},
		],
	},
	...scopeNotices,
	{
		displayName: 'Group Name or ID',
		name: 'group',
		type: 'options',
		required: true,
		default: '',
		typeOptions: { loadOptionsMethod: 'getGroups' },
		description:
			'The Calendly group whose members’ events start this workflow. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { scope: ['group'] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description:
			'Deliveries that do not pass are acknowledged to Calendly and start nothing. Routing form submissions always pass.',
		options: [
			{
				displayName: 'Event Type Names or IDs',
				name: 'eventTypes',
				type: 'multiOptions',
				default: [],
				typeOptions: { loadOptionsMethod: 'getEventTypes', loadOptionsDependsOn: ['scope'] },
				description:
					'Only start for bookings of these event types (and event type changes to them). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Hosts',
				name: 'hosts',
				type: 'string',
				default: '',
				placeholder: 'ana@example.com, https://api.calendly.com/users/AAAA',
				description:
					'Only start for meetings hosted by one of these Calendly users: emails or user URIs, separated by commas',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ignore Repeated Deliveries',
				name: 'ignoreRepeats',
				type: 'boolean',
				default: true,
				description: `Whether a delivery this trigger already started the workflow for is acknowledged and starts nothing. Calendly sends a delivery again when n8n answered it later than 15 seconds, as under a burst of bookings. Remembered per n8n process for ${REPEAT_MEMORY.hours} hours (the latest ${REPEAT_MEMORY.deliveries.toLocaleString('en-US')}).`,
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				default: 'envelope',
				options: [
					{
						name: 'Calendly Delivery',
						value: 'envelope',
						description:
							'The webhook body exactly as Calendly sent it: event, created_at, created_by, payload',
					},
					{
						name: 'Flat Booking',
						value: 'flatBooking',
						description:
							'For invitee events, one flat record (name, email, start and end, location, hosts, answers, UTM, links…) ready for Slack, email or CRM nodes; for contact and meeting recap events, the contact (emails, company, job title, phones, custom fields…) or the recap (meeting, attendees, summary, action items, share link). Other events are output as sent.',
					},
				],
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'Europe/Berlin',
				description:
					'For the Flat Booking output: the zone of the local start and end times. Empty uses the invitee’s time zone.',
			},
			{
				displayName: 'Signature Max Age (Seconds)',
				name: 'signatureMaxAge',
				type: 'number',
				default: DEFAULT_TOLERANCE_SECONDS,
				typeOptions: { minValue: 30, maxValue: 3600 },
				description:
					'Deliveries whose signature time is further than this from now (either way) are refused as replays. Raise it only if the server clock is off.',
			},
		],
	},
];
