import type { INodeProperties } from 'n8n-workflow';

import { CALENDLY_AUTHENTICATION_OPTIONS } from '../shared/transport/nodeDescription';
import { DEFAULT_BOARD_NAME } from './board/cardBoard';
import { CARD_FIELDS, CARD_FIELD_KEYS } from './decide';

// "Read once per execution, from the first item": settings shape the whole card, which must not
// depend on which delivery came last, so run.ts reads them once; expressions cannot vary per booking.
const cancelPolicies = [
	{
		name: 'Do Nothing',
		value: 'nothing',
		description: 'Keep the event on the card; its status says canceled',
	},
	{
		name: 'Remove Event',
		value: 'removeEvent',
		description: 'Clear the event fields (name, time, location, links)',
	},
	{ name: 'Archive Card', value: 'archive', description: 'Set the card’s Archived field' },
];

/** Shown for the sync only: settings that decide how deliveries find or make cards. */
const syncOnly = { show: { operation: ['sync'] } };

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Sync Bookings',
				value: 'sync',
				description: 'Turn each incoming Calendly delivery into the contact’s card',
				action: 'Sync bookings to cards',
			},
			{
				name: 'Remove Bookings of Disabled Event Types',
				value: 'removeDisabled',
				description:
					'Take the bookings of event types not chosen under Event Types off every card this node made',
				action: 'Remove bookings of disabled event types',
			},
		],
		default: 'sync',
	},
	{
		displayName:
			'Connect this node after the Calendly Trigger (or the Calendly node’s backfill). Cards are kept in an n8n data table reached through n8n’s API. Settings are read once per execution, from the first item.',
		name: 'notice',
		type: 'notice',
		displayOptions: syncOnly,
		default: '',
	},
	{
		displayName:
			'Runs once per execution (e.g. after a Manual or Schedule Trigger): every card this node made loses the bookings whose event type is not chosen under Event Types, and a card left with nothing is deleted. Routing form leads stay. Turn on Dry Run first to see what would change. Keep the card settings as in the syncing node, since the cards are derived again with them.',
		name: 'removalNotice',
		type: 'notice',
		displayOptions: { show: { operation: ['removeDisabled'] } },
		default: '',
	},
	{
		displayName: 'Board',
		name: 'board',
		type: 'resourceLocator',
		default: { mode: 'name', value: DEFAULT_BOARD_NAME },
		required: true,
		description:
			'The data table that holds the cards. By name: the table of exactly that name in this workflow’s project, else the only one of that name. Read once per execution, from the first item.',
		modes: [
			{
				displayName: 'By Name (Created if Missing)',
				name: 'name',
				type: 'string',
				placeholder: DEFAULT_BOARD_NAME,
			},
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchBoards', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 9ZbOuVgTTmQxNXZf',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[a-zA-Z0-9]+$',
							errorMessage: 'A data table ID has only letters and digits',
						},
					},
				],
			},
		],
	},
	{
		displayName: 'Card Creation',
		name: 'createMode',
		type: 'options',
		noDataExpression: true,
		displayOptions: syncOnly,
		options: [
			{
				name: 'Update the Contact’s Card',
				value: 'updateByEmail',
				description: 'One card per invitee email; create it only when none exists',
			},
			{
				name: 'New Card per Booking',
				value: 'newPerBooking',
				description: 'A card per booking; a reschedule stays on the booking’s card',
			},
		],
		default: 'updateByEmail',
	},
	{
		displayName: 'Multiple Matches',
		name: 'multipleMatches',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { operation: ['sync'], createMode: ['updateByEmail'] } },
		options: [
			{
				name: 'Merge Into the Oldest Card',
				value: 'merge',
				description: 'Merge every card with the email into the oldest and delete the others',
			},
			{
				name: 'Update the Oldest Card',
				value: 'updateOldest',
				description: 'Leave other cards made by hand alone',
			},
			{
				name: 'Stop With an Error',
				value: 'error',
				description: 'Fail the item so someone can clean up',
			},
		],
		default: 'merge',
		description:
			'What to do when several cards hold the invitee’s email. Duplicates this node made itself (parallel executions) are always merged.',
	},
	{
		displayName: 'Calendly Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'None (Enter Event Type URIs)', value: 'none' },
			...CALENDLY_AUTHENTICATION_OPTIONS,
		],
		default: 'none',
		description:
			'Only used to list your event types below; cards are built from the incoming items',
	},
	{
		displayName: 'Event Type Names or IDs',
		name: 'eventTypes',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getEventTypes', loadOptionsDependsOn: ['authentication'] },
		displayOptions: { hide: { authentication: ['none'] } },
		default: [],
		description:
			'Bookings of these event types become cards; none selected means all. Read once per execution, from the first item. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Event Type URIs',
		name: 'eventTypeUris',
		type: 'string',
		displayOptions: { show: { authentication: ['none'] } },
		default: '',
		placeholder:
			'https://api.calendly.com/event_types/AAAA, https://api.calendly.com/event_types/BBBB',
		description:
			'Comma-separated event type URIs (or their UUIDs) whose bookings become cards; empty means all. Read once per execution, from the first item.',
	},
	{
		displayName: 'Contact Type',
		name: 'contactType',
		type: 'string',
		default: '',
		placeholder: 'Customer',
		description:
			'Written to new and updated cards, e.g. Customer. Empty means what the person is to this calendar: Invitee (booked), Guest (only added to others’ bookings) or Prospect (only a routing form lead). Read once per execution, from the first item.',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'Europe/Berlin',
		description:
			'IANA time zone the event is shown in; empty means the workflow’s time zone. Times are stored as UTC instants. Read once per execution, from the first item.',
	},
	{
		displayName: 'Calendar Name',
		name: 'calendarName',
		type: 'string',
		default: '',
		description:
			'Written to the card’s Calendar field. Read once per execution, from the first item.',
	},
	{
		displayName: 'New Card Stage',
		name: 'newStage',
		type: 'string',
		default: 'Booked',
		description:
			'Stage of a card while its contact has one booking. Read once per execution, from the first item.',
	},
	{
		displayName: 'Updated Card Stage',
		name: 'updatedStage',
		type: 'string',
		default: 'Booked',
		description:
			'Stage once the contact has booked again. Read once per execution, from the first item.',
	},
	{
		displayName: 'Assign To',
		name: 'assign',
		type: 'options',
		options: [
			{ name: 'Nobody', value: 'nobody' },
			{ name: 'A Fixed User', value: 'fixed' },
			{
				name: 'The Booking’s Host',
				value: 'host',
				description: 'The host of the card’s current event (the latest booking wins)',
			},
		],
		default: 'nobody',
	},
	{
		displayName: 'Assignee',
		name: 'assignee',
		type: 'string',
		displayOptions: { show: { assign: ['fixed'] } },
		default: '',
		required: true,
		description:
			'Name or email written to the card’s Assignee field. Read once per execution, from the first item.',
	},
	{
		displayName: 'When a Booking Is Canceled',
		name: 'cancelPolicy',
		type: 'options',
		options: cancelPolicies,
		default: 'removeEvent',
		description:
			'Applies when the card’s current event is canceled (a reschedule is never a cancellation). If the contact has another active booking, the card shows that one instead. Read once per execution, from the first item.',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description:
			'Whether to compute and output every change without writing to the board. Read once per execution, from the first item.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Activity Entries Kept',
				name: 'activityKept',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 20,
				description: 'How many of the latest entries the card’s activity log keeps',
			},
			{
				displayName: 'Answers in Description',
				name: 'questionsInDescription',
				type: 'boolean',
				default: false,
				description:
					'Whether the questions and answers are also listed in the card’s description. When not set, they are listed only if Question Columns is off, so each answer is on the card once.',
			},
			{
				displayName: 'Bookings Kept per Card',
				name: 'bookingsKept',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10,
				description:
					'How many of a contact’s most recently made bookings the card always remembers. An older booking is forgotten once its event ended 30 days before the card’s latest news (no more deliveries are expected for it); a late delivery about it comes out on Skipped (forgotten). Keeps a card’s size bounded.',
			},
			{
				displayName: 'Canceled Stage',
				name: 'canceledStage',
				type: 'string',
				default: '',
				description: 'Stage of a card whose current event was canceled; empty keeps the stage',
			},
			{
				displayName: 'Cards for Calendly Contacts',
				name: 'contactCards',
				type: 'boolean',
				default: false,
				description:
					'Whether a Calendly contact (contact.created or contact.updated) who has no card yet gets one, as a lead card with the Lead Stage; a later booking continues on it. Otherwise the contact’s details wait beside the board and join the card its first booking makes.',
			},
			{
				displayName: 'Cards for Guests',
				name: 'guestCards',
				type: 'boolean',
				default: false,
				description:
					'Whether each guest the invitee added to a booking gets a card of their own (matched by the guest’s email), following the booking’s cancellations and reschedules',
			},
			{
				displayName: 'Contact Custom Field Columns',
				name: 'customFieldColumns',
				type: 'boolean',
				default: false,
				description:
					'Whether each custom field of the person’s Calendly contact gets a column of its own, named cf_ and its label (at most 20 fields, 2,000 characters each)',
			},
			{
				displayName: 'Lead Stage',
				name: 'leadStage',
				type: 'string',
				default: 'Lead',
				description: 'Stage of a card made from a routing form submission, until its contact books',
			},
			{
				displayName: 'No-Show Stage',
				name: 'noShowStage',
				type: 'string',
				default: '',
				description: 'Stage of a card whose invitee was marked as a no-show; empty keeps the stage',
			},
			{
				displayName: 'Question Columns',
				name: 'questionColumns',
				type: 'boolean',
				default: true,
				description:
					'Whether each Calendly question gets its own column (q_ plus the question text), created when a new question appears',
			},
			{
				displayName: 'Rescheduled Stage',
				name: 'rescheduledStage',
				type: 'string',
				default: '',
				description: 'Stage of a card whose event was rescheduled; empty keeps the stage',
			},
			{
				displayName: 'Routing Form Leads',
				name: 'routingFormLeads',
				type: 'boolean',
				default: false,
				description:
					'Whether a routing form submission with an email makes (or updates) the contact’s card with the Lead Stage, its answers in question columns and an activity entry; a later booking continues on the same card. Otherwise such deliveries come out on Skipped.',
			},
			{
				displayName: 'When a Calendly Contact Is Deleted',
				name: 'contactDeleted',
				type: 'options',
				options: [
					{
						name: 'Keep the Contact’s Details',
						value: 'keep',
						description: 'Company, job title and the other contact columns stay as they were',
					},
					{
						name: 'Clear the Contact’s Details',
						value: 'clear',
						description:
							'The contact columns are emptied (the bookings and the rest of the card stay)',
					},
				],
				default: 'keep',
			},
			{
				displayName: 'When the Host Cancels',
				name: 'hostCancelPolicy',
				type: 'options',
				options: [{ name: 'Same as Above', value: 'same' }, ...cancelPolicies],
				default: 'same',
			},
		],
	},
	{
		displayName: 'Columns',
		name: 'columns',
		type: 'collection',
		placeholder: 'Rename a Column',
		default: {},
		description:
			'Column names of the card fields; add a field to rename its column, or leave it empty to not write the field. Read once per execution, from the first item.',
		options: CARD_FIELD_KEYS.map((key) => ({
			displayName: CARD_FIELDS[key].label,
			name: key,
			type: 'string' as const,
			default: CARD_FIELDS[key].column,
			description: `Column for ${CARD_FIELDS[key].label} (${CARD_FIELDS[key].type}); empty means not written`,
		})).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];
