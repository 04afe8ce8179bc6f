// @ts-check
// Notetaker: meeting recaps and their transcripts (paid plans only). Serialisers for the REST resource and
// the meeting_recap.* payloads, and the REST routes. Creating recaps is in ../recaps.js (recaps come from
// Calendly's Notetaker; the API has no create endpoint).
'use strict';
const { paginate } = require('../pagination');
const { invalidArgument, invalidParameter, permissionDenied, notFound } = require('../errors');
const { isoMicro, parseTime } = require('../time');
const { byPathId, enumParam } = require('./common');
const { requirePaidPlan } = require('../plans');

/** Recap statuses: the `status` filter takes them lower-case, the resource shows them capitalised. */
const RECAP_STATUSES = ['available', 'processing', 'unavailable'];
/** Fields PATCH /meeting_recaps/{uuid} may change. */
const RECAP_PATCH_FIELDS = ['summary_md', 'action_items_md', 'discussion_md'];
const NO_PERMISSION = 'You do not have permission to access this resource';

/**
 * @typedef {{ id: string, seq: number, eventId: string | null, orgId: string, hostIds: string[], name: string,
 *   start: number, end: number, location: unknown, attendees: Array<{ host: boolean, user_email: string, user_name: string | null }>,
 *   summary_md: string | null, action_items_md: string | null, discussion_md: string | null,
 *   transcriptText: string, share_link: string | null, status: string, availableAt: string | null,
 *   createdAt: string, updatedAt: string }} RecapRecord
 */

/** @param {import('../simulator').CalendlySimulator} sim @param {RecapRecord} r */
function transcriptUri(sim, r) {
	return `${sim.uri('meeting_recaps', r.id)}/transcript`;
}

/**
 * A MeetingRecap; `list` gives the list item (without the highlights and share_link).
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {RecapRecord} r
 * @param {{ list?: boolean }} [options]
 */
function serializeRecap(sim, r, options = {}) {
	return {
		uri: sim.uri('meeting_recaps', r.id),
		app_url: `https://calendly.com/app/notetaker/recaps/${r.id}`,
		event: r.eventId ? sim.uri('scheduled_events', r.eventId) : null,
		status: r.status.charAt(0).toUpperCase() + r.status.slice(1),
		name: r.name,
		location: r.location,
		start_time: isoMicro(r.start),
		end_time: isoMicro(r.end),
		created_at: r.createdAt,
		updated_at: r.updatedAt,
		attendees: r.attendees.map((a) => ({ ...a })),
		transcript: transcriptUri(sim, r),
		...(options.list
			? {}
			: {
					summary_md: r.summary_md,
					action_items_md: r.action_items_md,
					discussion_md: r.discussion_md,
					share_link: r.share_link,
				}),
	};
}

/** `event` of meeting_recap.created/updated: `uri` only for meetings scheduled through Calendly. */
function webhookMeeting(
	/** @type {import('../simulator').CalendlySimulator} */ sim,
	/** @type {RecapRecord} */ r,
) {
	return {
		...(r.eventId ? { uri: sim.uri('scheduled_events', r.eventId) } : {}),
		name: r.name,
		start_time: isoMicro(r.start),
		end_time: isoMicro(r.end),
		location: r.location,
		attendees: r.attendees.map((a) => ({ ...a })),
	};
}

/** `recap` of meeting_recap.created/updated. */
function webhookRecap(
	/** @type {import('../simulator').CalendlySimulator} */ sim,
	/** @type {RecapRecord} */ r,
) {
	return {
		uri: sim.uri('meeting_recaps', r.id),
		summary_md: r.summary_md,
		action_items_md: r.action_items_md,
		discussion_md: r.discussion_md,
		transcript: transcriptUri(sim, r),
		share_link: r.share_link,
		created_at: r.createdAt,
		updated_at: r.updatedAt,
	};
}

/**
 * The payload of a meeting_recap.* event.
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {RecapRecord} r
 * @param {'created' | 'updated' | 'deleted'} kind
 * @param {string} [deletedAt]
 */
function recapPayload(sim, r, kind, deletedAt) {
	if (kind === 'deleted')
		return {
			...(r.eventId ? { event: { uri: sim.uri('scheduled_events', r.eventId) } } : {}),
			recap: { uri: sim.uri('meeting_recaps', r.id), deleted_at: deletedAt ?? sim.nowIso() },
		};
	const body = { event: webhookMeeting(sim, r), recap: webhookRecap(sim, r) };
	return kind === 'created' ? { created_at: r.availableAt ?? r.createdAt, ...body } : body;
}

/**
 * Plan first (Notetaker needs a paid plan), then the recap; only the meeting's hosts may use it.
 * @param {import('./common').Ctx} ctx
 * @returns {RecapRecord}
 */
function visibleRecap(ctx) {
	requirePaidPlan(orgOf(ctx), 'meeting_recaps');
	const r = byPathId(ctx.sim.store.recaps, ctx.params.uuid);
	if (!r.hostIds.includes(ctx.user.id)) throw permissionDenied(NO_PERMISSION);
	return r;
}

function orgOf(/** @type {import('./common').Ctx} */ ctx) {
	return /** @type {import('../store').OrgRecord} */ (ctx.sim.store.orgs.get(ctx.user.orgId));
}

/** A time filter; 400 when it is not an ISO date-time. */
function timeParam(/** @type {Record<string, string>} */ query, /** @type {string} */ name) {
	if (query[name] === undefined) return undefined;
	const time = parseTime(query[name]);
	if (!time) throw invalidParameter(name, 'must be a valid ISO 8601 date-time');
	return time.getTime();
}

/** @type {Array<{ method: string, path: string, scope: string, handler: (ctx: import('./common').Ctx) => import('./common').Reply | Promise<import('./common').Reply> }>} */
const routes = [
	{
		method: 'GET',
		path: '/meeting_recaps',
		scope: 'meeting_recaps:read',
		handler: (ctx) => {
			const { sim } = ctx;
			const q = ctx.query;
			requirePaidPlan(orgOf(ctx), 'meeting_recaps');
			if (q.event !== undefined && !/\/scheduled_events\/[^/]+\/?$/.test(q.event))
				throw invalidParameter(
					'event',
					`must be a scheduled event URI such as ${ctx.baseUrl}/scheduled_events/AAAAAAAAAAAAAAAA`,
				);
			const eventId =
				q.event === undefined ? undefined : q.event.replace(/\/+$/, '').split('/').pop();
			const endsFrom = timeParam(q, 'start_time');
			const startsUntil = timeParam(q, 'end_time');
			const status = enumParam(q, 'status', RECAP_STATUSES) ?? 'available';
			const attendee = q.attendee?.toLowerCase();
			/** @type {RecapRecord[]} */
			const all = [...sim.store.recaps.values()];
			const list = all
				.filter((r) => r.hostIds.includes(ctx.user.id))
				.filter((r) => r.status === status)
				.filter((r) => eventId === undefined || r.eventId === eventId)
				.filter((r) => endsFrom === undefined || r.end >= endsFrom)
				.filter((r) => startsUntil === undefined || r.start <= startsUntil)
				.filter(
					(r) => !attendee || r.attendees.some((a) => a.user_email.toLowerCase() === attendee),
				)
				.sort((a, b) => a.start - b.start || a.seq - b.seq);
			const page = paginate(ctx, list);
			return {
				status: 200,
				body: {
					collection: page.collection.map((r) => serializeRecap(sim, r, { list: true })),
					pagination: page.pagination,
				},
			};
		},
	},
	{
		method: 'GET',
		path: '/meeting_recaps/:uuid',
		scope: 'meeting_recaps:read',
		handler: (ctx) => ({
			status: 200,
			body: { resource: serializeRecap(ctx.sim, visibleRecap(ctx)) },
		}),
	},
	{
		method: 'PATCH',
		path: '/meeting_recaps/:uuid',
		scope: 'meeting_recaps:write',
		handler: async (ctx) => {
			const r = visibleRecap(ctx);
			const body = ctx.body;
			if (!body || typeof body !== 'object' || Array.isArray(body))
				throw invalidParameter('body', 'must be a JSON object');
			/** @type {Array<{ parameter: string, message: string }>} */
			const details = [];
			for (const [key, value] of Object.entries(body)) {
				if (!RECAP_PATCH_FIELDS.includes(key))
					details.push({
						parameter: key,
						message: `is not a supported field; allowed: ${RECAP_PATCH_FIELDS.join(', ')}`,
					});
				else if (value !== null && typeof value !== 'string')
					details.push({ parameter: key, message: 'must be a string or null' });
			}
			if (!RECAP_PATCH_FIELDS.some((key) => key in body))
				details.push({
					parameter: 'body',
					message: `must contain at least one of: ${RECAP_PATCH_FIELDS.join(', ')}`,
				});
			if (details.length) throw invalidArgument(details);
			const { recap } = await ctx.sim.updateRecap(ctx.sim.uri('meeting_recaps', r.id), body);
			return { status: 200, body: { resource: recap } };
		},
	},
	{
		method: 'DELETE',
		path: '/meeting_recaps/:uuid',
		scope: 'meeting_recaps:write',
		handler: async (ctx) => {
			const r = visibleRecap(ctx);
			await ctx.sim.deleteRecap(ctx.sim.uri('meeting_recaps', r.id));
			return { status: 204 };
		},
	},
	{
		method: 'GET',
		path: '/meeting_recaps/:uuid/transcript',
		scope: 'meeting_recaps:read',
		handler: (ctx) => {
			const r = visibleRecap(ctx);
			// A recap still processing (or unavailable) has no transcript yet.
			if (r.status !== 'available') throw notFound();
			return {
				status: 200,
				body: { resource: { uri: transcriptUri(ctx.sim, r), text: r.transcriptText } },
			};
		},
	},
];

module.exports = { routes, serializeRecap, recapPayload, RECAP_STATUSES };
