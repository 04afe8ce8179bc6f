const isPlain = (value: object) => {
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === Array.prototype || prototype === null;
};

/**
 * Whether two values surely have the same JSON text, found without writing it: repeated deliveries
 * bring values equal to the stored ones, and writing both texts to compare them was most of the time
 * spent on a duplicate. False also means "not sure" (e.g. undefined members or class instances);
 * callers then compare the texts.
 */
export function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (!isPlain(a) || !isPlain(b) || Array.isArray(a) !== Array.isArray(b)) return false;
	// Holes in arrays have no key but are written as null.
	if (Array.isArray(a) && a.length !== (b as unknown[]).length) return false;
	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	if (keysA.length !== keysB.length) return false;
	for (let i = 0; i < keysA.length; i++) {
		const key = keysA[i];
		if (key !== keysB[i] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
	}
	return true;
}
