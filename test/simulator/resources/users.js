// @ts-check
// GET /users/me and /users/{uuid}.
'use strict';
const { byPathId } = require('./common');
const { permissionDenied } = require('../errors');

/**
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {import('../store').UserRecord} user
 */
function serializeUser(sim, user) {
	return {
		uri: sim.uri('users', user.id),
		name: user.name,
		slug: user.slug,
		email: user.email,
		scheduling_url: `https://calendly.com/${user.slug}`,
		timezone: user.timezone,
		time_notation: '12h',
		avatar_url: null,
		created_at: user.createdAt,
		updated_at: user.updatedAt,
		current_organization: sim.uri('organizations', user.orgId),
		resource_type: 'User',
		locale: 'en',
	};
}

/** @type {Array<{ method: string, path: string, scope: string, handler: (ctx: import('./common').Ctx) => import('./common').Reply }>} */
const routes = [
	{
		method: 'GET',
		path: '/users/:uuid',
		scope: 'users:read',
		handler: (ctx) => {
			const user =
				ctx.params.uuid === 'me' ? ctx.user : byPathId(ctx.sim.store.users, ctx.params.uuid);
			if (user.orgId !== ctx.user.orgId) throw permissionDenied();
			return { status: 200, body: { resource: serializeUser(ctx.sim, user) } };
		},
	},
];

module.exports = { routes, serializeUser };
