// "Remove Bookings of Disabled Event Types": the pure removal, the per-card write with its retries, and
// the operation run through n8n's real ExecuteContext against the fake data-table API.
import type { IDataObject } from 'n8n-workflow';

import type { RemovalBoard } from '../../nodes/CalendlyToCard/board/removeBookings';
import { removeFromCard } from '../../nodes/CalendlyToCard/board/removeBookings';
import type { BookingRecord, CardRow, CardState } from '../../nodes/CalendlyToCard/decide';
import { DEFAULT_SETTINGS, parseRowState } from '../../nodes/CalendlyToCard/decide';
import { planRemoval, removeDisabledBookings } from '../../nodes/CalendlyToCard/decide/removal';
import { cardNodeOnFake, jsons } from '../helpers/cardNodeOnFake';
import type { InviteeSpec } from './deliveries';
import { delivery } from './deliveries';

const cardNode = cardNodeOnFake();

const API = 'https://api.calendly.com';
const INTRO = `${API}/event_types/ET-INTRO`;
const DEMO = `${API}/event_types/ET-DEMO`;

const annIntro: InviteeSpec = {
	uuid: 'A1',
	email: 'ann@example.com',
	name: 'Ann Lee',
	eventUuid: 'E1',
	eventType: INTRO,
	eventName: 'Intro Call',
	start: '2026-12-01T09:00:00Z',
	bookedAt: '2026-11-20T10:00:00Z',
};
// Ann's later booking is a demo, so her card shows the demo until the demo type is disabled.
const annDemo: InviteeSpec = {
	...annIntro,
	uuid: 'A2',
	eventUuid: 'E2',
	eventType: DEMO,
	eventName: 'Product Demo',
	start: '2026-12-03T14:00:00Z',
	bookedAt: '2026-11-21T10:00:00Z',
	questions: [{ question: 'Team size', answer: '12' }],
};
const bobDemo: InviteeSpec = {
	...annDemo,
	uuid: 'B1',
	eventUuid: 'E3',
	email: 'bob@example.com',
	name: 'Bob Roe',
};

const created = (spec: InviteeSpec) => delivery('invitee.created', spec, spec.bookedAt);
const BOARD = { __rl: true, mode: 'name', value: 'Calendly Cards' };

const run = async (
	input: unknown[],
	parameters: IDataObject,
	options: { continueOnFail?: boolean } = {},
) => await cardNode.run(input, { board: BOARD, ...parameters }, options);
const sync = async (specs: InviteeSpec[], board = BOARD) =>
	await run(specs.map(created), { board });
const remove = async (parameters: IDataObject = {}, options: { continueOnFail?: boolean } = {}) =>
	await run([{}], { operation: 'removeDisabled', eventTypeUris: INTRO, ...parameters }, options);
const rowsOf = cardNode.rows;
/** A card's columns that people read: no row ids or times, no bookkeeping. */
const shown = (row: Record<string, unknown>) => {
	const {
		id: _id,
		createdAt: _c,
		updatedAt: _u,
		calendlyState: _s,
		calendlyRevision: _r,
		activity: _a,
		...rest
	} = row;
	return rest;
};

/** Ann's and Bob's cards as the sync writes them, and their states. */
async function board(): Promise<{ ann: CardRow; bob: CardRow; annState: CardState }> {
	await sync([annIntro, annDemo, bobDemo]);
	const [ann, bob] = rowsOf('Calendly Cards') as CardRow[];
	return { ann, bob, annState: parseRowState(ann)! };
}

describe('removeDisabledBookings', () => {
	it('takes out the bookings (and their activity) of disabled types and keeps enabled ones and leads', async () => {
		const { annState } = await board();
		const demoUri = `${API}/scheduled_events/E2/invitees/A2`;
		const introUri = `${API}/scheduled_events/E1/invitees/A1`;
		const intro = annState.bookings[introUri];
		const lead: BookingRecord = {
			...intro,
			uri: `${API}/routing_form_submissions/F1`,
			snapshot: { ...intro.snapshot, eventTypeUri: null, eventUri: '' },
		};
		const withLead: CardState = {
			...annState,
			bookings: { ...annState.bookings, [lead.uri]: lead },
		};

		const result = removeDisabledBookings(withLead, [INTRO]);
		expect(result.removed.map((record) => record.uri)).toEqual([demoUri]);
		expect(Object.keys(result.state.bookings).sort()).toEqual([lead.uri, introUri].sort());
		expect(result.state.activity.map((entry) => entry.invitee)).toEqual([introUri]);
		expect(result.empty).toBe(false);
		// The same rule as the sync filter: an event type's UUID enables it too.
		expect(
			removeDisabledBookings(withLead, ['ET-INTRO']).removed.map((record) => record.uri),
		).toEqual([demoUri]);
		// Only a lead left is still a card.
		expect(removeDisabledBookings(withLead, ['ET-OTHER'])).toEqual(
			expect.objectContaining({ empty: false }),
		);
		expect(Object.keys(removeDisabledBookings(withLead, ['ET-OTHER']).state.bookings)).toEqual([
			lead.uri,
		]);
		// Nothing left: empty.
		expect(removeDisabledBookings(annState, ['ET-OTHER'])).toEqual(
			expect.objectContaining({ empty: true }),
		);
		expect(removeDisabledBookings(annState, ['ET-OTHER']).state.bookings).toEqual({});
	});

	it('removes nothing, and returns the same state, when every type is enabled or the list is empty', async () => {
		const { annState } = await board();
		for (const enabled of [[], [INTRO, DEMO]]) {
			const result = removeDisabledBookings(annState, enabled);
			expect(result.removed).toEqual([]);
			expect(result.state).toBe(annState);
		}
	});
});

describe('planRemoval', () => {
	it('derives the card again as if only the enabled bookings had been synced, and empties answers only removed bookings gave', async () => {
		const { ann } = await board();
		const settings = { ...DEFAULT_SETTINGS, timeZone: 'Europe/Berlin', eventTypes: [INTRO] };
		const plan = planRemoval(ann, settings);
		if (plan.kind !== 'rewrite') throw new Error(`expected a rewrite, got ${plan.kind}`);
		expect(plan.expectedRevision).toBe(ann.calendlyRevision);
		const questionColumn = Object.keys(ann).find((column) => column.startsWith('q_'))!;
		expect(ann[questionColumn]).toBe('12');
		expect(plan.write[questionColumn]).toBeNull();

		// The reference: a board that only ever saw Ann's intro booking.
		await sync([annIntro], { __rl: true, mode: 'name', value: 'Intro Only' });
		const [reference] = rowsOf('Intro Only');
		expect(shown(plan.after)).toEqual({ ...shown(reference), [questionColumn]: null });
		expect(plan.after.eventName).toBe('Intro Call');
	});

	it('deletes a card left with nothing, and leaves alone cards not made by this node or with nothing to remove', async () => {
		const { bob } = await board();
		const settings = { ...DEFAULT_SETTINGS, eventTypes: [INTRO] };
		expect(planRemoval(bob, settings)).toEqual({
			kind: 'delete',
			removed: [expect.objectContaining({ uri: `${API}/scheduled_events/E3/invitees/B1` })],
			expectedRevision: bob.calendlyRevision,
		});
		expect(
			planRemoval({ id: 9, email: 'hand@example.com', calendlyState: null }, settings),
		).toEqual({ kind: 'none' });
		expect(planRemoval(bob, { ...settings, eventTypes: [DEMO] })).toEqual({ kind: 'none' });
	});
});

describe('removeFromCard', () => {
	const settings = { ...DEFAULT_SETTINGS, eventTypes: [INTRO] };
	/** A board whose first conditional writes fail, as when another execution wrote the card in between. */
	function racingBoard(card: CardRow, options: { lose: number; reread: () => CardRow | null }) {
		let losses = options.lose;
		const calls: string[] = [];
		const racing: RemovalBoard = {
			readCard: async () => {
				calls.push('read');
				return options.reread();
			},
			updateIfUnchanged: async (id, expected, data) => {
				calls.push(`update ${expected}`);
				return losses-- > 0 ? null : { ...card, ...data, id };
			},
			deleteIfUnchanged: async (_id, expected) => {
				calls.push(`delete ${expected}`);
				return losses-- <= 0;
			},
			ensureColumns: async () => undefined,
		};
		return { racing, calls };
	}

	it('on a lost race reads the card again and decides again from what is stored now', async () => {
		const { ann, bob } = await board();
		// Meanwhile Bob's card got an intro booking too: it is no longer deleted but rewritten.
		await sync([
			{ ...annIntro, uuid: 'B2', eventUuid: 'E4', email: 'bob@example.com', name: 'Bob Roe' },
		]);
		const bobNow = (rowsOf('Calendly Cards') as CardRow[]).find((row) => row.id === bob.id)!;
		const { racing, calls } = racingBoard(bob, { lose: 1, reread: () => bobNow });
		const outcome = await removeFromCard(racing, bob, settings);
		expect(calls).toEqual([
			`delete ${bob.calendlyRevision}`,
			'read',
			`update ${bobNow.calendlyRevision}`,
		]);
		expect(outcome).toEqual(
			expect.objectContaining({ action: 'removed', cardId: bob.id, conflicts: 1, before: bobNow }),
		);
		expect(outcome?.after).toEqual(expect.objectContaining({ eventName: 'Intro Call' }));

		// A card deleted by someone else in between: nothing left to do.
		const gone = racingBoard(ann, { lose: 1, reread: () => null });
		expect(await removeFromCard(gone.racing, ann, settings)).toBeNull();
		expect(gone.calls).toEqual([`update ${ann.calendlyRevision}`, 'read']);
	});

	it('gives up after a bounded number of lost races, saying to run again', async () => {
		const { ann } = await board();
		const { racing, calls } = racingBoard(ann, { lose: 100, reread: () => ann });
		await expect(removeFromCard(racing, ann, settings, { maxAttempts: 3 })).rejects.toThrow(
			'the card kept changing under this execution (3 attempts): other executions are writing it. Run the removal again.',
		);
		expect(calls.filter((call) => call.startsWith('update'))).toHaveLength(3);
	});

	it('writes nothing in a dry run', async () => {
		const { ann } = await board();
		const { racing, calls } = racingBoard(ann, { lose: 0, reread: () => ann });
		expect(await removeFromCard(racing, ann, settings, { dryRun: true })).toEqual(
			expect.objectContaining({ action: 'removed' }),
		);
		expect(calls).toEqual([]);
	});
});

describe('Calendly to Card: Remove Bookings of Disabled Event Types', () => {
	it('lists on a dry run exactly what would change, and writes nothing', async () => {
		const { ann, bob } = await board();
		const table = cardNode.fake.tableByName('Calendly Cards')!;
		// A row made by hand, without the node's bookkeeping.
		table.rows.push({
			id: 99,
			email: 'hand@example.com',
			createdAt: table.createdAt,
			updatedAt: table.updatedAt,
		} as never);
		const before = rowsOf('Calendly Cards');
		cardNode.fake.resetCalls();

		const [createdOut, updated, canceled, skipped] = await remove({ dryRun: true });
		expect([createdOut.length, canceled.length, skipped.length]).toEqual([0, 0, 0]);
		expect(jsons(updated)).toEqual([
			{
				action: 'removed',
				dryRun: true,
				cardId: ann.id,
				email: 'ann@example.com',
				removedBookings: [
					{
						inviteeUri: `${API}/scheduled_events/E2/invitees/A2`,
						eventName: 'Product Demo',
						eventTypeUri: DEMO,
						startTime: '2026-12-03T14:00:00.000Z',
						status: 'active',
					},
				],
				card: expect.objectContaining({ eventName: 'Intro Call', email: 'ann@example.com' }),
				cardBefore: expect.objectContaining({ eventName: 'Product Demo' }),
				boardId: table.id,
				writeConflicts: 0,
			},
			expect.objectContaining({
				action: 'cardDeleted',
				dryRun: true,
				cardId: bob.id,
				email: 'bob@example.com',
				card: null,
			}),
		]);
		expect(updated.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(updated[0].json.card).not.toHaveProperty('calendlyState');
		expect(updated[0].json.cardBefore).not.toHaveProperty('calendlyRevision');
		expect(rowsOf('Calendly Cards')).toEqual(before);
		expect(cardNode.fake.calls.filter((call) => call.method !== 'GET')).toEqual([]);
	});

	it('rewrites the mixed card, deletes the card left empty, leaves other rows alone, and a second run changes nothing', async () => {
		const { ann, bob } = await board();
		const [, dry] = await remove({ dryRun: true });
		const [, updated] = await remove();
		expect(
			jsons(updated).map(({ action, cardId, dryRun }) => ({ action, cardId, dryRun })),
		).toEqual([
			{ action: 'removed', cardId: ann.id, dryRun: false },
			{ action: 'cardDeleted', cardId: bob.id, dryRun: false },
		]);
		// The dry run said what the real run did.
		expect(
			jsons(dry).map((json) => ({
				...json,
				dryRun: false,
				card: shown((json.card ?? {}) as IDataObject),
			})),
		).toEqual(
			jsons(updated).map((json) => ({ ...json, card: shown((json.card ?? {}) as IDataObject) })),
		);
		const rows = rowsOf('Calendly Cards');
		expect(rows.map((row) => row.id)).toEqual([ann.id]);
		expect(Object.keys(parseRowState(rows[0])!.bookings)).toEqual([
			`${API}/scheduled_events/E1/invitees/A1`,
		]);
		expect(rows[0]).toEqual(
			expect.objectContaining({ eventName: 'Intro Call', eventTime: '2026-12-01T09:00:00.000Z' }),
		);
		expect(updated[0].json.card).toEqual(expect.objectContaining({ eventName: 'Intro Call' }));

		cardNode.fake.resetCalls();
		const again = await remove();
		expect(again.map((output) => output.length)).toEqual([0, 0, 0, 0]);
		expect(cardNode.fake.calls.filter((call) => call.method !== 'GET')).toEqual([]);

		// A later sync of a demo booking is filtered by the same list, so it does not come back.
		const [, , , skipped] = await run([created(annDemo)], { eventTypeUris: INTRO });
		expect(jsons(skipped)).toEqual([expect.objectContaining({ skipReason: 'filtered' })]);
	});

	it('stops with a clear error when no event types are chosen', async () => {
		await board();
		await expect(remove({ eventTypeUris: '' })).rejects.toThrow(
			'No event types are chosen, so none is disabled and nothing would be removed',
		);
		const [, updated, , skipped] = await remove({ eventTypeUris: '' }, { continueOnFail: true });
		expect(updated).toEqual([]);
		expect(jsons(skipped)).toEqual([
			{
				action: 'error',
				itemIndex: 0,
				error: expect.stringContaining('No event types are chosen'),
			},
		]);
		expect(rowsOf('Calendly Cards')).toHaveLength(2);
	});

	it('fails only the card whose bookkeeping cannot be read, naming it, when continue on fail is on', async () => {
		const { ann, bob } = await board();
		const table = cardNode.fake.tableByName('Calendly Cards')!;
		table.rows.find((row) => row.id === ann.id)!.calendlyState = '{broken';
		await expect(remove()).rejects.toThrow(
			`Card ${ann.id}: column 'calendlyState' is not valid JSON`,
		);
		const [, updated, , skipped] = await remove({}, { continueOnFail: true });
		expect(jsons(skipped)).toEqual([
			{
				action: 'error',
				itemIndex: 0,
				cardId: ann.id,
				email: 'ann@example.com',
				error: expect.stringContaining(`Card ${ann.id}: column 'calendlyState'`),
			},
		]);
		expect(jsons(updated)).toEqual([
			expect.objectContaining({ action: 'cardDeleted', cardId: bob.id }),
		]);
	});

	it('names the card when n8n refuses its write', async () => {
		const { ann } = await board();
		cardNode.fake.injectFault({
			method: 'PATCH',
			path: '/rows/update',
			status: 400,
			body: { message: 'bad request' },
		});
		const [, updated, , skipped] = await remove({}, { continueOnFail: true });
		expect(jsons(skipped)).toEqual([
			expect.objectContaining({
				action: 'error',
				cardId: ann.id,
				error: expect.stringMatching(
					new RegExp(`^Card ${ann.id} \\(ann@example.com\\): n8n rejected a request`),
				),
			}),
		]);
		expect(jsons(updated)).toEqual([expect.objectContaining({ action: 'cardDeleted' })]);
	});
});
