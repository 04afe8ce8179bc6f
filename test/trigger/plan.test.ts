import type { WebhookSubscription } from '../../nodes/shared/calendly/types';
import {
	planSubscription,
	type DesiredSubscription,
	type StoredSubscription,
} from '../../nodes/shared/subscription/plan';

const ORG = 'https://api.calendly.com/organizations/ORG1';
const USER = 'https://api.calendly.com/users/USER1';
const OTHER_USER = 'https://api.calendly.com/users/USER2';
const GROUP = 'https://api.calendly.com/groups/GROUP1';
const URL = 'https://n8n.example.com/webhook/abc/webhook';
const OTHER_URL = 'https://n8n.example.com/webhook/xyz/webhook';
const KEY_ID = '0123456789abcdef';

const desired: DesiredSubscription = {
	callbackUrl: URL,
	events: ['invitee.created', 'invitee.canceled'],
	scope: 'user',
	organization: ORG,
	user: USER,
};

let counter = 0;
function sub(overrides: Partial<WebhookSubscription> = {}): WebhookSubscription {
	counter += 1;
	return {
		uri: `https://api.calendly.com/webhook_subscriptions/S${counter}`,
		callback_url: URL,
		created_at: '2027-01-01T00:00:00.000000Z',
		updated_at: '2027-01-01T00:00:00.000000Z',
		retry_started_at: null,
		state: 'active',
		events: ['invitee.canceled', 'invitee.created'],
		scope: 'user',
		organization: ORG,
		user: USER,
		group: null,
		creator: USER,
		...overrides,
	};
}

function storedFor(
	s: WebhookSubscription,
	extra: Partial<StoredSubscription> = {},
): StoredSubscription {
	return { uri: s.uri, callbackUrl: s.callback_url, keySource: 'pat', keyId: KEY_ID, ...extra };
}

type PlanInput = Parameters<typeof planSubscription>[0];

function plan(overrides: Partial<PlanInput>) {
	return planSubscription({
		desired,
		listed: [],
		stored: undefined,
		keySource: 'pat',
		keyId: KEY_ID,
		...overrides,
	});
}

describe('planSubscription', () => {
	it('creates when nothing exists and nothing is stored', () => {
		expect(plan({})).toEqual({ action: 'create', reason: 'none-exists', remove: [] });
	});

	it('ignores subscriptions for other callback URLs', () => {
		const foreign = sub({ callback_url: OTHER_URL });
		expect(
			plan({ listed: [foreign], stored: storedFor(foreign, { callbackUrl: URL, uri: 'x' }) }),
		).toEqual({
			action: 'replace',
			reason: 'stored-not-listed',
			remove: ['x'],
		});
		expect(plan({ listed: [foreign] })).toEqual({
			action: 'create',
			reason: 'none-exists',
			remove: [],
		});
	});

	it('adopts an active match whose key it holds, whatever the order of events', () => {
		const existing = sub();
		const result = plan({ listed: [existing], stored: storedFor(existing) });
		expect(result).toEqual({ action: 'adopt', reason: 'matches', keep: existing, remove: [] });
	});

	it('adopts with OAuth when the stored record says the subscription was made with the app key', () => {
		const existing = sub();
		const stored = storedFor(existing, { keySource: 'oauth', keyId: undefined });
		expect(plan({ listed: [existing], stored, keySource: 'oauth' }).action).toBe('adopt');
	});

	it('adopts and removes duplicates at the same URL', () => {
		const existing = sub();
		const duplicate = sub({ events: ['invitee.created'] });
		const result = plan({ listed: [duplicate, existing], stored: storedFor(existing) });
		expect(result).toEqual({
			action: 'adopt',
			reason: 'matches',
			keep: existing,
			remove: [duplicate.uri],
		});
	});

	it('replaces when the event set changed', () => {
		const existing = sub({ events: ['invitee.created'] });
		expect(plan({ listed: [existing], stored: storedFor(existing) })).toEqual({
			action: 'replace',
			reason: 'events-changed',
			remove: [existing.uri],
		});
	});

	it('treats duplicate event names as the same set', () => {
		const existing = sub({ events: ['invitee.created', 'invitee.canceled', 'invitee.created'] });
		expect(plan({ listed: [existing], stored: storedFor(existing) }).action).toBe('adopt');
	});

	it('replaces a superset of the wanted events', () => {
		const existing = sub({
			events: ['invitee.created', 'invitee.canceled', 'invitee_no_show.created'],
		});
		expect(plan({ listed: [existing], stored: storedFor(existing) }).reason).toBe('events-changed');
	});

	it('replaces when the scope, organization, user or group differs', () => {
		const cases: Array<[Partial<WebhookSubscription>, DesiredSubscription]> = [
			[{ scope: 'organization', user: null }, desired],
			[{ organization: 'https://api.calendly.com/organizations/ORG2' }, desired],
			[{ user: OTHER_USER }, desired],
			[
				{ scope: 'group', user: null, group: 'https://api.calendly.com/groups/OTHER' },
				{ ...desired, scope: 'group', user: undefined, group: GROUP },
			],
		];
		for (const [overrides, want] of cases) {
			const existing = sub(overrides);
			expect(plan({ desired: want, listed: [existing], stored: storedFor(existing) })).toEqual({
				action: 'replace',
				reason: 'scope-changed',
				remove: [existing.uri],
			});
		}
	});

	it('adopts organization and group scopes when they match', () => {
		const org = sub({ scope: 'organization', user: null });
		expect(
			plan({
				desired: { ...desired, scope: 'organization', user: undefined },
				listed: [org],
				stored: storedFor(org),
			}).action,
		).toBe('adopt');
		const group = sub({ scope: 'group', user: null, group: GROUP });
		expect(
			plan({
				desired: { ...desired, scope: 'group', user: undefined, group: GROUP },
				listed: [group],
				stored: storedFor(group),
			}).action,
		).toBe('adopt');
	});

	it('recreates a subscription Calendly disabled, even when everything else matches', () => {
		const existing = sub({ state: 'disabled', retry_started_at: '2027-01-01T00:00:00.000000Z' });
		expect(plan({ listed: [existing], stored: storedFor(existing) })).toEqual({
			action: 'replace',
			reason: 'disabled',
			remove: [existing.uri],
		});
	});

	it('PAT: replaces a matching subscription it has no record of (made by hand, with another key or none, or its record lost)', () => {
		const existing = sub();
		expect(plan({ listed: [existing] })).toEqual({
			action: 'replace',
			reason: 'key-unknown',
			remove: [existing.uri],
		});
	});

	it('PAT: replaces a subscription whose record holds no key id (nothing proves which key signed it)', () => {
		const existing = sub();
		expect(
			plan({ listed: [existing], stored: storedFor(existing, { keyId: undefined }) }).reason,
		).toBe('key-unknown');
	});

	it('OAuth2: replaces a matching subscription nothing is recorded for (it may have been made with a token)', () => {
		const existing = sub();
		expect(plan({ listed: [existing], keySource: 'oauth' })).toEqual({
			action: 'replace',
			reason: 'key-unknown',
			remove: [existing.uri],
		});
	});

	it('adopts a subscription that appeared at the URL while creating (another main), also for OAuth2', () => {
		const theirs = sub();
		expect(
			plan({ listed: [theirs], keySource: 'oauth', madeConcurrently: [theirs.uri] }).action,
		).toBe('adopt');
		const otherEvents = sub({ events: ['invitee.created'] });
		expect(plan({ listed: [otherEvents], madeConcurrently: [otherEvents.uri] }).reason).toBe(
			'events-changed',
		);
	});

	it('replaces an unrecorded one at the URL and deletes the recorded one that Calendly no longer lists at this scope', () => {
		const existing = sub();
		const stored = storedFor(existing, {
			uri: 'https://api.calendly.com/webhook_subscriptions/OLD',
		});
		expect(plan({ listed: [existing], stored })).toEqual({
			action: 'replace',
			reason: 'key-unknown',
			remove: [existing.uri, stored.uri],
		});
	});

	it('adopts what appeared while creating and deletes the recorded one Calendly no longer lists at this scope', () => {
		const theirs = sub();
		const stored = storedFor(theirs, { uri: 'https://api.calendly.com/webhook_subscriptions/OLD' });
		expect(plan({ listed: [theirs], stored, madeConcurrently: [theirs.uri] })).toEqual({
			action: 'adopt',
			reason: 'matches',
			keep: theirs,
			remove: [stored.uri],
		});
	});

	it('PAT: replaces when the record names another key id (the token was regenerated)', () => {
		const existing = sub();
		const stored = storedFor(existing, { keyId: 'a'.repeat(16) });
		expect(plan({ listed: [existing], stored, keyId: KEY_ID })).toEqual({
			action: 'replace',
			reason: 'key-changed',
			remove: [existing.uri],
		});
		expect(
			plan({ listed: [existing], stored: { ...stored, keyId: KEY_ID }, keyId: KEY_ID }).action,
		).toBe('adopt');
	});

	it('keeps the recorded subscription and removes another matching one at the URL', () => {
		const stranger = sub();
		const mine = sub();
		const result = plan({ listed: [stranger, mine], stored: storedFor(mine) });
		expect(result).toEqual({
			action: 'adopt',
			reason: 'matches',
			keep: mine,
			remove: [stranger.uri],
		});
	});

	it('replaces when the credential type changed since the subscription was made', () => {
		const existing = sub();
		expect(
			plan({ listed: [existing], stored: storedFor(existing), keySource: 'oauth' }).reason,
		).toBe('key-unknown');
		const viaOauth = storedFor(existing, { keySource: 'oauth', keyId: undefined });
		expect(plan({ listed: [existing], stored: viaOauth, keySource: 'pat' }).reason).toBe(
			'key-unknown',
		);
	});

	it('deletes its stored subscription when Calendly does not list it in this scope (scope switched)', () => {
		const stored: StoredSubscription = {
			uri: 'https://api.calendly.com/webhook_subscriptions/USER_SCOPE',
			callbackUrl: URL,
			keySource: 'pat',
			keyId: KEY_ID,
		};
		expect(
			plan({ desired: { ...desired, scope: 'organization', user: undefined }, stored }),
		).toEqual({
			action: 'replace',
			reason: 'stored-not-listed',
			remove: [stored.uri],
		});
	});

	it('never deletes a stored subscription made for another URL (copied workflow)', () => {
		const stored: StoredSubscription = {
			uri: 'https://api.calendly.com/webhook_subscriptions/ORIGINAL',
			callbackUrl: OTHER_URL,
			keySource: 'pat',
			keyId: KEY_ID,
		};
		const original = sub({ uri: stored.uri, callback_url: OTHER_URL });
		expect(plan({ listed: [original], stored })).toEqual({
			action: 'create',
			reason: 'none-exists',
			remove: [],
		});
	});

	it('removes every subscription at the URL when none is usable, reporting the reason of its own one', () => {
		const mine = sub({ state: 'disabled' });
		const stranger = sub({ events: ['invitee.created'] });
		const result = plan({ listed: [stranger, mine], stored: storedFor(mine) });
		expect(result).toEqual({
			action: 'replace',
			reason: 'disabled',
			remove: [stranger.uri, mine.uri],
		});
	});

	it('does not list a removal twice when the stored subscription is among those listed', () => {
		const mine = sub({ events: ['invitee.created'] });
		expect(plan({ listed: [mine], stored: storedFor(mine) }).remove).toEqual([mine.uri]);
	});

	it('adopts the usable one among several at the URL and removes the rest', () => {
		const disabledCopy = sub({ state: 'disabled' });
		const mine = sub();
		const strangerSameEvents = sub();
		const result = plan({
			listed: [disabledCopy, strangerSameEvents, mine],
			stored: storedFor(mine),
		});
		expect(result.action).toBe('adopt');
		expect(result.keep).toBe(mine);
		expect(result.remove).toEqual([disabledCopy.uri, strangerSameEvents.uri]);
	});
});
