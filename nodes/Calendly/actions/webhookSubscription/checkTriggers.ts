import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import type {
	CalendlyUser,
	SubscriptionScope,
	WebhookSubscription,
} from '../../../shared/calendly/types';
import {
	calendlyApiRequestAllItems,
	calendlyCredentialType,
	getCurrentUser,
	recoverOnStatus,
} from '../../../shared/transport';
import { derivePatSigningKey, patKeyId } from '../../../shared/subscription/patKey';
import {
	adviceFor,
	callbackUrlFor,
	checkTrigger,
	REPAIRABLE,
	triggersOf,
	type ExpectedSubscription,
	type HealthStatus,
	type NotCheckedReason,
	type TriggerCheck,
	type TriggerRef,
} from './health';
import { N8nWorkflowsClient } from './n8nWorkflows';

const properties: INodeProperties[] = [
	{
		displayName:
			'Checks every published Calendly Trigger of this n8n. The n8n API key needs the workflow:list scope, and workflow:read, workflow:activate and workflow:deactivate to repair.',
		name: 'checkTriggersNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Repair',
		name: 'repair',
		type: 'boolean',
		default: true,
		description:
			'Whether to re-publish (unpublish, then publish the same version) a workflow whose trigger subscription is missing, disabled, wrong, or failing (Calendly is retrying its deliveries). Off: only report.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description: 'Whether to only say what would be repaired, changing nothing',
			},
			{
				displayName: 'Only Problems',
				name: 'onlyProblems',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave out triggers that are fine, e.g. to send only problems to Slack or email',
			},
			{
				displayName: 'Repair Timeout (Seconds)',
				name: 'repairTimeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description:
					'How long to wait after publishing for the trigger to have a working subscription',
			},
			{
				displayName: 'Wait After Unpublish (Seconds)',
				name: 'waitAfterUnpublish',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 3,
				description:
					'At least this long between unpublishing and publishing, so that n8n has removed the trigger before it is added again',
			},
			{
				displayName: 'Webhook Base URL',
				name: 'webhookBaseUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com',
				description:
					"The public webhook URL of this n8n (its WEBHOOK_URL). Empty: the URL each trigger recorded, else the n8n API credential's URL.",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['webhookSubscription'], operation: ['checkTriggers'] } },
	properties,
);

interface Options {
	dryRun?: boolean;
	onlyProblems?: boolean;
	repairTimeout?: number;
	waitAfterUnpublish?: number;
	webhookBaseUrl?: string;
}

const POLL_PAUSES_MS = [1000, 2000, 3000, 5000];

/** The Calendly account of this node, as far as it can be read. */
interface Account {
	credentialType: 'calendlyCardsApi' | 'calendlyCardsOAuth2Api';
	credentialId: string | null;
	/** Personal access token (never output or log it): derives each trigger's key id. */
	token?: string;
	user?: CalendlyUser;
	/** Why Calendly refused the credential, when it did. */
	refused?: string;
}

interface Listing {
	subscriptions: WebhookSubscription[];
	/** Scopes (and groups) this credential could not list. */
	unlisted: Set<string>;
}

const scopeKey = (scope: SubscriptionScope, group?: string) =>
	scope === 'group' ? `group:${group}` : scope;

function calendlyMessage(error: unknown): string {
	const e = error as { message?: string; description?: string | null };
	return [e.message, e.description].filter((part) => part).join(' ');
}

async function readAccount(ctx: IExecuteFunctions): Promise<Account> {
	const credentialType = calendlyCredentialType.call(ctx);
	const credentialId = ctx.getNode().credentials?.[credentialType]?.id ?? null;
	let token: string | undefined;
	if (credentialType === 'calendlyCardsApi') {
		const data = await ctx.getCredentials('calendlyCardsApi');
		token = String(data.accessToken ?? '').trim() || undefined;
	}
	// A refused token (401, or 403 for a missing scope) is reported per trigger; anything else fails the node.
	return await getCurrentUser.call(ctx).then(
		(user): Account => ({ credentialType, credentialId, token, user }),
		async (error: unknown): Promise<Account> =>
			error instanceof NodeApiError && ['401', '403'].includes(String(error.httpCode))
				? { credentialType, credentialId, token, refused: calendlyMessage(error) }
				: await Promise.reject(error),
	);
}

async function listScope(
	ctx: IExecuteFunctions,
	qs: IDataObject,
): Promise<WebhookSubscription[] | null> {
	// 403: e.g. organization scope for a member; the other scopes still count.
	return await recoverOnStatus(
		calendlyApiRequestAllItems.call(ctx, '/webhook_subscriptions', qs) as Promise<
			WebhookSubscription[]
		>,
		403,
		() => null,
	);
}

/** Every subscription this credential can list: its user's, the organization's (owner/admin) and the groups' triggers use. */
async function listSubscriptions(
	ctx: IExecuteFunctions,
	user: CalendlyUser,
	groups: string[],
): Promise<Listing> {
	const organization = user.current_organization;
	const found = new Map<string, WebhookSubscription>();
	const unlisted = new Set<string>();
	const targets: Array<{ key: string; qs: IDataObject }> = [
		{ key: 'user', qs: { organization, scope: 'user', user: user.uri } },
		{ key: 'organization', qs: { organization, scope: 'organization' } },
		...groups.map((group) => ({
			key: scopeKey('group', group),
			qs: { organization, scope: 'group', group },
		})),
	];
	for (const target of targets) {
		const listed = await listScope(ctx, target.qs);
		if (listed === null) {
			unlisted.add(target.key);
			continue;
		}
		for (const subscription of listed) found.set(subscription.uri, subscription);
	}
	return { subscriptions: [...found.values()], unlisted };
}

type Verdict =
	| { checked: true; check: TriggerCheck; callbackUrl: string }
	| { checked: false; reason: NotCheckedReason; detail: string; callbackUrl: string | null };

function expectedFor(
	trigger: TriggerRef,
	account: Account,
	callbackUrl: string,
): ExpectedSubscription {
	const user = account.user!;
	const keySource = account.credentialType === 'calendlyCardsOAuth2Api' ? 'oauth' : 'pat';
	return {
		callbackUrl,
		events: trigger.events,
		scope: trigger.scope,
		organization: user.current_organization,
		...(trigger.scope === 'user' ? { user: user.uri } : {}),
		...(trigger.scope === 'group' ? { group: trigger.group } : {}),
		...(trigger.stored ? { stored: trigger.stored } : {}),
		keySource,
		...(keySource === 'pat' && account.token && trigger.webhookId
			? { keyId: patKeyId(derivePatSigningKey(account.token, trigger.webhookId)) }
			: {}),
	};
}

function judge(
	trigger: TriggerRef,
	account: Account,
	listing: Listing | null,
	baseUrls: { configured?: string; n8nApi: string },
): Verdict {
	if (!trigger.webhookId) {
		return {
			checked: false,
			reason: 'no_webhook_id',
			detail: 'The trigger node has no webhook id.',
			callbackUrl: null,
		};
	}
	const callbackUrl = callbackUrlFor(trigger, listing?.subscriptions ?? [], baseUrls);
	if (
		trigger.credentialType !== account.credentialType ||
		trigger.credentialId !== account.credentialId
	) {
		return {
			checked: false,
			reason: 'other_credential',
			detail:
				"The trigger uses another Calendly credential than this node, whose account's subscriptions this node cannot read.",
			callbackUrl,
		};
	}
	if (account.refused !== undefined || !listing || !account.user) {
		return {
			checked: false,
			reason: 'credential_refused',
			detail: `Calendly refused the credential: ${account.refused ?? 'unknown reason'}`,
			callbackUrl,
		};
	}
	if (trigger.unreadable) {
		return {
			checked: false,
			reason: 'unreadable',
			detail: `The trigger cannot be checked from outside its workflow: ${trigger.unreadable}.`,
			callbackUrl,
		};
	}
	if (listing.unlisted.has(scopeKey(trigger.scope, trigger.group))) {
		return {
			checked: false,
			reason: 'scope_not_listable',
			detail: `Calendly does not let this credential list ${trigger.scope}-scope subscriptions${trigger.scope === 'group' ? ` of group ${trigger.group}` : ''}.`,
			callbackUrl,
		};
	}
	return {
		checked: true,
		check: checkTrigger(expectedFor(trigger, account, callbackUrl), listing.subscriptions),
		callbackUrl,
	};
}

interface Outcome {
	trigger: TriggerRef;
	verdict: Verdict;
	action: 'none' | 'republished' | 'would_republish' | 'reported' | 'republish_failed';
	after?: TriggerCheck;
	repairError?: string;
}

function statusOf(verdict: Verdict): HealthStatus {
	return verdict.checked ? verdict.check.status : 'not_checked';
}

function toItem(outcome: Outcome): IDataObject {
	const { trigger, verdict } = outcome;
	const status = statusOf(verdict);
	const finalStatus: HealthStatus =
		outcome.action === 'republished'
			? 'ok'
			: outcome.action === 'republish_failed'
				? 'repair_failed'
				: status;
	const reason = verdict.checked ? undefined : verdict.reason;
	let whatToDo: string;
	if (outcome.action === 'republished')
		whatToDo = 'Nothing to do: the workflow was re-published and its subscription works again.';
	else if (outcome.action === 'would_republish')
		whatToDo =
			'Dry run: the workflow would be re-published. ' +
			adviceFor(status, { workflowName: trigger.workflowName, reason });
	else whatToDo = adviceFor(finalStatus, { workflowName: trigger.workflowName, reason });
	return {
		ok: finalStatus === 'ok',
		status,
		detail: verdict.checked ? verdict.check.detail : verdict.detail,
		...(reason ? { reason } : {}),
		action: outcome.action,
		...(outcome.after
			? { statusAfter: outcome.after.status, detailAfter: outcome.after.detail }
			: {}),
		...(outcome.repairError ? { repairError: outcome.repairError } : {}),
		whatToDo,
		workflowId: trigger.workflowId,
		workflowName: trigger.workflowName,
		nodeName: trigger.nodeName,
		callbackUrl: verdict.callbackUrl,
		events: trigger.events,
		scope: trigger.scope,
		...(trigger.group ? { group: trigger.group } : {}),
		subscriptions: verdict.checked ? verdict.check.subscriptions : [],
	};
}

/**
 * Polls until `done()` or the deadline; true when done. The pauses grow from 1 to 5 seconds: each poll
 * lists the account's subscriptions (2-3 requests), which keeps a minute of polling near 40 requests,
 * inside the 50 a minute of Calendly's free plan.
 */
async function waitFor(done: () => Promise<boolean>, seconds: number): Promise<boolean> {
	const deadline = Date.now() + seconds * 1000;
	for (let poll = 0; ; poll++) {
		if (await done()) return true;
		if (Date.now() >= deadline) return false;
		await sleep(POLL_PAUSES_MS[Math.min(poll, POLL_PAUSES_MS.length - 1)]);
	}
}

/**
 * Unpublishes and publishes the published version of a workflow, then waits until each of its checked
 * triggers has a working subscription. Resolves with the checks after the repair.
 */
async function republish(
	ctx: IExecuteFunctions,
	client: N8nWorkflowsClient,
	outcomes: Outcome[],
	account: Account,
	baseUrls: { configured?: string; n8nApi: string },
	options: Options,
): Promise<{ after: Map<string, TriggerCheck>; ok: boolean }> {
	const { workflowId, activeVersionId } = outcomes[0].trigger;
	if (!activeVersionId) {
		throw new NodeOperationError(
			ctx.getNode(),
			`n8n did not say which version of workflow ${workflowId} is published, so it was not re-published.`,
		);
	}
	const groups = [...new Set(outcomes.map((o) => o.trigger.group).filter((g): g is string => !!g))];
	const urls = new Map(outcomes.map((o) => [o.trigger.nodeName, o.verdict.callbackUrl ?? '']));

	// Publishing the version that is already published changes nothing in n8n (its triggers stay as they
	// are), but proves the key may publish: a key without workflow:activate must not unpublish and strand it.
	await client.publish(workflowId, activeVersionId);
	await client.unpublish(workflowId);
	// n8n applies the unpublish shortly after answering; publishing before it did would make both a no-op.
	// Its trigger's delete() removes the subscriptions at its URL and its record: wait for that.
	const started = Date.now();
	await waitFor(async () => {
		const workflow = await client.getWorkflow(workflowId);
		const records = outcomes.filter((o) => {
			const data = (workflow.staticData ?? {})[`node:${o.trigger.nodeName}`] as
				IDataObject | undefined;
			return (
				(data?.productionSubscription as IDataObject | undefined)?.callbackUrl ===
				urls.get(o.trigger.nodeName)
			);
		});
		const listing = await listSubscriptions(ctx, account.user!, groups);
		const left = listing.subscriptions.filter((s) =>
			outcomes.some(
				(o) => s.callback_url === urls.get(o.trigger.nodeName) && s.scope === o.trigger.scope,
			),
		);
		return records.length === 0 && left.length === 0;
	}, 20);
	const minimum = (options.waitAfterUnpublish ?? 3) * 1000 - (Date.now() - started);
	if (minimum > 0) await sleep(minimum);

	const published = await client.publish(workflowId, activeVersionId).then(
		() => undefined,
		(error: unknown) => (error as Error).message,
	);
	if (published !== undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Workflow ${workflowId} was unpublished but could not be published again, so it is unpublished now: publish it in n8n. ${published}`,
		);
	}

	const after = new Map<string, TriggerCheck>();
	const ok = await waitFor(async () => {
		const workflow = await client.getWorkflow(workflowId);
		if (!workflow.active) return false;
		const listing = await listSubscriptions(ctx, account.user!, groups);
		for (const trigger of triggersOf([workflow])) {
			if (!urls.has(trigger.nodeName)) continue;
			const verdict = judge(trigger, account, listing, baseUrls);
			if (verdict.checked) after.set(trigger.nodeName, verdict.check);
		}
		return outcomes.every((o) => after.get(o.trigger.nodeName)?.status === 'ok');
	}, options.repairTimeout ?? 60);
	return { after, ok };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const repair = this.getNodeParameter('repair', itemIndex, true) as boolean;
	const options = this.getNodeParameter('options', itemIndex, {}) as Options;
	let client: N8nWorkflowsClient;
	let workflows;
	try {
		client = await N8nWorkflowsClient.forNode(this);
		workflows = await client.listActiveWorkflows();
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
	}
	const triggers = triggersOf(workflows);
	const baseUrls = { configured: options.webhookBaseUrl, n8nApi: client.baseUrl };
	const account = await readAccount(this);
	const groups = [
		...new Set(
			triggers
				.filter(
					(t) =>
						t.scope === 'group' &&
						t.group &&
						!t.unreadable &&
						t.credentialId === account.credentialId,
				)
				.map((t) => t.group!),
		),
	];
	const listing = account.user ? await listSubscriptions(this, account.user, groups) : null;

	const outcomes: Outcome[] = triggers.map((trigger) => {
		const verdict = judge(trigger, account, listing, baseUrls);
		return { trigger, verdict, action: statusOf(verdict) === 'ok' ? 'none' : 'reported' };
	});

	const byWorkflow = new Map<string, Outcome[]>();
	for (const outcome of outcomes) {
		if (!REPAIRABLE.has(statusOf(outcome.verdict))) continue;
		byWorkflow.set(outcome.trigger.workflowId, [
			...(byWorkflow.get(outcome.trigger.workflowId) ?? []),
			outcome,
		]);
	}
	for (const broken of byWorkflow.values()) {
		if (!repair) continue;
		if (options.dryRun) {
			for (const outcome of broken) outcome.action = 'would_republish';
			continue;
		}
		// Whatever stops one workflow's repair is reported on its items, and the others are still repaired.
		const repaired = await republish(this, client, broken, account, baseUrls, options).then(
			(result) => ({ ...result, error: undefined }),
			(error: unknown) => ({
				after: new Map<string, TriggerCheck>(),
				ok: false,
				error: calendlyMessage(error),
			}),
		);
		for (const outcome of broken) {
			outcome.after = repaired.after.get(outcome.trigger.nodeName);
			outcome.action = repaired.ok ? 'republished' : 'republish_failed';
			if (repaired.error !== undefined) outcome.repairError = repaired.error;
		}
	}

	const items = outcomes.map(toItem);
	return options.onlyProblems ? items.filter((item) => item.ok !== true) : items;
}
