// @ts-check
// Set-up operations: organizations, users, memberships, groups, event types and routing forms.
// Event-type and routing-form changes deliver their webhooks too.
'use strict';
const { shortId, slugify } = require('./time');
const { serializeUser } = require('./resources/users');
const { serializeGroup } = require('./resources/groups');
const { serializeEventType } = require('./resources/eventTypes');
const { serializeRoutingForm, serializeSubmission } = require('./resources/routingForms');
const { deliver } = require('./webhooks/delivery');
const { mustFind } = require('./bookings');

/** @typedef {import('./simulator').CalendlySimulator} Sim */

const ROLES = ['owner', 'admin', 'user'];
const EVENT_TYPE_KINDS = ['solo', 'group'];

/** @param {Sim} sim @param {{ name?: string, plan?: string }} [options] */
function createOrganization(sim, options = {}) {
	const now = sim.nowIso();
	const plan = options.plan ?? sim.options.plan;
	const org = {
		id: shortId(),
		name: options.name ?? 'Simulated Organization',
		plan,
		stage: plan === 'free' ? 'free' : 'paid',
		createdAt: now,
		updatedAt: now,
	};
	sim.store.orgs.set(org.id, org);
	return org;
}

/**
 * @param {Sim} sim
 * @param {{ name: string, email: string, timezone?: string, role?: 'owner' | 'admin' | 'user', organization?: string | 'new' }} options
 */
function createUser(sim, options) {
	if (!options || !options.name || !options.email)
		throw new Error('createUser: name and email are required');
	if (sim.store.userByEmail(options.email))
		throw new Error(`createUser: a user with email ${options.email} already exists`);
	let orgId;
	if (options.organization === 'new') orgId = createOrganization(sim).id;
	else if (options.organization)
		orgId = mustFind(options.organization, sim.store.orgs, 'organization').id;
	else
		orgId =
			sim.store.defaultOrgId ??
			(sim.store.defaultOrgId = createOrganization(sim, { name: sim.options.organizationName }).id);
	const firstInOrg = ![...sim.store.memberships.values()].some((m) => m.orgId === orgId);
	const role = options.role ?? (firstInOrg ? 'owner' : 'user');
	if (!ROLES.includes(role)) throw new Error(`createUser: role must be one of ${ROLES.join(', ')}`);
	const now = sim.nowIso();
	let slug = slugify(options.name);
	while ([...sim.store.users.values()].some((u) => u.slug === slug))
		slug = `${slug}-${shortId().slice(0, 4).toLowerCase()}`;
	const user = {
		id: shortId(),
		name: options.name,
		email: options.email,
		slug,
		timezone: options.timezone ?? 'UTC',
		orgId,
		createdAt: now,
		updatedAt: now,
	};
	sim.store.users.set(user.id, user);
	const membershipId = shortId();
	sim.store.memberships.set(membershipId, {
		id: membershipId,
		userId: user.id,
		orgId,
		role,
		createdAt: now,
		updatedAt: now,
	});
	return serializeUser(sim, user);
}

/** @param {Sim} sim @param {string} userUri @param {'owner' | 'admin' | 'user'} role */
function setRole(sim, userUri, role) {
	const user = mustFind(userUri, sim.store.users, 'user');
	if (!ROLES.includes(role)) throw new Error(`setRole: role must be one of ${ROLES.join(', ')}`);
	const m = /** @type {import('./store').MembershipRecord} */ (sim.store.membershipOf(user.id));
	m.role = role;
	m.updatedAt = sim.nowIso();
}

/** @param {Sim} sim @param {{ name: string, members?: string[], organization?: string }} options */
function createGroup(sim, options) {
	const members = (options.members || []).map((uri) => mustFind(uri, sim.store.users, 'user'));
	const orgId = options.organization
		? mustFind(options.organization, sim.store.orgs, 'organization').id
		: (members[0]?.orgId ?? sim.store.defaultOrgId);
	if (!orgId) throw new Error('createGroup: create a user first or pass organization');
	const now = sim.nowIso();
	const group = {
		id: shortId(),
		name: options.name,
		orgId,
		memberIds: members.map((m) => m.id),
		createdAt: now,
		updatedAt: now,
	};
	sim.store.groups.set(group.id, group);
	return serializeGroup(sim, group);
}

/** Who an event type concerns, for subscription matching. */
function audienceOf(/** @type {any} */ et) {
	return { orgId: et.orgId, userIds: [...new Set([et.ownerId, ...et.hostIds])] };
}

/** @param {Sim} sim @param {any} options see index.d.ts EventTypeOptions */
function createEventType(sim, options) {
	if (!options || !options.owner || !options.name)
		throw new Error('createEventType: owner (user uri) and name are required');
	const owner = mustFind(options.owner, sim.store.users, 'owner');
	const kind = options.kind ?? 'solo';
	if (!EVENT_TYPE_KINDS.includes(kind))
		throw new Error(`createEventType: kind must be one of ${EVENT_TYPE_KINDS.join(', ')}`);
	const duration = options.duration ?? 30;
	if (!Number.isInteger(duration) || duration < 1 || duration > 720)
		throw new Error('createEventType: duration must be 1..720 minutes');
	const now = sim.nowIso();
	const et = {
		id: shortId(),
		ownerId: owner.id,
		orgId: owner.orgId,
		hostIds: options.hosts
			? options.hosts.map((/** @type {string} */ h) => mustFind(h, sim.store.users, 'host').id)
			: [owner.id],
		name: options.name,
		slug: options.slug ?? slugify(options.name),
		duration,
		kind,
		seats: kind === 'group' ? (options.seats ?? 10) : 1,
		poolingType: options.pooling_type ?? null,
		customQuestions: (options.custom_questions || []).map(
			(/** @type {any} */ q, /** @type {number} */ i) => ({
				name: q.name,
				type: q.type ?? 'string',
				position: q.position ?? i,
				enabled: q.enabled ?? true,
				required: q.required ?? false,
				answer_choices: q.answer_choices ?? [],
				include_other: q.include_other ?? false,
			}),
		),
		locations: options.locations ?? null,
		active: options.active ?? true,
		color: options.color ?? '#0069ff',
		description: options.description ?? null,
		internalNote: null,
		secret: false,
		position: options.position ?? sim.store.eventTypes.size,
		createdAt: now,
		updatedAt: now,
		deletedAt: null,
	};
	sim.store.eventTypes.set(et.id, et);
	const resource = serializeEventType(sim, et);
	sim.track(deliver(sim, 'event_type.created', resource, audienceOf(et)));
	return resource;
}

/** @param {Sim} sim @param {string} uri @param {Record<string, any>} changes name, duration, active, description, color, position, seats, locations */
function updateEventType(sim, uri, changes) {
	const et = mustFind(uri, sim.store.eventTypes, 'event type');
	for (const key of [
		'name',
		'duration',
		'active',
		'description',
		'color',
		'position',
		'seats',
		'locations',
		'slug',
	]) {
		if (key in changes) et[key] = changes[key];
	}
	et.updatedAt = sim.nowIso();
	const resource = serializeEventType(sim, et);
	return sim
		.track(deliver(sim, 'event_type.updated', resource, audienceOf(et)))
		.then((deliveries) => ({ eventType: resource, deliveries }));
}

/** Soft delete: GET /event_types/{uuid} still answers, with deleted_at set. */
function deleteEventType(/** @type {Sim} */ sim, /** @type {string} */ uri) {
	const et = mustFind(uri, sim.store.eventTypes, 'event type');
	et.deletedAt = sim.nowIso();
	et.active = false;
	et.updatedAt = et.deletedAt;
	const resource = serializeEventType(sim, et);
	return sim
		.track(deliver(sim, 'event_type.deleted', resource, audienceOf(et)))
		.then((deliveries) => ({ eventType: resource, deliveries }));
}

/** @param {Sim} sim @param {{ name: string, organization?: string, status?: 'draft' | 'published', questions?: any[] }} options */
function createRoutingForm(sim, options) {
	const orgId = options.organization
		? mustFind(options.organization, sim.store.orgs, 'organization').id
		: sim.store.defaultOrgId;
	if (!orgId) throw new Error('createRoutingForm: create a user first or pass organization');
	const now = sim.nowIso();
	const form = {
		id: shortId(),
		seq: sim.nextSeq(),
		orgId,
		name: options.name,
		status: options.status ?? 'published',
		questions: (options.questions || []).map((q) => ({
			uuid: q.uuid ?? shortId(),
			name: q.name,
			type: q.type ?? 'text',
			required: q.required ?? false,
			answer_choices: q.answer_choices ?? null,
		})),
		createdAt: now,
		updatedAt: now,
	};
	sim.store.routingForms.set(form.id, form);
	return serializeRoutingForm(sim, form);
}

/**
 * Records a routing form submission and delivers routing_form_submission.created (organization scope only).
 * @param {Sim} sim
 * @param {{ form: string, answers?: Array<{ question_uuid?: string, question: string, answer: string }>, tracking?: Record<string, string | null>, result?: { type: string, value: string }, submitter?: string }} options
 */
async function submitRoutingForm(sim, options) {
	const form = mustFind(options.form, sim.store.routingForms, 'routing form');
	const now = sim.nowIso();
	const tracking = {
		utm_campaign: null,
		utm_source: null,
		utm_medium: null,
		utm_content: null,
		utm_term: null,
		salesforce_uuid: null,
		...options.tracking,
	};
	const sub = {
		id: shortId(),
		seq: sim.nextSeq(),
		formId: form.id,
		questionsAndAnswers: (options.answers || []).map((a) => ({
			question_uuid:
				a.question_uuid ??
				form.questions.find((/** @type {any} */ q) => q.name === a.question)?.uuid ??
				null,
			question: a.question,
			answer: a.answer,
		})),
		tracking,
		result: options.result ?? { type: 'custom_message', value: 'Thank you' },
		submitterInviteeId: options.submitter
			? mustFind(options.submitter, sim.store.invitees, 'invitee').id
			: null,
		createdAt: now,
		updatedAt: now,
	};
	sim.store.submissions.set(sub.id, sub);
	const resource = serializeSubmission(sim, sub);
	const deliveries = await deliver(sim, 'routing_form_submission.created', resource, {
		orgId: form.orgId,
		userIds: [],
	});
	return { submission: resource, deliveries };
}

module.exports = {
	createOrganization,
	createUser,
	setRole,
	createGroup,
	createEventType,
	updateEventType,
	deleteEventType,
	createRoutingForm,
	submitRoutingForm,
};
