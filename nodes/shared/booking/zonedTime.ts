// Shows UTC instants in an IANA time zone with Intl only (no date library is allowed at runtime).
// Intl formatting costs microseconds per call, which dominated deciding a card, so Intl is only asked
// for a zone's UTC offset and the wall clock is then computed; see offsetAt.

interface Zone {
	formatter: Intl.DateTimeFormat;
	/** Offsets by UTC hour: bookings cluster in few hours, so a thousand cover a busy board. */
	hourOffsets: Map<number, number>;
}

const zones = new Map<string, Zone>();

function zoneFor(timeZone: string): Zone {
	let zone = zones.get(timeZone);
	if (!zone) {
		// Throws RangeError for an unknown zone, which isValidTimeZone relies on.
		const formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		zone = { formatter, hourOffsets: new Map() };
		zones.set(timeZone, zone);
	}
	return zone;
}

export function isValidTimeZone(timeZone: string): boolean {
	try {
		zoneFor(timeZone);
		return true;
	} catch {
		return false;
	}
}

const SECOND = 1000;
const HOUR = 3600 * SECOND;

type WallClock = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;

/** The zone's wall clock at a whole-second instant, as Intl shows it. */
function wallClockByIntl(secondMs: number, timeZone: string): WallClock {
	const parts: Record<string, number> = {};
	for (const part of zoneFor(timeZone).formatter.formatToParts(new Date(secondMs))) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	return parts as WallClock;
}

/** Wall clock minus UTC in ms (whole seconds) at a whole-second instant. */
const offsetOf = ({ year, month, day, hour, minute, second }: WallClock, secondMs: number): number =>
	Date.UTC(year, month - 1, day, hour, minute, second) - secondMs;

const measureOffset = (secondMs: number, timeZone: string): number =>
	offsetOf(wallClockByIntl(secondMs, timeZone), secondMs);

/**
 * The zone's offset at `ms` (taken at its whole second, as Intl does). An hour whose first and last
 * second have the same offset holds no transition (no zone changes twice within an hour), so its
 * offset is cached; in an hour with a transition the instant itself is measured.
 */
function offsetAt(ms: number, timeZone: string): number {
	const { hourOffsets } = zoneFor(timeZone);
	const hourStart = Math.floor(ms / HOUR) * HOUR;
	let offset = hourOffsets.get(hourStart);
	if (offset === undefined) {
		offset = measureOffset(hourStart, timeZone);
		if (measureOffset(hourStart + HOUR - SECOND, timeZone) !== offset) {
			return measureOffset(Math.floor(ms / SECOND) * SECOND, timeZone);
		}
		// Emptied when full rather than kept in use order: refilling costs two Intl calls an hour.
		if (hourOffsets.size >= 1024) hourOffsets.clear();
		hourOffsets.set(hourStart, offset);
	}
	return offset;
}

// Instants outside years 1000-9999 (never a booking) are formatted by Intl as before: the computed
// texts would differ there (Intl writes BC years without a sign, Date.UTC reads years 0-99 as 19xx).
const COMPUTED_FROM = Date.UTC(1000, 0, 1);
const COMPUTED_UNTIL = Date.UTC(10000, 0, 1);
const isComputed = (ms: number) => ms >= COMPUTED_FROM && ms < COMPUTED_UNTIL;

/** The wall clock at `ms` as a Date whose UTC fields are the zone's local ones. */
const computedWallClock = (ms: number, timeZone: string): Date =>
	new Date(Math.floor(ms / SECOND) * SECOND + offsetAt(ms, timeZone));

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

function isoText(wall: WallClock, offsetMs: number): string {
	// Whole minutes only, as ISO 8601 offsets are written.
	const offsetMinutes = Math.round(offsetMs / 60000);
	const sign = offsetMinutes < 0 ? '-' : '+';
	const offset = `${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
	return (
		`${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}` +
		`T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${offset}`
	);
}

/**
 * The instant as local ISO 8601 with offset, e.g. '2026-12-01T10:00:00+01:00'.
 * Returns null for an invalid instant.
 */
export function toZonedIso(utcIso: string, timeZone: string): string | null {
	const ms = Date.parse(utcIso);
	if (Number.isNaN(ms)) return null;
	if (!isComputed(ms)) {
		const secondMs = Math.floor(ms / SECOND) * SECOND;
		const wall = wallClockByIntl(secondMs, timeZone);
		return isoText(wall, offsetOf(wall, secondMs));
	}
	const offsetMs = offsetAt(ms, timeZone);
	const local = new Date(Math.floor(ms / SECOND) * SECOND + offsetMs);
	const wall = {
		year: local.getUTCFullYear(),
		month: local.getUTCMonth() + 1,
		day: local.getUTCDate(),
		hour: local.getUTCHours(),
		minute: local.getUTCMinutes(),
		second: local.getUTCSeconds(),
	};
	return isoText(wall, offsetMs);
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

// The names en-US formatting uses, for the computed texts.
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'Tue, Dec 1, 2026, 10:00' in the zone. */
function dayAndClockText(ms: number, timeZone: string): string {
	if (!isComputed(ms)) {
		const day = cached(dayFormatters, timeZone, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
		return `${day.format(ms)}, ${clockText(ms, timeZone)}`;
	}
	const local = computedWallClock(ms, timeZone);
	const day = `${WEEKDAYS[local.getUTCDay()]}, ${MONTHS[local.getUTCMonth()]} ${local.getUTCDate()}, ${local.getUTCFullYear()}`;
	return `${day}, ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** '10:00' (24-hour) in the zone. */
function clockText(ms: number, timeZone: string): string {
	if (!isComputed(ms)) return cached(clockFormatters, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
	const local = computedWallClock(ms, timeZone);
	return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

// Deciding a card describes the same event twice (activity line, then card): the last text is kept.
let lastDescribed = { key: '', text: '' };

/** A short human text such as 'Tue, Dec 1, 2026, 10:00 – 10:30 (Europe/Berlin)'. */
export function describeTimeRange(startIso: string, endIso: string, timeZone: string): string {
	const key = `${startIso}\u0000${endIso}\u0000${timeZone}`;
	if (key !== lastDescribed.key) lastDescribed = { key, text: formatTimeRange(startIso, endIso, timeZone) };
	return lastDescribed.text;
}

function formatTimeRange(startIso: string, endIso: string, timeZone: string): string {
	const start = new Date(startIso).getTime();
	const end = new Date(endIso).getTime();
	if (Number.isNaN(start)) return '';
	const endText = Number.isNaN(end) ? '' : ` – ${clockText(end, timeZone)}`;
	return `${dayAndClockText(start, timeZone)}${endText} (${timeZone})`;
}
