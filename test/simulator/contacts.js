// @ts-check
// Contacts as Calendly keeps them: one contact book per user. Create / update / delete (each followed by its
// contact.* deliveries), custom-field definitions, and the contacts a booking adds for its hosts.
'use strict';
const { longId } = require('./time');
const { idFromUri } = require('./store');
const {
	serializeContact,
	serializeDefinition,
	checkContactInput,
	definitionsOf,
	FIELD_TYPES,
} = require('./resources/contacts');
const { deliver } = require('./webhooks/delivery');

/**
 * @typedef {import('./simulator').CalendlySimulator} Sim
 * @typedef {import('./resources/contacts').ContactRecord} ContactRecord
 */

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

/** An Error listing what is wrong with a set-up method's input. */
function setupError(
	/** @type {string} */ method,
	/** @type {Array<{ parameter: string, message: string }>} */ details,
) {
	return new Error(`${method}: ${details.map((d) => `${d.parameter} ${d.message}`).join('; ')}`);
}

/** Who a contact event concerns: its owner (user scope), the owner's groups and organization. */
function audienceOf(/** @type {Sim} */ sim, /** @type {ContactRecord} */ c) {
	const owner = /** @type {import('./store').UserRecord} */ (sim.store.users.get(c.ownerId));
	return { orgId: owner.orgId, userIds: [owner.id] };
}

function index(/** @type {Sim} */ sim, /** @type {ContactRecord} */ c) {
	let byEmail = sim.store.contactsByOwnerEmail.get(c.ownerId);
	if (!byEmail) sim.store.contactsByOwnerEmail.set(c.ownerId, (byEmail = new Map()));
	for (const e of c.emails) byEmail.set(e.email.toLowerCase(), c.id);
}

function unindex(/** @type {Sim} */ sim, /** @type {ContactRecord} */ c) {
	const byEmail = sim.store.contactsByOwnerEmail.get(c.ownerId);
	for (const e of c.emails)
		if (byEmail?.get(e.email.toLowerCase()) === c.id) byEmail.delete(e.email.toLowerCase());
}

/** The owner's contact with this email, if any. */
function contactByEmail(
	/** @type {Sim} */ sim,
	/** @type {string} */ ownerId,
	/** @type {string} */ email,
) {
	const id = sim.store.contactsByOwnerEmail.get(ownerId)?.get(email.toLowerCase());
	return id ? sim.store.contacts.get(id) : undefined;
}

/** Custom-field entries of a set-up method may name the definition by uuid or by uri. */
function normaliseInput(/** @type {Record<string, any>} */ input) {
	const copy = { ...input };
	if (Array.isArray(copy.custom_fields))
		copy.custom_fields = copy.custom_fields.map((/** @type {any} */ f) =>
			f && typeof f === 'object' ? { ...f, uuid: idFromUri(f.uuid ?? f.uri) } : f,
		);
	return copy;
}

/**
 * Stores a checked contact and delivers contact.created.
 * @param {Sim} sim
 * @param {string} ownerId
 * @param {Record<string, any>} patch output of checkContactInput
 * @param {string} creationSource
 */
async function insert(sim, ownerId, patch, creationSource) {
	const now = sim.nowIso();
	/** @type {ContactRecord} */
	const c = {
		id: longId(),
		seq: sim.nextSeq(),
		ownerId,
		name: patch.name ?? null,
		emails: patch.emails,
		phone_numbers: patch.phone_numbers ?? [],
		timezone: patch.timezone ?? null,
		job_title: patch.job_title ?? null,
		company: patch.company ?? null,
		country: patch.country ?? null,
		state: patch.state ?? null,
		city: patch.city ?? null,
		linkedin: patch.linkedin ?? null,
		custom: Object.fromEntries(Object.entries(patch.custom ?? {}).filter(([, v]) => v !== null)),
		creationSource,
		createdAt: now,
		updatedAt: now,
	};
	sim.store.contacts.set(c.id, c);
	index(sim, c);
	const deliveries = await deliver(
		sim,
		'contact.created',
		{ user_uuid: ownerId, contact: serializeContact(sim, c, { webhook: true, fresh: true }) },
		audienceOf(sim, c),
	);
	return { contact: serializeContact(sim, c), deliveries };
}

/**
 * @param {Sim} sim
 * @param {Record<string, any>} options see index.d.ts CreateContactOptions
 */
async function createContact(sim, options) {
	if (!options || !options.owner) throw new Error('createContact: owner (a user uri) is required');
	const owner = find(options.owner, sim.store.users, 'user');
	const { owner: _owner, email, creation_source: source, ...rest } = options;
	const input = normaliseInput(rest);
	if (input.emails === undefined && email !== undefined)
		input.emails = [{ email, is_primary: true }];
	const checked = checkContactInput(sim, input, {
		create: true,
		api: false,
		ownerId: owner.id,
		selfId: null,
	});
	if (checked.details.length) throw setupError('createContact', checked.details);
	if (checked.conflict)
		throw new Error(`createContact: ${owner.name} already has a contact with ${checked.conflict}`);
	return insert(sim, owner.id, checked.patch, source ?? 'manual');
}

/**
 * Applies changes (emails and phone_numbers replace the arrays, custom_fields merge, a null custom value
 * clears it) and delivers contact.updated when a field really changed.
 * @param {Sim} sim
 * @param {string} uri
 * @param {Record<string, any>} changes
 */
async function updateContact(sim, uri, changes) {
	/** @type {ContactRecord} */
	const c = find(uri, sim.store.contacts, 'contact');
	const checked = checkContactInput(sim, normaliseInput(changes || {}), {
		create: false,
		api: false,
		ownerId: c.ownerId,
		selfId: c.id,
	});
	if (checked.details.length) throw setupError('updateContact', checked.details);
	if (checked.conflict)
		throw new Error(
			`updateContact: the owner already has another contact with ${checked.conflict}`,
		);
	const before = JSON.stringify(serializeContact(sim, c, { fresh: true }));
	unindex(sim, c);
	const { custom, ...fields } = checked.patch;
	Object.assign(c, fields);
	if (custom) {
		for (const [id, value] of Object.entries(custom)) {
			if (value === null) delete c.custom[id];
			else c.custom[id] = value;
		}
	}
	index(sim, c);
	if (JSON.stringify(serializeContact(sim, c, { fresh: true })) === before)
		return { contact: serializeContact(sim, c), deliveries: [] };
	c.updatedAt = sim.nowIso();
	const deliveries = await deliver(
		sim,
		'contact.updated',
		{ user_uuid: c.ownerId, contact: serializeContact(sim, c, { webhook: true }) },
		audienceOf(sim, c),
	);
	return { contact: serializeContact(sim, c), deliveries };
}

/** Deletes for good and delivers contact.deleted (a tombstone: uri and deleted_at). */
async function deleteContact(/** @type {Sim} */ sim, /** @type {string} */ uri) {
	/** @type {ContactRecord} */
	const c = find(uri, sim.store.contacts, 'contact');
	unindex(sim, c);
	sim.store.contacts.delete(c.id);
	const tombstone = { uri: sim.uri('contacts', c.id), deleted_at: sim.nowIso() };
	const deliveries = await deliver(
		sim,
		'contact.deleted',
		{ user_uuid: c.ownerId, contact: tombstone },
		audienceOf(sim, c),
	);
	return { contact: tombstone, deliveries };
}

/**
 * The contacts a new booking adds: one per host without a contact with the invitee's email (1:1, group and
 * collective: every host of the meeting; round robin: the assigned host, the meeting's first).
 * @param {Sim} sim
 * @param {any} ev scheduled event record
 * @param {any} inv invitee record
 */
async function contactsForBooking(sim, ev, inv) {
	const et = sim.store.eventTypes.get(ev.eventTypeId);
	const owners = et?.poolingType === 'round_robin' ? ev.hostIds.slice(0, 1) : ev.hostIds;
	const deliveries = [];
	for (const ownerId of owners) {
		if (contactByEmail(sim, ownerId, inv.email)) continue;
		const patch = {
			name: inv.name || null,
			emails: [{ email: inv.email, is_primary: true }],
			phone_numbers: inv.textReminderNumber ? [{ phone_number: inv.textReminderNumber }] : [],
			timezone: inv.timezone ?? null,
		};
		deliveries.push(...(await insert(sim, ownerId, patch, 'scheduling')).deliveries);
	}
	return deliveries;
}

/**
 * A custom-field definition of an organization (default: the default organization).
 * @param {Sim} sim
 * @param {{ label: string, field_type: string, options?: Array<string | { label: string, color?: string | null, is_active?: boolean }>, currency?: string, source?: { event_type_uri?: string, question?: string }, organization?: string }} options
 */
function createContactFieldDefinition(sim, options) {
	const label = typeof options?.label === 'string' ? options.label.trim() : '';
	if (!label || label.length > 255)
		throw new Error('createContactFieldDefinition: label must be 1 to 255 characters');
	if (!FIELD_TYPES.includes(options.field_type))
		throw new Error(
			`createContactFieldDefinition: field_type must be one of ${FIELD_TYPES.join(', ')}`,
		);
	const orgId = options.organization
		? find(options.organization, sim.store.orgs, 'organization').id
		: sim.store.defaultOrgId;
	if (!orgId)
		throw new Error('createContactFieldDefinition: create a user first or pass organization');
	if (definitionsOf(sim, orgId).some((d) => d.label.toLowerCase() === label.toLowerCase()))
		throw new Error(`createContactFieldDefinition: a field labelled ${label} already exists`);
	const choices = options.options ?? [];
	if (options.field_type === 'single_select' && (choices.length < 1 || choices.length > 10))
		throw new Error('createContactFieldDefinition: single_select needs 1 to 10 options');
	if (options.field_type === 'currency' && !/^[A-Za-z]{3}$/.test(options.currency ?? ''))
		throw new Error('createContactFieldDefinition: currency needs an ISO 4217 code such as USD');
	const now = sim.nowIso();
	const def = {
		id: longId(),
		seq: sim.nextSeq(),
		orgId,
		label,
		fieldType: options.field_type,
		options:
			options.field_type === 'single_select'
				? choices.map((o) => {
						const opt = typeof o === 'string' ? { label: o } : o;
						return {
							uuid: longId(),
							label: opt.label,
							color: opt.color ?? null,
							is_active: opt.is_active ?? true,
						};
					})
				: [],
		currency: options.field_type === 'currency' ? String(options.currency).toUpperCase() : null,
		source:
			options.field_type === 'invitee_question'
				? {
						type: 'event_type_invitee_question',
						event_type_uri: options.source?.event_type_uri ?? null,
						question: options.source?.question ?? label,
					}
				: null,
		createdAt: now,
		updatedAt: now,
	};
	sim.store.contactFieldDefs.set(def.id, def);
	return serializeDefinition(sim, def);
}

module.exports = {
	createContact,
	updateContact,
	deleteContact,
	contactsForBooking,
	createContactFieldDefinition,
};
