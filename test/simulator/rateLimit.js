// @ts-check
// Fixed-window rate limiting per access token with Calendly's X-RateLimit-* headers.
'use strict';

class RateLimiter {
	/** @param {{ limit: number, windowMs: number }} options */
	constructor(options) {
		this.limit = options.limit;
		this.windowMs = options.windowMs;
		/** @type {Map<string, { start: number, used: number }>} */
		this.windows = new Map();
	}

	/**
	 * Counts one request and returns the headers to send and whether it is over the limit.
	 * @param {string} key
	 * @param {number | null} limitOverride
	 */
	take(key, limitOverride) {
		const limit = limitOverride ?? this.limit;
		const now = Date.now();
		let window = this.windows.get(key);
		if (!window || now - window.start >= this.windowMs) {
			window = { start: now, used: 0 };
			this.windows.set(key, window);
		}
		window.used += 1;
		const exceeded = window.used > limit;
		const resetSeconds = Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
		return {
			exceeded,
			headers: {
				'X-RateLimit-Limit': String(limit),
				'X-RateLimit-Remaining': String(Math.max(0, limit - window.used)),
				'X-RateLimit-Reset': String(resetSeconds),
			},
		};
	}

	/** Headers for a response that is not counted (e.g. an unauthenticated request). */
	peek() {
		return {
			'X-RateLimit-Limit': String(this.limit),
			'X-RateLimit-Remaining': String(this.limit),
			'X-RateLimit-Reset': String(Math.ceil(this.windowMs / 1000)),
		};
	}

	reset() {
		this.windows.clear();
	}
}

module.exports = { RateLimiter };
