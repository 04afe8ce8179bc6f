/**
 * Reads kept per n8n process for a while: the Calendly Trigger's credential key, the card node's board
 * lookups. Everyone asking for a key meanwhile shares one read, even one still under way, so a burst of
 * executions reads once. A read that fails is not kept: the next caller tries again. A read whose time
 * lies in the future (the clock was set back) counts as expired.
 */
export class KeptReads<T> {
	private readonly reads = new Map<string, { value: Promise<T>; at: number }>();

	constructor(
		private readonly ttlMs: number,
		/** Beyond this many keys it starts over, so a long-running process does not grow without end. */
		private readonly maxKeys = 1000,
	) {}

	/** The kept read of `key`, or `read()`, started now and kept. */
	get(key: string, read: () => Promise<T>): Promise<T> {
		const kept = this.reads.get(key);
		const age = kept ? Date.now() - kept.at : Number.NaN;
		if (kept && age >= 0 && age < this.ttlMs) return kept.value;
		return this.keep(key, read());
	}

	/** Keeps `value` as the read of `key` from now on, in place of any earlier one. */
	keep(key: string, value: Promise<T>): Promise<T> {
		if (this.reads.size >= this.maxKeys) this.reads.clear();
		this.reads.set(key, { value, at: Date.now() });
		value.catch(() => this.reads.get(key)?.value === value && this.reads.delete(key));
		return value;
	}

	delete(key: string): void {
		this.reads.delete(key);
	}

	clear(): void {
		this.reads.clear();
	}
}
