/**
 * Pure decisions of "Check Triggers": which nodes of this n8n's workflows are Calendly Triggers, what
 * each one's subscription should look like, how Calendly's subscriptions compare with it, and what to do.
 * No I/O here; checkTriggers.ts does the calls.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SubscriptionScope, WebhookSubscription } from '../../../shared/calendly/types';
import {
	DEFAULT_TRIGGER_EVENTS,
	SUBSCRIPTION_SCOPES,
} from '../../../shared/calendly/webhookEvents';
import {
	planSubscription,
	type DesiredSubscription,
	type KeySource,
	type StoredSubscription,
} from '../../../shared/subscription/plan';
import { readStored } from '../../../shared/subscription/store';

/** The node type of this package's Calendly Trigger, as n8n stores it in a workflow. */
export const TRIGGER_NODE_TYPE = 'n8n-nodes-calendly-cards.calendlyTrigger';

/** The trigger's scope default (n8n leaves parameters at their default out of the saved workflow). */
const DEFAULT_SCOPE: SubscriptionScope = 'user';

/** A workflow as n8n's public API lists it (GET /api/v1/workflows), reduced to what is read here. */
export interface ListedWorkflow {
	id: string;
	name: string;
	active: boolean;
	activeVersionId?: string | null;
	isArchived?: boolean;
	nodes?: ListedNode[];
	staticData?: IDataObject | null;
	/** The published version: what production runs. */
	activeVersion?: { versionId?: string; nodes?: ListedNode[] } | null;
}

export interface ListedNode {
	id?: string;
	name: string;
	type: string;
	webhookId?: string;
	disabled?: boolean;
	parameters?: IDataObject;
	credentials?: Record<string, { id?: string | null; name?: string }>;
}

/** One Calendly Trigger node of a published workflow. */
export interface TriggerRef {
	workflowId: string;
	workflowName: string;
	/** The published version, re-published as is by a repair (never the draft). */
	activeVersionId: string | null;
	nodeName: string;
	webhookId: string | null;
	events: string[];
	scope: SubscriptionScope;
	group?: string;
	/** Which credential type the trigger authenticates with. */
	credentialType: 'calendlyCardsApi' | 'calendlyCardsOAuth2Api';
	credentialId: string | null;
	/** What the trigger recorded about its production subscription (may be missing: it is not needed). */
	stored?: StoredSubscription;
	/** Why this trigger cannot be compared (e.g. a parameter is an expression). */
	unreadable?: string;
}

function isExpression(value: unknown): boolean {
	return typeof value === 'string' && value.startsWith('=');
}

/** Reads the Calendly Trigger nodes of published workflows from n8n's workflow list. Disabled nodes are skipped (n8n does not register them). */
export function triggersOf(workflows: ListedWorkflow[]): TriggerRef[] {
	const triggers: TriggerRef[] = [];
	for (const workflow of workflows) {
		if (!workflow.active || workflow.isArchived) continue;
		const nodes = workflow.activeVersion?.nodes ?? workflow.nodes ?? [];
		for (const node of nodes) {
			if (node.type !== TRIGGER_NODE_TYPE || node.disabled) continue;
			const parameters = node.parameters ?? {};
			const credentialType =
				parameters.authentication === 'oAuth2' ? 'calendlyCardsOAuth2Api' : 'calendlyCardsApi';
			const rawEvents = parameters.events ?? DEFAULT_TRIGGER_EVENTS;
			const rawScope = parameters.scope ?? DEFAULT_SCOPE;
			const unreadable: string[] = [];
			if (
				!Array.isArray(rawEvents) ||
				rawEvents.some((e) => typeof e !== 'string' || isExpression(e))
			) {
				unreadable.push('"Events" is an expression');
			}
			if (isExpression(rawScope) || !SUBSCRIPTION_SCOPES.includes(rawScope as SubscriptionScope)) {
				unreadable.push('"Scope" is an expression');
			}
			const scope = SUBSCRIPTION_SCOPES.includes(rawScope as SubscriptionScope)
				? (rawScope as SubscriptionScope)
				: DEFAULT_SCOPE;
			const group = scope === 'group' ? String(parameters.group ?? '') : undefined;
			if (group !== undefined && (group === '' || isExpression(group)))
				unreadable.push('"Group" is empty or an expression');
			if (isExpression(parameters.authentication))
				unreadable.push('"Authentication" is an expression');
			const staticData = (workflow.staticData ?? {})[`node:${node.name}`];
			const stored =
				typeof staticData === 'object' && staticData !== null
					? readStored(staticData as IDataObject, 'production')
					: undefined;
			triggers.push({
				workflowId: workflow.id,
				workflowName: workflow.name,
				activeVersionId: workflow.activeVersionId ?? workflow.activeVersion?.versionId ?? null,
				nodeName: node.name,
				webhookId: node.webhookId ?? null,
				events: Array.isArray(rawEvents) ? (rawEvents as string[]) : [],
				scope,
				...(group !== undefined ? { group } : {}),
				credentialType,
				credentialId: node.credentials?.[credentialType]?.id ?? null,
				...(stored ? { stored } : {}),
				...(unreadable.length > 0 ? { unreadable: unreadable.join(', ') } : {}),
			});
		}
	}
	return triggers;
}

/** The path n8n gives the trigger's production webhook: /webhook/<webhookId>/webhook (after the base URL). */
export function webhookPath(webhookId: string): string {
	return `/webhook/${webhookId}/webhook`;
}

function pathOf(url: string): string | undefined {
	try {
		return new URL(url).pathname;
	} catch {
		return undefined;
	}
}

/**
 * The production callback URL of a trigger: `<base>/webhook/<webhookId>/webhook` with the base URL given
 * in the node; without one, the URL the trigger recorded when it subscribed, else the URL of a Calendly
 * subscription for this webhook id (n8n's WEBHOOK_URL may differ from the URL its API is called at), else
 * the n8n API credential's URL.
 */
export function callbackUrlFor(
	trigger: Pick<TriggerRef, 'webhookId' | 'stored'>,
	subscriptions: Array<Pick<WebhookSubscription, 'callback_url'>>,
	baseUrls: { configured?: string; n8nApi: string },
): string {
	const path = webhookPath(trigger.webhookId ?? '');
	const base = (url: string) => url.trim().replace(/\/+$/, '');
	if (baseUrls.configured && baseUrls.configured.trim() !== '')
		return `${base(baseUrls.configured)}${path}`;
	if (trigger.stored && pathOf(trigger.stored.callbackUrl) === path)
		return trigger.stored.callbackUrl;
	const listed = subscriptions.map((s) => s.callback_url).filter((url) => pathOf(url) === path);
	if (listed.length > 0) return [...listed].sort()[0];
	return `${base(baseUrls.n8nApi)}${path}`;
}

export type TriggerStatus =
	| 'ok'
	| 'missing'
	| 'disabled'
	| 'wrong_events'
	| 'wrong_scope'
	| 'duplicate'
	| 'not_verifiable'
	| 'failing';

/** What the trigger's subscription should be, as the trigger itself would build it, and how it is signed. */
export interface ExpectedSubscription extends DesiredSubscription {
	stored?: StoredSubscription;
	keySource: KeySource;
	/** keySource 'pat': the id of the key the credential derives now for this trigger. */
	keyId?: string;
}

export interface TriggerCheck {
	status: TriggerStatus;
	/** A sentence saying what was found. */
	detail: string;
	/** Subscriptions at the trigger's URL. */
	subscriptions: string[];
}

const list = (values: string[]) => values.map((v) => `"${v}"`).join(', ');

/**
 * Compares Calendly's subscriptions (of every scope this account can list) with what a trigger needs,
 * using the trigger's own adopt/replace rules, so "ok" means exactly what the trigger's checkExists()
 * would accept, less one thing it does not look at: an active subscription Calendly is retrying
 * deliveries for ("failing"), which would be disabled within a day.
 */
export function checkTrigger(
	expected: ExpectedSubscription,
	subscriptions: WebhookSubscription[],
): TriggerCheck {
	const atUrl = subscriptions.filter((s) => s.callback_url === expected.callbackUrl);
	const uris = atUrl.map((s) => s.uri);
	const { stored: _stored, keySource: _keySource, keyId: _keyId, ...desired } = expected;
	const plan = planSubscription({
		desired,
		listed: atUrl,
		stored: expected.stored,
		keySource: expected.keySource,
		keyId: expected.keyId,
	});
	const result = (status: TriggerStatus, detail: string): TriggerCheck => ({
		status,
		detail,
		subscriptions: uris,
	});
	if (
		plan.action === 'create' ||
		(plan.action === 'replace' && plan.reason === 'stored-not-listed')
	) {
		return result(
			'missing',
			`Calendly has no webhook subscription for ${expected.callbackUrl}, so no booking starts this workflow.`,
		);
	}
	if (plan.action === 'adopt') {
		const kept = plan.keep!;
		// A record naming a subscription that no longer exists is harmless: the next publish drops it.
		const others = plan.remove.filter((uri) => uri !== kept.uri && uris.includes(uri));
		if (others.length > 0) {
			return result(
				'duplicate',
				`Calendly holds ${others.length + 1} subscriptions for ${expected.callbackUrl}: bookings may start the workflow more than once, or be refused.`,
			);
		}
		if (kept.retry_started_at) {
			return result(
				'failing',
				`The subscription is active, but Calendly has been retrying failed deliveries since ${kept.retry_started_at}; it disables the subscription after 24 hours of failures.`,
			);
		}
		return result(
			'ok',
			"The subscription exists, is active, has the trigger's events and scope, and its deliveries verify.",
		);
	}
	const about = atUrl.find((s) => s.uri === expected.stored?.uri) ?? atUrl[0];
	switch (plan.reason) {
		case 'disabled':
			return result(
				'disabled',
				`Calendly disabled the subscription${about?.retry_started_at ? ` after failed deliveries since ${about.retry_started_at}` : ''}; it sends nothing any more.`,
			);
		case 'events-changed':
			return result(
				'wrong_events',
				`The subscription has the events ${list(about?.events ?? [])}, the trigger wants ${list(expected.events)}.`,
			);
		case 'scope-changed':
			return result(
				'wrong_scope',
				`The subscription has the scope "${about?.scope ?? '?'}"; the trigger wants "${expected.scope}"${expected.scope === 'group' ? ` for group ${expected.group}` : ''}.`,
			);
		default:
			return result(
				'not_verifiable',
				expected.keySource === 'pat'
					? 'The trigger has no record of making this subscription with the key of its current personal access token (it was made by hand, with another token, through OAuth2, or its record was lost), so its deliveries may be refused (401).'
					: 'The trigger did not record this subscription as made through the OAuth app, so its deliveries may not verify.',
			);
	}
}

/**
 * Statuses that re-publishing the workflow repairs: unpublish deletes the subscription, publish makes a
 * right one. A failing subscription is replaced too: retries Calendly still holds are lost, but left alone
 * it is disabled within a day, and a subscription with a key the trigger verifies is what stops the most
 * common cause (deliveries refused with 401).
 */
export const REPAIRABLE: ReadonlySet<string> = new Set([
	'missing',
	'disabled',
	'wrong_events',
	'wrong_scope',
	'duplicate',
	'not_verifiable',
	'failing',
]);

/** Why a trigger was not compared (no checkTrigger status applies). */
export type NotCheckedReason =
	'other_credential' | 'unreadable' | 'no_webhook_id' | 'scope_not_listable' | 'credential_refused';

export type HealthStatus = TriggerStatus | 'not_checked' | 'repair_failed';

/** What to tell a person, per status; `repaired` says whether a re-publish was done and worked. */
export function adviceFor(
	status: HealthStatus,
	context: { workflowName: string; reason?: NotCheckedReason },
): string {
	const wf = `"${context.workflowName}"`;
	switch (status) {
		case 'ok':
			return 'Nothing to do.';
		case 'failing':
			return `Calendly cannot deliver to workflow ${wf}: unpublish and publish it in n8n to replace its subscription (Repair does that). If deliveries keep failing, check that n8n's webhook URL is reachable from the internet over HTTPS and look in n8n's log for Calendly Trigger refusals.`;
		case 'repair_failed':
			return `Re-publishing workflow ${wf} did not give it a working subscription. Open the workflow in n8n: its trigger shows the activation error (often missing token scopes or an unreachable webhook URL); fix it and publish again.`;
		case 'not_checked':
			switch (context.reason) {
				case 'other_credential':
					return `The trigger of ${wf} uses another Calendly credential than this node, so its subscriptions were not checked. Add another Check Triggers node with that credential to check it.`;
				case 'unreadable':
					return `A parameter of the trigger in ${wf} is an expression, which cannot be evaluated outside the workflow. Check this trigger by hand, or replace the expression with a fixed value.`;
				case 'no_webhook_id':
					return `The trigger in ${wf} has no webhook id. Open the workflow in n8n, save it and publish it again.`;
				case 'scope_not_listable':
					return `This credential may not list the subscriptions of the trigger's scope in ${wf}. Use a credential of a Calendly organization owner or admin (with organizations:read and groups:read), or check it by hand.`;
				case 'credential_refused':
					return `Calendly refused the Calendly credential, which the trigger of ${wf} also uses. Create a new personal access token with the scopes in the README (or reconnect OAuth2), put it into the credential, then unpublish and publish the workflow.`;
				default:
					return `Check the trigger of ${wf} by hand.`;
			}
		default:
			return `Unpublish and publish workflow ${wf} in n8n: that replaces its Calendly subscription.`;
	}
}
