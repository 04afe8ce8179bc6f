// @ts-check
// Scheduled events, their invitees, cancellation and the Scheduling API's POST /invitees.
'use strict';
const { paginate, sorter } = require('../pagination');
const { invalidArgument, invalidParameter, permissionDenied, notFound } = require('../errors');
const { isoMicro, parseTime } = require('../time');
const { required, resolveUri, enumParam, byPathId } = require('./common');
const { seatLimit, slotStarts, seatsTaken } = require('./eventTypes');

/**
 * A scheduled event. The webhook variant (`scheduled_event` inside invitee payloads) has no
 * calendar_event and no buffer fields.
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {any} ev
 * @param {{ webhook?: boolean }} [options]
 */
function serializeEvent(sim, ev, options = {}) {
	const et = sim.store.eventTypes.get(ev.eventTypeId);
	const invitees = sim.store.inviteesOf(ev.id);
	const body = {
		uri: sim.uri('scheduled_events', ev.id),
		name: ev.name,
		meeting_notes_plain: ev.meetingNotes,
		meeting_notes_html: ev.meetingNotes === null ? null : `<p>${ev.meetingNotes}</p>`,
		status: ev.status,
		start_time: isoMicro(ev.start),
		end_time: isoMicro(ev.end),
		event_type: sim.uri('event_types', ev.eventTypeId),
		location: ev.location,
		invitees_counter: {
			total: invitees.length,
			active: invitees.filter((i) => i.status === 'active').length,
			limit: seatLimit(et),
		},
		created_at: ev.createdAt,
		updated_at: ev.updatedAt,
		event_memberships: ev.hostIds.map((/** @type {string} */ id) => {
			const host = /** @type {import('../store').UserRecord} */ (sim.store.users.get(id));
			return { user: sim.uri('users', id), user_email: host.email, user_name: host.name };
		}),
		event_guests: ev.guests,
	};
	if (ev.cancellation) Object.assign(body, { cancellation: ev.cancellation });
	if (!options.webhook) Object.assign(body, { calendar_event: null });
	return body;
}

/**
 * An invitee; with `webhook: true` it is the InviteePayload (adds the embedded scheduled_event).
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {any} inv
 * @param {{ webhook?: boolean }} [options]
 */
function serializeInvitee(sim, inv, options = {}) {
	const ev = sim.store.events.get(inv.eventId);
	const noShow = inv.noShowId ? sim.store.noShows.get(inv.noShowId) : null;
	const body = {
		uri: sim.uri(`scheduled_events/${inv.eventId}/invitees`, inv.id),
		email: inv.email,
		first_name: inv.firstName,
		last_name: inv.lastName,
		name: inv.name,
		status: inv.status,
		questions_and_answers: inv.questionsAndAnswers,
		timezone: inv.timezone,
		event: sim.uri('scheduled_events', inv.eventId),
		created_at: inv.createdAt,
		updated_at: inv.updatedAt,
		tracking: inv.tracking,
		text_reminder_number: inv.textReminderNumber,
		rescheduled: inv.rescheduled,
		old_invitee: inv.oldInviteeId ? sim.inviteeUri(inv.oldInviteeId) : null,
		new_invitee: inv.newInviteeId ? sim.inviteeUri(inv.newInviteeId) : null,
		cancel_url: `https://calendly.com/cancellations/${inv.id}`,
		reschedule_url: `https://calendly.com/reschedulings/${inv.id}`,
		routing_form_submission: inv.routingFormSubmissionId
			? sim.uri('routing_form_submissions', inv.routingFormSubmissionId)
			: null,
		payment: inv.payment,
		no_show: noShow
			? { uri: sim.uri('invitee_no_shows', noShow.id), created_at: noShow.createdAt }
			: null,
		reconfirmation: inv.reconfirmation,
		scheduling_method: inv.schedulingMethod,
		invitee_scheduled_by: inv.scheduledById ? sim.uri('users', inv.scheduledById) : null,
	};
	if (inv.cancellation) Object.assign(body, { cancellation: inv.cancellation });
	if (options.webhook)
		Object.assign(body, { scheduled_event: serializeEvent(sim, ev, { webhook: true }) });
	return body;
}

/** The organization a scheduled event belongs to (its event type's). */
function eventOrgId(
	/** @type {import('../simulator').CalendlySimulator} */ sim,
	/** @type {any} */ ev,
) {
	return sim.store.eventTypes.get(ev.eventTypeId).orgId;
}

/** Hosts and admins/owners of the event's organization may read and cancel it. */
function assertCanSee(/** @type {import('./common').Ctx} */ ctx, /** @type {any} */ ev) {
	if (ev.hostIds.includes(ctx.user.id)) return;
	if (eventOrgId(ctx.sim, ev) === ctx.user.orgId && ctx.sim.store.isAdmin(ctx.user.id)) return;
	throw permissionDenied();
}

/**
 * Which events a list request may see, following Calendly's rules: `organization` alone is refused (403)
 * for a non-admin, who lists their own events with `user`; another member's events need `organization`
 * as well and an owner or admin.
 * @param {import('./common').Ctx} ctx
 */
function listFilter(ctx) {
	const { store } = ctx.sim;
	const q = ctx.query;
	if (!q.user && !q.organization && !q.group) {
		throw invalidArgument([
			{ parameter: 'organization', message: 'organization, user or group is required' },
		]);
	}
	const user = q.user ? resolveUri(ctx, 'user', q.user, 'users', store.users) : undefined;
	const org = q.organization
		? resolveUri(ctx, 'organization', q.organization, 'organizations', store.orgs)
		: undefined;
	const group = q.group ? resolveUri(ctx, 'group', q.group, 'groups', store.groups) : undefined;
	const admin = store.isAdmin(ctx.user.id);
	if (org && org.id !== ctx.user.orgId) throw permissionDenied();
	if (group && !org) throw invalidParameter('organization', 'is required when group is given');
	if (group && group.orgId !== org?.id) throw permissionDenied();
	if (user) {
		if (user.id !== ctx.user.id) {
			if (user.orgId !== ctx.user.orgId || (org && user.orgId !== org.id))
				throw permissionDenied('This user is not in your organization');
			if (!org)
				throw permissionDenied(
					'Please also specify organization when requesting events for a user within your organization.',
				);
			if (!admin) throw permissionDenied();
		}
	} else if (!admin) {
		throw permissionDenied();
	}
	return (/** @type {any} */ ev) => {
		if (user && !ev.hostIds.includes(user.id)) return false;
		if (org && eventOrgId(ctx.sim, ev) !== org.id) return false;
		if (group && !ev.hostIds.some((/** @type {string} */ id) => group.memberIds.includes(id)))
			return false;
		return true;
	};
}

/** @type {Array<{ method: string, path: string, scope: string, handler: (ctx: import('./common').Ctx) => import('./common').Reply | Promise<import('./common').Reply> }>} */
const routes = [
	{
		method: 'GET',
		path: '/scheduled_events',
		scope: 'scheduled_events:read',
		handler: (ctx) => {
			const { sim } = ctx;
			const q = ctx.query;
			const visible = listFilter(ctx);
			const status = enumParam(q, 'status', ['active', 'canceled']);
			const min = q.min_start_time !== undefined ? parseTime(q.min_start_time) : undefined;
			const max = q.max_start_time !== undefined ? parseTime(q.max_start_time) : undefined;
			if (min === null)
				throw invalidParameter('min_start_time', 'must be a valid ISO 8601 date-time');
			if (max === null)
				throw invalidParameter('max_start_time', 'must be a valid ISO 8601 date-time');
			const email = q.invitee_email?.toLowerCase();
			const compare = sorter(q.sort, 'start_time:asc', {
				start_time: (/** @type {any} */ e) => e.start,
			});
			const list = [...sim.store.events.values()]
				.filter(visible)
				.filter((e) => !status || e.status === status)
				.filter((e) => !min || e.start >= min.getTime())
				.filter((e) => !max || e.start <= max.getTime())
				.filter(
					(e) => !email || sim.store.inviteesOf(e.id).some((i) => i.email.toLowerCase() === email),
				)
				.sort(compare);
			return {
				status: 200,
				body: paginate(
					ctx,
					list.map((e) => serializeEvent(sim, e)),
				),
			};
		},
	},
	{
		method: 'GET',
		path: '/scheduled_events/:uuid',
		scope: 'scheduled_events:read',
		handler: (ctx) => {
			const ev = byPathId(ctx.sim.store.events, ctx.params.uuid);
			assertCanSee(ctx, ev);
			return { status: 200, body: { resource: serializeEvent(ctx.sim, ev) } };
		},
	},
	{
		method: 'GET',
		path: '/scheduled_events/:uuid/invitees',
		scope: 'scheduled_events:read',
		handler: (ctx) => {
			const { sim } = ctx;
			const ev = byPathId(sim.store.events, ctx.params.uuid);
			assertCanSee(ctx, ev);
			const status = enumParam(ctx.query, 'status', ['active', 'canceled']);
			const email = ctx.query.email?.toLowerCase();
			const compare = sorter(ctx.query.sort, 'created_at:asc', {
				created_at: (/** @type {any} */ i) => i.seq,
			});
			const list = sim.store
				.inviteesOf(ev.id)
				.filter((i) => !status || i.status === status)
				.filter((i) => !email || i.email.toLowerCase() === email)
				.sort(compare);
			return {
				status: 200,
				body: paginate(
					ctx,
					list.map((i) => serializeInvitee(sim, i)),
				),
			};
		},
	},
	{
		method: 'GET',
		path: '/scheduled_events/:uuid/invitees/:invitee',
		scope: 'scheduled_events:read',
		handler: (ctx) => {
			const ev = byPathId(ctx.sim.store.events, ctx.params.uuid);
			assertCanSee(ctx, ev);
			const inv = byPathId(ctx.sim.store.invitees, ctx.params.invitee);
			if (inv.eventId !== ev.id) throw notFound();
			return { status: 200, body: { resource: serializeInvitee(ctx.sim, inv) } };
		},
	},
	{
		method: 'POST',
		path: '/scheduled_events/:uuid/cancellation',
		scope: 'scheduled_events:write',
		handler: async (ctx) => {
			const { sim } = ctx;
			const ev = byPathId(sim.store.events, ctx.params.uuid);
			try {
				assertCanSee(ctx, ev);
			} catch {
				throw permissionDenied('You are not allowed to cancel this event');
			}
			const reason = ctx.body?.reason ?? null;
			if (reason !== null && (typeof reason !== 'string' || reason.length > 10000)) {
				throw invalidParameter('reason', 'must be a string of at most 10000 characters');
			}
			if (ev.status === 'canceled') throw permissionDenied('Event is already canceled');
			if (ev.start < sim.now().getTime()) throw permissionDenied('Event in the past');
			await sim.cancelEvent(sim.uri('scheduled_events', ev.id), {
				by: 'host',
				reason,
				canceler: ctx.user.id,
			});
			const { canceled_by, reason: r, canceler_type, created_at } = ev.cancellation;
			return {
				status: 201,
				body: { resource: { canceled_by, reason: r, canceler_type, created_at } },
			};
		},
	},
	{
		// Scheduling API: books on behalf of an invitee; start_time must be an available slot.
		method: 'POST',
		path: '/invitees',
		scope: 'scheduled_events:write',
		handler: async (ctx) => {
			const { sim } = ctx;
			const body = ctx.body || {};
			const et = resolveUri(
				ctx,
				'event_type',
				required(body, 'event_type'),
				'event_types',
				sim.store.eventTypes,
			);
			if (et.orgId !== ctx.user.orgId) throw permissionDenied();
			const start = parseTime(required(body, 'start_time'));
			if (!start) throw invalidParameter('start_time', 'must be a valid ISO 8601 date-time');
			const invitee = required(body, 'invitee');
			if (typeof invitee !== 'object') throw invalidParameter('invitee', 'must be an object');
			required(invitee, 'email');
			required(invitee, 'timezone');
			if (!invitee.name && !invitee.first_name)
				throw invalidParameter('invitee.name', 'name or first_name is required');
			const horizon = new Date(sim.now().getTime() + 62 * 86400000);
			const free =
				et.active &&
				!et.deletedAt &&
				slotStarts(sim, et, sim.now(), horizon).includes(start.getTime()) &&
				seatsTaken(sim, et, start.getTime()) < seatLimit(et);
			if (!free)
				throw invalidParameter(
					'start_time',
					'is not an available time for this event type; pick one from /event_type_available_times',
				);
			const { invitee: created } = await sim.book({
				eventType: sim.uri('event_types', et.id),
				invitee,
				startTime: start.toISOString(),
				location: body.location,
				questionsAndAnswers: body.questions_and_answers,
				tracking: body.tracking,
				guests: body.event_guests,
				schedulingMethod: 'api',
				scheduledBy: ctx.user.id,
			});
			return { status: 201, body: { resource: created } };
		},
	},
];

module.exports = { routes, serializeEvent, serializeInvitee, assertCanSee };
