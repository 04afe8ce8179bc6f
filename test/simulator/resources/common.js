// @ts-check
// Small helpers shared by the resource handlers: reading query filters and resolving URIs.
'use strict';
const { invalidParameter, notFound } = require('../errors');
const { idFromUri } = require('../store');

/**
 * @typedef {{ sim: import('../simulator').CalendlySimulator, token: import('../store').TokenRecord,
 *   user: import('../store').UserRecord, params: Record<string, string>, query: Record<string, string>,
 *   body: any, baseUrl: string, path: string, method: string }} Ctx
 * @typedef {{ status: number, body?: unknown }} Reply
 */

/** A required query/body parameter; 400 when missing or empty. */
function required(/** @type {Record<string, any>} */ source, /** @type {string} */ name) {
	const value = source[name];
	if (value === undefined || value === null || value === '')
		throw invalidParameter(name, 'is required');
	return value;
}

/**
 * Resolves a filter that holds a resource URI (e.g. `user=https://…/users/ID`). 400 when it is not a URI of
 * that collection, 404 when no such record exists.
 * @template T
 * @param {Ctx} ctx
 * @param {string} name parameter name, for the error
 * @param {unknown} value
 * @param {string} collection path segment, e.g. 'users'
 * @param {Map<string, T>} map
 * @returns {T}
 */
function resolveUri(ctx, name, value, collection, map) {
	const uri = typeof value === 'string' ? value : '';
	if (!new RegExp(`/${collection}/[^/]+/?$`).test(uri)) {
		throw invalidParameter(
			name,
			`must be a valid ${collection} URI such as ${ctx.baseUrl}/${collection}/AAAAAAAAAAAAAAAA`,
		);
	}
	const record = map.get(idFromUri(uri));
	if (!record) throw notFound();
	return record;
}

/** Optional boolean query parameter ("true"/"false"). */
function booleanParam(/** @type {Record<string, string>} */ query, /** @type {string} */ name) {
	const value = query[name];
	if (value === undefined) return undefined;
	if (value === 'true') return true;
	if (value === 'false') return false;
	throw invalidParameter(name, 'must be true or false');
}

/** Optional enum query parameter. */
function enumParam(
	/** @type {Record<string, string>} */ query,
	/** @type {string} */ name,
	/** @type {string[]} */ allowed,
) {
	const value = query[name];
	if (value === undefined) return undefined;
	if (!allowed.includes(value))
		throw invalidParameter(name, `must be one of: ${allowed.join(', ')}`);
	return value;
}

/** The record behind a path `:uuid`, or 404. */
function byPathId(/** @type {Map<string, any>} */ map, /** @type {string} */ id) {
	const record = map.get(id);
	if (!record) throw notFound();
	return record;
}

module.exports = { required, resolveUri, booleanParam, enumParam, byPathId };
