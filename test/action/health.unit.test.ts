// The pure decisions of Webhook Subscription → Check Triggers (nodes/Calendly/actions/webhookSubscription/health.ts).
import type { WebhookSubscription } from '../../nodes/shared/calendly/types';
import type { StoredSubscription } from '../../nodes/shared/subscription/plan';
import {
	adviceFor,
	callbackUrlFor,
	checkTrigger,
	REPAIRABLE,
	TRIGGER_NODE_TYPE,
	triggersOf,
	webhookPath,
	type ExpectedSubscription,
	type ListedWorkflow,
	type TriggerStatus,
} from '../../nodes/Calendly/actions/webhookSubscription/health';

const ORG = 'https://api.calendly.com/organizations/ORG';
const ME = 'https://api.calendly.com/users/ME';
const OTHER_USER = 'https://api.calendly.com/users/OTHER';
const GROUP = 'https://api.calendly.com/groups/G1';
const URL_ = 'https://n8n.example.com/webhook/wh-1/webhook';
const KEY_ID = 'aaaaaaaaaaaaaaaa';

let serial = 0;
function sub(overrides: Partial<WebhookSubscription> = {}): WebhookSubscription {
	serial++;
	return {
		uri: `https://api.calendly.com/webhook_subscriptions/S${serial}`,
		callback_url: URL_,
		created_at: '2026-12-01T00:00:00.000Z',
		updated_at: '2026-12-01T00:00:00.000Z',
		retry_started_at: null,
		state: 'active',
		events: ['invitee.created', 'invitee.canceled'],
		scope: 'user',
		organization: ORG,
		user: ME,
		group: null,
		creator: ME,
		...overrides,
	};
}

function expected(overrides: Partial<ExpectedSubscription> = {}): ExpectedSubscription {
	return {
		callbackUrl: URL_,
		events: ['invitee.canceled', 'invitee.created'],
		scope: 'user',
		organization: ORG,
		user: ME,
		keySource: 'pat',
		keyId: KEY_ID,
		...overrides,
	};
}

/** The trigger's record of having made this subscription with today's key. */
function recordOf(subscription: WebhookSubscription): StoredSubscription {
	return {
		uri: subscription.uri,
		callbackUrl: subscription.callback_url,
		keySource: 'pat',
		keyId: KEY_ID,
	};
}

describe('checkTrigger: one subscription at the URL, every combination', () => {
	type KeyRecord = 'none' | 'same' | 'other' | 'oauth';
	const records: KeyRecord[] = ['none', 'same', 'other', 'oauth'];
	const cases: Array<[boolean, boolean, boolean, KeyRecord, boolean]> = [];
	for (const active of [true, false])
		for (const sameScope of [true, false])
			for (const sameEvents of [true, false])
				for (const record of records)
					for (const retrying of [false, true])
						cases.push([active, sameScope, sameEvents, record, retrying]);

	// The order the trigger itself applies (shared/subscription/plan.ts): state, target, events, key; then retries.
	function oracle(
		active: boolean,
		sameScope: boolean,
		sameEvents: boolean,
		record: KeyRecord,
		retrying: boolean,
	): TriggerStatus {
		if (!active) return 'disabled';
		if (!sameScope) return 'wrong_scope';
		if (!sameEvents) return 'wrong_events';
		if (record !== 'same') return 'not_verifiable';
		return retrying ? 'failing' : 'ok';
	}

	it.each(cases)(
		'active=%s sameScope=%s sameEvents=%s record=%s retrying=%s',
		(active, sameScope, sameEvents, record, retrying) => {
			const subscription = sub({
				state: active ? 'active' : 'disabled',
				...(sameScope ? {} : { scope: 'organization', user: null }),
				...(sameEvents ? {} : { events: ['invitee.created'] }),
				retry_started_at: retrying ? '2026-12-01T10:00:00.000Z' : null,
			});
			const stored: StoredSubscription | undefined =
				record === 'none'
					? undefined
					: {
							uri: subscription.uri,
							callbackUrl: URL_,
							keySource: record === 'oauth' ? 'oauth' : 'pat',
							...(record === 'same' ? { keyId: KEY_ID } : {}),
							...(record === 'other' ? { keyId: 'bbbbbbbbbbbbbbbb' } : {}),
						};
			const result = checkTrigger(expected(stored ? { stored } : {}), [subscription]);
			expect(result.status).toBe(oracle(active, sameScope, sameEvents, record, retrying));
			expect(result.subscriptions).toEqual([subscription.uri]);
			expect(result.detail.length).toBeGreaterThan(20);
		},
	);
});

describe('checkTrigger: other situations', () => {
	it('is missing when nothing points at the URL, also when other URLs have subscriptions', () => {
		const result = checkTrigger(expected(), [
			sub({ callback_url: 'https://n8n.example.com/webhook/other/webhook' }),
		]);
		expect(result).toMatchObject({ status: 'missing', subscriptions: [] });
		expect(result.detail).toContain(URL_);
	});

	it('is missing when the recorded subscription is not listed any more', () => {
		const stored: StoredSubscription = {
			uri: 'https://api.calendly.com/webhook_subscriptions/GONE',
			callbackUrl: URL_,
			keySource: 'pat',
			keyId: KEY_ID,
		};
		expect(checkTrigger(expected({ stored }), []).status).toBe('missing');
	});

	it('is not verifiable when the record names a subscription that no longer exists and another one is listed', () => {
		const stored: StoredSubscription = {
			uri: 'https://api.calendly.com/webhook_subscriptions/GONE',
			callbackUrl: URL_,
			keySource: 'pat',
			keyId: KEY_ID,
		};
		expect(checkTrigger(expected({ stored }), [sub()]).status).toBe('not_verifiable');
	});

	it('reports duplicates: the recorded one beside another one at the URL, usable or disabled', () => {
		const recorded = sub();
		const stored = recordOf(recorded);
		expect(
			checkTrigger(expected({ stored }), [recorded, sub({ scope: 'organization', user: null })])
				.status,
		).toBe('duplicate');
		const two = checkTrigger(expected({ stored }), [sub({ state: 'disabled' }), recorded]);
		expect(two.status).toBe('duplicate');
		expect(two.subscriptions).toHaveLength(2);
	});

	it('names the recorded subscription when none at the URL is usable', () => {
		const disabled = sub({ state: 'disabled' });
		const wrongEvents = sub({ events: ['invitee.canceled'] });
		const stored: StoredSubscription = {
			uri: wrongEvents.uri,
			callbackUrl: URL_,
			keySource: 'pat',
			keyId: KEY_ID,
		};
		expect(checkTrigger(expected({ stored }), [disabled, wrongEvents]).status).toBe('wrong_events');
		expect(checkTrigger(expected(), [disabled, wrongEvents]).status).toBe('disabled');
	});

	it('compares the user of user scope and the group of group scope', () => {
		expect(checkTrigger(expected(), [sub({ user: OTHER_USER })]).status).toBe('wrong_scope');
		const groupSub = sub({ scope: 'group', user: null, group: GROUP });
		expect(
			checkTrigger(
				expected({ scope: 'group', user: undefined, group: GROUP, stored: recordOf(groupSub) }),
				[groupSub],
			).status,
		).toBe('ok');
		const otherGroup = checkTrigger(
			expected({ scope: 'group', user: undefined, group: `${GROUP}x` }),
			[groupSub],
		);
		expect(otherGroup.status).toBe('wrong_scope');
		expect(otherGroup.detail).toContain('group');
	});

	it('compares events as sets', () => {
		const recorded = sub();
		expect(
			checkTrigger(
				expected({
					events: ['invitee.created', 'invitee.canceled', 'invitee.created'],
					stored: recordOf(recorded),
				}),
				[recorded],
			).status,
		).toBe('ok');
		const result = checkTrigger(
			expected({ events: ['invitee.created', 'invitee.canceled', 'invitee_no_show.created'] }),
			[sub()],
		);
		expect(result.status).toBe('wrong_events');
		expect(result.detail).toContain('"invitee_no_show.created"');
	});

	it('with OAuth2 only a subscription the trigger recorded as made through the app verifies', () => {
		const subscription = sub();
		const oauth = expected({ keySource: 'oauth', keyId: undefined });
		expect(checkTrigger(oauth, [subscription]).status).toBe('not_verifiable');
		const stored: StoredSubscription = {
			uri: subscription.uri,
			callbackUrl: URL_,
			keySource: 'oauth',
		};
		expect(checkTrigger({ ...oauth, stored }, [subscription]).status).toBe('ok');
	});

	it('says when Calendly started retrying a disabled subscription', () => {
		const result = checkTrigger(expected(), [
			sub({ state: 'disabled', retry_started_at: '2026-11-30T08:00:00.000Z' }),
		]);
		expect(result.detail).toContain('2026-11-30T08:00:00.000Z');
	});

	it('repairs every status but ok, including a subscription Calendly is retrying', () => {
		expect([...REPAIRABLE].sort()).toEqual([
			'disabled',
			'duplicate',
			'failing',
			'missing',
			'not_verifiable',
			'wrong_events',
			'wrong_scope',
		]);
		expect(REPAIRABLE.has('ok')).toBe(false);
	});
});

describe('triggersOf', () => {
	const trigger = (overrides: Record<string, unknown> = {}) => ({
		id: 'n1',
		name: 'Calendly Trigger',
		type: TRIGGER_NODE_TYPE,
		webhookId: 'wh-1',
		parameters: {},
		credentials: { calendlyCardsApi: { id: 'cred-1', name: 'Calendly' } },
		...overrides,
	});
	const workflow = (overrides: Partial<ListedWorkflow> = {}): ListedWorkflow => ({
		id: 'wf1',
		name: 'Bookings',
		active: true,
		activeVersionId: 'v1',
		nodes: [trigger()],
		staticData: null,
		...overrides,
	});

	it('fills in the defaults n8n leaves out of saved parameters', () => {
		expect(triggersOf([workflow()])).toEqual([
			{
				workflowId: 'wf1',
				workflowName: 'Bookings',
				activeVersionId: 'v1',
				nodeName: 'Calendly Trigger',
				webhookId: 'wh-1',
				events: ['invitee.created'],
				scope: 'user',
				credentialType: 'calendlyCardsApi',
				credentialId: 'cred-1',
			},
		]);
	});

	it('reads the published version, not the draft', () => {
		const published = trigger({ parameters: { events: ['invitee.canceled'] } });
		const [found] = triggersOf([
			workflow({
				nodes: [trigger({ parameters: { events: ['invitee.created'] } })],
				activeVersion: { versionId: 'v1', nodes: [published] },
			}),
		]);
		expect(found.events).toEqual(['invitee.canceled']);
	});

	it('skips unpublished and archived workflows, disabled trigger nodes and other node types', () => {
		expect(
			triggersOf([
				workflow({ active: false }),
				workflow({ isArchived: true }),
				workflow({
					nodes: [trigger({ disabled: true }), trigger({ type: 'n8n-nodes-base.calendlyTrigger' })],
				}),
			]),
		).toEqual([]);
	});

	it('reads OAuth2, organization and group scope, and the record in static data', () => {
		const stored = {
			uri: 'https://api.calendly.com/webhook_subscriptions/S',
			callbackUrl: URL_,
			keySource: 'oauth',
		};
		const [oauth, group] = triggersOf([
			workflow({
				nodes: [
					trigger({
						parameters: { authentication: 'oAuth2', scope: 'organization' },
						credentials: { calendlyCardsOAuth2Api: { id: 'o-1', name: 'OAuth' } },
					}),
					trigger({ name: 'Group Trigger', parameters: { scope: 'group', group: GROUP } }),
				],
				staticData: {
					'node:Calendly Trigger': {
						productionSubscription: stored,
						testSubscription: { ...stored, uri: 'x' },
					},
				},
			}),
		]);
		expect(oauth).toMatchObject({
			credentialType: 'calendlyCardsOAuth2Api',
			credentialId: 'o-1',
			scope: 'organization',
			stored,
		});
		expect(group).toMatchObject({ scope: 'group', group: GROUP });
		expect(group.stored).toBeUndefined();
	});

	it('marks expressions it cannot evaluate, and an empty group', () => {
		const [events, scope, group] = triggersOf([
			workflow({
				nodes: [
					trigger({ parameters: { events: '={{ $json.events }}' } }),
					trigger({ name: 'B', parameters: { scope: '={{ "user" }}' } }),
					trigger({ name: 'C', parameters: { scope: 'group' } }),
				],
			}),
		]);
		expect(events.unreadable).toContain('"Events"');
		expect(scope.unreadable).toContain('"Scope"');
		expect(group.unreadable).toContain('"Group"');
	});

	it('has a null credential id and webhook id when the node has none', () => {
		const [found] = triggersOf([
			workflow({ nodes: [trigger({ credentials: undefined, webhookId: undefined })] }),
		]);
		expect(found).toMatchObject({ credentialId: null, webhookId: null });
	});
});

describe('callbackUrlFor', () => {
	const path = webhookPath('wh-1');
	const stored: StoredSubscription = {
		uri: 'u',
		callbackUrl: `https://public.example.com${path}`,
		keySource: 'pat',
	};

	it('uses the configured base URL first, without doubled slashes', () => {
		expect(
			callbackUrlFor({ webhookId: 'wh-1', stored }, [], {
				configured: 'https://hooks.example.com/',
				n8nApi: 'http://localhost:5678',
			}),
		).toBe(`https://hooks.example.com${path}`);
	});

	it('then the URL the trigger recorded, when it is for this webhook id', () => {
		expect(
			callbackUrlFor({ webhookId: 'wh-1', stored }, [], {
				configured: ' ',
				n8nApi: 'http://localhost:5678',
			}),
		).toBe(stored.callbackUrl);
		const copied = { ...stored, callbackUrl: 'https://public.example.com/webhook/other/webhook' };
		expect(
			callbackUrlFor({ webhookId: 'wh-1', stored: copied }, [], {
				n8nApi: 'http://localhost:5678',
			}),
		).toBe(`http://localhost:5678${path}`);
	});

	it('then a listed subscription for this webhook id, then the n8n API URL', () => {
		const listed = [
			{ callback_url: `https://b.example.com${path}` },
			{ callback_url: `https://a.example.com${path}` },
			{ callback_url: 'not a url' },
		];
		expect(callbackUrlFor({ webhookId: 'wh-1' }, listed, { n8nApi: 'http://localhost:5678' })).toBe(
			`https://a.example.com${path}`,
		);
		expect(callbackUrlFor({ webhookId: 'wh-1' }, [], { n8nApi: 'http://localhost:5678/' })).toBe(
			`http://localhost:5678${path}`,
		);
	});
});

describe('adviceFor', () => {
	it('says what to do for every status and reason, naming the workflow', () => {
		const statuses = [
			'missing',
			'disabled',
			'wrong_events',
			'wrong_scope',
			'duplicate',
			'not_verifiable',
			'failing',
			'repair_failed',
		] as const;
		for (const status of statuses)
			expect(adviceFor(status, { workflowName: 'Sales' })).toContain('"Sales"');
		expect(adviceFor('ok', { workflowName: 'Sales' })).toBe('Nothing to do.');
		expect(adviceFor('missing', { workflowName: 'Sales' })).toContain('Unpublish and publish');
		const reasons = [
			'other_credential',
			'unreadable',
			'no_webhook_id',
			'scope_not_listable',
			'credential_refused',
		] as const;
		const texts = reasons.map((reason) =>
			adviceFor('not_checked', { workflowName: 'Sales', reason }),
		);
		expect(new Set(texts).size).toBe(reasons.length);
		for (const text of texts) expect(text).toContain('"Sales"');
	});
});
