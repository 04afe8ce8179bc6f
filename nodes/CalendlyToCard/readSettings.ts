import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isValidTimeZone } from '../shared/booking/zonedTime';
import type { CancelPolicy, CardField, CardSettings } from './decide';
import { CARD_FIELD_KEYS, DEFAULT_SETTINGS, validateSettings } from './decide';

/** The node's settings, read once per execution from the first item (see description.ts). */
export function readSettings(ctx: IExecuteFunctions): CardSettings {
	const get = <T>(name: string, fallback: T): T => ctx.getNodeParameter(name, 0, fallback) as T;
	const options = get<IDataObject>('options', {});
	const columns = get<IDataObject>('columns', {});
	const authentication = get<string>('authentication', 'none');
	const eventTypes =
		authentication === 'none'
			? get<string>('eventTypeUris', '')
					.split(',')
					.map((uri) => uri.trim())
					.filter((uri) => uri !== '')
			: get<string[]>('eventTypes', []);
	const timeZone = get<string>('timeZone', '').trim() || ctx.getTimezone();
	if (!isValidTimeZone(timeZone)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Time Zone" is '${timeZone}', which is not an IANA time zone`,
			{
				description:
					'Use a name such as Europe/Berlin or America/New_York, or leave it empty for the workflow’s time zone.',
			},
		);
	}
	const settings: CardSettings = {
		createMode: get('createMode', DEFAULT_SETTINGS.createMode),
		multipleMatches: get('multipleMatches', DEFAULT_SETTINGS.multipleMatches),
		contactType: get('contactType', DEFAULT_SETTINGS.contactType),
		timeZone,
		eventTypes,
		calendarName: get('calendarName', DEFAULT_SETTINGS.calendarName),
		stages: {
			new: get('newStage', DEFAULT_SETTINGS.stages.new),
			updated: get('updatedStage', DEFAULT_SETTINGS.stages.updated),
			canceled: String(options.canceledStage ?? ''),
			rescheduled: String(options.rescheduledStage ?? ''),
			noShow: String(options.noShowStage ?? ''),
			lead: String(options.leadStage ?? DEFAULT_SETTINGS.stages.lead),
		},
		assign: get('assign', DEFAULT_SETTINGS.assign),
		fixedAssignee: get('assignee', ''),
		cancelPolicy: get<CancelPolicy>('cancelPolicy', DEFAULT_SETTINGS.cancelPolicy),
		hostCancelPolicy: (options.hostCancelPolicy as CancelPolicy | 'same' | undefined) ?? 'same',
		columns: Object.fromEntries(
			CARD_FIELD_KEYS.map((key) => [
				key,
				String(columns[key] ?? DEFAULT_SETTINGS.columns[key]).trim(),
			]),
		) as Record<CardField, string>,
		questionColumns:
			(options.questionColumns as boolean | undefined) ?? DEFAULT_SETTINGS.questionColumns,
		questionsInDescription:
			(options.questionsInDescription as boolean | undefined) ??
			!((options.questionColumns as boolean | undefined) ?? DEFAULT_SETTINGS.questionColumns),
		guestCards: (options.guestCards as boolean | undefined) ?? DEFAULT_SETTINGS.guestCards,
		routingFormLeads:
			(options.routingFormLeads as boolean | undefined) ?? DEFAULT_SETTINGS.routingFormLeads,
		customFieldColumns:
			(options.customFieldColumns as boolean | undefined) ?? DEFAULT_SETTINGS.customFieldColumns,
		contactDeleted:
			(options.contactDeleted as CardSettings['contactDeleted'] | undefined) ??
			DEFAULT_SETTINGS.contactDeleted,
		contactCards: (options.contactCards as boolean | undefined) ?? DEFAULT_SETTINGS.contactCards,
		bookingsKept: Number(options.bookingsKept ?? DEFAULT_SETTINGS.bookingsKept),
		activityKept: Number(options.activityKept ?? DEFAULT_SETTINGS.activityKept),
	};
	const problems = validateSettings(settings);
	if (problems.length > 0) {
		throw new NodeOperationError(ctx.getNode(), `The node's settings need fixing: ${problems[0]}`, {
			description: problems.join('\n'),
		});
	}
	return settings;
}
