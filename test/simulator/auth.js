// @ts-check
// Bearer tokens and the 2026 scope model: a token either has legacy full access ('all')
// or a list of scopes, where `x:write` implies `x:read`.
'use strict';
const crypto = require('node:crypto');
const { unauthenticated, insufficientScope } = require('./errors');

const OAUTH_ACCESS_TOKEN_SECONDS = 7200;

/** JWT-like opaque token: three dot-separated base64url parts, like Calendly's PATs. */
function newTokenValue(/** @type {string} */ kind) {
	const part = (/** @type {object} */ obj) =>
		Buffer.from(JSON.stringify(obj)).toString('base64url');
	return [
		part({ typ: 'JWT', alg: 'HS256' }),
		part({ iss: 'https://auth.calendly.com', kind, jti: crypto.randomUUID() }),
		crypto.randomBytes(24).toString('base64url'),
	].join('.');
}

/**
 * @param {import('./store').TokenRecord} token
 * @param {string} scope
 */
function hasScope(token, scope) {
	if (token.scopes === 'all') return true;
	if (token.scopes.includes(scope)) return true;
	return scope.endsWith(':read') && token.scopes.includes(scope.replace(/:read$/, ':write'));
}

/** @throws ApiError 403 Insufficient scope */
function requireScope(
	/** @type {import('./store').TokenRecord} */ token,
	/** @type {string} */ scope,
) {
	if (!hasScope(token, scope)) throw insufficientScope([scope]);
}

/**
 * Finds the token record for an Authorization header, or throws Calendly's 401.
 * @param {import('./store').Store} store
 * @param {string | undefined} header
 * @param {number} nowMs
 */
function authenticate(store, header, nowMs) {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header || '');
	const token = match ? store.tokens.get(match[1]) : undefined;
	if (
		!token ||
		token.revoked ||
		(token.expiresAt !== null && token.expiresAt <= nowMs) ||
		!store.users.has(token.userId)
	) {
		throw unauthenticated();
	}
	return token;
}

/** Normalises the scopes option: 'all' or a de-duplicated list. */
function normaliseScopes(/** @type {unknown} */ scopes) {
	if (scopes === undefined || scopes === 'all') return 'all';
	if (typeof scopes === 'string') return [...new Set(scopes.split(/[\s,]+/).filter(Boolean))];
	if (Array.isArray(scopes) && scopes.every((s) => typeof s === 'string'))
		return [...new Set(scopes)];
	throw new TypeError("scopes must be 'all' or an array of scope names such as ['users:read']");
}

module.exports = {
	newTokenValue,
	hasScope,
	requireScope,
	authenticate,
	normaliseScopes,
	OAUTH_ACCESS_TOKEN_SECONDS,
};
