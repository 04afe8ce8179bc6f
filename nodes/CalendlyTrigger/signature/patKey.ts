import { createHash, createHmac } from 'crypto';

/**
 * The signing key of a personal-access-token subscription is DERIVED, not random:
 *
 *   key = HMAC-SHA256(personal access token, "n8n-nodes-calendly-cards|webhook-signing-key|v1|" + webhook id)
 *
 * Why: Calendly never returns the signing_key we send, so a random key lives only where we store it. n8n
 * saves node static data only after create() returns, so a crash (SIGKILL), a lost save, or a second main
 * starting at the same moment could leave Calendly holding a subscription whose key nobody has: every
 * delivery would then be refused with 401 until the subscription is replaced. The access token sits in the
 * n8n credential, which n8n encrypts at rest and saves before anything is published, and the webhook id
 * is part of the saved workflow, so webhook() can recompute the key from what n8n keeps safely, with no
 * static data at all; two mains compute the same key, so either may adopt the other's subscription.
 *
 * - The webhook id (the `<id>` in `/webhook/<id>/webhook`, the same for the test and the production URL)
 *   gives every trigger node its own key, so a delivery for one workflow never verifies in another.
 * - The version tag lets a later release derive differently without confusing old subscriptions.
 * - The key is never stored: static data only holds its key id (below), which cannot be turned back into
 *   the key. n8n's public API returns static data (`GET /api/v1/workflows/{id}` includes `staticData`),
 *   so keeping no key there is also a security gain over storing a random one.
 * - Trade-off: whoever holds the token can compute the key (and could forge deliveries to this workflow).
 *   The token is as secret as a stored key would be: it lives in the same encrypted credential. When the
 *   token is regenerated the key changes: deliveries to the existing subscription are refused (logged with
 *   the fix) until the workflow is unpublished and published again, which replaces the subscription.
 * - Not chosen: a separate "webhook signing secret" field in the credential. It would survive a token
 *   change, but a credential field cannot default to a random value, so every user would have to make one
 *   up, and every existing credential lacks it.
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
