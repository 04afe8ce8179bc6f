// Reading values out of Calendly's JSON the same way in every normalizer.
export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Trimmed text, or null when absent or empty. */
export const text = (value: unknown): string | null => {
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed === '' ? null : trimmed;
};

/** An instant as ISO 8601 UTC (milliseconds), or null when absent or not a time. */
export const instant = (value: unknown): string | null => {
	const time = text(value);
	return time !== null && !Number.isNaN(Date.parse(time)) ? new Date(time).toISOString() : null;
};
