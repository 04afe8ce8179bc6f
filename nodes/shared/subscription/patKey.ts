import { createHash, createHmac } from 'crypto';

/**
 * The signing key of a personal-access-token subscription is derived, never stored:
 *
 *   key = HMAC-SHA256(personal access token, "n8n-nodes-calendly-cards|webhook-signing-key|v1|" + webhook id)
 *
 * Why: Calendly never returns the signing_key it was sent, and node static data is saved only after
 * create() returns (a crash loses it) and is readable through n8n's public API. The token sits in the
 * encrypted credential and the webhook id in the saved workflow, so webhook() recomputes the key on every
 * main and webhook process, and two mains publishing at once send the same key.
 * - The webhook id (the `<id>` in `/webhook/<id>/webhook`, the same for the test and the production URL)
 *   gives every trigger node its own key, so a delivery for one workflow never verifies in another.
 * - The version tag lets a later derivation differ without confusing existing subscriptions.
 * - Static data holds only the key id (below), which proves which subscriptions the node made.
 * - Whoever holds the token can compute the key; the token is as secret as a stored key would be. A
 *   regenerated token changes the key: the next publish replaces the subscription.
 * - A separate signing-secret field in the credential would survive a token change, but a credential field
 *   cannot default to a random value, so every user would have to invent one.
 */
const PAT_KEY_VERSION = 'v1';

const KEY_CONTEXT = `n8n-nodes-calendly-cards|webhook-signing-key|${PAT_KEY_VERSION}|`;
const KEY_ID_CONTEXT = 'n8n-nodes-calendly-cards|key-id|';

/** The 64-hex-digit signing key sent to Calendly for the trigger node with this webhook id. */
export function derivePatSigningKey(accessToken: string, webhookId: string): string {
	return createHmac('sha256', accessToken).update(`${KEY_CONTEXT}${webhookId}`).digest('hex');
}

/**
 * A short public name of a key (64 bits of a SHA-256 over it): kept in static data to notice that the
 * token changed since a subscription was made. A one-way hash of a 256-bit key reveals nothing usable.
 */
export function patKeyId(signingKey: string): string {
	return createHash('sha256').update(`${KEY_ID_CONTEXT}${signingKey}`).digest('hex').slice(0, 16);
}
