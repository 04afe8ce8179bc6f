// @ts-check
// Calendly's error bodies ({ title, message, details? }). Handlers throw ApiError; the server turns it into a response.
'use strict';

class ApiError extends Error {
	/**
	 * @param {number} status
	 * @param {Record<string, unknown>} body
	 * @param {Record<string, string>} [headers]
	 */
	constructor(status, body, headers = {}) {
		super(String(body.message || body.title || status));
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

const INVALID_PARAMETERS = 'The supplied parameters are invalid.';

/** @param {Array<{parameter?: string, message: string, code?: string}>} [details] */
function invalidArgument(details = []) {
	return new ApiError(400, { title: 'Invalid Argument', message: INVALID_PARAMETERS, details });
}

/** One bad parameter, the most common 400. */
function invalidParameter(/** @type {string} */ parameter, /** @type {string} */ message) {
	return invalidArgument([{ parameter, message }]);
}

function unauthenticated() {
	return new ApiError(401, { title: 'Unauthenticated', message: 'The access token is invalid' });
}

function permissionDenied(message = 'You do not have permission to access this resource.') {
	return new ApiError(403, { title: 'Permission Denied', message });
}

/** @param {string[]} requiredScopes */
function insufficientScope(requiredScopes) {
	return new ApiError(403, {
		title: 'Insufficient scope',
		message: "This operation requires the scopes listed in the 'required_scopes' array.",
		required_scopes: requiredScopes,
	});
}

function notFound() {
	return new ApiError(404, {
		title: 'Resource Not Found',
		message: 'The server could not find the requested resource.',
	});
}

function alreadyExists(message = 'Hook with this url already exists') {
	return new ApiError(409, { title: 'Already Exists', message });
}

function internalError() {
	return new ApiError(500, {
		title: 'Internal Server Error',
		message:
			'The server encountered an unexpected condition that prevented it from fulfilling the request.',
	});
}

/** Default body for a status when a fault is injected without its own body. */
function defaultBodyFor(/** @type {number} */ status) {
	switch (status) {
		case 400:
			return invalidArgument().body;
		case 401:
			return unauthenticated().body;
		case 403:
			return permissionDenied().body;
		case 404:
			return notFound().body;
		case 409:
			return alreadyExists().body;
		case 429:
			return tooManyRequestsBody();
		case 503:
			return {
				title: 'Service Unavailable',
				message: 'The server is temporarily unable to handle the request.',
			};
		default:
			return status >= 500 ? internalError().body : { title: 'Error', message: `HTTP ${status}` };
	}
}

// Calendly documents no 429 body; this one has the shape of its other error bodies.
function tooManyRequestsBody() {
	return {
		title: 'Too Many Requests',
		message: 'You have exceeded the rate limit. Please try again later.',
	};
}

module.exports = {
	ApiError,
	invalidArgument,
	invalidParameter,
	unauthenticated,
	permissionDenied,
	insufficientScope,
	notFound,
	alreadyExists,
	internalError,
	defaultBodyFor,
	tooManyRequestsBody,
};
