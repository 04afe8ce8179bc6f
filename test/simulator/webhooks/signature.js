// @ts-check
// Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, t + "." + rawBody)>.
'use strict';
const crypto = require('node:crypto');

/**
 * The header value Calendly would send for this body.
 * @param {string} key signing key
 * @param {string | Buffer} rawBody exact bytes of the request body
 * @param {number} [t] unix seconds; defaults to now
 */
function signWebhook(key, rawBody, t = Math.floor(Date.now() / 1000)) {
	const v1 = crypto.createHmac('sha256', key).update(`${t}.`).update(rawBody).digest('hex');
	return `t=${t},v1=${v1}`;
}

/**
 * Builds a delivery exactly as the simulator sends it, for tests that post crafted webhooks themselves.
 * @param {{ event: string, payload: unknown, createdBy: string, createdAt?: string, signingKey?: string | null, t?: number }} options
 */
function buildDelivery(options) {
	const body = JSON.stringify({
		event: options.event,
		created_at: options.createdAt ?? new Date().toISOString().replace('Z', '000Z'),
		created_by: options.createdBy,
		payload: options.payload,
	});
	/** @type {Record<string, string>} */
	const headers = { 'content-type': 'application/json; charset=utf-8' };
	if (options.signingKey)
		headers['calendly-webhook-signature'] = signWebhook(options.signingKey, body, options.t);
	return { body, headers };
}

module.exports = { signWebhook, buildDelivery };
