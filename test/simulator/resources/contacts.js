// @ts-check
// Contacts (Calendly's contact book) and contact custom-field definitions: serialisers, input checks and
// the REST routes. Creating, changing and deleting contacts (with their webhooks) is in ../contacts.js.
'use strict';
const { paginate, sorter } = require('../pagination');
const { ApiError, invalidArgument, invalidParameter, permissionDenied } = require('../errors');
const { isoMicro } = require('../time');
const { byPathId, enumParam } = require('./common');

/** Keys a POST/PATCH /contacts body may have. */
const CONTACT_FIELDS = [
	'name',
	'emails',
	'phone_numbers',
	'timezone',
	'job_title',
	'company',
	'country',
	'state',
	'city',
	'linkedin',
	'custom_fields',
];
/** Optional nullable string fields of a contact. */
const STRING_FIELDS = ['timezone', 'job_title', 'company', 'country', 'state', 'city', 'linkedin'];
const MAX_EMAILS = 10;
const MAX_PHONE_NUMBERS = 10;
const FIELD_TYPES = [
	'text',
	'number',
	'currency',
	'tags',
	'date',
	'single_select',
	'invitee_question',
];

/**
 * @typedef {{ email: string, is_primary: boolean }} ContactEmail
 * @typedef {{ id: string, seq: number, ownerId: string, name: string | null, emails: ContactEmail[],
 *   phone_numbers: Array<{ phone_number: string }>, timezone: string | null, job_title: string | null,
 *   company: string | null, country: string | null, state: string | null, city: string | null,
 *   linkedin: string | null, custom: Record<string, unknown>, creationSource: string, createdAt: string,
 *   updatedAt: string }} ContactRecord
 * @typedef {{ id: string, seq: number, orgId: string, label: string, fieldType: string,
 *   options: Array<{ uuid: string, label: string, color: string | null, is_active: boolean }>,
 *   currency: string | null, source: Record<string, unknown> | null, createdAt: string, updatedAt: string }} FieldDefRecord
 * @typedef {{ parameter: string, message: string }} Detail
 */

/** The organization's custom-field definitions, oldest first. */
function definitionsOf(
	/** @type {import('../simulator').CalendlySimulator} */ sim,
	/** @type {string} */ orgId,
) {
	/** @type {FieldDefRecord[]} */
	const defs = [...sim.store.contactFieldDefs.values()].filter((d) => d.orgId === orgId);
	return defs.sort((a, b) => a.seq - b.seq);
}

/** @param {import('../simulator').CalendlySimulator} sim @param {FieldDefRecord} def */
function serializeDefinition(sim, def) {
	return {
		uri: sim.uri('contacts/custom_field_definitions', def.id),
		label: def.label,
		field_type: def.fieldType,
		...(def.fieldType === 'single_select' ? { options: def.options.map((o) => ({ ...o })) } : {}),
		...(def.fieldType === 'currency' ? { currency: def.currency } : {}),
		...(def.fieldType === 'invitee_question' ? { source: def.source && { ...def.source } } : {}),
		created_at: def.createdAt,
		updated_at: def.updatedAt,
	};
}

/** Every definition of the owner's organization with the contact's value (unset: null, tags: []). */
function customFieldsOf(
	/** @type {import('../simulator').CalendlySimulator} */ sim,
	/** @type {ContactRecord} */ c,
) {
	const owner = /** @type {import('../store').UserRecord} */ (sim.store.users.get(c.ownerId));
	return definitionsOf(sim, owner.orgId).map((def) => {
		const value = c.custom[def.id];
		return {
			uri: sim.uri('contacts/custom_field_definitions', def.id),
			label: def.label,
			value:
				value === undefined || value === null
					? def.fieldType === 'tags'
						? []
						: null
					: Array.isArray(value)
						? [...value]
						: value,
		};
	});
}

/**
 * next_meeting_date / last_meeting_date: the owner's active scheduled events with an active invitee who has
 * one of the contact's emails; the next one starts after now, the last one at or before now.
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {ContactRecord} c
 */
function meetingDates(sim, c) {
	const emails = new Set(c.emails.map((e) => e.email.toLowerCase()));
	const now = sim.now().getTime();
	/** @type {number | null} */ let next = null;
	/** @type {number | null} */ let last = null;
	for (const ev of sim.store.events.values()) {
		if (ev.status !== 'active' || !ev.hostIds.includes(c.ownerId)) continue;
		const invitees = sim.store.inviteesByEvent.get(ev.id) || [];
		if (!invitees.some((i) => i.status === 'active' && emails.has(i.email.toLowerCase()))) continue;
		if (ev.start > now) {
			if (next === null || ev.start < next) next = ev.start;
		} else if (last === null || ev.start > last) last = ev.start;
	}
	return {
		next: next === null ? null : isoMicro(next),
		last: last === null ? null : isoMicro(last),
	};
}

/**
 * A contact. REST: with `app_url`, without `creation_source`; webhook (`contact.created/updated`): the
 * other way round. `fresh` (contact.created) leaves the meeting and interaction dates null, as Calendly
 * documents for that event; `excludeCustomFields` drops `custom_fields` (GET ?exclude=custom_fields).
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {ContactRecord} c
 * @param {{ webhook?: boolean, fresh?: boolean, excludeCustomFields?: boolean }} [options]
 */
function serializeContact(sim, c, options = {}) {
	const dates = options.fresh ? { next: null, last: null } : meetingDates(sim, c);
	return {
		uri: sim.uri('contacts', c.id),
		...(options.webhook ? { creation_source: c.creationSource } : {}),
		name: c.name,
		emails: c.emails.map((e) => ({ ...e })),
		phone_numbers: c.phone_numbers.map((p) => ({ ...p })),
		timezone: c.timezone,
		job_title: c.job_title,
		company: c.company,
		country: c.country,
		state: c.state,
		city: c.city,
		linkedin: c.linkedin,
		...(options.excludeCustomFields ? {} : { custom_fields: customFieldsOf(sim, c) }),
		created_at: c.createdAt,
		updated_at: c.updatedAt,
		first_email_date: null,
		last_email_date: null,
		next_meeting_date: dates.next,
		last_meeting_date: dates.last,
		last_interaction_date: null,
		...(options.webhook ? {} : { app_url: `https://calendly.com/app/contacts/${c.id}` }),
	};
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isTimeZone(/** @type {string} */ zone) {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

function isHttpUrl(/** @type {string} */ text) {
	try {
		const url = new URL(text);
		return url.protocol === 'https:' || url.protocol === 'http:';
	} catch {
		return false;
	}
}

function isDate(/** @type {unknown} */ value) {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * Checks one custom-field value against its definition; returns the value to store or an error message.
 * @param {FieldDefRecord} def
 * @param {unknown} value
 * @param {boolean} api whether the value comes from the REST API (invitee_question fields are read-only there)
 * @returns {{ value: unknown } | { error: string }}
 */
function checkCustomValue(def, value, api) {
	if (value === null) return { value: null };
	switch (def.fieldType) {
		case 'text':
			return typeof value === 'string' ? { value } : { error: 'must be a string (text field)' };
		case 'number':
		case 'currency':
			return typeof value === 'number' && Number.isFinite(value)
				? { value }
				: {
						error:
							def.fieldType === 'currency'
								? `must be a number in ${def.currency ?? 'the currency'} major units (currency field)`
								: 'must be a number (number field)',
					};
		case 'date':
			return isDate(value) ? { value } : { error: 'must be a date as YYYY-MM-DD (date field)' };
		case 'tags':
			return Array.isArray(value) && value.every((v) => typeof v === 'string')
				? { value: [...value] }
				: { error: 'must be an array of strings (tags field)' };
		case 'single_select': {
			const active = def.options.filter((o) => o.is_active);
			const valid = `must be one of the options: ${active.map((o) => `${o.label} (${o.uuid})`).join(', ')}`;
			if (typeof value !== 'string') return { error: valid };
			if (active.some((o) => o.uuid === value)) return { value };
			const byLabel = active.filter((o) => o.label === value);
			if (byLabel.length > 1)
				return { error: `matches more than one option by label; send the option uuid. ${valid}` };
			return byLabel.length === 1 ? { value: byLabel[0].uuid } : { error: valid };
		}
		case 'invitee_question':
			if (api) return { error: 'is filled from an invitee question and cannot be written' };
			return typeof value === 'string' ? { value } : { error: 'must be a string' };
		default:
			return { error: `has an unsupported field type ${def.fieldType}` };
	}
}

/**
 * Checks a contact body (POST: create; PATCH and updateContact: changes) and normalises it.
 * `conflict`: an email another contact of the same owner already has (answered 409).
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {Record<string, any>} input
 * @param {{ create: boolean, api: boolean, ownerId: string, selfId: string | null }} options
 */
function checkContactInput(sim, input, options) {
	/** @type {Detail[]} */
	const details = [];
	/** @type {Record<string, any>} */
	const patch = {};
	const owner = /** @type {import('../store').UserRecord} */ (sim.store.users.get(options.ownerId));
	if (options.api) {
		for (const key of Object.keys(input)) {
			if (!CONTACT_FIELDS.includes(key))
				details.push({
					parameter: key,
					message: `is not a supported field; allowed: ${CONTACT_FIELDS.join(', ')}`,
				});
		}
		if (!options.create && !CONTACT_FIELDS.some((key) => key in input))
			details.push({
				parameter: 'body',
				message: `must contain at least one of: ${CONTACT_FIELDS.join(', ')}`,
			});
	}

	if (options.create && (input.name === undefined || input.name === null))
		details.push({ parameter: 'name', message: 'is required' });
	else if ('name' in input) {
		if (typeof input.name !== 'string' || input.name.trim() === '')
			details.push({ parameter: 'name', message: 'must be a non-empty string' });
		else patch.name = input.name;
	}

	if (options.create && input.emails === undefined)
		details.push({ parameter: 'emails', message: 'is required' });
	else if ('emails' in input) {
		const emails = input.emails;
		if (!Array.isArray(emails) || emails.length < 1 || emails.length > MAX_EMAILS)
			details.push({
				parameter: 'emails',
				message: `must be an array of 1 to ${MAX_EMAILS} objects { email, is_primary }`,
			});
		else {
			const seen = new Set();
			let primaries = 0;
			emails.forEach((/** @type {any} */ e, /** @type {number} */ i) => {
				if (
					!e ||
					typeof e !== 'object' ||
					typeof e.email !== 'string' ||
					!EMAIL_PATTERN.test(e.email)
				)
					details.push({
						parameter: `emails[${i}].email`,
						message: 'must be a valid email address',
					});
				else if (seen.has(e.email.toLowerCase()))
					details.push({ parameter: `emails[${i}].email`, message: 'is listed twice' });
				else seen.add(e.email.toLowerCase());
				if (
					e &&
					typeof e === 'object' &&
					e.is_primary !== undefined &&
					typeof e.is_primary !== 'boolean'
				)
					details.push({ parameter: `emails[${i}].is_primary`, message: 'must be true or false' });
				if (e && e.is_primary === true) primaries += 1;
			});
			if (primaries !== 1)
				details.push({
					parameter: 'emails',
					message: 'must have exactly one email with is_primary: true',
				});
			patch.emails = emails.map((/** @type {any} */ e) => ({
				email: e?.email,
				is_primary: e?.is_primary === true,
			}));
		}
	}

	if ('phone_numbers' in input) {
		const phones = input.phone_numbers;
		if (!Array.isArray(phones) || phones.length > MAX_PHONE_NUMBERS)
			details.push({
				parameter: 'phone_numbers',
				message: `must be an array of at most ${MAX_PHONE_NUMBERS} objects { phone_number }`,
			});
		else {
			phones.forEach((/** @type {any} */ p, /** @type {number} */ i) => {
				if (!p || typeof p.phone_number !== 'string' || p.phone_number.trim() === '')
					details.push({
						parameter: `phone_numbers[${i}].phone_number`,
						message: 'must be a non-empty string',
					});
			});
			patch.phone_numbers = phones.map((/** @type {any} */ p) => ({
				phone_number: p?.phone_number,
			}));
		}
	}

	for (const field of STRING_FIELDS) {
		if (!(field in input)) continue;
		const value = input[field];
		if (value !== null && typeof value !== 'string')
			details.push({ parameter: field, message: 'must be a string or null' });
		else if (field === 'timezone' && value !== null && !isTimeZone(value))
			details.push({
				parameter: field,
				message: 'must be an IANA time zone such as Europe/Berlin',
			});
		else if (field === 'linkedin' && value !== null && !isHttpUrl(value))
			details.push({ parameter: field, message: 'must be a URL' });
		else patch[field] = value;
	}

	if ('custom_fields' in input) {
		const fields = input.custom_fields;
		if (!Array.isArray(fields))
			details.push({ parameter: 'custom_fields', message: 'must be an array of { uuid, value }' });
		else {
			const defs = new Map(definitionsOf(sim, owner.orgId).map((d) => [d.id, d]));
			/** @type {Record<string, unknown>} */
			const custom = {};
			fields.forEach((/** @type {any} */ f, /** @type {number} */ i) => {
				const def = f && typeof f.uuid === 'string' ? defs.get(f.uuid) : undefined;
				if (!def) {
					details.push({
						parameter: `custom_fields[${i}].uuid`,
						message: 'is not the uuid of a custom field definition of this organization',
					});
					return;
				}
				if (!('value' in f)) {
					details.push({ parameter: `custom_fields[${i}].value`, message: 'is required' });
					return;
				}
				const checked = checkCustomValue(def, f.value, options.api);
				if ('error' in checked)
					details.push({ parameter: `custom_fields[${i}].value`, message: checked.error });
				else custom[def.id] = checked.value;
			});
			patch.custom = custom;
		}
	}

	/** @type {string | null} */
	let conflict = null;
	if (patch.emails && !details.length) {
		const index = sim.store.contactsByOwnerEmail.get(options.ownerId);
		for (const e of patch.emails) {
			const other = index?.get(e.email.toLowerCase());
			if (other && other !== options.selfId) conflict = e.email;
		}
	}
	return { details, patch, conflict };
}

/** 409 for an email another contact of the same user already has. */
function contactExists(/** @type {string} */ email) {
	return new ApiError(409, {
		title: 'Already Exists',
		message: 'The resource already exists',
		details: [{ parameter: 'emails', message: `a contact with ${email} already exists` }],
	});
}

/** A token sees its user's contacts; owners and admins see every contact of their organization. */
function canSeeContact(/** @type {import('./common').Ctx} */ ctx, /** @type {ContactRecord} */ c) {
	if (c.ownerId === ctx.user.id) return true;
	const owner = ctx.sim.store.users.get(c.ownerId);
	return !!owner && owner.orgId === ctx.user.orgId && ctx.sim.store.isAdmin(ctx.user.id);
}

/** @returns {ContactRecord} */
function visibleContact(/** @type {import('./common').Ctx} */ ctx) {
	const c = byPathId(ctx.sim.store.contacts, ctx.params.uuid);
	if (!canSeeContact(ctx, c)) throw permissionDenied();
	return c;
}

/** Comma-separated filter values; undefined when the filter is absent. */
function csvParam(/** @type {Record<string, string>} */ query, /** @type {string} */ name) {
	const raw = query[name];
	if (raw === undefined) return undefined;
	const values = raw
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
	if (!values.length) throw invalidParameter(name, 'must not be empty');
	return values;
}

/** `exclude=custom_fields` */
function excludesCustomFields(/** @type {Record<string, string>} */ query) {
	return enumParam(query, 'exclude', ['custom_fields']) === 'custom_fields';
}

/** @type {Array<{ method: string, path: string, scope: string, handler: (ctx: import('./common').Ctx) => import('./common').Reply | Promise<import('./common').Reply> }>} */
const routes = [
	// Before /contacts/:uuid, which would match these paths too.
	{
		method: 'GET',
		path: '/contacts/custom_field_definitions',
		scope: 'contacts:read',
		handler: (ctx) => ({
			status: 200,
			body: {
				collection: definitionsOf(ctx.sim, ctx.user.orgId).map((d) =>
					serializeDefinition(ctx.sim, d),
				),
			},
		}),
	},
	{
		method: 'GET',
		path: '/contacts/custom_field_definitions/:uuid',
		scope: 'contacts:read',
		handler: (ctx) => {
			const def = byPathId(ctx.sim.store.contactFieldDefs, ctx.params.uuid);
			if (def.orgId !== ctx.user.orgId) throw permissionDenied();
			return { status: 200, body: { resource: serializeDefinition(ctx.sim, def) } };
		},
	},
	{
		method: 'GET',
		path: '/contacts',
		scope: 'contacts:read',
		handler: (ctx) => {
			const { sim } = ctx;
			const q = ctx.query;
			const lower = (/** @type {string[] | undefined} */ list) => list?.map((v) => v.toLowerCase());
			const emails = lower(csvParam(q, 'email'));
			const phones = csvParam(q, 'phone_number');
			const zones = csvParam(q, 'timezone');
			const countries = csvParam(q, 'country');
			const states = csvParam(q, 'state');
			/** @type {Array<[keyof ContactRecord, string[] | undefined]>} */
			const partial = [
				['name', lower(csvParam(q, 'name'))],
				['job_title', lower(csvParam(q, 'job_title'))],
				['company', lower(csvParam(q, 'company'))],
				['city', lower(csvParam(q, 'city'))],
			];
			const exclude = excludesCustomFields(q);
			const compare = sorter(q.sort, 'created_at:asc', {
				created_at: (/** @type {ContactRecord} */ c) => c.createdAt,
				updated_at: (/** @type {ContactRecord} */ c) => c.updatedAt,
			});
			/** @type {ContactRecord[]} */
			const all = [...sim.store.contacts.values()];
			const list = all
				.filter((c) => canSeeContact(ctx, c))
				.filter((c) => !emails || c.emails.some((e) => emails.includes(e.email.toLowerCase())))
				.filter((c) => !phones || c.phone_numbers.some((p) => phones.includes(p.phone_number)))
				.filter((c) => !zones || (c.timezone !== null && zones.includes(c.timezone)))
				.filter((c) => !countries || (c.country !== null && countries.includes(c.country)))
				.filter((c) => !states || (c.state !== null && states.includes(c.state)))
				.filter((c) =>
					partial.every(([field, parts]) => {
						if (!parts) return true;
						const value = c[field];
						return (
							typeof value === 'string' && parts.some((part) => value.toLowerCase().includes(part))
						);
					}),
				)
				.sort((a, b) => a.seq - b.seq)
				.sort(compare);
			const page = paginate(ctx, list);
			return {
				status: 200,
				body: {
					collection: page.collection.map((c) =>
						serializeContact(sim, c, { excludeCustomFields: exclude }),
					),
					pagination: page.pagination,
				},
			};
		},
	},
	{
		method: 'GET',
		path: '/contacts/:uuid',
		scope: 'contacts:read',
		handler: (ctx) => {
			const c = visibleContact(ctx);
			const exclude = excludesCustomFields(ctx.query);
			return {
				status: 200,
				body: { resource: serializeContact(ctx.sim, c, { excludeCustomFields: exclude }) },
			};
		},
	},
	{
		method: 'POST',
		path: '/contacts',
		scope: 'contacts:write',
		handler: async (ctx) => {
			const body = ctx.body;
			if (!body || typeof body !== 'object' || Array.isArray(body))
				throw invalidParameter('body', 'must be a JSON object');
			const checked = checkContactInput(ctx.sim, body, {
				create: true,
				api: true,
				ownerId: ctx.user.id,
				selfId: null,
			});
			if (checked.details.length) throw invalidArgument(checked.details);
			if (checked.conflict) throw contactExists(checked.conflict);
			const { contact } = await ctx.sim.createContact({
				...body,
				owner: ctx.sim.uri('users', ctx.user.id),
				creation_source: 'api',
			});
			return { status: 201, body: { resource: contact } };
		},
	},
	{
		method: 'PATCH',
		path: '/contacts/:uuid',
		scope: 'contacts:write',
		handler: async (ctx) => {
			const c = visibleContact(ctx);
			const body = ctx.body;
			if (!body || typeof body !== 'object' || Array.isArray(body))
				throw invalidParameter('body', 'must be a JSON object');
			const checked = checkContactInput(ctx.sim, body, {
				create: false,
				api: true,
				ownerId: c.ownerId,
				selfId: c.id,
			});
			if (checked.details.length) throw invalidArgument(checked.details);
			if (checked.conflict) throw contactExists(checked.conflict);
			const { contact } = await ctx.sim.updateContact(ctx.sim.uri('contacts', c.id), body);
			return { status: 200, body: { resource: contact } };
		},
	},
	{
		method: 'DELETE',
		path: '/contacts/:uuid',
		scope: 'contacts:write',
		handler: async (ctx) => {
			const c = visibleContact(ctx);
			await ctx.sim.deleteContact(ctx.sim.uri('contacts', c.id));
			return { status: 204 };
		},
	},
];

module.exports = {
	routes,
	serializeContact,
	serializeDefinition,
	checkContactInput,
	definitionsOf,
	FIELD_TYPES,
};
