// @ts-check
// Groups and group relationships.
'use strict';
const { paginate } = require('../pagination');
const { permissionDenied } = require('../errors');
const { required, resolveUri, byPathId } = require('./common');

/** @param {import('../simulator').CalendlySimulator} sim @param {import('../store').GroupRecord} g */
function serializeGroup(sim, g) {
	return {
		uri: sim.uri('groups', g.id),
		name: g.name,
		organization: sim.uri('organizations', g.orgId),
		created_at: g.createdAt,
		updated_at: g.updatedAt,
		member_count: g.memberIds.length,
	};
}

/** @type {Array<{ method: string, path: string, scope: string, handler: (ctx: import('./common').Ctx) => import('./common').Reply }>} */
const routes = [
	{
		method: 'GET',
		path: '/groups',
		scope: 'groups:read',
		handler: (ctx) => {
			const org = resolveUri(
				ctx,
				'organization',
				required(ctx.query, 'organization'),
				'organizations',
				ctx.sim.store.orgs,
			);
			if (org.id !== ctx.user.orgId) throw permissionDenied();
			const list = [...ctx.sim.store.groups.values()].filter((g) => g.orgId === org.id);
			return {
				status: 200,
				body: paginate(
					ctx,
					list.map((g) => serializeGroup(ctx.sim, g)),
				),
			};
		},
	},
	{
		method: 'GET',
		path: '/groups/:uuid',
		scope: 'groups:read',
		handler: (ctx) => {
			const g = byPathId(ctx.sim.store.groups, ctx.params.uuid);
			if (g.orgId !== ctx.user.orgId) throw permissionDenied();
			return { status: 200, body: { resource: serializeGroup(ctx.sim, g) } };
		},
	},
	{
		method: 'GET',
		path: '/group_relationships',
		scope: 'groups:read',
		handler: (ctx) => {
			const { sim } = ctx;
			const group = ctx.query.group
				? resolveUri(ctx, 'group', ctx.query.group, 'groups', sim.store.groups)
				: undefined;
			const owner = ctx.query.owner
				? resolveUri(ctx, 'owner', ctx.query.owner, 'users', sim.store.users)
				: undefined;
			const rows = [];
			for (const g of sim.store.groups.values()) {
				if (g.orgId !== ctx.user.orgId || (group && g.id !== group.id)) continue;
				for (const userId of g.memberIds) {
					if (owner && owner.id !== userId) continue;
					rows.push({
						uri: sim.uri('group_relationships', `${g.id}-${userId}`),
						role: 'member',
						owner: sim.uri('users', userId),
						organization: sim.uri('organizations', g.orgId),
						group: sim.uri('groups', g.id),
						created_at: g.createdAt,
						updated_at: g.updatedAt,
					});
				}
			}
			return { status: 200, body: paginate(ctx, rows) };
		},
	},
];

module.exports = { routes, serializeGroup };
