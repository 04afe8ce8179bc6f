// @ts-check
// Organizations and memberships.
'use strict';
const { paginate } = require('../pagination');
const { permissionDenied, invalidArgument } = require('../errors');
const { resolveUri, enumParam, byPathId } = require('./common');
const { serializeUser } = require('./users');

/** @param {import('../simulator').CalendlySimulator} sim @param {import('../store').OrgRecord} org */
function serializeOrganization(sim, org) {
	return {
		uri: sim.uri('organizations', org.id),
		name: org.name,
		slug: org.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
		plan: org.plan,
		stage: org.stage,
		kind: 'organization',
		created_at: org.createdAt,
		updated_at: org.updatedAt,
	};
}

/** @param {import('../simulator').CalendlySimulator} sim @param {import('../store').MembershipRecord} m */
function serializeMembership(sim, m) {
	const user = /** @type {import('../store').UserRecord} */ (sim.store.users.get(m.userId));
	const {
		current_organization: _org,
		resource_type: _type,
		locale: _locale,
		time_notation: _tn,
		...userFields
	} = serializeUser(sim, user);
	return {
		uri: sim.uri('organization_memberships', m.id),
		role: m.role,
		user: userFields,
		organization: sim.uri('organizations', m.orgId),
		created_at: m.createdAt,
		updated_at: m.updatedAt,
	};
}

/** Members may read their own organization only. */
function assertMember(/** @type {import('./common').Ctx} */ ctx, /** @type {string} */ orgId) {
	if (ctx.user.orgId !== orgId) throw permissionDenied();
}

/** @type {Array<{ method: string, path: string, scope: string, handler: (ctx: import('./common').Ctx) => import('./common').Reply }>} */
const routes = [
	{
		method: 'GET',
		path: '/organizations/:uuid',
		scope: 'organizations:read',
		handler: (ctx) => {
			const org = byPathId(ctx.sim.store.orgs, ctx.params.uuid);
			assertMember(ctx, org.id);
			return { status: 200, body: { resource: serializeOrganization(ctx.sim, org) } };
		},
	},
	{
		method: 'GET',
		path: '/organization_memberships',
		scope: 'organizations:read',
		handler: (ctx) => {
			const { store } = ctx.sim;
			const q = ctx.query;
			if (!q.organization && !q.user) {
				throw invalidArgument([
					{ parameter: 'organization', message: 'organization or user is required' },
				]);
			}
			const org = q.organization
				? resolveUri(ctx, 'organization', q.organization, 'organizations', store.orgs)
				: undefined;
			const user = q.user ? resolveUri(ctx, 'user', q.user, 'users', store.users) : undefined;
			const role = enumParam(q, 'role', ['owner', 'admin', 'user']);
			if (org) assertMember(ctx, org.id);
			if (user && !org && user.orgId !== ctx.user.orgId) throw permissionDenied();
			const email = q.email?.toLowerCase();
			const list = [...store.memberships.values()]
				.filter((m) => (org ? m.orgId === org.id : m.orgId === ctx.user.orgId))
				.filter((m) => !user || m.userId === user.id)
				.filter((m) => !role || m.role === role)
				.filter((m) => !email || store.users.get(m.userId)?.email.toLowerCase() === email)
				.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
			return {
				status: 200,
				body: paginate(
					ctx,
					list.map((m) => serializeMembership(ctx.sim, m)),
				),
			};
		},
	},
	{
		method: 'GET',
		path: '/organization_memberships/:uuid',
		scope: 'organizations:read',
		handler: (ctx) => {
			const m = byPathId(ctx.sim.store.memberships, ctx.params.uuid);
			assertMember(ctx, m.orgId);
			return { status: 200, body: { resource: serializeMembership(ctx.sim, m) } };
		},
	},
];

module.exports = { routes };
