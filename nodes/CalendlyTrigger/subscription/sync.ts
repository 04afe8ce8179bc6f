import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type {
	CalendlyErrorBody,
	CalendlyUser,
	OrganizationMembership,
	ResourceResponse,
	SubscriptionScope,
	WebhookSubscription,
} from '../../shared/calendly/types';
import { isValidTimeZone } from '../../shared/booking/zonedTime';
import {
	calendlyApiRequest,
	calendlyApiRequestAllItems,
	getCalendlyCredential,
	getCurrentUser,
	isPlanRefusal,
	recoverOnStatus,
	uuidFromUri,
} from '../../shared/transport';
import { webhookEvent } from '../../shared/calendly/webhookEvents';
import { currentPatKey, type PatKey } from '../signature';
import {
	planSubscription,
	type DesiredSubscription,
	type KeySource,
	type StoredSubscription,
	type SubscriptionPlan,
} from '../../shared/subscription/plan';
import { callbackUrlProblem, eventScopeProblem, requiredTokenScopes } from './rules';
import {
	clearStored,
	modesStoredFor,
	readStored,
	writeStored,
	type WebhookMode,
} from '../../shared/subscription/store';

interface Activation {
	desired: DesiredSubscription;
	keySource: KeySource;
	/** keySource 'pat': the key derived from the credential for this node (see signature/patKey.ts). */
	patKey?: PatKey;
	mode: WebhookMode;
	staticData: IDataObject;
}

/** Only for create/checkExists: n8n runs delete() of a test webhook in mode 'internal', so delete goes by URL. */
function webhookMode(this: IHookFunctions): WebhookMode {
	return this.getMode() === 'manual' ? 'test' : 'production';
}

function callbackUrl(this: IHookFunctions): string {
	const url = this.getNodeWebhookUrl('default');
	if (!url) {
		throw new NodeOperationError(
			this.getNode(),
			'n8n did not provide a webhook URL for the Calendly Trigger.',
			{
				description: 'Save the workflow and publish it again.',
			},
		);
	}
	return url;
}

/** Adds the token scopes this trigger needs to a scope or parameter error from Calendly. */
async function withScopeHint<T>(
	work: Promise<T>,
	desired: Pick<DesiredSubscription, 'events' | 'scope'>,
): Promise<T> {
	return await work.catch(async (error: unknown) => {
		if (error instanceof NodeApiError) addScopeHint(error, desired.events, desired.scope);
		return await Promise.reject(error);
	});
}

function addScopeHint(error: NodeApiError, events: string[], scope: SubscriptionScope): void {
	const response = error.errorResponse as CalendlyErrorBody | undefined;
	const missingScope = error.httpCode === '403' && Array.isArray(response?.required_scopes);
	if (error.httpCode === '403' && !missingScope && isPlanRefusal(response)) {
		const hint = planHint(events);
		if (hint) error.description = hint;
		return;
	}
	if (missingScope || error.httpCode === '400') {
		const needed = requiredTokenScopes(events, scope).join(', ');
		error.description =
			`${error.description ?? ''} With the events and scope chosen, this trigger needs a token with these scopes: ${needed}.`.trim();
	}
}

/** Names the paid features behind the chosen events when Calendly refuses the subscription for the plan. */
function planHint(events: string[]): string | undefined {
	const needing = events.filter((event) => webhookEvent(event)?.planFeature);
	if (needing.length === 0) return undefined;
	const features = [...new Set(needing.map((event) => webhookEvent(event)!.planFeature!))];
	return (
		`The Calendly plan does not include ${features.join(' or ')}, which ${needing.map((e) => `"${e}"`).join(', ')} need${needing.length === 1 ? 's' : ''}. ` +
		'Calendly checks the plan of the organization owner: upgrade it, or remove these events from "Events" and publish again.'
	);
}

async function assertOrganizationAdmin(this: IHookFunctions, user: CalendlyUser): Promise<void> {
	const memberships = (await calendlyApiRequestAllItems.call(this, '/organization_memberships', {
		user: user.uri,
		organization: user.current_organization,
	})) as OrganizationMembership[];
	const role = memberships[0]?.role;
	if (role === 'owner' || role === 'admin') return;
	throw new NodeOperationError(
		this.getNode(),
		`Organization scope needs a Calendly organization owner or admin, and ${user.email} is ${role ? `a "${role}" member` : 'not a member'} of the organization.`,
		{
			description:
				'Set "Scope" to "User" to receive your own bookings, or use a credential of an owner or admin of the Calendly organization.',
		},
	);
}

/** Everything the lifecycle needs, checked in the order that gives the clearest first error. */
async function prepareActivation(this: IHookFunctions): Promise<Activation> {
	const events = this.getNodeParameter('events', []) as string[];
	const scope = this.getNodeParameter('scope', 'user') as SubscriptionScope;
	const scopeProblem = eventScopeProblem(events, scope);
	if (scopeProblem) throw new NodeOperationError(this.getNode(), scopeProblem);
	// webhook() cannot report a bad option to anyone, so check it while the user is watching.
	const timeZone = (this.getNodeParameter('options', {}) as IDataObject).timeZone;
	if (typeof timeZone === 'string' && timeZone !== '' && !isValidTimeZone(timeZone)) {
		throw new NodeOperationError(
			this.getNode(),
			`"${timeZone}" under Options → Time Zone is not a time zone.`,
			{
				description:
					'Use an IANA zone name such as Europe/Berlin or America/New_York, or leave it empty.',
			},
		);
	}

	const credential = await getCalendlyCredential.call(this);
	const url = callbackUrl.call(this);
	const urlProblem = callbackUrlProblem(url, credential.baseUrl);
	if (urlProblem) throw new NodeOperationError(this.getNode(), urlProblem);

	const keySource: KeySource = credential.type === 'calendlyCardsOAuth2Api' ? 'oauth' : 'pat';
	if (keySource === 'oauth' && !credential.webhookSigningKey) {
		throw new NodeOperationError(
			this.getNode(),
			'The Calendly OAuth2 credential has no Webhook Signing Key.',
			{
				description:
					'Calendly signs the webhooks of an OAuth app with the app’s signing key, and this trigger only starts for signed deliveries. Copy the Webhook Signing Key from your app in Calendly’s developer console into the credential.',
			},
		);
	}

	const group = scope === 'group' ? (this.getNodeParameter('group', '') as string) : undefined;
	if (scope === 'group' && !group) {
		throw new NodeOperationError(this.getNode(), 'No group is selected for the group scope.', {
			description: 'Pick the Calendly group under "Group", or change "Scope".',
		});
	}
	const user = await withScopeHint(getCurrentUser.call(this), { events, scope });
	const desired: DesiredSubscription = {
		callbackUrl: url,
		events,
		scope,
		organization: user.current_organization,
		...(scope === 'user' ? { user: user.uri } : {}),
		...(group ? { group } : {}),
	};
	if (scope === 'organization')
		await withScopeHint(assertOrganizationAdmin.call(this, user), desired);
	// getCalendlyCredential has already refused an empty token, so a PAT key always exists here.
	const patKey = keySource === 'pat' ? await currentPatKey.call(this) : undefined;
	return {
		desired,
		keySource,
		...(patKey ? { patKey } : {}),
		mode: webhookMode.call(this),
		staticData: this.getWorkflowStaticData('node'),
	};
}

function scopeQuery(
	target: Pick<DesiredSubscription, 'scope' | 'organization' | 'user' | 'group'>,
): IDataObject {
	const qs: IDataObject = { organization: target.organization, scope: target.scope };
	if (target.scope === 'user') qs.user = target.user;
	if (target.scope === 'group') qs.group = target.group;
	return qs;
}

async function listSubscriptions(
	this: IHookFunctions,
	target: Pick<DesiredSubscription, 'scope' | 'organization' | 'user' | 'group'>,
): Promise<WebhookSubscription[]> {
	return (await calendlyApiRequestAllItems.call(
		this,
		'/webhook_subscriptions',
		scopeQuery(target),
	)) as WebhookSubscription[];
}

/** After a 409 the clashing subscription may sit in another scope: look in every scope this account can list. */
async function listEveryScope(
	this: IHookFunctions,
	desired: DesiredSubscription,
): Promise<WebhookSubscription[]> {
	const user = await getCurrentUser.call(this);
	const targets: Array<Pick<DesiredSubscription, 'scope' | 'organization' | 'user' | 'group'>> = [
		{ scope: 'user', organization: desired.organization, user: user.uri },
		{ scope: 'organization', organization: desired.organization },
	];
	if (desired.group)
		targets.push({ scope: 'group', organization: desired.organization, group: desired.group });
	const found = new Map<string, WebhookSubscription>();
	for (const target of targets) {
		// Members may not list organization scope; the other scopes still count.
		const listed = await recoverOnStatus(listSubscriptions.call(this, target), 403, () => []);
		for (const subscription of listed) found.set(subscription.uri, subscription);
	}
	return [...found.values()];
}

async function deleteSubscription(this: IHookFunctions, uri: string): Promise<void> {
	// Already gone counts as deleted.
	await recoverOnStatus(
		calendlyApiRequest.call(this, 'DELETE', `/webhook_subscriptions/${uuidFromUri(uri)}`),
		404,
		() => undefined,
	);
}

/** The record kept in static data for a subscription this node made or adopted: nothing secret. */
function recordFor(activation: Activation, uri: string): StoredSubscription {
	return {
		uri,
		callbackUrl: activation.desired.callbackUrl,
		keySource: activation.keySource,
		...(activation.patKey ? { keyId: activation.patKey.keyId } : {}),
	};
}

async function createAndStore(this: IHookFunctions, activation: Activation): Promise<void> {
	const { desired, patKey } = activation;
	const body: IDataObject = {
		...scopeQuery(desired),
		url: desired.callbackUrl,
		events: desired.events,
	};
	// The derived key: webhook() recomputes it, so deliveries verify even when static data is never saved.
	if (patKey) body.signing_key = patKey.signingKey;
	const created = (await calendlyApiRequest.call(
		this,
		'POST',
		'/webhook_subscriptions',
		body,
	)) as ResourceResponse<WebhookSubscription>;
	writeStored(activation.staticData, activation.mode, recordFor(activation, created.resource.uri));
}

function planFor(
	activation: Activation,
	listed: WebhookSubscription[],
	madeConcurrently: string[] = [],
): SubscriptionPlan {
	return planSubscription({
		desired: activation.desired,
		listed,
		stored: readStored(activation.staticData, activation.mode),
		keySource: activation.keySource,
		keyId: activation.patKey?.keyId,
		madeConcurrently,
	});
}

/** Records an adopted subscription unless its record is already there (a second main's has none yet). */
function recordAdopted(activation: Activation, plan: SubscriptionPlan): void {
	const uri = plan.keep?.uri;
	if (!uri || readStored(activation.staticData, activation.mode)?.uri === uri) return;
	writeStored(activation.staticData, activation.mode, recordFor(activation, uri));
}

/** Applies a plan; true when an adopted subscription makes creating unnecessary. */
async function applyPlan(
	this: IHookFunctions,
	activation: Activation,
	listed: WebhookSubscription[],
	madeConcurrently: string[] = [],
): Promise<boolean> {
	const stored = readStored(activation.staticData, activation.mode);
	const plan = planFor(activation, listed, madeConcurrently);
	for (const uri of plan.remove) await deleteSubscription.call(this, uri);
	if (plan.action === 'adopt') {
		recordAdopted(activation, plan);
		return true;
	}
	if (stored) clearStored(activation.staticData, activation.mode);
	this.logger.debug(`Calendly Trigger: ${plan.action} subscription (${plan.reason})`);
	return false;
}

/** checkExists: true only when Calendly holds exactly the subscription we want and we can verify it. */
export async function subscriptionExists(this: IHookFunctions): Promise<boolean> {
	const activation = await prepareActivation.call(this);
	const listed = await withScopeHint(
		listSubscriptions.call(this, activation.desired),
		activation.desired,
	);
	const plan = planFor(activation, listed);
	return plan.action === 'adopt' && plan.remove.length === 0;
}

/** create: adopt, replace or create so exactly one verifiable subscription points at this URL. Idempotent. */
export async function ensureSubscription(this: IHookFunctions): Promise<boolean> {
	const activation = await prepareActivation.call(this);
	return await withScopeHint(ensure.call(this, activation), activation.desired);
}

async function ensure(this: IHookFunctions, activation: Activation): Promise<boolean> {
	const created = async () =>
		// 409: Calendly holds a subscription for this URL.
		await recoverOnStatus(
			createAndStore.call(this, activation).then(() => true),
			409,
			() => false,
		);
	const listed = await listSubscriptions.call(this, activation.desired);
	if (await applyPlan.call(this, activation, listed)) return true;
	if (await created()) return true;
	// 409. Whatever appeared at our URL since we listed was made by another main starting this workflow at
	// the same moment, with the same credential and so the same key: adopt it when events and scope match
	// rather than delete it and race. Otherwise the clash sits in another scope: look in every scope.
	const everyScope = await listEveryScope.call(this, activation.desired);
	const seen = new Set(listed.map((s) => s.uri));
	const appeared = everyScope.filter((s) => !seen.has(s.uri)).map((s) => s.uri);
	if (await applyPlan.call(this, activation, everyScope, appeared)) return true;
	if (await created()) return true;
	throw new NodeOperationError(
		this.getNode(),
		`Calendly already has a webhook subscription for ${activation.desired.callbackUrl} that this account cannot see or delete.`,
		{
			description:
				'Another Calendly user of the organization probably created it. Ask a Calendly organization owner or admin to delete that subscription, then publish again.',
		},
	);
}

/** delete: remove our subscription (404 counts as done) and any other one left at this URL. */
export async function removeSubscription(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const url = callbackUrl.call(this);
	// Only records made for this URL: a copied workflow inherits the original's static data.
	for (const mode of modesStoredFor(staticData, url)) {
		await deleteSubscription.call(this, readStored(staticData, mode)!.uri);
		clearStored(staticData, mode);
	}

	// Static data can be lost (e.g. test runs); sweep what Calendly lists at this URL so nothing is orphaned.
	try {
		const user = await getCurrentUser.call(this);
		const scope = this.getNodeParameter('scope', 'user') as SubscriptionScope;
		const target = {
			scope,
			organization: user.current_organization,
			user: user.uri,
			group: scope === 'group' ? (this.getNodeParameter('group', '') as string) : undefined,
		};
		const listed = await listSubscriptions.call(this, target);
		for (const subscription of listed.filter((s) => s.callback_url === url)) {
			await deleteSubscription.call(this, subscription.uri);
		}
	} catch (error) {
		this.logger.warn(
			`Calendly Trigger removed its own subscription but could not check ${url} for others: ${(error as Error).message}`,
		);
	}
	return true;
}
