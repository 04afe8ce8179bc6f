// @ts-check
// What invitees and hosts do in Calendly's UI: book, cancel, reschedule, mark no-shows. Each operation
// changes the store first and then delivers the matching webhooks.
'use strict';
const { shortId, longId, parseTime } = require('./time');
const { idFromUri } = require('./store');
const { serializeEvent, serializeInvitee } = require('./resources/scheduledEvents');
const { seatLimit } = require('./resources/eventTypes');
const { deliver } = require('./webhooks/delivery');
const { contactsForBooking } = require('./contacts');

const TRACKING_FIELDS = [
	'utm_campaign',
	'utm_source',
	'utm_medium',
	'utm_content',
	'utm_term',
	'salesforce_uuid',
];

/** @typedef {import('./simulator').CalendlySimulator} Sim */

/**
 * Event location from an explicit option or the event type's first configured location.
 * @param {any} et
 * @param {unknown} option
 * @param {string} eventId
 */
function locationFor(et, option, eventId) {
	if (option && typeof option === 'object') {
		const o = /** @type {Record<string, any>} */ (option);
		return o.type ? { ...o } : locationFromKind(o.kind, o.location, eventId);
	}
	if (typeof option === 'string')
		return { type: 'physical', location: option, additional_info: '' };
	const configured = et.locations?.[0];
	return configured
		? locationFromKind(
				configured.kind,
				configured.location ?? configured.phone_number,
				eventId,
				configured.additional_info,
			)
		: null;
}

/** Turns an event-type location kind into the scheduled event's location object (observed shapes). */
function locationFromKind(
	/** @type {string} */ kind,
	/** @type {string | undefined} */ where,
	/** @type {string} */ eventId,
	additionalInfo = '',
) {
	const meetingId = String(parseInt(eventId.slice(0, 8), 36)).slice(0, 11);
	switch (kind) {
		case 'zoom_conference':
			return {
				type: 'zoom',
				status: 'pushed',
				join_url: `https://us02web.zoom.us/j/${meetingId}`,
				data: {
					id: Number(meetingId),
					password: 'sim',
					settings: { global_dial_in_numbers: [] },
					extra: { intl_numbers_url: 'https://zoom.us/u/sim' },
				},
			};
		case 'google_conference':
			return {
				type: 'google_conference',
				status: 'pushed',
				join_url: `https://meet.google.com/sim-${eventId.slice(0, 4).toLowerCase()}-${eventId.slice(4, 8).toLowerCase()}`,
				data: null,
			};
		case 'microsoft_teams_conference':
		case 'webex_conference':
		case 'gotomeeting':
			return {
				type: kind,
				status: 'pushed',
				join_url: `https://meetings.example.com/${eventId}`,
				data: null,
			};
		case 'physical':
			return { type: 'physical', location: where ?? '', additional_info: additionalInfo };
		case 'outbound_call':
		case 'inbound_call':
		case 'ask_invitee':
		case 'custom':
			return { type: kind, location: where ?? null };
		default:
			return kind ? { type: kind, location: where ?? null } : null;
	}
}

/**
 * A record by its URI (or id), or a clear error for a bad argument to a set-up method.
 * @param {unknown} uri
 * @param {Map<string, any>} map
 * @param {string} what
 */
function mustFind(uri, map, what) {
	const record = map.get(idFromUri(uri));
	if (!record)
		throw new Error(`${what} not found: ${String(uri)} (pass the uri returned by the simulator)`);
	return record;
}

/** Who an invitee event concerns, for subscription matching. */
function audienceOf(/** @type {Sim} */ sim, /** @type {any} */ ev) {
	return { orgId: sim.store.eventTypes.get(ev.eventTypeId).orgId, userIds: [...ev.hostIds] };
}

/**
 * Creates the invitee (and the scheduled event, unless a group event at that time has a free seat).
 * Delivers nothing.
 * @param {Sim} sim
 * @param {any} options see index.d.ts BookOptions
 */
function createBooking(sim, options) {
	const et = mustFind(options.eventType, sim.store.eventTypes, 'event type');
	if (et.deletedAt) throw new Error(`event type ${et.name} is deleted`);
	const start = parseTime(
		options.startTime instanceof Date ? options.startTime.toISOString() : options.startTime,
	);
	if (!start)
		throw new Error('book: startTime must be an ISO date-time such as 2026-06-10T06:30:00Z');
	const invitee = options.invitee || {};
	if (!invitee.email) throw new Error('book: invitee.email is required');
	const now = sim.nowIso();
	let ev = [...sim.store.events.values()].find(
		(e) => e.eventTypeId === et.id && e.status === 'active' && e.start === start.getTime(),
	);
	if (ev) {
		const active = sim.store.inviteesOf(ev.id).filter((i) => i.status === 'active').length;
		if (et.kind !== 'group')
			throw new Error(
				`book: ${et.name} at ${start.toISOString()} is already booked (solo event types take one invitee per slot)`,
			);
		if (active >= seatLimit(et))
			throw new Error(
				`book: no seats left on ${et.name} at ${start.toISOString()} (limit ${seatLimit(et)})`,
			);
		ev.updatedAt = now;
	} else {
		const id = shortId();
		const hostIds = options.hosts
			? options.hosts.map((/** @type {string} */ h) => mustFind(h, sim.store.users, 'host').id)
			: [...et.hostIds];
		ev = {
			id,
			eventTypeId: et.id,
			name: et.name,
			meetingNotes: null,
			status: 'active',
			start: start.getTime(),
			end: start.getTime() + et.duration * 60000,
			location: locationFor(et, options.location, id),
			hostIds,
			guests: (options.guests || []).map((/** @type {any} */ g) => ({
				email: typeof g === 'string' ? g : g.email,
				created_at: now,
				updated_at: now,
			})),
			cancellation: null,
			createdAt: now,
			updatedAt: now,
		};
		sim.store.events.set(ev.id, ev);
	}
	const firstName = invitee.first_name ?? null;
	const lastName = invitee.last_name ?? null;
	/** @type {Record<string, string | null>} */
	const tracking = {};
	for (const field of TRACKING_FIELDS) tracking[field] = options.tracking?.[field] ?? null;
	const inv = {
		id: shortId(),
		seq: sim.nextSeq(),
		eventId: ev.id,
		email: invitee.email,
		firstName,
		lastName,
		name: invitee.name ?? [firstName, lastName].filter(Boolean).join(' '),
		status: 'active',
		questionsAndAnswers: (options.questionsAndAnswers || []).map(
			(/** @type {any} */ qa, /** @type {number} */ i) => ({
				question: qa.question,
				answer: qa.answer,
				position: qa.position ?? i,
			}),
		),
		timezone: invitee.timezone ?? null,
		createdAt: now,
		updatedAt: now,
		tracking,
		textReminderNumber: invitee.text_reminder_number ?? null,
		rescheduled: false,
		oldInviteeId: null,
		newInviteeId: null,
		routingFormSubmissionId: options.routingFormSubmission
			? idFromUri(options.routingFormSubmission)
			: null,
		payment: options.payment ?? null,
		noShowId: null,
		reconfirmation: null,
		schedulingMethod: options.schedulingMethod ?? null,
		scheduledById: options.scheduledBy ?? null,
		cancellation: null,
	};
	sim.store.addInvitee(inv);
	return { ev, inv };
}

/**
 * Books, delivers invitee.created, then adds the invitee to the contacts of each host who has no contact
 * with that email (contact.created, creation_source 'scheduling').
 * @param {Sim} sim @param {any} options
 */
async function book(sim, options) {
	const { ev, inv } = createBooking(sim, options);
	const deliveries = await deliver(
		sim,
		'invitee.created',
		serializeInvitee(sim, inv, { webhook: true }),
		audienceOf(sim, ev),
	);
	deliveries.push(...(await contactsForBooking(sim, ev, inv)));
	return { event: serializeEvent(sim, ev), invitee: serializeInvitee(sim, inv), deliveries };
}

/**
 * Marks one invitee canceled (solo events are canceled with their only invitee). Delivers nothing.
 * @param {Sim} sim
 * @param {any} inv
 * @param {{ by?: 'host' | 'invitee', reason?: string | null, canceler?: string }} options
 */
function cancelInviteeRecord(sim, inv, options) {
	if (inv.status !== 'active') throw new Error(`invitee ${inv.email} is already canceled`);
	const ev = sim.store.events.get(inv.eventId);
	const by = options.by ?? 'invitee';
	const hostId = options.canceler ?? ev.hostIds[0];
	const now = sim.nowIso();
	inv.cancellation = {
		canceled_by: by === 'host' ? (sim.store.users.get(hostId)?.name ?? '') : inv.name,
		reason: options.reason ?? null,
		canceler_type: by,
		created_at: now,
	};
	inv.status = 'canceled';
	inv.updatedAt = now;
	if (sim.store.eventTypes.get(ev.eventTypeId).kind !== 'group') {
		ev.status = 'canceled';
		ev.cancellation = { ...inv.cancellation };
	}
	ev.updatedAt = now;
	return ev;
}

/** @param {Sim} sim @param {string} inviteeUri @param {{ by?: 'host' | 'invitee', reason?: string | null }} [options] */
async function cancelInvitee(sim, inviteeUri, options = {}) {
	const inv = mustFind(inviteeUri, sim.store.invitees, 'invitee');
	const ev = cancelInviteeRecord(sim, inv, options);
	const deliveries = await deliver(
		sim,
		'invitee.canceled',
		serializeInvitee(sim, inv, { webhook: true }),
		audienceOf(sim, ev),
	);
	return { event: serializeEvent(sim, ev), invitee: serializeInvitee(sim, inv), deliveries };
}

/**
 * Cancels the whole meeting: every active invitee gets its own invitee.canceled.
 * @param {Sim} sim @param {string} eventUri @param {{ by?: 'host' | 'invitee', reason?: string | null, canceler?: string }} [options]
 */
async function cancelEvent(sim, eventUri, options = {}) {
	const ev = mustFind(eventUri, sim.store.events, 'scheduled event');
	if (ev.status !== 'active') throw new Error('scheduled event is already canceled');
	const by = options.by ?? 'host';
	const now = sim.nowIso();
	const hostId = options.canceler ?? ev.hostIds[0];
	const active = sim.store.inviteesOf(ev.id).filter((i) => i.status === 'active');
	ev.status = 'canceled';
	ev.cancellation = {
		canceled_by:
			by === 'host' ? (sim.store.users.get(hostId)?.name ?? '') : (active[0]?.name ?? ''),
		reason: options.reason ?? null,
		canceler_type: by,
		created_at: now,
	};
	ev.updatedAt = now;
	for (const inv of active) {
		inv.status = 'canceled';
		inv.cancellation = { ...ev.cancellation };
		inv.updatedAt = now;
	}
	const deliveries = [];
	for (const inv of active) {
		deliveries.push(
			...(await deliver(
				sim,
				'invitee.canceled',
				serializeInvitee(sim, inv, { webhook: true }),
				audienceOf(sim, ev),
			)),
		);
	}
	return {
		event: serializeEvent(sim, ev),
		invitees: active.map((i) => serializeInvitee(sim, i)),
		deliveries,
	};
}

/**
 * Reschedule: the old invitee is canceled with rescheduled:true and new_invitee, a new
 * invitee (under the new scheduled event) carries old_invitee. Two deliveries in the chosen order.
 * @param {Sim} sim
 * @param {string} inviteeUri
 * @param {string | Date} newStartTime
 * @param {{ order?: 'canceled-first' | 'created-first', reason?: string | null }} [options]
 */
async function reschedule(sim, inviteeUri, newStartTime, options = {}) {
	const old = mustFind(inviteeUri, sim.store.invitees, 'invitee');
	const oldEvent = sim.store.events.get(old.eventId);
	cancelInviteeRecord(sim, old, { by: 'invitee', reason: options.reason ?? null });
	const { ev, inv } = createBooking(sim, {
		eventType: sim.uri('event_types', oldEvent.eventTypeId),
		invitee: {
			email: old.email,
			name: old.name,
			first_name: old.firstName,
			last_name: old.lastName,
			timezone: old.timezone,
			text_reminder_number: old.textReminderNumber,
		},
		startTime: newStartTime,
		questionsAndAnswers: old.questionsAndAnswers,
		tracking: old.tracking,
		payment: old.payment,
		hosts: oldEvent.hostIds.map((/** @type {string} */ id) => sim.uri('users', id)),
		// The guests the invitee added come along to the new time (a choice: see docs/design.md, "Choices").
		guests: oldEvent.guests.map((/** @type {any} */ guest) => guest.email),
	});
	old.rescheduled = true;
	old.newInviteeId = inv.id;
	inv.oldInviteeId = old.id;
	const canceled = () =>
		deliver(
			sim,
			'invitee.canceled',
			serializeInvitee(sim, old, { webhook: true }),
			audienceOf(sim, oldEvent),
		);
	const created = () =>
		deliver(
			sim,
			'invitee.created',
			serializeInvitee(sim, inv, { webhook: true }),
			audienceOf(sim, ev),
		);
	const deliveries = [];
	if (options.order === 'created-first')
		deliveries.push(...(await created()), ...(await canceled()));
	else deliveries.push(...(await canceled()), ...(await created()));
	return {
		oldInvitee: serializeInvitee(sim, old),
		newInvitee: serializeInvitee(sim, inv),
		oldEvent: serializeEvent(sim, oldEvent),
		event: serializeEvent(sim, ev),
		deliveries,
	};
}

/** @param {Sim} sim @param {string} inviteeUri */
async function markNoShow(sim, inviteeUri) {
	const inv = mustFind(inviteeUri, sim.store.invitees, 'invitee');
	if (inv.noShowId) throw new Error(`invitee ${inv.email} is already marked as a no-show`);
	const noShow = { id: longId(), inviteeId: inv.id, createdAt: sim.nowIso() };
	sim.store.noShows.set(noShow.id, noShow);
	inv.noShowId = noShow.id;
	inv.updatedAt = noShow.createdAt;
	const ev = sim.store.events.get(inv.eventId);
	const deliveries = await deliver(
		sim,
		'invitee_no_show.created',
		serializeInvitee(sim, inv, { webhook: true }),
		audienceOf(sim, ev),
	);
	return {
		noShow: {
			uri: sim.uri('invitee_no_shows', noShow.id),
			invitee: sim.inviteeUri(inv.id),
			created_at: noShow.createdAt,
		},
		invitee: serializeInvitee(sim, inv),
		deliveries,
	};
}

/** @param {Sim} sim @param {string} inviteeUri */
async function unmarkNoShow(sim, inviteeUri) {
	const inv = mustFind(inviteeUri, sim.store.invitees, 'invitee');
	if (!inv.noShowId) throw new Error(`invitee ${inv.email} is not marked as a no-show`);
	sim.store.noShows.delete(inv.noShowId);
	inv.noShowId = null;
	inv.updatedAt = sim.nowIso();
	const ev = sim.store.events.get(inv.eventId);
	const deliveries = await deliver(
		sim,
		'invitee_no_show.deleted',
		serializeInvitee(sim, inv, { webhook: true }),
		audienceOf(sim, ev),
	);
	return { invitee: serializeInvitee(sim, inv), deliveries };
}

module.exports = {
	book,
	cancelInvitee,
	cancelEvent,
	reschedule,
	markNoShow,
	unmarkNoShow,
	mustFind,
};
