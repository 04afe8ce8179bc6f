// Shows UTC instants in an IANA time zone with Intl only (no date library is allowed at runtime).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		// Throws RangeError for an unknown zone, which isValidTimeZone relies on.
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
	try {
		formatterFor(timeZone);
		return true;
	} catch {
		return false;
	}
}

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

/**
 * The instant as local ISO 8601 with offset, e.g. '2026-12-01T10:00:00+01:00'.
 * Returns null for an invalid instant.
 */
export function toZonedIso(utcIso: string, timeZone: string): string | null {
	const ms = Date.parse(utcIso);
	if (Number.isNaN(ms)) return null;
	const parts: Record<string, number> = {};
	for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	const wallClockAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	// Whole seconds only: the formatter drops milliseconds.
	const offsetMinutes = Math.round((wallClockAsUtc - Math.floor(ms / 1000) * 1000) / 60000);
	const sign = offsetMinutes < 0 ? '-' : '+';
	const offset = `${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
	return (
		`${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}` +
		`T${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}${offset}`
	);
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
const clockFormatters = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, options: Intl.DateTimeFormatOptions) {
	let formatter = cache.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', { timeZone, ...options });
		cache.set(timeZone, formatter);
	}
	return formatter;
}

const descriptions = new Map<string, string>();

/** A short human text such as 'Tue, Dec 1, 2026, 10:00 – 10:30 (Europe/Berlin)'. */
export function describeTimeRange(startIso: string, endIso: string, timeZone: string): string {
	// Formatting is the slow part of deciding a card, and the same event is described several times.
	const key = `${startIso}|${endIso}|${timeZone}`;
	let text = descriptions.get(key);
	if (text === undefined) {
		text = formatTimeRange(startIso, endIso, timeZone);
		if (descriptions.size >= 1000) descriptions.clear();
		descriptions.set(key, text);
	}
	return text;
}

function formatTimeRange(startIso: string, endIso: string, timeZone: string): string {
	const start = new Date(startIso);
	const end = new Date(endIso);
	if (Number.isNaN(start.getTime())) return '';
	const day = cached(dayFormatters, timeZone, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
	const clock = cached(clockFormatters, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
	const endText = Number.isNaN(end.getTime()) ? '' : ` – ${clock.format(end)}`;
	return `${day.format(start)}, ${clock.format(start)}${endText} (${timeZone})`;
}
