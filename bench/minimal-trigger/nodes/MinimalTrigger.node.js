'use strict';
// The floor for a community trigger in the benchmarks: declared like the Calendly Trigger (POST webhook,
// answered on receipt with an empty body) but with no signature check, no filters and no reshaping.
class MinimalTrigger {
	constructor() {
		this.description = {
			displayName: 'Minimal Trigger (benchmark)',
			name: 'minimalTrigger',
			group: ['trigger'],
			version: 1,
			description: 'Starts the workflow with the body of every POST',
			defaults: { name: 'Minimal Trigger' },
			inputs: [],
			outputs: ['main'],
			webhooks: [
				{
					name: 'default',
					httpMethod: 'POST',
					responseMode: 'onReceived',
					responseData: 'noData',
					path: 'webhook',
				},
			],
			properties: [],
		};
	}

	async webhook() {
		return { workflowData: [this.helpers.returnJsonArray(this.getBodyData())] };
	}
}

module.exports = { MinimalTrigger };
