// Reading a V8 CPU profile (.cpuprofile, as `node --cpu-prof` writes it) by time window. Its sample
// timestamps are microseconds of the system's monotonic clock (V8's TimeTicks), the clock
// `process.hrtime` reads in any process on the same machine: windows timed in the benchmark process
// line up with the samples n8n's process took.

/** Microseconds of the monotonic clock, comparable with a .cpuprofile's timestamps. */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * For each window, the main thread's busy time (samples not in V8's \`(idle)\` node) and, per category,
 * the part of it with a frame the category accepts anywhere on the stack (that function and everything
 * it called), in microseconds.
 * @param {{ nodes: object[], samples: number[], timeDeltas: number[], startTime: number }} profile
 * @param {{ start: number, end: number }[]} windows monotonic microseconds
 * @param {Record<string, (callFrame: { functionName: string, url: string }) => boolean>} categories
 */
export function busyTimeByWindow(profile, windows, categories) {
	const names = Object.keys(categories);
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const parentOf = new Map();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parentOf.set(child, node.id);
	// Per leaf node: null when idle, else the categories on its stack. Computed once per node.
	const stackCategories = new Map();
	const categoriesOf = (id) => {
		if (!stackCategories.has(id)) {
			const found = new Set();
			for (let at = id; at !== undefined; at = parentOf.get(at)) {
				for (const name of names) if (categories[name](nodes.get(at).callFrame)) found.add(name);
			}
			stackCategories.set(
				id,
				nodes.get(id).callFrame.functionName === '(idle)' ? null : [...found],
			);
		}
		return stackCategories.get(id);
	};
	const totals = windows.map(() =>
		Object.fromEntries([['busyMicros', 0], ...names.map((name) => [name, 0])]),
	);
	let time = profile.startTime;
	profile.samples.forEach((id, i) => {
		const delta = profile.timeDeltas[i] ?? 0;
		time += delta;
		const w = windows.findIndex((window) => time >= window.start && time <= window.end);
		const found = w === -1 ? null : categoriesOf(id);
		if (!found) return;
		totals[w].busyMicros += delta;
		for (const name of found) totals[w][name] += delta;
	});
	return totals;
}
