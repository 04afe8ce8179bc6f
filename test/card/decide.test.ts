import { syncBooking } from '../../nodes/CalendlyToCard/board/syncBooking';
import type { CardRow, CardSettings } from '../../nodes/CalendlyToCard/decide';
import {
	CardStateError,
	DEFAULT_SETTINGS,
	deriveCard,
	isFiltered,
	MultipleCardsError,
	parseRowState,
	planSync,
	questionColumnName,
	questionColumns,
	unsupportedEvent,
	validateSettings,
} from '../../nodes/CalendlyToCard/decide';
import { emailKey } from '../../nodes/shared/booking/emailKey';
import { normalizeBooking } from '../../nodes/shared/booking/normalizeBooking';
import type { Envelope, InviteeSpec } from './deliveries';
import { ANN, delivery, inviteeUri } from './deliveries';
import { MemoryBoard } from './memoryBoard';

const ann: InviteeSpec = {
	...ANN,
	host: { name: 'Hana Host', email: 'hana@example.com' },
	questions: [{ question: 'Company?', answer: 'ACME' }],
	utmSource: 'newsletter',
};
const created = (spec: InviteeSpec) => delivery('invitee.created', spec, spec.bookedAt);
const canceled = (
	spec: InviteeSpec,
	at: string,
	by: 'host' | 'invitee' = 'invitee',
	reason: string | null = 'Conflict',
) =>
	delivery('invitee.canceled', spec, at, {
		status: 'canceled',
		cancellation: {
			canceled_by: by === 'host' ? 'Hana Host' : spec.name,
			reason,
			canceler_type: by,
			created_at: at,
		},
	});
/** A no-show mark of the invitee's booking at `markedAt`, and its removal at `clearedAt`. */
const noShowMarks = (spec: InviteeSpec, markedAt: string, clearedAt: string) => ({
	mark: delivery('invitee_no_show.created', spec, markedAt, {
		noShow: { uri: 'https://api.calendly.com/invitee_no_shows/N1', created_at: markedAt },
	}),
	unmark: delivery('invitee_no_show.deleted', spec, clearedAt),
});
function reschedule(
	from: InviteeSpec,
	uuid: string,
	start: string,
	at: string,
): { moved: Envelope; next: InviteeSpec; booked: Envelope } {
	const next: InviteeSpec = {
		...from,
		uuid,
		eventUuid: `E-${uuid}`,
		start,
		bookedAt: at,
		oldInvitee: inviteeUri(from),
	};
	const moved = delivery('invitee.canceled', from, at, {
		status: 'canceled',
		rescheduled: true,
		newInvitee: inviteeUri(next),
		cancellation: {
			canceled_by: from.name,
			reason: null,
			canceler_type: 'invitee',
			created_at: at,
		},
	});
	return { moved, next, booked: created(next) };
}

async function run(
	envelopes: Envelope[],
	settings: CardSettings = DEFAULT_SETTINGS,
	board = new MemoryBoard(),
) {
	const results = [];
	for (const envelope of envelopes) {
		results.push(
			await syncBooking(
				board,
				normalizeBooking(envelope, { timeZone: settings.timeZone }),
				settings,
			),
		);
	}
	return { results, board, cards: [...board.rows.values()] };
}

describe('a first booking', () => {
	it('creates a card with the mapped fields', async () => {
		const { results, cards } = await run([created(ann)], {
			...DEFAULT_SETTINGS,
			timeZone: 'Europe/Berlin',
			calendarName: 'Sales',
		});
		expect(results[0].plan).toMatchObject({ action: 'created', skipReason: null, targetId: null });
		expect(cards).toHaveLength(1);
		expect(cards[0]).toMatchObject({
			email: 'ann@example.com',
			name: 'Ann Lee',
			firstName: 'Ann',
			lastName: 'Lee',
			contactType: 'Invitee',
			contactTimeZone: 'Europe/Berlin',
			stage: 'Booked',
			assignee: null,
			calendar: 'Sales',
			eventName: 'Intro Call',
			eventTime: '2026-12-01T09:00:00.000Z',
			eventEnd: '2026-12-01T09:30:00.000Z',
			eventWhen: 'Tue, Dec 1, 2026, 10:00 – 10:30 (Europe/Berlin)',
			eventStatus: 'scheduled',
			location: 'https://zoom.us/j/E1',
			joinUrl: 'https://zoom.us/j/E1',
			cancelUrl: 'https://calendly.com/cancellations/A1',
			rescheduleUrl: 'https://calendly.com/reschedulings/A1',
			utmSource: 'newsletter',
			noShow: false,
			archived: false,
			q_Company: 'ACME',
		});
		// Answers have their own columns, so the description leaves them out unless asked to.
		expect(cards[0].description).not.toContain('Answers:');
		expect(
			planSync([], normalizeBooking(created(ann)), {
				...DEFAULT_SETTINGS,
				timeZone: 'Europe/Berlin',
				questionsInDescription: true,
			}).write!.description,
		).toContain('Answers:\n- Company?: ACME');
		expect(parseRowState(cards[0])!.activity).toEqual([
			expect.objectContaining({ type: 'booked', at: '2026-11-20T10:00:00.000Z' }),
		]);
		// The log's times are in the board's zone, named in the event's own columns.
		expect(cards[0].activity).toBe(
			'2026-11-20 11:00 · Booked Intro Call for Tue, Dec 1, 2026, 10:00 – 10:30',
		);
		expect(cards[0].eventWhen).toBe('Tue, Dec 1, 2026, 10:00 – 10:30 (Europe/Berlin)');
		expect(results[0].plan.activity).toMatchObject({
			type: 'booked',
			text: 'Booked Intro Call for Tue, Dec 1, 2026, 10:00 – 10:30',
		});
		expect(results[0].plan.changes).toEqual(
			expect.arrayContaining(['email', 'name', 'eventTime', 'q_Company']),
		);
		expect(results[0].plan.changes).not.toContain('calendlyState');
	});

	it('is skipped as a duplicate the second time, with no write and no second activity', async () => {
		const { results, cards, board } = await run([created(ann), created(ann)]);
		expect(results[1].plan).toMatchObject({
			action: 'skipped',
			skipReason: 'duplicate',
			write: null,
		});
		expect(parseRowState(cards[0])!.activity).toHaveLength(1);
		expect(board.calls).toBe(4 + 1); // create: read, insert, read, announce; duplicate: read
	});

	it('is filtered when its event type is not enabled, given as a URI or a UUID; leads never are', () => {
		const booking = normalizeBooking(created(ann));
		expect(
			isFiltered(booking, {
				...DEFAULT_SETTINGS,
				eventTypes: ['https://api.calendly.com/event_types/OTHER'],
			}),
		).toBe(true);
		expect(isFiltered(booking, { ...DEFAULT_SETTINGS, eventTypes: ['ET-INTRO'] })).toBe(false);
		expect(isFiltered(booking, { ...DEFAULT_SETTINGS, eventTypes: [] })).toBe(false);
		const lead = {
			...booking,
			event: 'routing_form_submission.created' as const,
			eventTypeUri: null,
		};
		expect(isFiltered(lead, { ...DEFAULT_SETTINGS, eventTypes: ['ET-INTRO'] })).toBe(false);
	});

	it('maps fields to renamed columns and leaves out fields without a column', async () => {
		const columns = {
			...DEFAULT_SETTINGS.columns,
			description: 'notes',
			utmSource: '',
			eventTime: 'meetingAt',
		};
		const { cards } = await run([created(ann)], {
			...DEFAULT_SETTINGS,
			columns,
			questionColumns: false,
		});
		expect(cards[0]).toMatchObject({
			notes: expect.stringContaining('Intro Call'),
			meetingAt: '2026-12-01T09:00:00.000Z',
		});
		expect(cards[0]).not.toHaveProperty('description');
		expect(cards[0]).not.toHaveProperty('utmSource');
		expect(cards[0]).not.toHaveProperty('q_Company');
	});
});

describe('later bookings of the same contact', () => {
	const second: InviteeSpec = {
		...ann,
		uuid: 'A2',
		eventUuid: 'E2',
		start: '2026-12-05T09:00:00Z',
		bookedAt: '2026-11-22T10:00:00Z',
		host: { name: 'Otto Other', email: 'otto@example.com' },
	};
	const stages = {
		new: 'New',
		updated: 'Returning',
		canceled: 'Lost',
		rescheduled: 'Moved',
		noShow: 'No-show',
		lead: 'Lead',
	};

	it('update the one card; the latest booking is the current event and its host is assigned', async () => {
		const { results, cards } = await run([created(ann), created(second)], {
			...DEFAULT_SETTINGS,
			stages,
			assign: 'host',
		});
		expect(results[1].plan).toMatchObject({ action: 'updated' });
		expect(cards).toHaveLength(1);
		expect(cards[0]).toMatchObject({
			eventTime: '2026-12-05T09:00:00.000Z',
			stage: 'Returning',
			assignee: 'Otto Other',
		});
		expect(results[1].plan.changes).toEqual(
			expect.arrayContaining(['eventTime', 'stage', 'assignee']),
		);
	});

	it('a cancel of the current booking falls back to the other active booking', async () => {
		const { cards, results } = await run(
			[created(ann), created(second), canceled(second, '2026-11-23T10:00:00Z')],
			{ ...DEFAULT_SETTINGS, stages },
		);
		expect(results[2].plan.action).toBe('canceled');
		expect(cards[0]).toMatchObject({
			eventTime: '2026-12-01T09:00:00.000Z',
			eventStatus: 'scheduled',
			archived: false,
		});
	});

	it('assigns a fixed user when set', async () => {
		const { cards } = await run([created(ann)], {
			...DEFAULT_SETTINGS,
			assign: 'fixed',
			fixedAssignee: 'Sam Sales',
		});
		expect(cards[0].assignee).toBe('Sam Sales');
	});
});

describe('cancellation policies', () => {
	const cancelAt = '2026-11-21T10:00:00Z';

	it('"nothing" keeps the event and marks it canceled', async () => {
		const { cards, results } = await run([created(ann), canceled(ann, cancelAt)], {
			...DEFAULT_SETTINGS,
			cancelPolicy: 'nothing',
		});
		expect(results[1].plan.action).toBe('canceled');
		expect(cards[0]).toMatchObject({
			eventName: 'Intro Call',
			eventTime: '2026-12-01T09:00:00.000Z',
			eventStatus: 'canceled',
			archived: false,
		});
	});

	it('"remove event" clears the event fields', async () => {
		const { cards } = await run([created(ann), canceled(ann, cancelAt)], {
			...DEFAULT_SETTINGS,
			cancelPolicy: 'removeEvent',
		});
		expect(cards[0]).toMatchObject({
			eventName: null,
			eventTime: null,
			eventEnd: null,
			eventWhen: null,
			location: null,
			joinUrl: null,
			cancelUrl: null,
			rescheduleUrl: null,
			eventStatus: 'canceled',
			archived: false,
		});
		expect(cards[0].description).toBe('Status: canceled by Ann Lee (invitee): Conflict');
	});

	it('"archive" archives the card and moves it to the canceled stage', async () => {
		const settings: CardSettings = {
			...DEFAULT_SETTINGS,
			cancelPolicy: 'archive',
			stages: { ...DEFAULT_SETTINGS.stages, canceled: 'Lost' },
		};
		const { cards } = await run([created(ann), canceled(ann, cancelAt)], settings);
		expect(cards[0]).toMatchObject({ archived: true, stage: 'Lost', eventName: 'Intro Call' });
	});

	it('uses the host policy when the host cancels', async () => {
		const settings: CardSettings = {
			...DEFAULT_SETTINGS,
			cancelPolicy: 'archive',
			hostCancelPolicy: 'nothing',
		};
		const byHost = await run([created(ann), canceled(ann, cancelAt, 'host')], settings);
		expect(byHost.cards[0]).toMatchObject({
			archived: false,
			eventName: 'Intro Call',
			eventStatus: 'canceled',
		});
		const byInvitee = await run([created(ann), canceled(ann, cancelAt, 'invitee')], settings);
		expect(byInvitee.cards[0]).toMatchObject({ archived: true });
	});

	it('a new booking after an archiving cancel brings the card back', async () => {
		const later: InviteeSpec = {
			...ann,
			uuid: 'A3',
			eventUuid: 'E3',
			bookedAt: '2026-11-25T10:00:00Z',
			start: '2026-12-10T09:00:00Z',
		};
		const { cards } = await run([created(ann), canceled(ann, cancelAt), created(later)], {
			...DEFAULT_SETTINGS,
			cancelPolicy: 'archive',
		});
		expect(cards[0]).toMatchObject({
			archived: false,
			eventTime: '2026-12-10T09:00:00.000Z',
			eventStatus: 'scheduled',
		});
	});

	it('a cancel that arrives before its booking gives the same card; the late booking is Updated (it adds its log entry)', async () => {
		const inOrder = await run([created(ann), canceled(ann, cancelAt)]);
		const reversed = await run([canceled(ann, cancelAt), created(ann)]);
		expect(
			reversed.results.map((r) => [r.plan.action, r.plan.skipReason, r.plan.shownEventChanged]),
		).toEqual([
			['canceled', null, true],
			['updated', null, false],
		]);
		expect(reversed.board.snapshot()).toEqual(inOrder.board.snapshot());
		expect(
			parseRowState(reversed.cards[0])!.activity.map((entry: { type: string }) => entry.type),
		).toEqual(['booked', 'canceled']);
	});
});

describe('outputs: every delivery with news comes out with its action', () => {
	const second: InviteeSpec = {
		...ann,
		uuid: 'A2',
		eventUuid: 'E2',
		bookedAt: '2026-11-21T10:00:00Z',
		start: '2026-12-05T09:00:00Z',
	};
	const third: InviteeSpec = {
		...ann,
		uuid: 'A3',
		eventUuid: 'E3',
		bookedAt: '2026-11-22T10:00:00Z',
		start: '2026-12-07T09:00:00Z',
	};
	const outcome = (
		results: Array<{
			plan: { action: string; skipReason: string | null; shownEventChanged: boolean };
		}>,
	) => results.map(({ plan }) => [plan.action, plan.skipReason, plan.shownEventChanged]);

	it('a burst of bookings arriving newest first: each is Updated, only the newest changed the shown event', async () => {
		const { results, cards } = await run([created(third), created(ann), created(second)]);
		expect(outcome(results)).toEqual([
			['created', null, true],
			['updated', null, false],
			['updated', null, false],
		]);
		expect(cards[0]).toMatchObject({ eventTime: '2026-12-07T09:00:00.000Z' });
	});

	it('a cancellation or no-show of a booking the card does not show is still Canceled or Updated', async () => {
		const mark = delivery('invitee_no_show.created', ann, '2026-12-01T10:00:00Z', {
			noShow: {
				uri: 'https://api.calendly.com/invitee_no_shows/N1',
				created_at: '2026-12-01T10:00:00Z',
			},
		});
		const { results } = await run([
			created(ann),
			created(second),
			canceled(ann, '2026-11-23T10:00:00Z'),
			mark,
		]);
		expect(outcome(results).slice(2)).toEqual([
			['canceled', null, false],
			['no_show', null, false],
		]);
	});

	it('a cancellation of the shown booking shows another active one', async () => {
		const { results, cards } = await run([
			created(ann),
			created(second),
			canceled(second, '2026-11-23T10:00:00Z'),
		]);
		expect(outcome(results)[2]).toEqual(['canceled', null, true]);
		expect(cards[0]).toMatchObject({ eventTime: '2026-12-01T09:00:00.000Z' });
	});

	it('skips only what leaves the board as it was: a repeat', async () => {
		const { results } = await run([
			created(ann),
			created(ann),
			canceled(ann, '2026-11-23T10:00:00Z'),
			created(second),
			canceled(second, '2026-11-24T10:00:00Z'),
		]);
		expect(outcome(results)).toEqual([
			['created', null, true],
			['skipped', 'duplicate', false],
			['canceled', null, true],
			['updated', null, true],
			['canceled', null, true],
		]);
		const late = await run([canceled(second, '2026-11-24T10:00:00Z'), created(second)]);
		expect(outcome(late.results)).toEqual([
			['canceled', null, true],
			['updated', null, false],
		]);
	});
});

describe('deliveries the card node passes over', () => {
	it('names Calendly events that are not invitee events', () => {
		expect(unsupportedEvent({ event: 'routing_form_submission.created', payload: {} })).toBe(
			'routing_form_submission.created',
		);
		expect(
			unsupportedEvent({ event: 'event_type.updated', created_at: 'x', payload: { uri: 'u' } }),
		).toBe('event_type.updated');
		expect(unsupportedEvent({ event: 'contact.created', payload: {} })).toBe('contact.created');
	});

	it('leaves invitee events and items that are not deliveries to the booking reader', () => {
		for (const item of [
			created(ann),
			{ event: 'invitee_no_show.deleted', payload: {} },
			{ event: 'routing_form_submission.created' },
			{ event: 'routing_form_submission.created', payload: [] },
			{ event: 'routing_form_submission.created', payload: null },
			{ event: 'hello', payload: {} },
			{ event: 42, payload: {} },
			{ inviteeUri: 'x', event: 'invitee.created' },
			null,
			'invitee.created',
		]) {
			expect(unsupportedEvent(item)).toBeNull();
		}
	});
});

describe('reschedules', () => {
	const { moved, next, booked } = reschedule(
		ann,
		'A2',
		'2026-12-03T15:00:00Z',
		'2026-11-21T09:00:00Z',
	);
	const settings: CardSettings = {
		...DEFAULT_SETTINGS,
		cancelPolicy: 'archive',
		stages: { ...DEFAULT_SETTINGS.stages, rescheduled: 'Moved' },
	};

	it.each([
		['old invitee first', [created(ann), moved, booked]],
		['new invitee first', [created(ann), booked, moved]],
	])('move the event to the new time, never cancel (%s)', async (_, envelopes) => {
		const { results, cards } = await run(envelopes, settings);
		expect(
			results.slice(1).map((r) => [r.plan.action, r.plan.skipReason, r.plan.shownEventChanged]),
		).toEqual(
			envelopes[1] === moved
				? [
						['rescheduled', null, true],
						['rescheduled', null, true],
					]
				: [
						['rescheduled', null, true],
						['rescheduled', null, false],
					],
		);
		expect(cards).toHaveLength(1);
		expect(cards[0]).toMatchObject({
			eventTime: '2026-12-03T15:00:00.000Z',
			eventStatus: 'scheduled',
			archived: false,
			stage: 'Moved',
			cancelUrl: `https://calendly.com/cancellations/${next.uuid}`,
		});
	});

	it('shows the old time as rescheduled until the new booking arrives', async () => {
		const { cards } = await run([created(ann), moved], settings);
		expect(cards[0]).toMatchObject({
			eventTime: '2026-12-01T09:00:00.000Z',
			eventStatus: 'rescheduled',
			archived: false,
			stage: 'Moved',
			cancelUrl: null,
		});
	});
});

describe('no-shows', () => {
	const { mark, unmark } = noShowMarks(ann, '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z');
	const settings: CardSettings = {
		...DEFAULT_SETTINGS,
		stages: { ...DEFAULT_SETTINGS.stages, noShow: 'No-show' },
	};

	it('marks the card and moves it to the no-show stage', async () => {
		const { results, cards } = await run([created(ann), mark], settings);
		expect(results[1].plan.action).toBe('no_show');
		expect(cards[0]).toMatchObject({ noShow: true, eventStatus: 'no_show', stage: 'No-show' });
	});

	it('a removed mark clears it, in either order', async () => {
		const inOrder = await run([created(ann), mark, unmark], settings);
		expect(inOrder.results[2].plan.action).toBe('updated');
		expect(inOrder.cards[0]).toMatchObject({
			noShow: false,
			eventStatus: 'scheduled',
			stage: 'Booked',
		});
		const reversed = await run([unmark, created(ann), mark], settings);
		expect(reversed.board.snapshot()).toEqual(inOrder.board.snapshot());
	});
});

describe('the activity log', () => {
	const settings: CardSettings = { ...DEFAULT_SETTINGS, timeZone: 'Europe/Berlin' };
	const { moved, next, booked } = reschedule(
		ann,
		'A2',
		'2026-12-03T15:00:00Z',
		'2026-11-21T09:00:00Z',
	);
	const { mark, unmark } = noShowMarks(next, '2026-12-03T16:00:00Z', '2026-12-03T17:00:00Z');
	const bea: InviteeSpec = {
		...ann,
		uuid: 'B1',
		eventUuid: 'E3',
		start: '2026-12-10T09:00:00Z',
		bookedAt: '2026-11-25T10:00:00Z',
	};
	// The line each delivery adds, in the order of `history`.
	const added = [
		'2026-11-20 11:00 · Booked Intro Call for Tue, Dec 1, 2026, 10:00 – 10:30',
		'2026-11-21 10:00 · Moved Intro Call from Tue, Dec 1, 2026, 10:00 – 10:30',
		'2026-11-21 10:00 · Rescheduled Intro Call to Thu, Dec 3, 2026, 16:00 – 16:30',
		'2026-12-03 17:00 · Marked as no-show for Intro Call of Thu, Dec 3, 2026, 16:00 – 16:30',
		'2026-12-03 18:00 · No-show mark removed for Intro Call of Thu, Dec 3, 2026, 16:00 – 16:30',
		'2026-11-25 11:00 · Booked Intro Call for Thu, Dec 10, 2026, 10:00 – 10:30',
		'2026-12-01 11:00 · Canceled Intro Call of Thu, Dec 10, 2026, 10:00 – 10:30 (by host Hana Host): Double booked, sorry',
	];
	const history = [
		created(ann),
		moved,
		booked,
		mark,
		unmark,
		created(bea),
		canceled(bea, '2026-12-01T10:00:00Z', 'host', 'Double\nbooked, sorry'),
	];
	// Newest first, by when it happened (a tie by delivery: the move's two halves).
	const shown = [4, 3, 6, 5, 2, 1, 0].map((i) => added[i]);

	it('has a line per delivery, newest first, each written from its booking in the board zone', async () => {
		const { results, cards } = await run(history, settings);
		expect(String(cards[0].activity).split('\n')).toEqual(shown);
		// Each delivery's item carries its own line.
		expect(results.map((r) => r.plan.activity!.text)).toEqual(
			added.map((line) => line.slice(line.indexOf(' · ') + 3)),
		);
	});

	it('is the same in any order of the deliveries', async () => {
		const { cards } = await run([...history].reverse(), settings);
		expect(String(cards[0].activity).split('\n')).toEqual(shown);
	});

	it('shows the zone of the settings, older lines included', async () => {
		const { board } = await run(history, settings);
		const cara = { ...ann, uuid: 'C1', eventUuid: 'E4', bookedAt: '2026-12-04T10:00:00Z' };
		const { cards } = await run(
			[created(cara)],
			{ ...settings, timeZone: 'America/New_York' },
			board,
		);
		expect(String(cards[0].activity).split('\n').at(-1)).toBe(
			'2026-11-20 05:00 · Booked Intro Call for Tue, Dec 1, 2026, 04:00 – 04:30',
		);
		expect(cards[0].eventWhen).toContain('(America/New_York)');
	});
});

describe('group events and card matching', () => {
	it('gives one card per invitee email on a group event', async () => {
		const bob: InviteeSpec = { ...ann, uuid: 'B1', email: 'bob@example.com', name: 'Bob' };
		const { cards } = await run([
			created(ann),
			created(bob),
			canceled(bob, '2026-11-21T10:00:00Z'),
		]);
		expect(cards.map((card) => [card.email, card.eventStatus])).toEqual([
			['ann@example.com', 'scheduled'],
			['bob@example.com', 'canceled'],
		]);
	});

	it('"new card per booking" keeps one card per booking and follows reschedules', async () => {
		const settings: CardSettings = { ...DEFAULT_SETTINGS, createMode: 'newPerBooking' };
		const other: InviteeSpec = {
			...ann,
			uuid: 'A9',
			eventUuid: 'E9',
			bookedAt: '2026-11-22T10:00:00Z',
		};
		const { booked, moved } = reschedule(ann, 'A2', '2026-12-03T15:00:00Z', '2026-11-21T09:00:00Z');
		const { cards } = await run([booked, created(other), created(ann), moved], settings);
		expect(cards).toHaveLength(2);
		expect(cards.map((card) => card.eventTime).sort()).toEqual([
			'2026-12-01T09:00:00.000Z',
			'2026-12-03T15:00:00.000Z',
		]);
	});

	it('matches an email however it was typed: case, spaces, full-width or compatibility characters', async () => {
		expect(emailKey(' ＡＮＮ@Ｅｘａｍｐｌｅ．com\u3000')).toBe('ann@example.com');
		expect(emailKey('ﬁona@Example.COM')).toBe('fiona@example.com');
		expect(emailKey(emailKey('ＡＮＮ@ＥＸＡＭＰＬＥ.COM'))).toBe(
			emailKey('ＡＮＮ@ＥＸＡＭＰＬＥ.COM'),
		);
		const typedOnPhone: InviteeSpec = {
			...ann,
			uuid: 'A2',
			eventUuid: 'E2',
			email: 'ＡＮＮ@Example.com',
			bookedAt: '2026-11-21T10:00:00Z',
		};
		const { results, cards } = await run([created(ann), created(typedOnPhone)]);
		expect(results.map((r) => r.plan.action)).toEqual(['created', 'updated']);
		expect(cards.map((card) => card.email)).toEqual(['ann@example.com']);
	});

	const handMade: CardRow = {
		id: 1,
		email: 'ann@example.com',
		name: 'Ann (typed)',
		notes: 'VIP',
		calendlyState: null,
		calendlyRevision: null,
	};

	it('merges a hand-made card into the oldest card and keeps typed values', () => {
		const mine = { id: 2, email: 'ann@example.com', notes: null } as CardRow;
		const plan = planSync([mine, handMade], normalizeBooking(created(ann)), DEFAULT_SETTINGS);
		expect(plan).toMatchObject({
			action: 'updated',
			targetId: 1,
			expectedRevision: null,
			deletes: [{ id: 2, revision: null }],
		});
		expect(plan.write).toMatchObject({ name: 'Ann Lee' });
	});

	it('"update oldest" leaves other hand-made cards alone; "stop" refuses', () => {
		const other: CardRow = { ...handMade, id: 5 };
		const plan = planSync([handMade, other], normalizeBooking(created(ann)), {
			...DEFAULT_SETTINGS,
			multipleMatches: 'updateOldest',
		});
		expect(plan).toMatchObject({ targetId: 1, deletes: [] });
		expect(() =>
			planSync([handMade, other], normalizeBooking(created(ann)), {
				...DEFAULT_SETTINGS,
				multipleMatches: 'error',
			}),
		).toThrow(MultipleCardsError);
		expect(() =>
			planSync([handMade, other], normalizeBooking(created(ann)), {
				...DEFAULT_SETTINGS,
				multipleMatches: 'error',
			}),
		).toThrow('Several cards hold ann@example.com (ids 1, 5)');
	});

	it('names the card and column when its state was edited by hand', () => {
		const broken: CardRow = { ...handMade, calendlyState: '{not json' };
		expect(() => planSync([broken], normalizeBooking(created(ann)), DEFAULT_SETTINGS)).toThrow(
			CardStateError,
		);
		expect(() => planSync([broken], normalizeBooking(created(ann)), DEFAULT_SETTINGS)).toThrow(
			"Card 1: column 'calendlyState' is not valid JSON",
		);
	});
});

describe('settings and question columns', () => {
	it('sanitizes and dedupes question columns', () => {
		expect(questionColumnName("What's your goal?")).toBe('q_What_s_your_goal');
		expect(questionColumnName('Café Größe')).toBe('q_Cafe_Gro_e');
		expect(questionColumnName('???')).toBe('q_question');
		expect(questionColumnName('x'.repeat(100))).toHaveLength(63);
		expect([
			...questionColumns([
				{ question: 'Company?' },
				{ question: 'Company!' },
				{ question: 'company' },
			]).values(),
		]).toEqual(['q_Company', 'q_Company_2', 'q_company']);
	});

	it('reports each bad setting with what to do', () => {
		const columns = {
			...DEFAULT_SETTINGS.columns,
			description: '1notes',
			stage: 'name',
			eventName: 'q_event',
			location: 'id',
		};
		const problems = validateSettings({
			...DEFAULT_SETTINGS,
			columns,
			assign: 'fixed',
			fixedAssignee: ' ',
		});
		expect(problems).toEqual([
			expect.stringContaining(
				`Column for "Stage" is 'name', which is already used for "Contact Name"`,
			),
			expect.stringContaining(`Column for "Event Name" is 'q_event': names starting with 'q_'`),
			expect.stringContaining(`Column for "Location" is 'id': use letters`),
			expect.stringContaining(`Column for "Description" is '1notes': use letters`),
			expect.stringContaining('"Assign To" is a fixed user but "Assignee" is empty'),
		]);
		expect(validateSettings(DEFAULT_SETTINGS)).toEqual([]);
	});
});

describe('the stored state stands alone', () => {
	const settings = {
		...DEFAULT_SETTINGS,
		timeZone: 'Europe/Berlin',
		questionsInDescription: false,
	};
	const history = [
		created(ann),
		canceled(ann, '2026-11-21T10:00:00Z'),
		created({ ...ann, uuid: 'A2', eventUuid: 'E2', bookedAt: '2026-11-22T10:00:00Z' }),
	];

	it('is the same state whatever the visible columns hold, or without any of them', async () => {
		const { cards } = await run(history, settings);
		const { id, email, calendlyState } = cards[0];
		const edited = Object.fromEntries(
			Object.entries(cards[0]).map(([column, value]) => [
				column,
				column === 'calendlyState' ? value : typeof value === 'string' ? 'edited by hand' : null,
			]),
		);
		expect(parseRowState({ ...edited, id })).toEqual(parseRowState(cards[0]));
		expect(parseRowState({ id, email, calendlyState })).toEqual(parseRowState(cards[0]));
		expect(deriveCard('ann@example.com', parseRowState({ id, calendlyState })!, settings)).toEqual(
			Object.fromEntries(
				Object.entries(cards[0]).filter(
					([column]) => !['id', 'createdAt', 'updatedAt'].includes(column),
				),
			),
		);
	});

	it("is readable JSON: named fields, URIs without Calendly's origin, defaults left out", async () => {
		const { cards } = await run(history, settings);
		const stored = JSON.parse(cards[0].calendlyState as string);
		expect(stored.email).toBe('ann@example.com');
		expect(stored.bookings.map((record: { uri: string }) => record.uri)).toEqual([
			'/scheduled_events/E1/invitees/A1',
			'/scheduled_events/E2/invitees/A2',
		]);
		expect(stored.bookings[0]).toMatchObject({
			status: 'canceled',
			snapshot: { eventName: 'Intro Call', questions: [{ question: 'Company?', answer: 'ACME' }] },
		});
		expect(stored.bookings[1].status).toBeUndefined();
		expect(stored.bookings[1].snapshot.email).toBeUndefined();
		// Each booking holds its log entries, without texts (written when shown); a booking's own
		// "booked" entry is all defaults, and a list of only that entry is left out.
		expect(
			stored.bookings.map((record: { activity?: Array<Record<string, string>> }) =>
				record.activity?.map((entry) => Object.keys(entry)),
			),
		).toEqual([[[], ['type', 'at']], undefined]);
		expect(stored.bookings[0].activity[1]).toMatchObject({
			type: 'canceled',
			at: '2026-11-21T10:00:00.000Z',
		});
	});

	it('names what is wrong with a state it cannot read', () => {
		expect(() => parseRowState({ id: 3, calendlyState: '{"v":2,"b":{}}' })).toThrow(
			'Card 3: column \'calendlyState\' is not a card state this node wrote (it needs "email" and "bookings"): restore it or clear it',
		);
		expect(() =>
			parseRowState({ id: 3, calendlyState: '{"email":"a@b.c","bookings":[{"uri":"x"}]}' }),
		).toThrow('has an unreadable booking (number 1)');
		const booking =
			'{"uri":"x","bookedAt":"2026-11-20T10:00:00Z","snapshot":{"startTime":"2026-12-01T09:00:00Z"}';
		for (const activity of ['"booked"', '[{"type":"called"}]'])
			expect(() =>
				parseRowState({
					id: 3,
					calendlyState: `{"email":"a@b.c","bookings":[${booking},"activity":${activity}}]}`,
				}),
			).toThrow('has an unreadable activity entry in booking number 1');
	});
});
