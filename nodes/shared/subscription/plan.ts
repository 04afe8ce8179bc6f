import type { SubscriptionScope, WebhookSubscription } from '../calendly/types';

/** Where the signing key of a subscription comes from: our derived key (PAT) or the OAuth app's key. */
export type KeySource = 'pat' | 'oauth';

/** The subscription this node wants, built from its parameters and the connected account. */
export interface DesiredSubscription {
	callbackUrl: string;
	events: string[];
	scope: SubscriptionScope;
	organization: string;
	/** Set for scope 'user'. */
	user?: string;
	/** Set for scope 'group'. */
	group?: string;
}

/**
 * What the node remembers about its subscription (kept in node static data, which may be lost at any time
 * and is readable through n8n's public API: it holds nothing secret any more).
 */
export interface StoredSubscription {
	uri: string;
	callbackUrl: string;
	keySource: KeySource;
	/** keySource 'pat': the public id of the derived key the subscription was made with (see patKeyId). */
	keyId?: string;
}

type PlanReason =
	| 'matches'
	| 'none-exists'
	| 'events-changed'
	| 'scope-changed'
	| 'disabled'
	| 'key-unknown'
	| 'key-changed'
	| 'stored-not-listed';

export interface SubscriptionPlan {
	/** adopt: keep `keep`; create: nothing to clean up; replace: delete `remove`, then create. */
	action: 'adopt' | 'create' | 'replace';
	reason: PlanReason;
	keep?: WebhookSubscription;
	/** Subscriptions to delete (404 counts as deleted). For 'adopt' these are duplicates at our URL. */
	remove: string[];
}

interface PlanInput {
	desired: DesiredSubscription;
	/** What Calendly lists; entries for other callback URLs are ignored. */
	listed: WebhookSubscription[];
	stored: StoredSubscription | undefined;
	keySource: KeySource;
	/** keySource 'pat': the id of the key the credential derives now. */
	keyId?: string;
	/**
	 * Subscriptions that appeared at our URL between our listing and our create's 409: another n8n main
	 * running this node with the same credential made them, so their key is ours whatever static data says.
	 */
	madeConcurrently?: string[];
}

function sameEventSet(a: string[], b: string[]): boolean {
	const left = new Set(a);
	const right = new Set(b);
	return left.size === right.size && [...left].every((event) => right.has(event));
}

function sameTarget(subscription: WebhookSubscription, desired: DesiredSubscription): boolean {
	if (subscription.scope !== desired.scope || subscription.organization !== desired.organization) {
		return false;
	}
	if (desired.scope === 'user') return subscription.user === desired.user;
	if (desired.scope === 'group') return subscription.group === desired.group;
	return true;
}

/**
 * Whether deliveries of this subscription provably verify, or why not. Calendly never says which key a
 * subscription was made with, so only two things prove it is ours: our record of this very subscription,
 * made with today's key source (and, with a token, today's key id), or its appearing at our URL while we
 * were creating (another main publishing this workflow with the same credential, so the same key). Anything
 * else at our URL (made by hand, with another key or none, or with a record lost in a crash) is replaced.
 */
function keyProblem(subscription: WebhookSubscription, input: PlanInput): PlanReason | undefined {
	if (input.madeConcurrently?.includes(subscription.uri)) return undefined;
	const record = input.stored?.uri === subscription.uri ? input.stored : undefined;
	if (!record || record.keySource !== input.keySource) return 'key-unknown';
	if (input.keySource === 'oauth') return undefined;
	if (record.keyId !== undefined && record.keyId === input.keyId) return undefined;
	return record.keyId === undefined ? 'key-unknown' : 'key-changed';
}

function mismatch(subscription: WebhookSubscription, input: PlanInput): PlanReason | undefined {
	if (subscription.state !== 'active') return 'disabled';
	if (!sameTarget(subscription, input.desired)) return 'scope-changed';
	if (!sameEventSet(subscription.events, input.desired.events)) return 'events-changed';
	return keyProblem(subscription, input);
}

/**
 * Decides how to reach exactly one usable subscription at this workflow's callback URL.
 * Pure, so every branch is testable without Calendly; n8n may run it several times per start.
 */
export function planSubscription(input: PlanInput): SubscriptionPlan {
	const { desired, stored } = input;
	const atOurUrl = input.listed.filter((s) => s.callback_url === desired.callbackUrl);
	const candidates = atOurUrl.filter((s) => mismatch(s, input) === undefined);
	// Prefer the one we recorded over one a second main made while we were creating.
	const usable = candidates.find((s) => s.uri === stored?.uri) ?? candidates[0];

	// Our own earlier subscription may sit in another scope than the one listed. Only delete it when it
	// was made for this URL: a copied workflow carries the original's static data and must not touch it.
	const storedElsewhere =
		stored !== undefined &&
		stored.callbackUrl === desired.callbackUrl &&
		!atOurUrl.some((s) => s.uri === stored.uri);

	if (usable) {
		const duplicates = atOurUrl.filter((s) => s.uri !== usable.uri).map((s) => s.uri);
		if (storedElsewhere) duplicates.push(stored.uri);
		return { action: 'adopt', reason: 'matches', keep: usable, remove: duplicates };
	}

	const remove = atOurUrl.map((s) => s.uri);
	if (storedElsewhere) remove.push(stored.uri);

	if (remove.length === 0) return { action: 'create', reason: 'none-exists', remove };

	const ours = atOurUrl.find((s) => s.uri === stored?.uri) ?? atOurUrl[0];
	const reason = ours ? (mismatch(ours, input) as PlanReason) : 'stored-not-listed';
	return { action: 'replace', reason, remove };
}
