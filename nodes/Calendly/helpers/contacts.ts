// Calendly contacts: their shapes, the custom field definitions, and turning what a user typed into the
// values Calendly's contact bodies want (checked here, so mistakes are named before anything is sent).
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CollectionResponse } from '../../shared/calendly/types';
import { calendlyApiRequest, uuidFromUri, type CalendlyFunctions } from '../../shared/transport';

export interface ContactEmail {
	email: string;
	is_primary: boolean;
}

export interface Contact {
	uri: string;
	name: string | null;
	emails: ContactEmail[];
	phone_numbers: Array<{ phone_number: string }>;
	app_url?: string;
	created_at: string;
	updated_at: string;
	[key: string]: unknown;
}

export interface CustomFieldDefinition {
	uri: string;
	label: string;
	field_type: string;
	options?: Array<{ uuid: string; label: string; is_active?: boolean }> | null;
	currency?: string | null;
}

/** Calendly takes at most this many emails and phone numbers per contact. */
export const MAX_ENTRIES = 10;

/** Every custom field definition (Calendly does not paginate this list). */
export async function customFieldDefinitions(
	ctx: CalendlyFunctions,
	itemIndex?: number,
): Promise<CustomFieldDefinition[]> {
	const response = (await calendlyApiRequest.call(
		ctx,
		'GET',
		'/contacts/custom_field_definitions',
		undefined,
		undefined,
		{ itemIndex },
	)) as CollectionResponse<CustomFieldDefinition>;
	return Array.isArray(response?.collection) ? response.collection : [];
}

// One read of the definitions per execution, not one per input item.
const definitionsByRun = new WeakMap<object, Promise<CustomFieldDefinition[]>>();

function definitionsForRun(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<CustomFieldDefinition[]> {
	let pending = definitionsByRun.get(ctx);
	if (!pending) {
		pending = customFieldDefinitions(ctx, itemIndex);
		definitionsByRun.set(ctx, pending);
		// A failure is not remembered, so the next item asks again.
		pending.catch(() => definitionsByRun.delete(ctx));
	}
	return pending;
}

const TYPE_HINTS: Record<string, string> = {
	text: 'Text',
	number: 'Number',
	date: 'Date as YYYY-MM-DD',
	tags: 'Tags, comma-separated',
	invitee_question: 'Answer to a booking question',
};

/** A short note on what a custom field takes, for the option list. */
export function customFieldHint(definition: CustomFieldDefinition): string {
	if (definition.field_type === 'currency') {
		return `Amount in ${definition.currency ?? 'the field’s currency'}, in whole units (85000 for 85,000.00)`;
	}
	if (definition.field_type === 'single_select') {
		const labels = activeOptions(definition).map((option) => option.label);
		return `One of: ${labels.join(', ')}`;
	}
	return TYPE_HINTS[definition.field_type] ?? definition.field_type;
}

function activeOptions(definition: CustomFieldDefinition) {
	return (definition.options ?? []).filter((option) => option.is_active !== false);
}

/** Items separated by commas, semicolons or new lines, trimmed, empty ones dropped. */
export function splitList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[,;\n]/);
	return parts.map((part) => part.trim()).filter((part) => part !== '');
}

export const emailMatchKey = (email: string) => email.trim().toLowerCase();
/** Phone numbers are matched by their digits (and a leading +), so "+1 555-0100" is "+15550100". */
export const phoneMatchKey = (phone: string) => phone.replace(/[^\d+]/g, '');

/** Distinct values by a matching key, first spelling kept. */
export function distinct(values: string[], key: (value: string) => string): string[] {
	const seen = new Set<string>();
	return values.filter((value) => {
		const k = key(value);
		if (seen.has(k)) return false;
		seen.add(k);
		return true;
	});
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Throws when a value is not an email address, naming the parameter it came from. */
export function checkEmail(
	ctx: IExecuteFunctions,
	email: string,
	parameter: string,
	itemIndex: number,
): string {
	if (!EMAIL.test(email)) {
		throw new NodeOperationError(ctx.getNode(), `'${email}' is not an email address`, {
			itemIndex,
			description: `Set '${parameter}' to email addresses like name@example.com, several separated by commas.`,
		});
	}
	return email;
}

/** Throws when a list is longer than Calendly allows. */
export function checkCount(
	ctx: IExecuteFunctions,
	count: number,
	what: string,
	itemIndex: number,
): void {
	if (count > MAX_ENTRIES) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The contact would have ${count} ${what}; Calendly allows at most ${MAX_ENTRIES}`,
			{ itemIndex, description: `Give at most ${MAX_ENTRIES} ${what} in total.` },
		);
	}
}

/** The profile parameters (Create's Additional Fields, Update's Update Fields) and Calendly's names for them. */
const PROFILE_NAMES: Record<string, string> = {
	name: 'name',
	company: 'company',
	jobTitle: 'job_title',
	city: 'city',
	state: 'state',
	country: 'country',
	timezone: 'timezone',
	linkedin: 'linkedin',
};

function isTimeZone(value: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: value });
		return true;
	} catch {
		return false;
	}
}

/**
 * The plain profile fields of a contact body. Values are trimmed and checked (country code, time zone,
 * LinkedIn URL); an empty value is left out, or with `emptyClears` sent as null, which clears the field
 * (except the name).
 */
export function profileBody(
	ctx: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
	emptyClears: boolean,
): IDataObject {
	const body: IDataObject = {};
	const fail = (message: string, description: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
	for (const [parameter, apiName] of Object.entries(PROFILE_NAMES)) {
		if (!(parameter in fields)) continue;
		const value = String(fields[parameter] ?? '').trim();
		if (value === '') {
			// A contact's name can be changed, not removed.
			if (emptyClears && parameter !== 'name') body[apiName] = null;
			continue;
		}
		if (parameter === 'country' && !/^[A-Za-z]{2}$/.test(value)) {
			throw fail(
				`Country '${value}' is not a two-letter country code`,
				"Set 'Country' to the ISO 3166-1 alpha-2 code, like US, GB or DE.",
			);
		}
		if (parameter === 'timezone' && !isTimeZone(value)) {
			throw fail(
				`Timezone '${value}' is not a known time zone`,
				"Set 'Timezone' to an IANA time zone name, like America/New_York or Europe/Berlin.",
			);
		}
		if (parameter === 'linkedin' && !/^https?:\/\/\S+$/i.test(value)) {
			throw fail(
				`LinkedIn '${value}' is not a URL`,
				"Set 'LinkedIn' to the full profile URL, like https://www.linkedin.com/in/jane-doe.",
			);
		}
		body[apiName] = parameter === 'country' ? value.toUpperCase() : value;
	}
	return body;
}

/** One entry of the Custom Fields parameter. */
export interface CustomFieldInput {
	field?: string;
	value?: unknown;
}

/** The definition a Custom Fields entry names: by ID (what the list gives), URI, or label. */
function findDefinition(
	definitions: CustomFieldDefinition[],
	field: string,
): CustomFieldDefinition | undefined {
	const id = uuidFromUri(field);
	return (
		definitions.find((definition) => uuidFromUri(definition.uri) === id) ??
		definitions.find((definition) => definition.label.toLowerCase() === field.toLowerCase())
	);
}

/** A value typed into n8n, converted to what Calendly takes for this kind of field. */
function customFieldValue(
	ctx: IExecuteFunctions,
	definition: CustomFieldDefinition,
	raw: unknown,
	itemIndex: number,
): string | number | string[] {
	const fail = (expected: string) =>
		new NodeOperationError(
			ctx.getNode(),
			`Custom field '${definition.label}' takes ${expected}; '${String(raw)}' is not`,
			{
				itemIndex,
				description: `Change the value given for '${definition.label}' under 'Custom Fields'.`,
			},
		);
	const text = typeof raw === 'string' ? raw.trim() : raw;
	switch (definition.field_type) {
		case 'number':
		case 'currency': {
			const number = typeof text === 'number' ? text : Number(text);
			if (text === '' || !Number.isFinite(number)) {
				throw fail(
					definition.field_type === 'currency'
						? `an amount in whole ${definition.currency ?? 'currency'} units, like 85000`
						: 'a number',
				);
			}
			return number;
		}
		case 'date': {
			const match = /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/.exec(String(text));
			if (!match) throw fail('a date like 2026-12-31');
			return match[1];
		}
		case 'tags': {
			if (typeof text === 'string' && text.startsWith('[')) {
				try {
					return splitList(JSON.parse(text));
				} catch {
					throw fail('tags separated by commas, or a JSON array of strings');
				}
			}
			return splitList(text);
		}
		case 'single_select': {
			const chosen = String(text);
			const options = activeOptions(definition);
			if (options.length === 0) return chosen;
			const found =
				options.find((option) => option.uuid === chosen || option.label === chosen) ??
				options.find((option) => option.label.toLowerCase() === chosen.toLowerCase());
			if (!found) throw fail(`one of ${options.map((option) => `'${option.label}'`).join(', ')}`);
			return found.uuid;
		}
		default:
			return typeof text === 'string' ? text : (JSON.stringify(text) ?? '');
	}
}

/**
 * The `custom_fields` of a contact body from the Custom Fields parameter, fields named by ID, URI or
 * label. An empty value is left out, or with `emptyClears` sent as null (Calendly merges custom fields:
 * the ones not listed keep their values). Reads the definitions once, only when fields are given.
 */
export async function customFieldsBody(
	ctx: IExecuteFunctions,
	entries: CustomFieldInput[],
	itemIndex: number,
	emptyClears: boolean,
): Promise<IDataObject[] | undefined> {
	const given = entries.filter((entry) => String(entry.field ?? '').trim() !== '');
	if (given.length === 0) return undefined;
	const definitions = await definitionsForRun(ctx, itemIndex);
	const body: IDataObject[] = [];
	for (const entry of given) {
		const field = String(entry.field).trim();
		const definition = findDefinition(definitions, field);
		if (!definition) {
			const known = definitions.map((one) => `'${one.label}'`).join(', ') || 'none';
			throw new NodeOperationError(ctx.getNode(), `No contact custom field '${field}'`, {
				itemIndex,
				description: `Pick the field from the list under 'Custom Fields', or give its label or ID. Fields in this Calendly account: ${known}.`,
			});
		}
		const uuid = uuidFromUri(definition.uri);
		const empty = entry.value === undefined || entry.value === null || entry.value === '';
		if (empty) {
			if (emptyClears) body.push({ uuid, value: null });
			continue;
		}
		body.push({ uuid, value: customFieldValue(ctx, definition, entry.value, itemIndex) });
	}
	return body;
}
