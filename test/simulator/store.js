// @ts-check
// The in-memory state of one simulated Calendly. Records keep ids, not URIs: URIs are built from the
// server's base URL when a record is serialised (see resources/*).
'use strict';

/**
 * @typedef {'owner' | 'admin' | 'user'} Role
 * @typedef {{ id: string, name: string, plan: string, stage: string, createdAt: string, updatedAt: string }} OrgRecord
 * @typedef {{ id: string, name: string, email: string, slug: string, timezone: string, orgId: string, createdAt: string, updatedAt: string }} UserRecord
 * @typedef {{ id: string, userId: string, orgId: string, role: Role, createdAt: string, updatedAt: string }} MembershipRecord
 * @typedef {{ id: string, name: string, orgId: string, memberIds: string[], createdAt: string, updatedAt: string }} GroupRecord
 * @typedef {{ token: string, userId: string, scopes: string[] | 'all', kind: 'pat' | 'oauth', expiresAt: number | null, revoked: boolean, rateLimit: number | null }} TokenRecord
 */

class Store {
	constructor() {
		/** @type {Map<string, OrgRecord>} */ this.orgs = new Map();
		/** @type {Map<string, UserRecord>} */ this.users = new Map();
		/** @type {Map<string, MembershipRecord>} */ this.memberships = new Map();
		/** @type {Map<string, GroupRecord>} */ this.groups = new Map();
		/** @type {Map<string, any>} event types by id */ this.eventTypes = new Map();
		/** @type {Map<string, any>} scheduled events by id */ this.events = new Map();
		/** @type {Map<string, any>} invitees by id */ this.invitees = new Map();
		/** @type {Map<string, any[]>} invitees by scheduled event id, oldest first (keeps big backfills fast) */
		this.inviteesByEvent = new Map();
		/** @type {Map<string, any>} no-shows by id */ this.noShows = new Map();
		/** @type {Map<string, any>} webhook subscriptions by id */ this.subscriptions = new Map();
		/** @type {Map<string, any>} scheduling links by id */ this.schedulingLinks = new Map();
		/** @type {Map<string, any>} routing forms by id */ this.routingForms = new Map();
		/** @type {Map<string, any>} routing form submissions by id */ this.submissions = new Map();
		/** @type {Map<string, any>} contacts by id */ this.contacts = new Map();
		/** @type {Map<string, Map<string, string>>} contact ids by owner user id, then lower-cased email */
		this.contactsByOwnerEmail = new Map();
		/** @type {Map<string, any>} contact custom-field definitions by id */ this.contactFieldDefs =
			new Map();
		/** @type {Map<string, any>} meeting recaps (Notetaker) by id */ this.recaps = new Map();
		/** @type {Map<string, TokenRecord>} access tokens (PAT and OAuth) by token value */ this.tokens =
			new Map();
		/** @type {Map<string, { userId: string, scopes: string[] | 'all', used: boolean }>} */ this.refreshTokens =
			new Map();
		/** @type {Map<string, { userId: string, scopes: string[] | 'all', expiresAt: number, redirectUri: string | null, codeChallenge: string | null, used: boolean }>} */
		this.authCodes = new Map();
		/** id of the organization new users join unless told otherwise */
		this.defaultOrgId = /** @type {string | null} */ (null);
	}

	/** Drops every record. */
	clear() {
		Object.assign(this, new Store());
	}

	/** @param {string} userId */
	membershipOf(userId) {
		const user = this.users.get(userId);
		if (!user) return undefined;
		for (const m of this.memberships.values())
			if (m.userId === userId && m.orgId === user.orgId) return m;
		return undefined;
	}

	/** @param {string} userId */
	isAdmin(userId) {
		const m = this.membershipOf(userId);
		return !!m && (m.role === 'owner' || m.role === 'admin');
	}

	/** @param {string} email */
	userByEmail(email) {
		const lower = email.toLowerCase();
		for (const u of this.users.values()) if (u.email.toLowerCase() === lower) return u;
		return undefined;
	}

	/** Invitees of one scheduled event, oldest first. */
	inviteesOf(/** @type {string} */ eventId) {
		return [...(this.inviteesByEvent.get(eventId) || [])];
	}

	addInvitee(/** @type {any} */ invitee) {
		this.invitees.set(invitee.id, invitee);
		const list = this.inviteesByEvent.get(invitee.eventId);
		if (list) list.push(invitee);
		else this.inviteesByEvent.set(invitee.eventId, [invitee]);
	}
}

/**
 * The trailing id of a Calendly URI (or the id itself).
 * @param {unknown} uriOrId
 */
function idFromUri(uriOrId) {
	if (typeof uriOrId !== 'string') return '';
	const clean = uriOrId.split(/[?#]/)[0].replace(/\/+$/, '');
	return clean.slice(clean.lastIndexOf('/') + 1);
}

module.exports = { Store, idFromUri };
