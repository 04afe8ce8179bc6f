// Everything this package keeps in memory between executions, all of it in `processMemory` below. Its
// lifetime is one n8n process (a main, a webhook processor or a worker): nothing in it is shared between
// processes or outlives a restart, so each entry is a cache or a local queue, and losing it costs a read,
// never a card or a delivery.

/**
 * Reads kept per n8n process for a while. Everyone asking for a key meanwhile shares one read, even one still under way, so a burst of
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
		return this.peek(key) ?? this.keep(key, read());
	}

	/** The kept read of `key` while it is fresh, without starting one. */
	peek(key: string): Promise<T> | undefined {
		const kept = this.reads.get(key);
		const age = kept ? Date.now() - kept.at : Number.NaN;
		return kept && age >= 0 && age < this.ttlMs ? kept.value : undefined;
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

/** Runs tasks one after another per key (in this process), each after every earlier one has settled. */
export class Queues {
	private readonly tails = new Map<string, Promise<unknown>>();

	async run<T>(key: string, task: () => Promise<T>): Promise<T> {
		const run = (this.tails.get(key) ?? Promise.resolve()).then(task, task);
		const settled = run.then(
			() => undefined,
			() => undefined,
		);
		this.tails.set(key, settled);
		try {
			return await run;
		} finally {
			if (this.tails.get(key) === settled) this.tails.delete(key);
		}
	}

	clear(): void {
		this.tails.clear();
	}
}

/**
 * Keys seen in this process, each remembered for `maxAgeMs` from when it was first seen, and at most the
 * `maxKeys` latest of them: past that, the oldest is forgotten first.
 */
export class SeenKeys {
	/** Key -> when first seen; a Map keeps insertion order, so the oldest come first. */
	private readonly seen = new Map<string, number>();

	constructor(
		private readonly maxAgeMs: number,
		private readonly maxKeys: number,
	) {}

	/** True the first time `key` is seen (and from then on it is remembered), false while it is remembered. */
	firstSight(key: string, now = Date.now()): boolean {
		for (const [oldest, at] of this.seen) {
			if (now - at < this.maxAgeMs) break;
			this.seen.delete(oldest);
		}
		if (this.seen.has(key)) return false;
		if (this.seen.size >= this.maxKeys) this.seen.delete(this.seen.keys().next().value as string);
		this.seen.set(key, now);
		return true;
	}

	get size(): number {
		return this.seen.size;
	}

	clear(): void {
		this.seen.clear();
	}
}

/** A data table column as this process last saw it. */
export interface KnownColumn {
	id: string;
	name: string;
	type: 'string' | 'number' | 'boolean' | 'date';
}

/**
 * How long and how many deliveries the Calendly Trigger remembers (see `startedDeliveries`). 48 hours
 * covers Calendly's 24-hour retry window twice; 50,000 keys are a few MiB (measured in BENCHMARKS.md (d)).
 */
export const REPEAT_MEMORY = { hours: 48, deliveries: 50_000 };

export const processMemory = {
	/**
	 * Calendly Trigger: the signing key of each trigger's credential, for ten seconds (delivery/receive.ts).
	 * Reading a credential costs n8n about half an execution; a kept key is only ever used to accept.
	 */
	credentialKeys: new KeptReads<{ oauth: boolean; signingKey?: string; keyId?: string }>(10_000),
	/**
	 * Calendly Trigger: the deliveries it started the workflow for (delivery/repeats.ts), so Calendly's
	 * retries of a delivery n8n answered late start nothing.
	 */
	startedDeliveries: new SeenKeys(REPEAT_MEMORY.hours * 3600_000, REPEAT_MEMORY.deliveries),
	/** Calendly to Card: the table a board reference names, for a minute, so boards renamed or re-created by hand are found again. */
	boardTables: new KeptReads<string>(60_000),
	/** Calendly to Card: each table's columns in the table's order, so a steady delivery looks up no columns. */
	boardColumns: new Map<string, KnownColumn[]>(),
	/** Calendly to Card: one write at a time per contact and board, so this process's executions never race each other. */
	contactQueues: new Queues(),
};
