// Calendly wants UTC ISO timestamps; n8n's date picker gives wall-clock strings without a zone, which
// mean "in the workflow's time zone". These pure helpers do that conversion and the range checks.

import { toZonedIso } from '../../shared/booking/zonedTime';

const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Milliseconds the zone is ahead of UTC at the given instant. */
function zoneOffsetMs(instant: number, timeZone: string): number {
	const wallClock = toZonedIso(new Date(instant).toISOString(), timeZone) ?? '';
	return Date.parse(`${wallClock.slice(0, 19)}Z`) - Math.floor(instant / 1000) * 1000;
}

/**
 * Reads a date-time parameter value as an instant. Values with a zone or offset are taken as they are;
 * values without one are wall-clock times in `timeZone`. Returns undefined when it is not a date.
 */
export function parseDateTime(value: unknown, timeZone: string): Date | undefined {
	let text = typeof value === 'string' ? value.trim() : '';
	// Expressions such as {{ $now }} can hand over a Luxon DateTime instead of a string.
	if (typeof value === 'object' && value !== null && 'toISO' in value) {
		text = String((value as { toISO: () => string }).toISO());
	}
	if (value instanceof Date) text = value.toISOString();
	if (!text) return undefined;
	if (DATE_ONLY.test(text)) text += 'T00:00:00';
	if (HAS_ZONE.test(text)) {
		const instant = Date.parse(text);
		return Number.isNaN(instant) ? undefined : new Date(instant);
	}
	const asUtc = Date.parse(`${text}Z`);
	if (Number.isNaN(asUtc)) return undefined;
	// Two passes settle the offset on days when daylight saving time starts or ends.
	let instant = asUtc - zoneOffsetMs(asUtc, timeZone);
	instant = asUtc - zoneOffsetMs(instant, timeZone);
	return new Date(instant);
}

const MAX_AVAILABILITY_WINDOW_DAYS = 31;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Calendly's rules for /event_type_available_times, checked before calling so users get a clear message:
 * the start is not in the past, the end is after the start, and the window is at most 31 days.
 * Returns what is wrong, or undefined when the range is fine.
 */
export function availabilityWindowProblem(start: Date, end: Date, now: Date): string | undefined {
	if (start.getTime() < now.getTime()) {
		return `Start Time ${start.toISOString()} is in the past; Calendly only lists available times from now on. Set a start time in the future, e.g. {{ $now.plus(5, 'minutes') }}.`;
	}
	if (end.getTime() <= start.getTime()) {
		return `End Time ${end.toISOString()} is not after Start Time ${start.toISOString()}. Set an end time later than the start time.`;
	}
	if (end.getTime() - start.getTime() > MAX_AVAILABILITY_WINDOW_DAYS * DAY_MS) {
		return `The range from ${start.toISOString()} to ${end.toISOString()} is longer than ${MAX_AVAILABILITY_WINDOW_DAYS} days, the most Calendly returns at once. Shorten the range or split it into several calls.`;
	}
	return undefined;
}
