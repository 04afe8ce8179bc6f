// Pure parts of the action node: date handling, range checks, URI parsing.
import { parseInviteeUri, URI_REGEX } from '../../nodes/Calendly/helpers/uri';
import { availabilityWindowProblem, parseDateTime } from '../../nodes/Calendly/helpers/time';

describe('parseDateTime', () => {
	it('takes values with a zone or offset as they are', () => {
		expect(parseDateTime('2026-12-01T09:00:00Z', 'Europe/Berlin')?.toISOString()).toBe(
			'2026-12-01T09:00:00.000Z',
		);
		expect(parseDateTime('2026-12-01T09:00:00+02:00', 'UTC')?.toISOString()).toBe(
			'2026-12-01T07:00:00.000Z',
		);
		expect(parseDateTime('2026-12-01T09:00:00.123456Z', 'UTC')?.toISOString()).toBe(
			'2026-12-01T09:00:00.123Z',
		);
	});

	it('reads wall-clock values in the workflow time zone, across daylight saving changes', () => {
		expect(parseDateTime('2026-12-01T09:00:00', 'Europe/Berlin')?.toISOString()).toBe(
			'2026-12-01T08:00:00.000Z',
		);
		expect(parseDateTime('2026-07-01T09:00:00', 'Europe/Berlin')?.toISOString()).toBe(
			'2026-07-01T07:00:00.000Z',
		);
		expect(parseDateTime('2026-03-29T12:00:00', 'Europe/Berlin')?.toISOString()).toBe(
			'2026-03-29T10:00:00.000Z',
		);
		expect(parseDateTime('2026-11-01T12:00:00', 'America/New_York')?.toISOString()).toBe(
			'2026-11-01T17:00:00.000Z',
		);
		expect(parseDateTime('2026-12-01', 'Asia/Tokyo')?.toISOString()).toBe(
			'2026-11-30T15:00:00.000Z',
		);
	});

	it('accepts Date objects and Luxon-like DateTimes from expressions', () => {
		expect(parseDateTime(new Date('2026-12-01T09:00:00Z'), 'UTC')?.toISOString()).toBe(
			'2026-12-01T09:00:00.000Z',
		);
		expect(
			parseDateTime({ toISO: () => '2026-12-01T10:00:00.000+01:00' }, 'UTC')?.toISOString(),
		).toBe('2026-12-01T09:00:00.000Z');
	});

	it('returns undefined for what is not a date', () => {
		for (const value of ['', '   ', 'tomorrow', '2026-13-45T99:00:00', undefined, null, 42]) {
			expect(parseDateTime(value, 'UTC')).toBeUndefined();
		}
	});
});

describe('availabilityWindowProblem', () => {
	const now = new Date('2026-11-21T12:00:00Z');
	const at = (iso: string) => new Date(iso);

	it('accepts a future range of up to 31 days', () => {
		expect(
			availabilityWindowProblem(at('2026-11-21T12:00:00Z'), at('2026-11-22T12:00:00Z'), now),
		).toBeUndefined();
		expect(
			availabilityWindowProblem(at('2026-11-22T00:00:00Z'), at('2026-12-23T00:00:00Z'), now),
		).toBeUndefined();
	});

	it('says what is wrong and how to fix it', () => {
		expect(
			availabilityWindowProblem(at('2026-11-21T11:59:00Z'), at('2026-11-22T00:00:00Z'), now),
		).toBe(
			"Start Time 2026-11-21T11:59:00.000Z is in the past; Calendly only lists available times from now on. Set a start time in the future, e.g. {{ $now.plus(5, 'minutes') }}.",
		);
		expect(
			availabilityWindowProblem(at('2026-11-23T00:00:00Z'), at('2026-11-23T00:00:00Z'), now),
		).toMatch(
			/^End Time .* is not after Start Time .*\. Set an end time later than the start time\.$/,
		);
		expect(
			availabilityWindowProblem(at('2026-11-22T00:00:00Z'), at('2026-12-23T00:00:01Z'), now),
		).toMatch(
			/is longer than 31 days, the most Calendly returns at once\. Shorten the range or split it into several calls\.$/,
		);
	});
});

describe('Calendly URIs', () => {
	it('splits an invitee URI into its event and invitee UUIDs', () => {
		expect(parseInviteeUri('https://api.calendly.com/scheduled_events/EV1/invitees/INV2')).toEqual({
			event: 'EV1',
			invitee: 'INV2',
		});
		expect(parseInviteeUri(' http://127.0.0.1:4000/scheduled_events/EV1/invitees/INV2/ ')).toEqual({
			event: 'EV1',
			invitee: 'INV2',
		});
		expect(parseInviteeUri('https://api.calendly.com/scheduled_events/EV1')).toBeUndefined();
		expect(parseInviteeUri('INV2')).toBeUndefined();
	});

	it('recognises each kind of URI on any host, and nothing else', () => {
		const match = (kind: keyof typeof URI_REGEX, value: string) =>
			new RegExp(URI_REGEX[kind]).exec(value)?.[1];
		expect(match('eventType', 'https://api.calendly.com/event_types/ABC-123')).toBe('ABC-123');
		expect(match('eventType', 'https://calendly.com/ada/intro')).toBeUndefined();
		expect(match('scheduledEvent', 'http://127.0.0.1:9/scheduled_events/EV1/')).toBe('EV1');
		expect(
			match('scheduledEvent', 'https://api.calendly.com/scheduled_events/EV1/invitees/I'),
		).toBeUndefined();
		expect(match('invitee', 'https://api.calendly.com/scheduled_events/EV1/invitees/I')).toBe('I');
		expect(match('user', 'https://api.calendly.com/users/U1')).toBe('U1');
		expect(match('webhookSubscription', 'https://api.calendly.com/webhook_subscriptions/W1')).toBe(
			'W1',
		);
	});
});
