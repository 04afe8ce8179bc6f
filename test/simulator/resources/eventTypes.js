// @ts-check
// Event types, their hosts and their bookable slots.
'use strict';
const { paginate, sorter } = require('../pagination');
const { invalidArgument, invalidParameter, permissionDenied } = require('../errors');
const { isoMicro, parseTime, zoneOffsetMinutes } = require('../time');
const { required, resolveUri, booleanParam, byPathId } = require('./common');

const MAX_AVAILABLE_TIMES_DAYS = 31;
// Simulated availability: weekdays 09:00-17:00 in the owner's time zone.
const WORKDAY_START_HOUR = 9;
const WORKDAY_END_HOUR = 17;

/** @param {import('../simulator').CalendlySimulator} sim @param {any} et */
function serializeEventType(sim, et) {
	const owner = /** @type {import('../store').UserRecord} */ (sim.store.users.get(et.ownerId));
	return {
		uri: sim.uri('event_types', et.id),
		name: et.name,
		active: et.active,
		booking_method: 'instant',
		slug: et.slug,
		scheduling_url: `https://calendly.com/${owner.slug}/${et.slug}`,
		duration: et.duration,
		duration_options: null,
		kind: et.kind,
		pooling_type: et.poolingType,
		type: 'StandardEventType',
		color: et.color,
		created_at: et.createdAt,
		updated_at: et.updatedAt,
		internal_note: et.internalNote,
		description_plain: et.description,
		description_html: et.description === null ? null : `<p>${et.description}</p>`,
		profile: { type: 'User', name: owner.name, owner: sim.uri('users', owner.id) },
		secret: et.secret,
		deleted_at: et.deletedAt,
		admin_managed: false,
		custom_questions: et.customQuestions,
		locations: et.locations,
		position: et.position,
		locale: 'en',
		is_paid: false,
	};
}

/** Seats per time slot: 1 for solo, the configured seat count for group kinds. */
function seatLimit(/** @type {any} */ et) {
	return et.kind === 'group' ? et.seats : 1;
}

/**
 * Slot start times (ms) of an event type between two instants, inside the owner's working hours.
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {any} et
 * @param {Date} from
 * @param {Date} to
 */
function slotStarts(sim, et, from, to) {
	const owner = /** @type {import('../store').UserRecord} */ (sim.store.users.get(et.ownerId));
	const stepMs = et.duration * 60000;
	const starts = [];
	const dayMs = 86400000;
	for (
		let day = Math.floor(from.getTime() / dayMs) * dayMs - dayMs;
		day <= to.getTime() + dayMs;
		day += dayMs
	) {
		const offset = zoneOffsetMinutes(owner.timezone, new Date(day + 12 * 3600000)) * 60000;
		const localMidnight = day - offset;
		const weekday = new Date(day).getUTCDay();
		if (weekday === 0 || weekday === 6) continue;
		for (
			let t = localMidnight + WORKDAY_START_HOUR * 3600000;
			t + stepMs <= localMidnight + WORKDAY_END_HOUR * 3600000;
			t += stepMs
		) {
			if (t >= from.getTime() && t < to.getTime()) starts.push(t);
		}
	}
	return starts;
}

/** Active seats already taken on the event type's scheduled event starting at `startMs`. */
function seatsTaken(
	/** @type {import('../simulator').CalendlySimulator} */ sim,
	/** @type {any} */ et,
	/** @type {number} */ startMs,
) {
	for (const ev of sim.store.events.values()) {
		if (ev.eventTypeId === et.id && ev.status === 'active' && ev.start === startMs) {
			return sim.store.inviteesOf(ev.id).filter((i) => i.status === 'active').length;
		}
	}
	return 0;
}

/** @type {Array<{ method: string, path: string, scope: string, handler: (ctx: import('./common').Ctx) => import('./common').Reply }>} */
const routes = [
	{
		method: 'GET',
		path: '/event_types',
		scope: 'event_types:read',
		handler: (ctx) => {
			const { store } = ctx.sim;
			const q = ctx.query;
			if (!q.user && !q.organization) {
				throw invalidArgument([{ parameter: 'user', message: 'user or organization is required' }]);
			}
			const user = q.user ? resolveUri(ctx, 'user', q.user, 'users', store.users) : undefined;
			const org = q.organization
				? resolveUri(ctx, 'organization', q.organization, 'organizations', store.orgs)
				: undefined;
			if ((org && org.id !== ctx.user.orgId) || (user && user.orgId !== ctx.user.orgId))
				throw permissionDenied();
			const active = booleanParam(q, 'active');
			const compare = sorter(q.sort, 'name:asc', {
				name: (/** @type {any} */ e) => e.name.toLowerCase(),
				position: (/** @type {any} */ e) => e.position,
				created_at: (/** @type {any} */ e) => e.createdAt,
				updated_at: (/** @type {any} */ e) => e.updatedAt,
			});
			const list = [...store.eventTypes.values()]
				.filter((e) => e.deletedAt === null)
				.filter((e) =>
					user ? e.ownerId === user.id || e.hostIds.includes(user.id) : e.orgId === org?.id,
				)
				.filter((e) => !org || e.orgId === org.id)
				.filter((e) => active === undefined || e.active === active)
				.sort(compare);
			return {
				status: 200,
				body: paginate(
					ctx,
					list.map((e) => serializeEventType(ctx.sim, e)),
				),
			};
		},
	},
	{
		method: 'GET',
		path: '/event_types/:uuid',
		scope: 'event_types:read',
		handler: (ctx) => {
			const et = byPathId(ctx.sim.store.eventTypes, ctx.params.uuid);
			if (et.orgId !== ctx.user.orgId) throw permissionDenied();
			return { status: 200, body: { resource: serializeEventType(ctx.sim, et) } };
		},
	},
	{
		method: 'GET',
		path: '/event_type_memberships',
		scope: 'event_types:read',
		handler: (ctx) => {
			const { sim } = ctx;
			const et = resolveUri(
				ctx,
				'event_type',
				required(ctx.query, 'event_type'),
				'event_types',
				sim.store.eventTypes,
			);
			if (et.orgId !== ctx.user.orgId) throw permissionDenied();
			const rows = et.hostIds.map((/** @type {string} */ userId) => {
				const user = /** @type {import('../store').UserRecord} */ (sim.store.users.get(userId));
				return {
					event_type: sim.uri('event_types', et.id),
					member: {
						uri: sim.uri('users', user.id),
						name: user.name,
						email: user.email,
						slug: user.slug,
					},
				};
			});
			return { status: 200, body: paginate(ctx, rows) };
		},
	},
	{
		// Not paginated; the catalogue lists it under event_types:read (the spec says availability:read).
		method: 'GET',
		path: '/event_type_available_times',
		scope: 'event_types:read',
		handler: (ctx) => {
			const { sim } = ctx;
			const et = resolveUri(
				ctx,
				'event_type',
				required(ctx.query, 'event_type'),
				'event_types',
				sim.store.eventTypes,
			);
			const start = parseTime(required(ctx.query, 'start_time'));
			const end = parseTime(required(ctx.query, 'end_time'));
			if (!start) throw invalidParameter('start_time', 'must be a valid ISO 8601 date-time');
			if (!end) throw invalidParameter('end_time', 'must be a valid ISO 8601 date-time');
			if (start.getTime() < sim.now().getTime())
				throw invalidParameter('start_time', 'must be in the future');
			if (end <= start) throw invalidParameter('end_time', 'must be after start_time');
			if (end.getTime() - start.getTime() > MAX_AVAILABLE_TIMES_DAYS * 86400000) {
				throw invalidParameter(
					'end_time',
					`date range can be no greater than ${MAX_AVAILABLE_TIMES_DAYS} days`,
				);
			}
			if (et.orgId !== ctx.user.orgId) throw permissionDenied();
			const collection =
				!et.active || et.deletedAt
					? []
					: slotStarts(sim, et, start, end)
							.map((t) => ({ t, remaining: seatLimit(et) - seatsTaken(sim, et, t) }))
							.filter((s) => s.remaining > 0)
							.map((s) => {
								const iso = isoMicro(s.t).replace('.000000Z', 'Z');
								const owner = /** @type {import('../store').UserRecord} */ (
									sim.store.users.get(et.ownerId)
								);
								return {
									status: 'available',
									invitees_remaining: s.remaining,
									start_time: iso,
									scheduling_url: `https://calendly.com/${owner.slug}/${et.slug}/${iso}?month=${iso.slice(0, 7)}&date=${iso.slice(0, 10)}`,
								};
							});
			return { status: 200, body: { collection } };
		},
	},
];

module.exports = { routes, serializeEventType, seatLimit, slotStarts, seatsTaken };
