import type { SubscriptionScope, WebhookSubscription } from '../../shared/calendly/types';

/** Where the signing key of a subscription comes from: our random key (PAT) or the OAuth app's key. */
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

/** What the node remembers about the subscription it created (kept in node static data). */
export interface StoredSubscription {
	uri: string;
	callbackUrl: string;
	keySource: KeySource;
	/** Only for keySource 'pat': Calendly never returns it, so this copy is the only one. */
	signingKey?: string;
}

export type PlanReason =
	| 'matches'
	| 'none-exists'
	| 'events-changed'
	| 'scope-changed'
	| 'disabled'
	| 'key-unknown'
	| 'stored-not-listed';

export interface SubscriptionPlan {
	/** adopt: keep `keep`; create: nothing to clean up; replace: delete `remove`, then create. */
	action: 'adopt' | 'create' | 'replace';
	reason: PlanReason;
	keep?: WebhookSubscription;
	/** Subscriptions to delete (404 counts as deleted). For 'adopt' these are duplicates at our URL. */
	remove: string[];
}

export interface PlanInput {
	desired: DesiredSubscription;
	/** What Calendly lists; entries for other callback URLs are ignored. */
	listed: WebhookSubscription[];
	stored: StoredSubscription | undefined;
	keySource: KeySource;
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

/** We can verify deliveries only for a subscription we created ourselves with a key we still hold. */
function keyKnown(subscription: WebhookSubscription, input: PlanInput): boolean {
	const { stored, keySource } = input;
	if (!stored || stored.uri !== subscription.uri || stored.keySource !== keySource) return false;
	return keySource === 'oauth' || Boolean(stored.signingKey);
}

function mismatch(subscription: WebhookSubscription, input: PlanInput): PlanReason | undefined {
	if (subscription.state !== 'active') return 'disabled';
	if (!sameTarget(subscription, input.desired)) return 'scope-changed';
	if (!sameEventSet(subscription.events, input.desired.events)) return 'events-changed';
	if (!keyKnown(subscription, input)) return 'key-unknown';
	return undefined;
}

/**
 * Decides how to reach exactly one usable subscription at this workflow's callback URL.
 * Pure, so every branch is testable without Calendly; n8n may run it several times per start.
 */
export function planSubscription(input: PlanInput): SubscriptionPlan {
	const { desired, stored } = input;
	const atOurUrl = input.listed.filter((s) => s.callback_url === desired.callbackUrl);
	const usable = atOurUrl.find((s) => mismatch(s, input) === undefined);

	if (usable) {
		const duplicates = atOurUrl.filter((s) => s.uri !== usable.uri).map((s) => s.uri);
		return { action: 'adopt', reason: 'matches', keep: usable, remove: duplicates };
	}

	const remove = atOurUrl.map((s) => s.uri);
	// Our own earlier subscription may sit in another scope than the one listed. Only delete it when it
	// was made for this URL: a copied workflow carries the original's static data and must not touch it.
	const storedElsewhere =
		stored !== undefined && stored.callbackUrl === desired.callbackUrl && !remove.includes(stored.uri);
	if (storedElsewhere) remove.push(stored.uri);

	if (remove.length === 0) return { action: 'create', reason: 'none-exists', remove };

	const ours = atOurUrl.find((s) => s.uri === stored?.uri) ?? atOurUrl[0];
	const reason = ours ? (mismatch(ours, input) as PlanReason) : 'stored-not-listed';
	return { action: 'replace', reason, remove };
}
