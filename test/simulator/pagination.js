// @ts-check
// Calendly list pagination: count 1..100 (default 20), opaque page tokens bound to the
// request's filters, next_page/previous_page URLs that repeat those filters.
'use strict';
const crypto = require('node:crypto');
const { invalidParameter } = require('./errors');

const DEFAULT_COUNT = 20;
const MAX_COUNT = 100;

/**
 * Reads and validates `count`.
 * @param {Record<string, string>} query
 */
function readCount(query) {
	if (query.count === undefined) return DEFAULT_COUNT;
	if (!/^-?\d+$/.test(query.count)) throw invalidParameter('count', 'must be an integer');
	const count = Number(query.count);
	if (count < 1) throw invalidParameter('count', 'must be greater than or equal to 1');
	if (count > MAX_COUNT)
		throw invalidParameter('count', `must be less than or equal to ${MAX_COUNT}`);
	return count;
}

/** Every query parameter except count/page_token, in a stable order: what a page token is bound to. */
function filtersOf(/** @type {Record<string, string>} */ query) {
	return Object.keys(query)
		.filter((k) => k !== 'count' && k !== 'page_token')
		.sort()
		.map((k) => [k, query[k]]);
}

function filterFingerprint(/** @type {Record<string, string>} */ query) {
	return crypto
		.createHash('sha256')
		.update(JSON.stringify(filtersOf(query)))
		.digest('base64url')
		.slice(0, 12);
}

function encodeToken(/** @type {number} */ offset, /** @type {Record<string, string>} */ query) {
	return Buffer.from(JSON.stringify({ o: offset, f: filterFingerprint(query) })).toString(
		'base64url',
	);
}

/** @returns {number} the offset a token points at */
function decodeToken(/** @type {string} */ token, /** @type {Record<string, string>} */ query) {
	let decoded;
	try {
		decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
	} catch {
		decoded = null;
	}
	if (!decoded || typeof decoded.o !== 'number' || decoded.o < 0 || typeof decoded.f !== 'string') {
		throw invalidParameter('page_token', 'is invalid');
	}
	if (decoded.f !== filterFingerprint(query)) {
		throw invalidParameter(
			'page_token',
			'does not match the other parameters of this request; send the same filters and sort',
		);
	}
	return decoded.o;
}

/**
 * Builds `{ collection, pagination }` for one page of an already filtered and sorted list.
 * @template T
 * @param {{ baseUrl: string, path: string, query: Record<string, string> }} request
 * @param {T[]} items
 */
function paginate(request, items) {
	const count = readCount(request.query);
	const offset = request.query.page_token
		? decodeToken(request.query.page_token, request.query)
		: 0;
	const collection = items.slice(offset, offset + count);
	const nextOffset = offset + count < items.length ? offset + count : null;
	const prevOffset = offset > 0 ? Math.max(0, offset - count) : null;
	const nextToken = nextOffset === null ? null : encodeToken(nextOffset, request.query);
	const prevToken = prevOffset === null ? null : encodeToken(prevOffset, request.query);
	return {
		collection,
		pagination: {
			count: collection.length,
			next_page: nextToken && pageUrl(request, count, nextToken),
			previous_page: prevToken && pageUrl(request, count, prevToken),
			next_page_token: nextToken,
			previous_page_token: prevToken,
		},
	};
}

function pageUrl(
	/** @type {{ baseUrl: string, path: string, query: Record<string, string> }} */ request,
	/** @type {number} */ count,
	/** @type {string} */ token,
) {
	const params = new URLSearchParams([
		['count', String(count)],
		['page_token', token],
		...filtersOf(request.query),
	]);
	return `${request.baseUrl}${request.path}?${params.toString()}`;
}

/**
 * Parses `sort` ("field:asc,other:desc") against the allowed fields, returning a comparator.
 * @template T
 * @param {string | undefined} sort
 * @param {string} fallback
 * @param {Record<string, (item: T) => string | number>} fields
 * @returns {(a: T, b: T) => number}
 */
function sorter(sort, fallback, fields) {
	const keys = (sort || fallback).split(',').map((part) => {
		const [field, dir = 'asc', extra] = part.trim().split(':');
		if (!(field in fields) || (dir !== 'asc' && dir !== 'desc') || extra !== undefined) {
			throw invalidParameter(
				'sort',
				`must be one of ${Object.keys(fields)
					.map((f) => `${f}:asc, ${f}:desc`)
					.join(', ')}`,
			);
		}
		return { get: fields[field], sign: dir === 'asc' ? 1 : -1 };
	});
	return (a, b) => {
		for (const key of keys) {
			const x = key.get(a);
			const y = key.get(b);
			if (x < y) return -key.sign;
			if (x > y) return key.sign;
		}
		return 0;
	};
}

module.exports = { paginate, sorter };
