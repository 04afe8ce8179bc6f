// @ts-check
// Injected faults: make matching requests slow, fail with a status, answer garbage, or drop the socket.
'use strict';

/**
 * @typedef {{ method?: string, path?: string | RegExp, status?: number, times?: number, delayMs?: number,
 *   body?: string | object, headers?: Record<string, string>, dropConnection?: boolean,
 *   afterHandling?: boolean }} FaultSpec
 */

class Faults {
	constructor() {
		/** @type {Array<FaultSpec & { remaining: number, id: number }>} */
		this.active = [];
		this.nextId = 1;
	}

	/** @param {FaultSpec} spec */
	add(spec) {
		if (spec.afterHandling && spec.status !== undefined) {
			throw new TypeError(
				'injectFault: afterHandling delays or drops the real answer; it takes no status',
			);
		}
		if (
			spec.status !== undefined &&
			(!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599)
		) {
			throw new TypeError('injectFault: status must be an HTTP status code (100-599)');
		}
		const fault = { ...spec, remaining: spec.times ?? 1, id: this.nextId++ };
		this.active.push(fault);
		return fault.id;
	}

	/**
	 * The first fault matching a request, consuming one of its uses.
	 * @param {string} method
	 * @param {string} path
	 */
	take(method, path) {
		const fault = this.active.find((f) => {
			if (f.method && f.method.toUpperCase() !== method) return false;
			if (f.path instanceof RegExp) return f.path.test(path);
			return f.path === undefined || f.path === path;
		});
		if (!fault) return undefined;
		fault.remaining -= 1;
		if (fault.remaining <= 0) this.active = this.active.filter((f) => f !== fault);
		return fault;
	}

	clear() {
		this.active = [];
	}
}

module.exports = { Faults };
