// @ts-check
// Sends webhook deliveries to matching subscriptions and records the outcome.
'use strict';
const http = require('node:http');
const https = require('node:https');
const { buildDelivery } = require('./signature');

/**
 * @typedef {{ subscription: string, url: string, event: string, status: number | null, ok: boolean,
 *   error: string | null, body: string, headers: Record<string, string>, responseBody: string, deliveredAt: string }} DeliveryRecord
 * @typedef {{ orgId: string, userIds: string[], userScopeOnly?: boolean }} Audience who the resource belongs to: its
 *   organization and the users it concerns; `userScopeOnly` (meeting recaps) reaches user-scope subscriptions only
 */

/**
 * Whether an active subscription wants this event for this audience: organization scope sees the whole
 * organization, user scope that user's events, group scope its members' events.
 * @param {import('../store').Store} store
 * @param {any} sub
 * @param {string} event
 * @param {Audience} audience
 */
function matches(store, sub, event, audience) {
	if (sub.state !== 'active' || !sub.events.includes(event) || sub.orgId !== audience.orgId)
		return false;
	if (audience.userScopeOnly && sub.scope !== 'user') return false;
	if (sub.scope === 'organization') return true;
	if (sub.scope === 'user') return audience.userIds.includes(sub.userId);
	const group = store.groups.get(sub.groupId);
	return !!group && audience.userIds.some((id) => group.memberIds.includes(id));
}

/**
 * POSTs one body and resolves with the result; never rejects. Redirects are not followed (they count as
 * failures, as at Calendly).
 * @param {string} url
 * @param {string} body
 * @param {Record<string, string>} headers
 * @param {number} timeoutMs
 */
function post(url, body, headers, timeoutMs) {
	return new Promise((resolve) => {
		const target = new URL(url);
		const client = target.protocol === 'https:' ? https : http;
		const req = client.request(
			target,
			{
				method: 'POST',
				headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
				agent: false,
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk) => {
					text += chunk;
				});
				res.on('end', () =>
					resolve({ status: res.statusCode ?? null, error: null, responseBody: text }),
				);
				res.on('error', (error) =>
					resolve({ status: res.statusCode ?? null, error: error.message, responseBody: text }),
				);
			},
		);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
		req.on('error', (error) => resolve({ status: null, error: error.message, responseBody: '' }));
		req.end(body);
	});
}

/**
 * Delivers `event` with `payload` to every matching subscription, in subscription creation order.
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {string} event
 * @param {unknown} payload
 * @param {Audience} audience
 * @returns {Promise<DeliveryRecord[]>}
 */
async function deliver(sim, event, payload, audience) {
	const subs = [...sim.store.subscriptions.values()]
		.filter((sub) => matches(sim.store, sub, event, audience))
		.sort((a, b) => a.seq - b.seq);
	const results = [];
	for (const sub of subs) results.push(await deliverOne(sim, sub, event, payload));
	return results;
}

/**
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {any} sub
 * @param {string} event
 * @param {unknown} payload
 * @returns {Promise<DeliveryRecord>}
 */
async function deliverOne(sim, sub, event, payload) {
	// PAT subscriptions are signed with their own signing_key, OAuth ones with the app's key; without a key
	// no signature header is sent (Calendly leaves this undocumented).
	const key = sub.tokenKind === 'oauth' ? sim.oauthApp.webhookSigningKey : sub.signingKey;
	const { body, headers } = buildDelivery({
		event,
		payload,
		createdBy: sim.uri('users', sub.creatorId),
		createdAt: sim.nowIso(),
		signingKey: key,
		t: sim.signatureTime(),
	});
	headers['user-agent'] = 'Calendly-Webhook-Simulator';
	const result = await post(sub.url, body, headers, sim.options.deliveryTimeoutMs);
	const ok = result.status !== null && result.status >= 200 && result.status < 300;
	// A failure starts Calendly's retry period; a success ends it.
	if (!ok && sub.retryStartedAt === null) sub.retryStartedAt = sim.nowIso();
	if (ok) sub.retryStartedAt = null;
	/** @type {DeliveryRecord} */
	const record = {
		subscription: sim.uri('webhook_subscriptions', sub.id),
		url: sub.url,
		event,
		status: result.status,
		ok,
		error: result.error,
		body,
		headers,
		responseBody: result.responseBody,
		deliveredAt: new Date().toISOString(),
	};
	sim.deliveries.push(record);
	return record;
}

module.exports = { deliver };
