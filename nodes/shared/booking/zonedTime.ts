// Shows UTC instants in an IANA time zone with Intl alone (the package has no runtime dependencies).

const FIELDS = {
	parts: {
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	},
	day: { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' },
	clock: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
	stamp: {
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
	},
} satisfies Record<string, Intl.DateTimeFormatOptions>;
// Swedish writes a date and time as ISO 8601 does ("2026-12-04 10:02"); every other set is read in English.
const LOCALE: Record<keyof typeof FIELDS, string> = {
	parts: 'en-US',
	day: 'en-US',
	clock: 'en-US',
	stamp: 'sv-SE',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The formatter for a zone and set of fields, made once: making one costs far more than formatting
 * with it. Throws RangeError for an unknown zone.
 */
function formatter(timeZone: string, fields: keyof typeof FIELDS): Intl.DateTimeFormat {
	const key = `${fields} ${timeZone}`;
	let found = formatters.get(key);
	if (!found) {
		found = new Intl.DateTimeFormat(LOCALE[fields], { timeZone, ...FIELDS[fields] });
		formatters.set(key, found);
	}
	return found;
}

export function isValidTimeZone(timeZone: string): boolean {
	try {
		formatter(timeZone, 'parts');
		return true;
	} catch {
		return false;
	}
}

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

/**
 * The instant as local ISO 8601 with offset, e.g. '2026-12-01T10:00:00+01:00' (whole seconds).
 * Returns null for an invalid instant.
 */
export function toZonedIso(utcIso: string, timeZone: string): string | null {
	const ms = Date.parse(utcIso);
	if (Number.isNaN(ms)) return null;
	const second = Math.floor(ms / 1000) * 1000;
	const wall: Record<string, number> = {};
	for (const part of formatter(timeZone, 'parts').formatToParts(second)) {
		if (part.type !== 'literal') wall[part.type] = Number(part.value);
	}
	const { year, month, day, hour, minute } = wall;
	// The offset is the wall clock read as UTC minus the instant, in whole minutes as ISO 8601 writes it.
	const offsetMinutes = Math.round(
		(Date.UTC(year, month - 1, day, hour, minute, wall.second) - second) / 60000,
	);
	const sign = offsetMinutes < 0 ? '-' : '+';
	return (
		`${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(wall.second)}` +
		`${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`
	);
}

/**
 * Texts already made: a card is derived twice per delivery with the same times in its log and columns,
 * and Intl formatting is a large part of a decision's cost. Bounded: it starts over when full.
 */
const described = new Map<string, string>();
const DESCRIBED_MAX = 10_000;

function remembered(key: string, make: () => string): string {
	let text = described.get(key);
	if (text === undefined) {
		if (described.size >= DESCRIBED_MAX) described.clear();
		text = make();
		described.set(key, text);
	}
	return text;
}

/**
 * A short human text such as 'Tue, Dec 1, 2026, 10:00 – 10:30 (Europe/Berlin)'; without the zone's
 * name when `named` is false (in a text whose other times are in the same zone unnamed).
 */
export const describeTimeRange = (
	startIso: string,
	endIso: string,
	timeZone: string,
	{ named = true } = {},
): string =>
	remembered(`${startIso} ${endIso} ${timeZone} ${named}`, () =>
		timeRange(startIso, endIso, timeZone, named),
	);

function timeRange(startIso: string, endIso: string, timeZone: string, named: boolean): string {
	const start = Date.parse(startIso);
	const end = Date.parse(endIso);
	if (Number.isNaN(start)) return '';
	const clock = formatter(timeZone, 'clock');
	const endText = Number.isNaN(end) || end === start ? '' : ` – ${clock.format(end)}`;
	const zone = named ? ` (${timeZone})` : '';
	return `${formatter(timeZone, 'day').format(start)}, ${clock.format(start)}${endText}${zone}`;
}

/** The instant to the minute in the zone, e.g. '2026-12-04 10:02'; '' for an invalid instant. */
export const describeStamp = (utcIso: string, timeZone: string): string =>
	remembered(`${utcIso} ${timeZone}`, () => {
		const ms = Date.parse(utcIso);
		return Number.isNaN(ms) ? '' : formatter(timeZone, 'stamp').format(ms);
	});
