// @ts-check
// CalendlySimulator: an in-memory Calendly API v2 on 127.0.0.1. This file wires the parts together and is
// the public API; behaviour lives in server.js, resources/*, bookings.js, catalog.js and webhooks/*.
'use strict';
const http = require('node:http');
const crypto = require('node:crypto');
const { Store, idFromUri } = require('./store');
const { Faults } = require('./faults');
const { RateLimiter } = require('./rateLimit');
const { newTokenValue, normaliseScopes } = require('./auth');
const { isoMicro, parseTime } = require('./time');
const { handleRequest } = require('./server');
const { issueTokenPair } = require('./resources/oauth');
const { serializeSubscription } = require('./resources/webhookSubscriptions');
const bookings = require('./bookings');
const catalog = require('./catalog');
const contacts = require('./contacts');
const recaps = require('./recaps');

const DEFAULTS = {
	port: 0,
	rateLimit: 500,
	rateLimitWindowMs: 60000,
	deliveryTimeoutMs: 15000,
	// Calendly wants public HTTPS callbacks; tests and the sandbox receive on plain http.
	allowHttpCallbacks: true,
	plan: 'teams',
	organizationName: 'Simulated Organization',
};

class CalendlySimulator {
	/** @param {Partial<typeof DEFAULTS> & { oauthApp?: Partial<{ clientId: string, clientSecret: string, webhookSigningKey: string }> }} [options] */
	constructor(options = {}) {
		this.options = { ...DEFAULTS, ...options };
		this.oauthApp = {
			clientId: 'sim-client-id',
			clientSecret: crypto.randomBytes(24).toString('base64url'),
			webhookSigningKey: crypto.randomBytes(32).toString('base64url'),
			...options.oauthApp,
		};
		this.baseUrl = '';
		/** @type {http.Server | null} */
		this.server = null;
		this.store = new Store();
		this.faults = new Faults();
		this.rateLimiter = new RateLimiter({
			limit: this.options.rateLimit,
			windowMs: this.options.rateLimitWindowMs,
		});
		/** @type {any[]} request log; never holds tokens or signing keys */
		this.requests = [];
		/** @type {import('./webhooks/delivery').DeliveryRecord[]} */
		this.deliveries = [];
		/** @type {Error[]} unexpected handler errors (answered with 500) */
		this.errors = [];
		/** @type {Set<Promise<unknown>>} background deliveries (event type changes) */
		this.pending = new Set();
		/** @type {number | null} fixed clock in ms, or null for real time */
		this.fixedNow = null;
		this.seq = 0;
	}

	async start() {
		if (this.server) return this;
		const server = http.createServer((req, res) => {
			handleRequest(this, req, res).catch((error) => {
				this.errors.push(error);
				if (!res.headersSent) res.writeHead(500);
				res.end();
			});
		});
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.options.port, '127.0.0.1', () => resolve(undefined));
		});
		this.server = server;
		const address = /** @type {import('node:net').AddressInfo} */ (server.address());
		this.baseUrl = `http://127.0.0.1:${address.port}`;
		return this;
	}

	async stop() {
		const server = this.server;
		if (!server) return;
		this.server = null;
		await this.settle();
		server.closeAllConnections();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
	}

	/** Clears all data, tokens, faults and logs (the server keeps running on the same port). */
	reset() {
		this.store.clear();
		this.faults.clear();
		this.rateLimiter.reset();
		this.requests.length = 0;
		this.deliveries.length = 0;
		this.errors.length = 0;
		this.fixedNow = null;
	}

	// ---- clock and ids -------------------------------------------------------------------------------

	/** The simulated "now" (real time unless setNow was called). Assigning `sim.now = () => date` also works. */
	now() {
		return new Date(this.fixedNow ?? Date.now());
	}

	/** Freezes the clock at a time (Date or ISO string); null returns to real time. */
	setNow(/** @type {Date | string | null} */ when) {
		if (when === null) {
			this.fixedNow = null;
			return;
		}
		const date = when instanceof Date ? when : parseTime(when);
		if (!date) throw new Error('setNow: pass a Date, an ISO date-time string or null');
		this.fixedNow = date.getTime();
	}

	nowIso() {
		return isoMicro(this.now());
	}

	/** `t` of webhook signatures: real unix seconds (so receivers' replay windows pass); override to test stale signatures. */
	signatureTime() {
		return Math.floor(Date.now() / 1000);
	}

	nextSeq() {
		this.seq += 1;
		return this.seq;
	}

	/** Full resource URI on this server, e.g. uri('users', 'ABC') */
	uri(/** @type {string} */ collection, /** @type {string} */ id) {
		if (!this.baseUrl)
			throw new Error(
				'CalendlySimulator: call await sim.start() before creating data (URIs contain the server address)',
			);
		return `${this.baseUrl}/${collection}/${id}`;
	}

	inviteeUri(/** @type {string} */ inviteeId) {
		const inv = this.store.invitees.get(inviteeId);
		return this.uri(`scheduled_events/${inv.eventId}/invitees`, inviteeId);
	}

	/** Keeps a background delivery so settle()/stop() can wait for it. */
	track(/** @type {Promise<any>} */ promise) {
		this.pending.add(promise);
		promise.finally(() => this.pending.delete(promise)).catch(() => undefined);
		return promise;
	}

	/** Waits for background webhook deliveries (event_type.*) to finish. */
	async settle() {
		while (this.pending.size) await Promise.allSettled([...this.pending]);
	}

	// ---- organizations, users, tokens -----------------------------------------------------------------

	/** @param {{ name: string, email: string, timezone?: string, role?: 'owner' | 'admin' | 'user', organization?: string }} options */
	createUser(options) {
		return catalog.createUser(this, options);
	}

	/** A separate organization (its first user becomes owner); returns its URI. */
	createOrganization(/** @type {{ name?: string, plan?: string }} */ options = {}) {
		return this.uri('organizations', catalog.createOrganization(this, options).id);
	}

	setRole(/** @type {string} */ userUri, /** @type {'owner' | 'admin' | 'user'} */ role) {
		catalog.setRole(this, userUri, role);
	}

	/** The default organization's URI (exists once a user was created). */
	get organization() {
		return this.store.defaultOrgId ? this.uri('organizations', this.store.defaultOrgId) : null;
	}

	/** @param {{ name: string, members?: string[], organization?: string }} options */
	createGroup(options) {
		return catalog.createGroup(this, options);
	}

	/**
	 * A bearer token for a user: a PAT, or a bare OAuth access token (valid 2 h of simulated time).
	 * @param {{ user: string, scopes?: 'all' | string[], kind?: 'pat' | 'oauth', rateLimit?: number }} options
	 */
	issueToken(options) {
		const user = bookings.mustFind(options.user, this.store.users, 'user');
		const kind = options.kind ?? 'pat';
		if (kind !== 'pat' && kind !== 'oauth')
			throw new Error("issueToken: kind must be 'pat' or 'oauth'");
		const token = newTokenValue(kind);
		const expiresAt = kind === 'oauth' ? this.now().getTime() + 7200 * 1000 : null;
		this.store.tokens.set(token, {
			token,
			userId: user.id,
			scopes: normaliseScopes(options.scopes),
			kind,
			expiresAt,
			revoked: false,
			rateLimit: options.rateLimit ?? null,
		});
		return token;
	}

	revokeToken(/** @type {string} */ token) {
		const record = this.store.tokens.get(token);
		if (record) record.revoked = true;
	}

	/** OAuth token response (access + refresh token) as /oauth/token would return it. */
	issueOAuthGrant(/** @type {{ user: string, scopes?: 'all' | string[] }} */ options) {
		const user = bookings.mustFind(options.user, this.store.users, 'user');
		return issueTokenPair(this, user.id, normaliseScopes(options.scopes));
	}

	/**
	 * An authorization code for grant_type=authorization_code (valid 10 minutes of simulated time).
	 * @param {{ user: string, scopes?: 'all' | string[], redirectUri?: string, codeChallenge?: string }} options
	 */
	issueAuthCode(options) {
		const user = bookings.mustFind(options.user, this.store.users, 'user');
		const code = crypto.randomBytes(16).toString('base64url');
		this.store.authCodes.set(code, {
			userId: user.id,
			scopes: normaliseScopes(options.scopes),
			expiresAt: this.now().getTime() + 600000,
			redirectUri: options.redirectUri ?? null,
			codeChallenge: options.codeChallenge ?? null,
			used: false,
		});
		return code;
	}

	// ---- event types, bookings, routing forms ---------------------------------------------------------

	/** @param {any} options */
	createEventType(options) {
		return catalog.createEventType(this, options);
	}

	/** @param {string} uri @param {Record<string, any>} changes */
	updateEventType(uri, changes) {
		return catalog.updateEventType(this, uri, changes);
	}

	deleteEventType(/** @type {string} */ uri) {
		return catalog.deleteEventType(this, uri);
	}

	/** @param {any} options */
	book(options) {
		return bookings.book(this, options);
	}

	/** @param {string} inviteeUri @param {{ by?: 'host' | 'invitee', reason?: string | null }} [options] */
	cancelInvitee(inviteeUri, options) {
		return bookings.cancelInvitee(this, inviteeUri, options);
	}

	/** @param {string} eventUri @param {{ by?: 'host' | 'invitee', reason?: string | null, canceler?: string }} [options] */
	cancelEvent(eventUri, options) {
		return bookings.cancelEvent(
			this,
			eventUri,
			options
				? { ...options, canceler: options.canceler ? idFromUri(options.canceler) : undefined }
				: {},
		);
	}

	/** @param {string} inviteeUri @param {string | Date} newStartTime @param {{ order?: 'canceled-first' | 'created-first', reason?: string | null }} [options] */
	reschedule(inviteeUri, newStartTime, options) {
		return bookings.reschedule(this, inviteeUri, newStartTime, options);
	}

	markNoShow(/** @type {string} */ inviteeUri) {
		return bookings.markNoShow(this, inviteeUri);
	}

	unmarkNoShow(/** @type {string} */ inviteeUri) {
		return bookings.unmarkNoShow(this, inviteeUri);
	}

	/** @param {{ name: string, organization?: string, status?: 'draft' | 'published', questions?: any[] }} options */
	createRoutingForm(options) {
		return catalog.createRoutingForm(this, options);
	}

	/** @param {any} options */
	submitRoutingForm(options) {
		return catalog.submitRoutingForm(this, options);
	}

	// ---- contacts and meeting recaps --------------------------------------------------------------------

	/** A contact in a user's contact book; delivers contact.created. @param {any} options see index.d.ts */
	createContact(options) {
		return contacts.createContact(this, options);
	}

	/** Changes a contact; delivers contact.updated when a field really changed. @param {string} uri @param {Record<string, any>} changes */
	updateContact(uri, changes) {
		return contacts.updateContact(this, uri, changes);
	}

	/** Deletes a contact; delivers contact.deleted. */
	deleteContact(/** @type {string} */ uri) {
		return contacts.deleteContact(this, uri);
	}

	/** A contact custom-field definition (no webhook). @param {any} options see index.d.ts */
	createContactFieldDefinition(options) {
		return contacts.createContactFieldDefinition(this, options);
	}

	/** A Notetaker meeting recap; delivers meeting_recap.created when available. @param {any} options see index.d.ts */
	createRecap(options) {
		return recaps.createRecap(this, options);
	}

	/** Changes a recap; delivers meeting_recap.updated (or .created when it becomes available). @param {string} uri @param {Record<string, any>} changes */
	updateRecap(uri, changes) {
		return recaps.updateRecap(this, uri, changes);
	}

	/** Deletes a recap; delivers meeting_recap.deleted. */
	deleteRecap(/** @type {string} */ uri) {
		return recaps.deleteRecap(this, uri);
	}

	// ---- webhook subscriptions, faults ----------------------------------------------------------------

	/** Every subscription as the API shows it, plus whether a signing key is stored and which token kind created it. */
	listSubscriptions() {
		return [...this.store.subscriptions.values()]
			.sort((a, b) => a.seq - b.seq)
			.map((sub) => ({
				...serializeSubscription(this, sub),
				has_signing_key: sub.tokenKind === 'oauth' || sub.signingKey !== null,
				created_with: sub.tokenKind,
			}));
	}

	/** Marks a subscription disabled, as Calendly does after 24 h of failed deliveries. */
	disableSubscription(/** @type {string} */ uri) {
		const sub = bookings.mustFind(uri, this.store.subscriptions, 'webhook subscription');
		sub.state = 'disabled';
		sub.retryStartedAt = sub.retryStartedAt ?? isoMicro(this.now().getTime() - 86400000);
		sub.updatedAt = this.nowIso();
	}

	/** Marks a subscription as being retried, as Calendly does after a failed delivery; it stays active. */
	startRetrying(/** @type {string} */ uri) {
		const sub = bookings.mustFind(uri, this.store.subscriptions, 'webhook subscription');
		sub.retryStartedAt = sub.retryStartedAt ?? this.nowIso();
		sub.updatedAt = this.nowIso();
	}

	/** @param {import('./faults').FaultSpec} spec @returns {number} fault id */
	injectFault(spec) {
		return this.faults.add(spec);
	}

	clearFaults() {
		this.faults.clear();
	}
}

module.exports = { CalendlySimulator };
