// @ts-check
// POST /scheduling_links: single-use booking links.
'use strict';
const crypto = require('node:crypto');
const { invalidParameter, permissionDenied } = require('../errors');
const { required, resolveUri } = require('./common');

/** @type {Array<{ method: string, path: string, scope: string, handler: (ctx: import('./common').Ctx) => import('./common').Reply }>} */
const routes = [
	{
		method: 'POST',
		path: '/scheduling_links',
		scope: 'scheduling_links:write',
		handler: (ctx) => {
			const { sim } = ctx;
			const body = ctx.body || {};
			const max = required(body, 'max_event_count');
			if (max !== 1) throw invalidParameter('max_event_count', 'must be 1');
			if (required(body, 'owner_type') !== 'EventType')
				throw invalidParameter('owner_type', 'must be EventType');
			const et = resolveUri(
				ctx,
				'owner',
				required(body, 'owner'),
				'event_types',
				sim.store.eventTypes,
			);
			if (et.orgId !== ctx.user.orgId) throw permissionDenied();
			if (!et.active || et.deletedAt) throw invalidParameter('owner', 'event type is not active');
			const code = crypto.randomBytes(6).toString('hex');
			const bookingUrl = `https://calendly.com/d/${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}/${et.slug}`;
			const resource = {
				booking_url: bookingUrl,
				owner: sim.uri('event_types', et.id),
				owner_type: 'EventType',
			};
			sim.store.schedulingLinks.set(code, {
				...resource,
				maxEventCount: 1,
				createdBy: ctx.user.id,
				createdAt: sim.nowIso(),
			});
			return { status: 201, body: { resource } };
		},
	},
];

module.exports = { routes };
