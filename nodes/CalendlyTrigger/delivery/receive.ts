import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { getCalendlyCredential } from '../../shared/transport';
import { deliveryToJson, type OutputFormat } from '../output/flatBooking';
import { DEFAULT_TOLERANCE_SECONDS, verifyCalendlySignature } from '../signature';
import { storedPatKeys } from '../subscription/store';
import { parseHostList, passesFilters } from './filters';

const SIGNATURE_HEADER = 'calendly-webhook-signature';

interface TriggerOptions {
	output?: OutputFormat;
	timeZone?: string;
	signatureMaxAge?: number;
}

interface TriggerFilters {
	eventTypes?: string[];
	hosts?: string;
}

/** The keys a genuine delivery can be signed with: ours for a PAT, the OAuth app's for OAuth2. */
async function signingKeys(this: IWebhookFunctions): Promise<string[]> {
	if (this.getNode().parameters.authentication === 'oAuth2') {
		const credential = await getCalendlyCredential.call(this);
		return credential.webhookSigningKey ? [credential.webhookSigningKey] : [];
	}
	return storedPatKeys(this.getWorkflowStaticData('node'));
}

/** webhook(): verify, filter, emit. Refusals say why in the log, never with the key or the signature. */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const options = this.getNodeParameter('options', {}) as TriggerOptions;

	const check = verifyCalendlySignature({
		header: request.headers[SIGNATURE_HEADER],
		rawBody: request.rawBody,
		signingKeys: await signingKeys.call(this),
		nowSeconds: Math.floor(Date.now() / 1000),
		toleranceSeconds: options.signatureMaxAge ?? DEFAULT_TOLERANCE_SECONDS,
	});
	if (!check.valid) {
		this.logger.warn(`Calendly Trigger refused a delivery: signature check failed (${check.reason})`);
		this.getResponseObject().status(401).json({ message: 'Invalid or missing Calendly webhook signature' });
		return { noWebhookResponse: true };
	}

	const envelope = this.getBodyData();
	const events = this.getNodeParameter('events', []) as string[];
	const filters = this.getNodeParameter('filters', {}) as TriggerFilters;
	const wanted =
		events.includes(String(envelope.event)) &&
		passesFilters(envelope, {
			eventTypes: filters.eventTypes ?? [],
			hosts: parseHostList(filters.hosts ?? ''),
		});
	// Acknowledge with 200 so Calendly does not retry, and start nothing.
	if (!wanted) return {};

	const json = deliveryToJson(envelope as IDataObject, options.output ?? 'envelope', options.timeZone);
	return { workflowData: [this.helpers.returnJsonArray(json)] };
}
