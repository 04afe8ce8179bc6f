// A board is edited by people: what the card node writes into a card they edited, what it shows of the
// log and of guests, and when an item comes out on Skipped (only when the board is left as it was).
import { syncBooking } from '../../nodes/CalendlyToCard/board/syncBooking';
import type { CardRow, CardSettings } from '../../nodes/CalendlyToCard/decide';
import {
	ACTIVITY_LINES_SHOWN,
	DEFAULT_SETTINGS,
	parseRowState,
	planSync,
} from '../../nodes/CalendlyToCard/decide';
import { guestBookings } from '../../nodes/shared/booking/guestBookings';
import { normalizeBooking } from '../../nodes/shared/booking/normalizeBooking';
import type { Envelope, InviteeSpec } from './deliveries';
import { ANN, delivery } from './deliveries';
import { MemoryBoard } from './memoryBoard';

const settings: CardSettings = {
	...DEFAULT_SETTINGS,
	timeZone: 'Europe/Berlin',
	stages: { ...DEFAULT_SETTINGS.stages, canceled: 'Lost' },
};
const ann: InviteeSpec = { ...ANN, questions: [{ question: 'Company?', answer: 'ACME' }] };
const second: InviteeSpec = {
	...ann,
	uuid: 'A2',
	eventUuid: 'E2',
	bookedAt: '2026-11-21T10:00:00Z',
	start: '2026-12-05T09:00:00Z',
};
const created = (spec: InviteeSpec) => delivery('invitee.created', spec, spec.bookedAt);
const canceled = (spec: InviteeSpec, at: string) =>
	delivery('invitee.canceled', spec, at, {
		status: 'canceled',
		cancellation: {
			canceled_by: spec.name,
			reason: null,
			canceler_type: 'invitee',
			created_at: at,
		},
	});
const booking = (envelope: Envelope) => normalizeBooking(envelope, { timeZone: settings.timeZone });

async function apply(board: MemoryBoard, envelope: Envelope, with_: CardSettings = settings) {
	return await syncBooking(board, booking(envelope), with_);
}
const card = (board: MemoryBoard): CardRow => [...board.rows.values()][0];

describe('hand edits', () => {
	it('keep a typed value until the node’s own value for that field changes', async () => {
		const board = new MemoryBoard();
		await apply(board, created(ann));
		Object.assign(card(board), {
			stage: 'Qualified',
			name: 'Ann (VIP)',
			q_Company: 'ACME Corp',
			notes: 'call back',
			priority: 2,
			firstName: null,
		});
		const result = await apply(board, created(second));
		expect(result.plan.action).toBe('updated');
		// The new booking changes the event, not the stage, the name or the answer.
		expect(card(board)).toMatchObject({
			stage: 'Qualified',
			name: 'Ann (VIP)',
			q_Company: 'ACME Corp',
			notes: 'call back',
			priority: 2,
			eventTime: '2026-12-05T09:00:00.000Z',
		});
		expect(Object.keys(result.plan.write!)).not.toContain('stage');
		// An emptied cell is filled again with the node's value.
		expect(card(board).firstName).toBe('Ann');
		// A cancellation of every booking changes the stage to Lost.
		await apply(board, canceled(second, '2026-11-22T10:00:00Z'));
		await apply(board, canceled(ann, '2026-11-22T11:00:00Z'));
		expect(card(board)).toMatchObject({ stage: 'Lost', name: 'Ann (VIP)', notes: 'call back' });
	});

	it('lose nothing the card remembers, also when visible columns are deleted or renamed', async () => {
		const board = new MemoryBoard();
		await apply(board, created(ann));
		const row = card(board);
		for (const column of ['eventName', 'eventTime', 'location', 'q_Company', 'activity'])
			delete row[column];
		row.mobile = row.phone;
		delete row.phone;
		await apply(board, created(second));
		const state = parseRowState(card(board))!;
		expect(Object.keys(state.bookings)).toHaveLength(2);
		expect(state.activity).toHaveLength(2);
		expect(state.bookings[Object.keys(state.bookings)[0]].snapshot).toMatchObject({
			eventName: 'Intro Call',
			questions: [{ question: 'Company?', answer: 'ACME' }],
		});
		// The deleted columns are written again, with the node's current values.
		expect(card(board)).toMatchObject({
			eventName: 'Intro Call',
			eventTime: '2026-12-05T09:00:00.000Z',
			q_Company: 'ACME',
		});
		expect(card(board)).toHaveProperty('mobile');
	});
});

describe('the activity log column', () => {
	it('shows the latest entries newest first, one line each with when it happened', async () => {
		const board = new MemoryBoard();
		await apply(board, created(ann));
		await apply(board, canceled(ann, '2026-11-22T10:00:00Z'));
		expect(String(card(board).activity).split('\n')).toEqual([
			expect.stringMatching(/^2026-11-22 11:00 · Canceled Intro Call/),
			expect.stringMatching(/^2026-11-20 11:00 · Booked Intro Call/),
		]);
	});

	it(`is bounded to ${ACTIVITY_LINES_SHOWN} lines while the state keeps "Activity Entries Kept"`, async () => {
		const board = new MemoryBoard();
		for (let i = 0; i < ACTIVITY_LINES_SHOWN + 3; i++) {
			const day = String(10 + i).padStart(2, '0');
			await apply(
				board,
				created({
					...ann,
					uuid: `A${i}`,
					eventUuid: `E${i}`,
					bookedAt: `2026-11-${day}T10:00:00Z`,
					start: `2026-12-${day}T09:00:00Z`,
				}),
			);
		}
		expect(String(card(board).activity).split('\n')).toHaveLength(ACTIVITY_LINES_SHOWN);
		expect(String(card(board).activity)).toMatch(/^2026-11-22 11:00 /);
		expect(parseRowState(card(board))!.activity).toHaveLength(ACTIVITY_LINES_SHOWN + 3);
	});
});

describe('guests and contact types', () => {
	it('a guest’s card says whose guest the person is; the default contact types say what each person is', async () => {
		const envelope = created(ann);
		(envelope.payload.scheduled_event as Record<string, unknown>).event_guests = [
			{ email: 'gus@example.com', created_at: ann.bookedAt, updated_at: ann.bookedAt },
		];
		const board = new MemoryBoard();
		await apply(board, envelope);
		for (const guest of guestBookings(booking(envelope))) await syncBooking(board, guest, settings);
		const rows = [...board.rows.values()];
		expect(rows.map((row) => [row.email, row.contactType, row.guestOf])).toEqual([
			['ann@example.com', 'Invitee', null],
			['gus@example.com', 'Guest', 'Ann Lee <ann@example.com>'],
		]);
		expect(settings.stages.lead).not.toBe('Prospect');
	});
});

describe('Skipped means the board did not change', () => {
	it('a late delivery about a forgotten booking writes nothing, unless it moves the card’s clock', async () => {
		const bounded = { ...settings, bookingsKept: 1 };
		const board = new MemoryBoard();
		const old: InviteeSpec = {
			...ann,
			bookedAt: '2026-09-01T10:00:00Z',
			start: '2026-09-02T09:00:00Z',
		};
		const later: InviteeSpec = {
			...ann,
			uuid: 'A9',
			eventUuid: 'E9',
			bookedAt: '2026-11-20T10:00:00Z',
			start: '2026-12-01T09:00:00Z',
		};
		await apply(board, created(old), bounded);
		await apply(board, created(later), bounded);
		const before = board.snapshot();
		// Calendly sends it again long after it happened (its first delivery was lost).
		const late = await apply(board, canceled(old, '2026-09-01T12:00:00Z'), bounded);
		expect(late.plan).toMatchObject({ action: 'skipped', skipReason: 'forgotten', write: null });
		expect(board.snapshot()).toEqual(before);
		// One that happened after everything the card knows moves the card's clock (it may forget more): Updated.
		const news = await apply(board, canceled(old, '2026-11-25T10:00:00Z'), bounded);
		expect(news.plan).toMatchObject({ action: 'updated', skipReason: null });
	});

	it('a copy of a delivery whose card another execution just inserted waits for its announcement and is Skipped', async () => {
		const board = new MemoryBoard();
		const original = booking(created(ann));
		// The original execution inserted the card (pending) and has not announced it yet.
		const insert = planSync([], original, settings);
		const inserted = await board.insert(insert.write!);
		let announced = false;
		const copy = await syncBooking(board, booking(created(ann)), settings, {
			backoff: async () => {
				if (announced) return;
				announced = true;
				const announce = planSync([card(board)], original, settings, { announceHeld: true });
				expect(announce.announces).toBe(true);
				await board.updateIfUnchanged(inserted.id, announce.expectedRevision, announce.write!);
			},
		});
		expect(copy.plan).toMatchObject({ action: 'skipped', skipReason: 'duplicate' });
		expect(parseRowState(card(board))!.pending).toBeUndefined();
	});

	it('a cancellation arriving while the new card is not yet announced goes onto it, and its booking still comes out Created', async () => {
		const board = new MemoryBoard();
		const created = booking(delivery('invitee.created', ann, ann.bookedAt));
		const inserted = await board.insert(planSync([], created, settings).write!);
		const cancel = await syncBooking(
			board,
			booking(canceled(ann, '2026-11-21T10:00:00Z')),
			settings,
			{ backoff: async () => {} },
		);
		expect(cancel.plan.action).toBe('canceled');
		expect(board.rows.size).toBe(1);
		const announce = planSync([card(board)], created, settings, {
			announceHeld: true,
			ownCardId: inserted.id,
			now: Date.now(),
		});
		expect(announce.announces).toBe(true);
	});

	it('a copy announces the card itself when the inserting execution never does (it crashed)', async () => {
		const board = new MemoryBoard();
		const insert = planSync([], booking(created(ann)), settings);
		await board.insert(insert.write!);
		const retry = await syncBooking(board, booking(created(ann)), settings, {
			backoff: async () => {},
		});
		expect(retry.plan.action).toBe('created');
		expect(parseRowState(card(board))!.pending).toBeUndefined();
	});
});
