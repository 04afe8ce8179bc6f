import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { derivePatSigningKey, patKeyId } from '../../shared/subscription/patKey';

export interface PatKey {
	/** Secret: never log, output or store it. */
	signingKey: string;
	/** Public name of the key (see patKeyId). */
	keyId: string;
}

/**
 * The signing key of this trigger node under the personal access token now in its credential; undefined
 * when the credential holds no token. The same in create(), checkExists() and webhook(), on every main and
 * webhook process: it depends only on the credential and the node's webhook id.
 */
export async function currentPatKey(
	this: IHookFunctions | IWebhookFunctions,
): Promise<PatKey | undefined> {
	const credential = await this.getCredentials('calendlyCardsApi');
	const token = String(credential.accessToken ?? '').trim();
	if (token === '') return undefined;
	const node = this.getNode();
	// n8n gives every webhook node a webhookId; the fallback only covers hand-written workflow JSON.
	const webhookId = node.webhookId ?? `${this.getWorkflow().id ?? ''}/${node.name}`;
	const signingKey = derivePatSigningKey(token, webhookId);
	return { signingKey, keyId: patKeyId(signingKey) };
}
