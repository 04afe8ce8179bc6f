// Polling with a deadline, for state that n8n settles asynchronously.
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `probe` until it returns a value other than undefined/false, or throws after `timeoutMs` with
 * `what` and the last value or error seen, so a timeout says what never happened. A probe error with
 * `final: true` ends the wait at once.
 */
export async function waitFor(what, probe, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined && value !== false) return value;
			last = value;
		} catch (error) {
			if (error?.final) throw error;
			last = error;
		}
		if (Date.now() > deadline) {
			const detail = last instanceof Error ? last.message : JSON.stringify(last);
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${detail})`);
		}
		await sleep(intervalMs);
	}
}
