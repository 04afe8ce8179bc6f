// @ts-check
// GET /sample_webhook_data: a synthetic, unwrapped envelope for any webhook event, built
// from the caller's organization and user. Nothing is stored.
'use strict';
const { invalidParameter } = require('../errors');
const { required } = require('./common');
const { resolveTarget } = require('./webhookSubscriptions');
const { WEBHOOK_EVENTS } = require('../webhooks/events');
const { serializeContact } = require('./contacts');
const { recapPayload } = require('./meetingRecaps');

const SAMPLE_ID = 'SAMPLE0000000000';
const NULL_TRACKING = {
	utm_campaign: null,
	utm_source: null,
	utm_medium: null,
	utm_content: null,
	utm_term: null,
	salesforce_uuid: null,
};

/**
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {import('../store').UserRecord} host
 * @param {string} event
 */
function samplePayload(sim, host, event) {
	const now = sim.nowIso();
	const start = new Date(sim.now().getTime() + 86400000);
	start.setUTCMinutes(0, 0, 0);
	const startIso = start.toISOString().replace('Z', '000Z');
	const endIso = new Date(start.getTime() + 1800000).toISOString().replace('Z', '000Z');
	const eventTypeUri = sim.uri('event_types', SAMPLE_ID);
	const eventUri = sim.uri('scheduled_events', SAMPLE_ID);
	const inviteeUri = `${eventUri}/invitees/${SAMPLE_ID}`;
	const family = event.split('.')[0];
	if (family === 'invitee' || family === 'invitee_no_show') {
		const canceled = event === 'invitee.canceled';
		const cancellation = {
			canceled_by: 'Sample Invitee',
			reason: 'Sample reason',
			canceler_type: 'invitee',
			created_at: now,
		};
		return {
			uri: inviteeUri,
			email: 'invitee@example.com',
			first_name: null,
			last_name: null,
			name: 'Sample Invitee',
			status: canceled ? 'canceled' : 'active',
			questions_and_answers: [
				{ question: 'Anything to share?', answer: 'Sample answer', position: 0 },
			],
			timezone: 'UTC',
			event: eventUri,
			created_at: now,
			updated_at: now,
			tracking: NULL_TRACKING,
			text_reminder_number: null,
			rescheduled: false,
			old_invitee: null,
			new_invitee: null,
			cancel_url: `https://calendly.com/cancellations/${SAMPLE_ID}`,
			reschedule_url: `https://calendly.com/reschedulings/${SAMPLE_ID}`,
			routing_form_submission: null,
			payment: null,
			no_show:
				event === 'invitee_no_show.created'
					? { uri: sim.uri('invitee_no_shows', SAMPLE_ID), created_at: now }
					: null,
			reconfirmation: null,
			scheduling_method: null,
			invitee_scheduled_by: null,
			...(canceled ? { cancellation } : {}),
			scheduled_event: {
				uri: eventUri,
				name: 'Sample Meeting',
				meeting_notes_plain: null,
				meeting_notes_html: null,
				status: canceled ? 'canceled' : 'active',
				start_time: startIso,
				end_time: endIso,
				event_type: eventTypeUri,
				location: { type: 'physical', location: 'Sample address', additional_info: '' },
				invitees_counter: { total: 1, active: canceled ? 0 : 1, limit: 1 },
				created_at: now,
				updated_at: now,
				event_memberships: [
					{ user: sim.uri('users', host.id), user_email: host.email, user_name: host.name },
				],
				event_guests: [],
				...(canceled ? { cancellation } : {}),
			},
		};
	}
	if (family === 'event_type') {
		return {
			uri: eventTypeUri,
			name: 'Sample Event Type',
			active: event !== 'event_type.deleted',
			booking_method: 'instant',
			slug: 'sample',
			scheduling_url: `https://calendly.com/${host.slug}/sample`,
			duration: 30,
			duration_options: null,
			kind: 'solo',
			pooling_type: null,
			type: 'StandardEventType',
			color: '#0069ff',
			created_at: now,
			updated_at: now,
			internal_note: null,
			description_plain: null,
			profile: { type: 'User', name: host.name, owner: sim.uri('users', host.id) },
			secret: false,
			deleted_at: event === 'event_type.deleted' ? now : null,
			admin_managed: false,
			custom_questions: [],
			locations: null,
			position: 0,
			locale: 'en',
			is_paid: false,
		};
	}
	if (family === 'routing_form_submission') {
		return {
			uri: sim.uri('routing_form_submissions', SAMPLE_ID),
			routing_form: sim.uri('routing_forms', SAMPLE_ID),
			questions_and_answers: [
				{ question_uuid: SAMPLE_ID, question: 'What do you need?', answer: 'A demo' },
			],
			tracking: NULL_TRACKING,
			result: { type: 'event_type', value: eventTypeUri },
			submitter: null,
			submitter_type: null,
			created_at: now,
			updated_at: now,
		};
	}
	if (family === 'contact') {
		if (event === 'contact.deleted')
			return {
				user_uuid: host.id,
				contact: { uri: sim.uri('contacts', SAMPLE_ID), deleted_at: now },
			};
		// A contact of the host, with the custom fields their organization defines (all unset).
		/** @type {import('./contacts').ContactRecord} */
		const contact = {
			id: SAMPLE_ID,
			seq: 0,
			ownerId: host.id,
			name: 'Sample Contact',
			emails: [{ email: 'contact@example.com', is_primary: true }],
			phone_numbers: [],
			timezone: 'UTC',
			job_title: null,
			company: null,
			country: null,
			state: null,
			city: null,
			linkedin: null,
			custom: {},
			creationSource: 'manual',
			createdAt: now,
			updatedAt: now,
		};
		return {
			user_uuid: host.id,
			contact: serializeContact(sim, contact, { webhook: true, fresh: true }),
		};
	}
	/** @type {import('./meetingRecaps').RecapRecord} */
	const recap = {
		id: SAMPLE_ID,
		seq: 0,
		eventId: SAMPLE_ID,
		orgId: host.orgId,
		hostIds: [host.id],
		name: 'Sample Meeting',
		start: start.getTime(),
		end: start.getTime() + 1800000,
		location: { type: 'physical', location: 'Sample address', additional_info: '' },
		attendees: [
			{ host: true, user_email: host.email, user_name: host.name },
			{ host: false, user_email: 'invitee@example.com', user_name: 'Sample Invitee' },
		],
		summary_md: 'Sample summary',
		action_items_md: '- Sample action item',
		discussion_md: 'Sample discussion',
		transcriptText: '',
		share_link: null,
		status: 'available',
		availableAt: now,
		createdAt: now,
		updatedAt: now,
	};
	const kind = /** @type {'created' | 'updated' | 'deleted'} */ (event.split('.')[1]);
	return recapPayload(sim, recap, kind, now);
}

/** @type {Array<{ method: string, path: string, scope: string, handler: (ctx: import('./common').Ctx) => import('./common').Reply }>} */
const routes = [
	{
		method: 'GET',
		path: '/sample_webhook_data',
		scope: 'webhooks:read',
		handler: (ctx) => {
			const event = required(ctx.query, 'event');
			if (!(event in WEBHOOK_EVENTS))
				throw invalidParameter(
					'event',
					`must be one of: ${Object.keys(WEBHOOK_EVENTS).join(', ')}`,
				);
			const target = resolveTarget(ctx, ctx.query);
			const host = target.user ?? ctx.user;
			return {
				status: 200,
				body: {
					event,
					created_at: ctx.sim.nowIso(),
					created_by: ctx.sim.uri('users', ctx.user.id),
					payload: samplePayload(ctx.sim, host, event),
				},
			};
		},
	},
];

module.exports = { routes };
