import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import * as contact from './actions/contact';
import * as eventType from './actions/eventType';
import * as invitee from './actions/invitee';
import * as meetingRecap from './actions/meetingRecap';
import * as noShow from './actions/noShow';
import * as organizationMembership from './actions/organizationMembership';
import * as routingFormSubmission from './actions/routingFormSubmission';
import * as scheduledEvent from './actions/scheduledEvent';
import * as schedulingLink from './actions/schedulingLink';
import type { CalendlyOperation } from './actions/types';
import * as user from './actions/user';
import * as webhookSubscription from './actions/webhookSubscription';
import { calendlyAuthenticationProperty } from '../shared/transport/nodeDescription';
import { listSearch, loadOptions } from './methods';

const resources: Record<string, Record<string, CalendlyOperation>> = {
	contact: contact.operations,
	eventType: eventType.operations,
	invitee: invitee.operations,
	meetingRecap: meetingRecap.operations,
	noShow: noShow.operations,
	organizationMembership: organizationMembership.operations,
	routingFormSubmission: routingFormSubmission.operations,
	scheduledEvent: scheduledEvent.operations,
	schedulingLink: schedulingLink.operations,
	user: user.operations,
	webhookSubscription: webhookSubscription.operations,
};

export class Calendly implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Calendly',
		name: 'calendly',
		icon: { light: 'file:calendly.svg', dark: 'file:calendly.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Read and manage Calendly bookings, invitees, contacts, event types, users and webhooks, and read meeting recaps',
		defaults: { name: 'Calendly' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'calendlyCardsApi',
				required: true,
				displayOptions: { show: { authentication: ['accessToken'] } },
			},
			{
				name: 'calendlyCardsOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: 'calendlyCardsN8nApi',
				required: true,
				displayOptions: {
					show: { resource: ['webhookSubscription'], operation: ['checkTriggers'] },
				},
			},
		],
		properties: [
			calendlyAuthenticationProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Event Type', value: 'eventType' },
					{ name: 'Invitee', value: 'invitee' },
					{ name: 'Meeting Recap', value: 'meetingRecap' },
					{ name: 'No-Show', value: 'noShow' },
					{ name: 'Organization Membership', value: 'organizationMembership' },
					{ name: 'Routing Form Submission', value: 'routingFormSubmission' },
					{ name: 'Scheduled Event', value: 'scheduledEvent' },
					{ name: 'Scheduling Link', value: 'schedulingLink' },
					{ name: 'User', value: 'user' },
					{ name: 'Webhook Subscription', value: 'webhookSubscription' },
				],
				default: 'scheduledEvent',
			},
			...contact.description,
			...eventType.description,
			...invitee.description,
			...meetingRecap.description,
			...noShow.description,
			...organizationMembership.description,
			...routingFormSubmission.description,
			...scheduledEvent.description,
			...schedulingLink.description,
			...user.description,
			...webhookSubscription.description,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const resource = this.getNodeParameter('resource', itemIndex) as string;
				const operation = this.getNodeParameter('operation', itemIndex) as string;
				const run = resources[resource]?.[operation];
				if (!run) {
					throw new NodeOperationError(
						this.getNode(),
						`The operation '${operation}' is not supported for resource '${resource}'`,
						{ itemIndex, description: 'Choose a resource and operation from the lists.' },
					);
				}
				const rows = await run.execute.call(this, itemIndex);
				output.push(
					...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(rows), {
						itemData: { item: itemIndex },
					}),
				);
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({
						json: { error: (error as Error).message },
						pairedItem: { item: itemIndex },
					});
					continue;
				}
				// Both constructors hand back an error that already is of their class, keeping its details.
				if (error instanceof NodeApiError) {
					error.context.itemIndex ??= itemIndex;
					throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
				}
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		}
		return [output];
	}
}
