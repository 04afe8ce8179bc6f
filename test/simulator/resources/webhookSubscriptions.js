// @ts-check
// Webhook subscriptions: create / list / get / delete.
'use strict';
const { paginate, sorter } = require('../pagination');
const {
	invalidArgument,
	invalidParameter,
	permissionDenied,
	insufficientScope,
	alreadyExists,
} = require('../errors');
const { hasScope } = require('../auth');
const { longId } = require('../time');
const { resolveUri, byPathId } = require('./common');
const { WEBHOOK_EVENTS } = require('../webhooks/events');
const { requirePaidPlan } = require('../plans');

const SUBSCRIPTION_SCOPES = ['organization', 'user', 'group'];

/** @param {import('../simulator').CalendlySimulator} sim @param {any} sub */
function serializeSubscription(sim, sub) {
	// signing_key is stored but never part of the resource.
	return {
		uri: sim.uri('webhook_subscriptions', sub.id),
		callback_url: sub.url,
		created_at: sub.createdAt,
		updated_at: sub.updatedAt,
		retry_started_at: sub.retryStartedAt,
		state: sub.state,
		events: [...sub.events],
		scope: sub.scope,
		organization: sim.uri('organizations', sub.orgId),
		user: sub.userId ? sim.uri('users', sub.userId) : null,
		group: sub.groupId ? sim.uri('groups', sub.groupId) : null,
		creator: sim.uri('users', sub.creatorId),
	};
}

/** Checks `url` is an absolute https URL (or http when the simulator allows it, the default for tests). */
function isCallbackUrl(/** @type {unknown} */ url, /** @type {boolean} */ allowHttp) {
	if (typeof url !== 'string') return false;
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'https:' || (allowHttp && parsed.protocol === 'http:');
	} catch {
		return false;
	}
}

/**
 * Resolves organization/scope/user/group (shared by create and list) and applies the role rules:
 * organization and group scope need an owner/admin; members may only use user scope for themselves.
 * @param {import('./common').Ctx} ctx
 * @param {Record<string, any>} input
 */
function resolveTarget(ctx, input) {
	const { store } = ctx.sim;
	/** @type {Array<{parameter: string, message: string}>} */
	const details = [];
	if (!input.organization) details.push({ parameter: 'organization', message: 'is required' });
	if (!input.scope) details.push({ parameter: 'scope', message: 'is required' });
	else if (!SUBSCRIPTION_SCOPES.includes(input.scope))
		details.push({
			parameter: 'scope',
			message: `must be one of: ${SUBSCRIPTION_SCOPES.join(', ')}`,
		});
	if (input.scope === 'user' && !input.user)
		details.push({ parameter: 'user', message: 'is required when scope is user' });
	if (input.scope === 'group' && !input.group)
		details.push({ parameter: 'group', message: 'is required when scope is group' });
	if (details.length) throw invalidArgument(details);
	const org = resolveUri(ctx, 'organization', input.organization, 'organizations', store.orgs);
	const user =
		input.scope === 'user' ? resolveUri(ctx, 'user', input.user, 'users', store.users) : undefined;
	const group =
		input.scope === 'group'
			? resolveUri(ctx, 'group', input.group, 'groups', store.groups)
			: undefined;
	const admin = store.isAdmin(ctx.user.id);
	if (org.id !== ctx.user.orgId) throw permissionDenied();
	if (user && user.orgId !== org.id) throw permissionDenied();
	if (group && group.orgId !== org.id) throw permissionDenied();
	if (!admin && (input.scope !== 'user' || user?.id !== ctx.user.id)) throw permissionDenied();
	return { org, user, group, scope: /** @type {string} */ (input.scope) };
}

/** @type {Array<{ method: string, path: string, scope: string, handler: (ctx: import('./common').Ctx) => import('./common').Reply }>} */
const routes = [
	{
		method: 'POST',
		path: '/webhook_subscriptions',
		scope: 'webhooks:write',
		handler: (ctx) => {
			const { sim } = ctx;
			const body = ctx.body && typeof ctx.body === 'object' ? ctx.body : {};
			/** @type {Array<{parameter: string, message: string}>} */
			const details = [];
			if (!body.url) details.push({ parameter: 'url', message: 'is required' });
			else if (!isCallbackUrl(body.url, sim.options.allowHttpCallbacks)) {
				details.push({
					parameter: 'url',
					message: sim.options.allowHttpCallbacks
						? 'must be a valid URL'
						: 'must be a valid HTTPS URL',
				});
			}
			if (!Array.isArray(body.events) || body.events.length === 0)
				details.push({ parameter: 'events', message: 'must contain at least one event' });
			else {
				const unknown = body.events.filter(
					(/** @type {unknown} */ e) => typeof e !== 'string' || !(e in WEBHOOK_EVENTS),
				);
				if (unknown.length)
					details.push({
						parameter: 'events',
						message: `contains unknown events: ${unknown.join(', ')}; allowed: ${Object.keys(WEBHOOK_EVENTS).join(', ')}`,
					});
			}
			if (body.signing_key !== undefined && typeof body.signing_key !== 'string')
				details.push({ parameter: 'signing_key', message: 'must be a string' });
			if (details.length) throw invalidArgument(details);
			/** @type {string[]} */
			const events = [...new Set(/** @type {string[]} */ (body.events))];

			// The event family's read scope: invitee events answer a bare 400 (observed at Calendly).
			for (const name of events) {
				const needed = WEBHOOK_EVENTS[name].readScope;
				if (hasScope(ctx.token, needed)) continue;
				if (needed === 'scheduled_events:read') throw invalidArgument();
				throw insufficientScope([needed]);
			}
			const target = resolveTarget(ctx, body);
			const wrongScope = events.filter(
				(name) => !WEBHOOK_EVENTS[name].scopes.includes(target.scope),
			);
			if (wrongScope.length) {
				throw invalidParameter(
					'events',
					`${wrongScope.join(', ')} cannot be subscribed with scope ${target.scope}; allowed scopes: ${WEBHOOK_EVENTS[wrongScope[0]].scopes.join(', ')}`,
				);
			}
			if (events.some((name) => WEBHOOK_EVENTS[name].paidFeature))
				requirePaidPlan(target.org, 'webhooks');
			for (const existing of sim.store.subscriptions.values()) {
				if (existing.url === body.url) throw alreadyExists();
			}
			const now = sim.nowIso();
			const sub = {
				id: longId(),
				url: /** @type {string} */ (body.url),
				events,
				scope: target.scope,
				orgId: target.org.id,
				userId: target.user?.id ?? null,
				groupId: target.group?.id ?? null,
				creatorId: ctx.user.id,
				// OAuth-created subscriptions are signed with the app's key; a signing_key sent with an OAuth token is ignored.
				tokenKind: ctx.token.kind,
				signingKey:
					ctx.token.kind === 'pat' &&
					typeof body.signing_key === 'string' &&
					body.signing_key !== ''
						? body.signing_key
						: null,
				state: 'active',
				retryStartedAt: null,
				createdAt: now,
				updatedAt: now,
				seq: sim.nextSeq(),
			};
			sim.store.subscriptions.set(sub.id, sub);
			return { status: 201, body: { resource: serializeSubscription(sim, sub) } };
		},
	},
	{
		method: 'GET',
		path: '/webhook_subscriptions',
		scope: 'webhooks:read',
		handler: (ctx) => {
			const { sim } = ctx;
			const target = resolveTarget(ctx, ctx.query);
			const compare = sorter(ctx.query.sort, 'created_at:asc', {
				created_at: (/** @type {any} */ s) => s.seq,
			});
			const list = [...sim.store.subscriptions.values()]
				.filter((s) => s.orgId === target.org.id && s.scope === target.scope)
				.filter((s) => !target.user || s.userId === target.user.id)
				.filter((s) => !target.group || s.groupId === target.group.id)
				.sort(compare);
			return {
				status: 200,
				body: paginate(
					ctx,
					list.map((s) => serializeSubscription(sim, s)),
				),
			};
		},
	},
	{
		method: 'GET',
		path: '/webhook_subscriptions/:uuid',
		scope: 'webhooks:read',
		handler: (ctx) => {
			const sub = byPathId(ctx.sim.store.subscriptions, ctx.params.uuid);
			assertMayManage(ctx, sub);
			return { status: 200, body: { resource: serializeSubscription(ctx.sim, sub) } };
		},
	},
	{
		method: 'DELETE',
		path: '/webhook_subscriptions/:uuid',
		scope: 'webhooks:write',
		handler: (ctx) => {
			const sub = byPathId(ctx.sim.store.subscriptions, ctx.params.uuid);
			assertMayManage(ctx, sub);
			ctx.sim.store.subscriptions.delete(sub.id);
			return { status: 204 };
		},
	},
];

/** Admins manage every subscription of their organization; members only their own user-scope ones. */
function assertMayManage(/** @type {import('./common').Ctx} */ ctx, /** @type {any} */ sub) {
	if (sub.orgId !== ctx.user.orgId) throw permissionDenied();
	if (ctx.sim.store.isAdmin(ctx.user.id)) return;
	if (sub.scope === 'user' && sub.userId === ctx.user.id) return;
	throw permissionDenied();
}

module.exports = { routes, serializeSubscription, resolveTarget };
