// @ts-check
// Invitee no-shows.
'use strict';
const { invalidParameter, notFound } = require('../errors');
const { required, byPathId } = require('./common');
const { assertCanSee } = require('./scheduledEvents');
const { idFromUri } = require('../store');

/** @param {import('../simulator').CalendlySimulator} sim @param {any} ns */
function serializeNoShow(sim, ns) {
	return {
		uri: sim.uri('invitee_no_shows', ns.id),
		invitee: sim.inviteeUri(ns.inviteeId),
		created_at: ns.createdAt,
	};
}

/** @type {Array<{ method: string, path: string, scope: string, handler: (ctx: import('./common').Ctx) => import('./common').Reply | Promise<import('./common').Reply> }>} */
const routes = [
	{
		method: 'POST',
		path: '/invitee_no_shows',
		scope: 'scheduled_events:write',
		handler: async (ctx) => {
			const { sim } = ctx;
			const uri = required(ctx.body || {}, 'invitee');
			if (typeof uri !== 'string' || !/\/scheduled_events\/[^/]+\/invitees\/[^/]+$/.test(uri)) {
				throw invalidParameter('invitee', 'must be an invitee URI');
			}
			const inv = sim.store.invitees.get(idFromUri(uri));
			if (!inv) throw notFound();
			assertCanSee(ctx, sim.store.events.get(inv.eventId));
			// Calendly does not document a second mark; this simulator answers 400.
			if (inv.noShowId) throw invalidParameter('invitee', 'is already marked as a no-show');
			await sim.markNoShow(uri);
			return {
				status: 201,
				body: { resource: serializeNoShow(sim, sim.store.noShows.get(inv.noShowId)) },
			};
		},
	},
	{
		method: 'GET',
		path: '/invitee_no_shows/:uuid',
		scope: 'scheduled_events:read',
		handler: (ctx) => {
			const ns = byPathId(ctx.sim.store.noShows, ctx.params.uuid);
			const inv = ctx.sim.store.invitees.get(ns.inviteeId);
			assertCanSee(ctx, ctx.sim.store.events.get(inv.eventId));
			return { status: 200, body: { resource: serializeNoShow(ctx.sim, ns) } };
		},
	},
	{
		method: 'DELETE',
		path: '/invitee_no_shows/:uuid',
		scope: 'scheduled_events:write',
		handler: async (ctx) => {
			const ns = byPathId(ctx.sim.store.noShows, ctx.params.uuid);
			const inv = ctx.sim.store.invitees.get(ns.inviteeId);
			assertCanSee(ctx, ctx.sim.store.events.get(inv.eventId));
			await ctx.sim.unmarkNoShow(ctx.sim.inviteeUri(inv.id));
			return { status: 204 };
		},
	},
];

module.exports = { routes };
