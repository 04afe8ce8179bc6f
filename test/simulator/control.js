// @ts-check
// /__sim/* control endpoints for out-of-process use (sandbox, end-to-end tests with a real n8n). They need
// no Calendly auth, are not rate limited, faulted or logged, and never return a signing key.
'use strict';

/**
 * @param {string} raw
 * @returns {Record<string, any>}
 */
function jsonBody(raw) {
	if (raw === '') return {};
	const parsed = JSON.parse(raw);
	if (!parsed || typeof parsed !== 'object') throw new Error('body must be a JSON object');
	return parsed;
}

/** A RegExp from `{ pathPattern: "^/users/", pathFlags?: "i" }`, or the plain `path` string. */
function faultPath(/** @type {Record<string, any>} */ body) {
	if (typeof body.pathPattern === 'string')
		return new RegExp(body.pathPattern, body.pathFlags || '');
	return body.path;
}

/**
 * @param {import('./simulator').CalendlySimulator} sim
 * @param {string} method
 * @param {string} path
 * @param {string} raw
 * @returns {Promise<{ status: number, body: unknown }>}
 */
async function handleControl(sim, method, path, raw) {
	try {
		const body = method === 'GET' ? {} : jsonBody(raw);
		const key = `${method} ${path}`;
		switch (key) {
			case 'GET /__sim/health':
				return { status: 200, body: { ok: true, baseUrl: sim.baseUrl } };
			case 'POST /__sim/users': {
				const user = sim.createUser(/** @type {any} */ (body));
				const token = sim.issueToken({
					user: user.uri,
					scopes: body.scopes ?? 'all',
					kind: body.kind ?? 'pat',
				});
				return { status: 201, body: { user, token } };
			}
			case 'POST /__sim/tokens':
				return { status: 201, body: { token: sim.issueToken(/** @type {any} */ (body)) } };
			case 'POST /__sim/oauth/grants':
				return { status: 201, body: sim.issueOAuthGrant(/** @type {any} */ (body)) };
			case 'POST /__sim/oauth/codes':
				return { status: 201, body: { code: sim.issueAuthCode(/** @type {any} */ (body)) } };
			case 'POST /__sim/groups':
				return { status: 201, body: { group: sim.createGroup(/** @type {any} */ (body)) } };
			case 'POST /__sim/event_types':
				return { status: 201, body: { eventType: sim.createEventType(body) } };
			case 'POST /__sim/bookings':
				return { status: 201, body: await sim.book(body) };
			case 'POST /__sim/invitees/cancel':
				return { status: 200, body: await sim.cancelInvitee(body.invitee, body) };
			case 'POST /__sim/events/cancel':
				return { status: 200, body: await sim.cancelEvent(body.event, body) };
			case 'POST /__sim/reschedule':
				return { status: 200, body: await sim.reschedule(body.invitee, body.startTime, body) };
			case 'POST /__sim/no_shows':
				return { status: 201, body: await sim.markNoShow(body.invitee) };
			case 'POST /__sim/no_shows/delete':
				return { status: 200, body: await sim.unmarkNoShow(body.invitee) };
			case 'POST /__sim/contacts':
				return { status: 201, body: await sim.createContact(body) };
			case 'POST /__sim/contacts/update':
				return { status: 200, body: await sim.updateContact(body.uri, body.changes ?? {}) };
			case 'POST /__sim/contacts/delete':
				return { status: 200, body: await sim.deleteContact(body.uri) };
			case 'POST /__sim/contact_field_definitions':
				return { status: 201, body: { definition: sim.createContactFieldDefinition(body) } };
			case 'POST /__sim/recaps':
				return { status: 201, body: await sim.createRecap(body) };
			case 'POST /__sim/recaps/update':
				return { status: 200, body: await sim.updateRecap(body.uri, body.changes ?? {}) };
			case 'POST /__sim/recaps/delete':
				return { status: 200, body: await sim.deleteRecap(body.uri) };
			case 'GET /__sim/subscriptions':
				return { status: 200, body: { collection: sim.listSubscriptions() } };
			case 'POST /__sim/subscriptions/disable':
				sim.disableSubscription(body.uri);
				return { status: 200, body: { collection: sim.listSubscriptions() } };
			case 'POST /__sim/faults':
				// JSON has no Infinity: "times": "all" stands for it.
				return {
					status: 201,
					body: {
						id: sim.injectFault({
							...body,
							path: faultPath(body),
							times: body.times === 'all' ? Infinity : body.times,
						}),
					},
				};
			case 'DELETE /__sim/faults':
				sim.clearFaults();
				return { status: 204, body: undefined };
			case 'GET /__sim/requests':
				return { status: 200, body: { collection: sim.requests } };
			case 'GET /__sim/deliveries':
				return { status: 200, body: { collection: sim.deliveries } };
			case 'POST /__sim/clock':
				sim.setNow(body.now ?? null);
				return { status: 200, body: { now: sim.nowIso() } };
			case 'POST /__sim/reset':
				sim.reset();
				return { status: 204, body: undefined };
			default:
				return { status: 404, body: { error: `unknown control endpoint ${key}` } };
		}
	} catch (error) {
		return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
	}
}

module.exports = { handleControl };
