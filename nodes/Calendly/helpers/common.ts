import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CalendlyUser, ResourceResponse } from '../../shared/calendly/types';
import {
	calendlyApiRequest,
	calendlyApiRequestAllItems,
	getCurrentUser,
} from '../../shared/transport';
import { toJson } from '../actions/types';
import { locator, locatorUri } from './locators';
import { parseDateTime } from './time';

// One GET /users/me per execution, not one per input item.
const currentUsers = new WeakMap<object, Promise<CalendlyUser>>();

/** The user the credential belongs to; their URI and organization are the defaults everywhere. */
export async function currentUser(ctx: IExecuteFunctions): Promise<CalendlyUser> {
	let pending = currentUsers.get(ctx);
	if (!pending) {
		pending = getCurrentUser.call(ctx);
		currentUsers.set(ctx, pending);
		// A failure is not remembered, so the next item asks again.
		pending.catch(() => currentUsers.delete(ctx));
	}
	return await pending;
}

/** GET a single Calendly resource and unwrap it from { resource }. */
export async function getResource<T>(
	ctx: IExecuteFunctions,
	endpoint: string,
	itemIndex: number,
): Promise<T> {
	const response = (await calendlyApiRequest.call(ctx, 'GET', endpoint, undefined, undefined, {
		itemIndex,
	})) as ResourceResponse<T>;
	return response.resource;
}

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

/** The Limit parameter, or undefined when Return All is on. */
export function collectionLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
}

/** What a Get Many operation outputs: a Calendly collection honouring Return All / Limit, one item each. */
export async function getCollection(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoint: string,
	qs: IDataObject,
): Promise<IDataObject[]> {
	const limit = collectionLimit(ctx, itemIndex);
	return toJson(await calendlyApiRequestAllItems.call(ctx, endpoint, qs, limit, { itemIndex }));
}

/**
 * The query a Get Many operation sends from its Filters and Options collections: every value the user set,
 * under Calendly's name for it (`names` maps parameter to query name), strings trimmed.
 */
export function collectionQuery(
	ctx: IExecuteFunctions,
	itemIndex: number,
	names: Record<string, string>,
): IDataObject {
	const chosen: IDataObject = {
		...(ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject),
		...(ctx.getNodeParameter('options', itemIndex, {}) as IDataObject),
	};
	const qs: IDataObject = {};
	for (const [name, queryName] of Object.entries(names)) {
		const value = chosen[name];
		if (value === undefined || value === '' || value === false) continue;
		qs[queryName] = typeof value === 'string' ? value.trim() : value;
	}
	return qs;
}

type OwnerScope = 'me' | 'user' | 'organization';

/** "Whose" for listing event types and scheduled events; the default never needs an admin role. */
export function ownerScopeFields(noun: string): INodeProperties[] {
	return [
		{
			displayName: 'Owner',
			name: 'scope',
			type: 'options',
			default: 'me',
			options: [
				{ name: 'Me', value: 'me', description: `My own ${noun}` },
				{
					name: 'A User in My Organization',
					value: 'user',
					description: `The ${noun} of a chosen user in my organization (needs owner or admin role)`,
				},
				{
					name: 'My Whole Organization',
					value: 'organization',
					description: `All ${noun} in my organization (needs owner or admin role)`,
				},
			],
			hint: `Defaults to your own ${noun} (the user of the credential). Other users' or the whole organization's ${noun} need an owner or admin role in Calendly.`,
		},
		locator('user', 'user', { displayOptions: { show: { scope: ['user'] } } }),
	];
}

/** The user/organization query filters for the Owner parameter. */
export async function ownerFilter(ctx: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const scope = ctx.getNodeParameter('scope', itemIndex, 'me') as OwnerScope;
	const me = await currentUser(ctx);
	if (scope === 'organization') return { organization: me.current_organization };
	if (scope === 'user') {
		return {
			organization: me.current_organization,
			user: await locatorUri(ctx, 'user', 'user', itemIndex),
		};
	}
	return { user: me.uri };
}

export const startTimeFilterFields: INodeProperties[] = [
	{
		displayName: 'Max Start Time',
		name: 'maxStartTime',
		type: 'dateTime',
		default: '',
		description: 'Only events starting before this time',
	},
	{
		displayName: 'Min Start Time',
		name: 'minStartTime',
		type: 'dateTime',
		default: '',
		description: 'Only events starting at or after this time',
	},
];

/** The min/max_start_time query filters from the filters collection, in UTC as Calendly wants them. */
export function startTimeFilter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	filters: { minStartTime?: string; maxStartTime?: string },
): IDataObject {
	const qs: IDataObject = {};
	for (const [field, param, label] of [
		['minStartTime', 'min_start_time', 'Min Start Time'],
		['maxStartTime', 'max_start_time', 'Max Start Time'],
	] as const) {
		const value = filters[field];
		if (!value) continue;
		const when = parseDateTime(value, ctx.getTimezone());
		if (!when) {
			throw new NodeOperationError(ctx.getNode(), `${label} '${value}' is not a date and time`, {
				itemIndex,
				description: `Set the '${label}' filter to a date and time such as 2026-12-01T09:00:00Z.`,
			});
		}
		qs[param] = when.toISOString();
	}
	return qs;
}

/** n8n's "Add Filter" collection of optional query filters. */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options,
	};
}

/** n8n's "Add Option" collection of optional settings. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/** A Calendly `sort` choice (values are Calendly's `field:direction`). */
export function sortOption(
	choices: INodePropertyOptions[],
	defaultValue: string,
	description: string,
): INodeProperties {
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		options: choices,
		default: defaultValue,
		description,
	};
}

/** Calendly's active/canceled status filter, for events and invitees. */
export function statusFilter(description: string): INodeProperties {
	return {
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Active', value: 'active' },
			{ name: 'Canceled', value: 'canceled' },
		],
		default: 'active',
		description,
	};
}
