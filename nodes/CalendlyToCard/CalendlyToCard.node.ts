import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './description';
import { listSearch, loadOptions } from './methods';
import { runCalendlyToCard } from './run';
import { runRemoveDisabled } from './runRemoval';

export class CalendlyToCard implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Calendly to Card',
		name: 'calendlyToCard',
		icon: { light: 'file:calendlyToCard.svg', dark: 'file:calendlyToCard.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{$parameter["dryRun"] ? "Dry run: " : ""}}{{$parameter["operation"] === "removeDisabled" ? "Remove disabled types from " : ""}}{{$parameter["board"].cachedResultName || $parameter["board"].value}}',
		description: 'Keep one card per contact in an n8n data table in sync with Calendly bookings',
		defaults: { name: 'Calendly to Card' },
		// Not an AI tool: it needs Calendly deliveries as input, which tool arguments are not, and an
		// agent would only see its first output. Declared (as undefined: n8n's type has no false) because
		// the community-node lint asks every node to state it.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
		],
		outputNames: ['Created', 'Updated', 'Canceled', 'Skipped'],
		credentials: [
			{ name: 'calendlyCardsN8nApi', required: true },
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
		],
		properties,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0, 'sync') as string;
		if (operation === 'removeDisabled') return await runRemoveDisabled.call(this);
		return await runCalendlyToCard.call(this);
	}
}
