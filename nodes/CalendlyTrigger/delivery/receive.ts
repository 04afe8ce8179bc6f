import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { processMemory } from '../../shared/processMemory';
import { getCalendlyCredential } from '../../shared/transport';
import { deliveryToJson, type OutputFormat } from '../../shared/booking/flatDelivery';
import { currentPatKey, DEFAULT_TOLERANCE_SECONDS, verifyCalendlySignature } from '../signature';
import { readStored } from '../../shared/subscription/store';
import { mediaTypeOf, parseDelivery, rawBodyUnavailable } from './body';
import { parseHostList, passesFilters } from './filters';
import { repeatKey } from './repeats';

const SIGNATURE_HEADER = 'calendly-webhook-signature';

interface TriggerOptions {
	output?: OutputFormat;
	timeZone?: string;
	signatureMaxAge?: number;
	ignoreRepeats?: boolean;
}

interface TriggerFilters {
	eventTypes?: string[];
	hosts?: string;
}

/** What the credential contributes to verifying: the key derived from the token, or the OAuth app's key. */
interface CredentialKey {
	oauth: boolean;
	/** Secret: never log, output or store it. */
	signingKey?: string;
	/** Public name of a derived key (personal access token only). */
	keyId?: string;
}

/**
 * The credential's key per trigger node, kept for ten seconds (processMemory). A kept key is only used to
 * accept: a delivery it does not verify is checked again with the credential read anew, so a new token or
 * signing key counts at once, and every refusal is decided on the credential as it is now. Deliveries that
 * arrive together share one read.
 */
const credentialKeys = processMemory.credentialKeys;

function credentialKeyCacheId(this: IWebhookFunctions): string {
	const node = this.getNode();
	const type =
		node.parameters.authentication === 'oAuth2' ? 'calendlyCardsOAuth2Api' : 'calendlyCardsApi';
	return [
		this.getWorkflow().id ?? '',
		node.webhookId ?? node.name,
		type,
		node.credentials?.[type]?.id ?? '',
	].join('|');
}

async function readCredentialKey(this: IWebhookFunctions): Promise<CredentialKey> {
	if (this.getNode().parameters.authentication === 'oAuth2') {
		const credential = await getCalendlyCredential.call(this);
		return { oauth: true, signingKey: credential.webhookSigningKey };
	}
	const derived = await currentPatKey.call(this);
	return { oauth: false, signingKey: derived?.signingKey, keyId: derived?.keyId };
}

/** Why a personal-access-token delivery may fail although Calendly signed it correctly, for the log. */
function mismatchHint(credentialKey: CredentialKey, staticData: IDataObject): string | undefined {
	if (credentialKey.oauth) return undefined;
	const recordedId =
		readStored(staticData, 'production')?.keyId ?? readStored(staticData, 'test')?.keyId;
	const tokenChanged =
		credentialKey.keyId !== undefined &&
		recordedId !== undefined &&
		recordedId !== credentialKey.keyId;
	return tokenChanged
		? 'the personal access token in the credential changed since the subscription was made; unpublish and publish the workflow to subscribe with the new token'
		: 'if Calendly sent it, the subscription at this URL was made with another key (by hand, or with a since regenerated token); unpublish and publish the workflow to replace it';
}

/**
 * Whether this process already started the workflow for this delivery (see repeats.ts). Asked last, once
 * nothing else can stop the delivery, so only what really starts the workflow is remembered; memory is
 * per process and gone with it, so after a crash a repeat starts the workflow again.
 */
function isRepeat(this: IWebhookFunctions, envelope: IDataObject): boolean {
	const node = this.getNode();
	const key = repeatKey(
		{
			workflowId: this.getWorkflow().id ?? '',
			webhookId: node.webhookId ?? node.name,
			mode: this.getMode?.() ?? '',
		},
		envelope,
	);
	return !processMemory.startedDeliveries.firstSight(key);
}

/** Answers the request itself and starts nothing. Never 410: Calendly deletes a subscription on 410. */
function refuse(
	this: IWebhookFunctions,
	status: 400 | 401 | 415,
	message: string,
): IWebhookResponseData {
	this.getResponseObject().status(status).json({ message });
	return { noWebhookResponse: true };
}

/** The exact bytes of the request: n8n's `rawBody`, read on demand if n8n has not read it yet. */
async function rawBodyOf(this: IWebhookFunctions): Promise<Buffer | Error | undefined> {
	const request = this.getRequestObject();
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
	if (typeof request.readRawBody !== 'function') return undefined;
	try {
		await request.readRawBody();
	} catch (error) {
		return error as Error;
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

/**
 * webhook(): read the signed bytes, verify, parse, filter, emit. Every answer is 2xx, 400, 401 or 415
 * (all retried by Calendly), never 410, which makes Calendly delete the subscription at once; n8n 2.41.1's
 * own webhook code answers 404, 422 or 500 around the node but never 410. Refusals say why in the log,
 * never with the key or the signature.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const options = this.getNodeParameter('options', {}) as TriggerOptions;
	const mediaType = mediaTypeOf(request.headers['content-type']);

	const unavailable = rawBodyUnavailable(mediaType);
	if (unavailable) {
		this.logger.warn(`Calendly Trigger refused a delivery: ${unavailable.message}`);
		return refuse.call(this, unavailable.status, unavailable.message);
	}
	const rawBody = await rawBodyOf.call(this);
	if (rawBody instanceof Error) {
		const message = `The Calendly Trigger could not read the request body: ${rawBody.message}`;
		this.logger.warn(`Calendly Trigger refused a delivery: ${message}`);
		return refuse.call(this, 400, message);
	}

	const verify = (credentialKey: CredentialKey) =>
		verifyCalendlySignature({
			header: request.headers[SIGNATURE_HEADER],
			rawBody,
			signingKeys: credentialKey.signingKey ? [credentialKey.signingKey] : [],
			nowSeconds: Math.floor(Date.now() / 1000),
			toleranceSeconds: options.signatureMaxAge ?? DEFAULT_TOLERANCE_SECONDS,
		});
	const cacheId = credentialKeyCacheId.call(this);
	if (
		!verify(await credentialKeys.get(cacheId, async () => await readCredentialKey.call(this))).valid
	) {
		const current = await credentialKeys.keep(cacheId, readCredentialKey.call(this));
		const check = verify(current);
		if (!check.valid) {
			const hint =
				check.reason === 'mismatch'
					? mismatchHint(current, this.getWorkflowStaticData('node'))
					: undefined;
			this.logger.warn(
				`Calendly Trigger refused a delivery: signature check failed (${check.reason})${hint ? `; ${hint}` : ''}`,
			);
			return refuse.call(this, 401, 'Invalid or missing Calendly webhook signature');
		}
	}

	// Signed bytes, not getBodyData(): n8n only parses application/json into the body (see body.ts).
	const parsed = parseDelivery(rawBody ?? Buffer.alloc(0), mediaType);
	if (!parsed.ok) {
		this.logger.warn(`Calendly Trigger refused a delivery: ${parsed.message}`);
		return refuse.call(this, parsed.status, parsed.message);
	}
	const envelope = parsed.envelope;
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
	if (options.ignoreRepeats !== false && isRepeat.call(this, envelope)) {
		this.logger.debug(
			`Calendly Trigger acknowledged a repeated ${String(envelope.event)} delivery and started nothing: it started the workflow for it before`,
		);
		return {};
	}

	const json = deliveryToJson(
		envelope as IDataObject,
		options.output ?? 'envelope',
		options.timeZone,
	);
	return { workflowData: [this.helpers.returnJsonArray(json)] };
}
