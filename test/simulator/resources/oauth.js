// @ts-check
// auth.calendly.com's /oauth/token, /oauth/revoke and /oauth/introspect, served on the
// simulator's own host. Errors use the OAuth shape { error, error_description }.
'use strict';
const crypto = require('node:crypto');
const { newTokenValue, OAUTH_ACCESS_TOKEN_SECONDS } = require('../auth');

class OAuthError extends Error {
	/** @param {number} status @param {string} error @param {string} description */
	constructor(status, error, description) {
		super(description);
		this.status = status;
		this.body = { error, error_description: description };
	}
}

const INVALID_GRANT =
	'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.';

/**
 * Issues an OAuth access + refresh token pair and returns Calendly's token response.
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {string} userId
 * @param {string[] | 'all'} scopes
 */
function issueTokenPair(sim, userId, scopes) {
	const nowMs = sim.now().getTime();
	const accessToken = newTokenValue('oauth');
	sim.store.tokens.set(accessToken, {
		token: accessToken,
		userId,
		scopes,
		kind: 'oauth',
		expiresAt: nowMs + OAUTH_ACCESS_TOKEN_SECONDS * 1000,
		revoked: false,
		rateLimit: null,
	});
	const refreshToken = crypto.randomBytes(32).toString('base64url');
	sim.store.refreshTokens.set(refreshToken, { userId, scopes, used: false });
	const user = /** @type {import('../store').UserRecord} */ (sim.store.users.get(userId));
	return {
		token_type: 'Bearer',
		access_token: accessToken,
		refresh_token: refreshToken,
		scope: scopes === 'all' ? 'default' : scopes.join(' '),
		created_at: Math.floor(nowMs / 1000),
		expires_in: OAUTH_ACCESS_TOKEN_SECONDS,
		owner: sim.uri('users', userId),
		organization: sim.uri('organizations', user.orgId),
	};
}

/**
 * Client authentication: HTTP Basic (web apps) or client_id/client_secret in the body; native apps may send
 * only client_id when they prove PKCE. Returns whether a secret was checked.
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {string | undefined} authorization
 * @param {Record<string, string>} form
 */
function authenticateClient(sim, authorization, form) {
	let id = form.client_id;
	let secret = form.client_secret;
	const basic = /^Basic\s+(\S+)$/i.exec(authorization || '');
	if (basic) {
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		id = decodeURIComponent(decoded.slice(0, colon));
		secret = decodeURIComponent(decoded.slice(colon + 1));
	}
	if (
		id !== sim.oauthApp.clientId ||
		(secret !== undefined && secret !== sim.oauthApp.clientSecret)
	) {
		throw new OAuthError(
			401,
			'invalid_client',
			'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
		);
	}
	return secret !== undefined;
}

/**
 * @param {import('../simulator').CalendlySimulator} sim
 * @param {string} path
 * @param {string | undefined} authorization
 * @param {Record<string, string>} form
 * @returns {{ status: number, body: unknown }}
 */
function handleOAuth(sim, path, authorization, form) {
	try {
		if (path === '/oauth/token') return { status: 200, body: token(sim, authorization, form) };
		if (path === '/oauth/revoke') {
			authenticateClient(sim, authorization, form);
			const access = sim.store.tokens.get(form.token);
			if (access) access.revoked = true;
			const refresh = sim.store.refreshTokens.get(form.token);
			if (refresh) refresh.used = true;
			return { status: 200, body: {} };
		}
		if (path === '/oauth/introspect') {
			authenticateClient(sim, authorization, form);
			const access = sim.store.tokens.get(form.token);
			const active =
				!!access &&
				access.kind === 'oauth' &&
				!access.revoked &&
				(access.expiresAt ?? Infinity) > sim.now().getTime();
			if (!active || !access) return { status: 200, body: { active: false } };
			const user = /** @type {import('../store').UserRecord} */ (
				sim.store.users.get(access.userId)
			);
			return {
				status: 200,
				body: {
					active: true,
					scope: access.scopes === 'all' ? 'default' : access.scopes.join(' '),
					client_id: sim.oauthApp.clientId,
					token_type: 'Bearer',
					exp: Math.floor((access.expiresAt ?? 0) / 1000),
					iat: Math.floor(((access.expiresAt ?? 0) - OAUTH_ACCESS_TOKEN_SECONDS * 1000) / 1000),
					owner: sim.uri('users', user.id),
					organization: sim.uri('organizations', user.orgId),
				},
			};
		}
		return {
			status: 404,
			body: { error: 'not_found', error_description: 'Unknown OAuth endpoint.' },
		};
	} catch (error) {
		if (error instanceof OAuthError) return { status: error.status, body: error.body };
		throw error;
	}
}

/** @param {import('../simulator').CalendlySimulator} sim @param {string | undefined} authorization @param {Record<string, string>} form */
function token(sim, authorization, form) {
	const secretChecked = authenticateClient(sim, authorization, form);
	if (form.grant_type === 'refresh_token') {
		if (!form.refresh_token)
			throw new OAuthError(
				400,
				'invalid_request',
				'The request is missing a required parameter: refresh_token.',
			);
		const grant = sim.store.refreshTokens.get(form.refresh_token);
		if (!grant || grant.used || !sim.store.users.has(grant.userId))
			throw new OAuthError(400, 'invalid_grant', INVALID_GRANT);
		// Rotation: the refresh token just used is revoked; persist the new one.
		grant.used = true;
		return issueTokenPair(sim, grant.userId, grant.scopes);
	}
	if (form.grant_type === 'authorization_code') {
		if (!form.code)
			throw new OAuthError(
				400,
				'invalid_request',
				'The request is missing a required parameter: code.',
			);
		const code = sim.store.authCodes.get(form.code);
		if (!code || code.used || code.expiresAt <= sim.now().getTime())
			throw new OAuthError(400, 'invalid_grant', INVALID_GRANT);
		if (code.redirectUri !== null && form.redirect_uri !== code.redirectUri)
			throw new OAuthError(400, 'invalid_grant', INVALID_GRANT);
		if (code.codeChallenge !== null) {
			const expected = crypto
				.createHash('sha256')
				.update(form.code_verifier || '')
				.digest('base64url');
			if (expected !== code.codeChallenge)
				throw new OAuthError(400, 'invalid_grant', INVALID_GRANT);
		} else if (!secretChecked) {
			throw new OAuthError(
				401,
				'invalid_client',
				'Client authentication failed: send client_secret or use PKCE.',
			);
		}
		code.used = true;
		return issueTokenPair(sim, code.userId, code.scopes);
	}
	throw new OAuthError(
		400,
		'unsupported_grant_type',
		'The authorization grant type is not supported by the authorization server.',
	);
}

module.exports = { handleOAuth, issueTokenPair };
