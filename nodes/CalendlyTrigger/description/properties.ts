import type { INodeProperties } from 'n8n-workflow';

import { calendlyAuthenticationProperty } from '../../shared/transport/nodeDescription';
import { DEFAULT_TOLERANCE_SECONDS } from '../signature';

export const triggerProperties: INodeProperties[] = [
	calendlyAuthenticationProperty,
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['invitee.created'],
		options: [
			{
				name: 'Event Type Created',
				value: 'event_type.created',
				description: 'An event type was created (needs the event_types:read scope)',
			},
			{
				name: 'Event Type Deleted',
				value: 'event_type.deleted',
				description: 'An event type was deleted (needs the event_types:read scope)',
			},
			{
				name: 'Event Type Updated',
				value: 'event_type.updated',
				description: 'An event type was changed (needs the event_types:read scope)',
			},
			{
				name: 'Invitee Canceled',
				value: 'invitee.canceled',
				description:
					'A booking was canceled, or moved: a reschedule sends this for the old booking with "rescheduled" true',
			},
			{
				name: 'Invitee Created',
				value: 'invitee.created',
				description: 'Someone booked, or rescheduled into a new time',
			},
			{
				name: 'Invitee No-Show Created',
				value: 'invitee_no_show.created',
				description: 'A host marked an invitee as a no-show',
			},
			{
				name: 'Invitee No-Show Deleted',
				value: 'invitee_no_show.deleted',
				description: 'A host removed a no-show mark',
			},
			{
				name: 'Routing Form Submission Created',
				value: 'routing_form_submission.created',
				description:
					'Someone submitted a routing form. Organization scope only; needs the routing_forms:read scope and a plan with routing forms.',
			},
		],
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
	{
		displayName:
			'Routing form submissions are only sent with the Organization scope, which needs a Calendly owner or admin',
		name: 'routingFormNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: { events: ['routing_form_submission.created'], scope: ['user', 'group'] },
		},
	},
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
				displayName: 'Output',
				name: 'output',
				type: 'options',
				default: 'envelope',
				options: [
					{
						name: 'Calendly Delivery',
						value: 'envelope',
						description: 'The webhook body exactly as Calendly sent it: event, created_at, created_by, payload',
					},
					{
						name: 'Flat Booking',
						value: 'flatBooking',
						description:
							'For invitee events, one flat record (name, email, start and end, location, hosts, answers, UTM, links…) ready for Slack, email or CRM nodes. Other events are output as sent.',
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
