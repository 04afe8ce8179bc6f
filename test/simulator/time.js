// @ts-check
// Calendly time formats and id shapes.
'use strict';
const crypto = require('node:crypto');

/** ISO-8601 UTC with microseconds, as Calendly writes it: 2026-06-10T06:30:00.000000Z */
function isoMicro(/** @type {Date | number} */ date) {
	return new Date(date).toISOString().replace('Z', '000Z');
}

/**
 * Parses a client-supplied time; null when it is not a valid ISO date-time.
 * @param {unknown} value
 */
function parseTime(value) {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? null : new Date(ms);
}

/** Calendly's short resource ids look like 16 upper-case letters/digits. */
function shortId() {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	const bytes = crypto.randomBytes(16);
	let id = '';
	for (const b of bytes) id += alphabet[b % 32];
	return id;
}

/** Webhook subscriptions and no-shows carry standard UUIDs. */
function longId() {
	return crypto.randomUUID();
}

/** URL-safe slug from a name. */
function slugify(/** @type {string} */ text) {
	return (
		text
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '') || 'item'
	);
}

/**
 * Offset of an IANA time zone from UTC at a moment, in minutes (positive east of UTC).
 * @param {string} timeZone
 * @param {Date} at
 */
function zoneOffsetMinutes(timeZone, at) {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(at);
	/** @type {Record<string, number>} */
	const p = {};
	for (const part of parts) if (part.type !== 'literal') p[part.type] = Number(part.value);
	const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

module.exports = { isoMicro, parseTime, shortId, longId, slugify, zoneOffsetMinutes };
