// @ts-check
// What Calendly Notetaker does: meeting recaps appear after a meeting (a Calendly scheduled event or an
// external one), change and disappear, each followed by its meeting_recap.* deliveries, which go to
// user-scope subscriptions of the meeting's hosts only.
'use strict';
const { longId, parseTime } = require('./time');
const { idFromUri } = require('./store');
const { serializeRecap, recapPayload, RECAP_STATUSES } = require('./resources/meetingRecaps');
const { deliver } = require('./webhooks/delivery');

/**
 * @typedef {import('./simulator').CalendlySimulator} Sim
 * @typedef {import('./resources/meetingRecaps').RecapRecord} RecapRecord
 */

const UPDATE_FIELDS = [
	'summary_md',
	'action_items_md',
	'discussion_md',
	'share_link',
	'status',
	'transcript_text',
];
/** Changes that Calendly announces with meeting_recap.updated (highlights and the share link). */
const ANNOUNCED_FIELDS = ['summary_md', 'action_items_md', 'discussion_md', 'share_link'];

/** A record by URI or id, or a clear error for a bad argument to a set-up method. */
function find(
	/** @type {unknown} */ uri,
	/** @type {Map<string, any>} */ map,
	/** @type {string} */ what,
) {
	const record = map.get(idFromUri(uri));
	if (!record)
		throw new Error(`${what} not found: ${String(uri)} (pass the uri returned by the simulator)`);
	return record;
}

/** Recap events reach user-scope subscriptions of the meeting's host users only. */
function audienceOf(/** @type {RecapRecord} */ r) {
	return { orgId: r.orgId, userIds: [...r.hostIds], userScopeOnly: true };
}

function timeOption(/** @type {unknown} */ value, /** @type {string} */ name) {
	const time = parseTime(value instanceof Date ? value.toISOString() : value);
	if (!time) throw new Error(`createRecap: ${name} must be an ISO date-time`);
	return time.getTime();
}

function statusOption(/** @type {unknown} */ value, /** @type {string} */ method) {
	const status = String(value).toLowerCase();
	if (!RECAP_STATUSES.includes(status))
		throw new Error(`${method}: status must be one of ${RECAP_STATUSES.join(', ')}`);
	return status;
}

/** @param {Sim} sim @param {RecapRecord} r @param {'created' | 'updated'} kind */
function announce(sim, r, kind) {
	return deliver(sim, `meeting_recap.${kind}`, recapPayload(sim, r, kind), audienceOf(r));
}

/**
 * @param {Sim} sim
 * @param {Record<string, any>} options see index.d.ts CreateRecapOptions
 */
async function createRecap(sim, options = {}) {
	const { store } = sim;
	const ev = options.event ? find(options.event, store.events, 'scheduled event') : null;
	/** @type {Array<{ host: boolean, user_email: string, user_name: string | null }>} */
	let attendees;
	if (options.attendees) {
		if (!Array.isArray(options.attendees))
			throw new Error('createRecap: attendees must be an array of { host, user_email, user_name }');
		attendees = options.attendees.map((/** @type {any} */ a) => {
			if (!a || typeof a.user_email !== 'string')
				throw new Error('createRecap: every attendee needs user_email');
			return { host: a.host === true, user_email: a.user_email, user_name: a.user_name ?? null };
		});
	} else if (ev) {
		attendees = [
			...ev.hostIds.map((/** @type {string} */ id) => {
				const host = /** @type {import('./store').UserRecord} */ (store.users.get(id));
				return { host: true, user_email: host.email, user_name: host.name };
			}),
			...store
				.inviteesOf(ev.id)
				.filter((i) => i.status === 'active')
				.map((i) => ({ host: false, user_email: i.email, user_name: i.name || null })),
		];
	} else attendees = [];

	/** @type {string[]} */
	let hostIds;
	if (options.hosts)
		hostIds = options.hosts.map((/** @type {string} */ h) => find(h, store.users, 'host').id);
	else if (ev) hostIds = [...ev.hostIds];
	else
		hostIds = attendees
			.filter((a) => a.host)
			.map((a) => store.userByEmail(a.user_email)?.id)
			.filter((id) => id !== undefined);
	if (!hostIds.length)
		throw new Error(
			'createRecap: an external meeting (event: null) needs hosts (user uris) or an attendee with host: true and the email of a simulator user',
		);

	const start =
		options.startTime !== undefined
			? timeOption(options.startTime, 'startTime')
			: ev
				? ev.start
				: sim.now().getTime() - 1800000;
	const end =
		options.endTime !== undefined
			? timeOption(options.endTime, 'endTime')
			: ev && options.startTime === undefined
				? ev.end
				: start + 1800000;
	const status = statusOption(options.status ?? 'available', 'createRecap');
	const now = sim.nowIso();
	/** @type {RecapRecord} */
	const r = {
		id: longId(),
		seq: sim.nextSeq(),
		eventId: ev ? ev.id : null,
		orgId: ev
			? store.eventTypes.get(ev.eventTypeId).orgId
			: /** @type {import('./store').UserRecord} */ (store.users.get(hostIds[0])).orgId,
		hostIds,
		name: options.name ?? (ev ? ev.name : 'External meeting'),
		start,
		end,
		location: options.location !== undefined ? options.location : ev ? ev.location : null,
		attendees,
		summary_md: options.summary_md ?? null,
		action_items_md: options.action_items_md ?? null,
		discussion_md: options.discussion_md ?? null,
		transcriptText: options.transcript_text ?? '',
		share_link: options.share_link ?? null,
		status,
		availableAt: status === 'available' ? now : null,
		createdAt: now,
		updatedAt: now,
	};
	store.recaps.set(r.id, r);
	const deliveries = status === 'available' ? await announce(sim, r, 'created') : [];
	return { recap: serializeRecap(sim, r), deliveries };
}

/**
 * Changes a recap. A recap that becomes available for the first time delivers meeting_recap.created; a
 * change of the highlights or the share link of an available recap delivers meeting_recap.updated; other
 * changes deliver nothing.
 * @param {Sim} sim
 * @param {string} uri
 * @param {Record<string, any>} changes
 */
async function updateRecap(sim, uri, changes = {}) {
	/** @type {RecapRecord} */
	const r = find(uri, sim.store.recaps, 'meeting recap');
	const unknown = Object.keys(changes).filter((key) => !UPDATE_FIELDS.includes(key));
	if (unknown.length)
		throw new Error(
			`updateRecap: unsupported fields ${unknown.join(', ')}; allowed: ${UPDATE_FIELDS.join(', ')}`,
		);
	for (const key of [
		'summary_md',
		'action_items_md',
		'discussion_md',
		'share_link',
		'transcript_text',
	])
		if (key in changes && changes[key] !== null && typeof changes[key] !== 'string')
			throw new Error(`updateRecap: ${key} must be a string or null`);
	const status = 'status' in changes ? statusOption(changes.status, 'updateRecap') : r.status;
	const announced = ANNOUNCED_FIELDS.filter(
		(key) => key in changes && changes[key] !== /** @type {any} */ (r)[key],
	);
	const changed =
		announced.length > 0 ||
		status !== r.status ||
		('transcript_text' in changes && (changes.transcript_text ?? '') !== r.transcriptText);
	if (!changed) return { recap: serializeRecap(sim, r), deliveries: [] };
	for (const key of announced) /** @type {any} */ (r)[key] = changes[key];
	if ('transcript_text' in changes) r.transcriptText = changes.transcript_text ?? '';
	const firstAvailable = status === 'available' && r.availableAt === null;
	r.status = status;
	r.updatedAt = sim.nowIso();
	if (firstAvailable) r.availableAt = r.updatedAt;
	const deliveries = firstAvailable
		? await announce(sim, r, 'created')
		: announced.length && r.status === 'available'
			? await announce(sim, r, 'updated')
			: [];
	return { recap: serializeRecap(sim, r), deliveries };
}

/** Deletes for good and delivers meeting_recap.deleted. */
async function deleteRecap(/** @type {Sim} */ sim, /** @type {string} */ uri) {
	/** @type {RecapRecord} */
	const r = find(uri, sim.store.recaps, 'meeting recap');
	sim.store.recaps.delete(r.id);
	const deletedAt = sim.nowIso();
	const payload = recapPayload(sim, r, 'deleted', deletedAt);
	const deliveries = await deliver(sim, 'meeting_recap.deleted', payload, audienceOf(r));
	return { recap: payload.recap, deliveries };
}

module.exports = { createRecap, updateRecap, deleteRecap };
