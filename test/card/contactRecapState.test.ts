// The card state's contacts and meeting recaps as pure values: joins that do not depend on order or
// repetition, bounds, and the stored form read back as written.
import type { CardState, ContactRecord, RecapRecord } from '../../nodes/CalendlyToCard/decide';
import {
	boundState,
	cardFields,
	CELL_TEXT_MAX,
	DEFAULT_SETTINGS,
	EMPTY_STATE,
	joinContacts,
	joinRecaps,
	joinStates,
	meetingsOf,
	RECAP_FIELDS,
	RECAPS_KEPT,
	recapsOfMeetings,
	stateFromDelivery,
} from '../../nodes/CalendlyToCard/decide';
import { normalizeBooking } from '../../nodes/shared/booking/normalizeBooking';
import { ANN, delivery } from './deliveries';
import { readState, writeState } from '../../nodes/CalendlyToCard/decide/storedState';
import { prng } from '../helpers/prng';

type Rng = ReturnType<typeof prng>;
const API = 'https://api.calendly.com';
const time = (rng: Rng) => `2026-12-0${1 + rng.int(3)}T10:00:0${rng.int(3)}.000Z`;

function randomContact(rng: Rng): ContactRecord {
	const live = rng.chance(0.7);
	return {
		uri: `${API}/contacts/C1`,
		updatedAt: live ? time(rng) : null,
		snapshot: live
			? {
					name: rng.pick(['Ann', 'Ann Lee', null]),
					emails: ['ann@example.com'],
					phones: rng.chance(0.5) ? ['+1 555'] : [],
					company: rng.pick(['Acme', 'Beta', null]),
					jobTitle: null,
					linkedin: null,
					location: null,
					timeZone: null,
					customFields: [],
				}
			: null,
		deletedAt: live && rng.chance(0.7) ? null : time(rng),
	};
}

function randomRecap(rng: Rng): RecapRecord {
	const fields: RecapRecord['fields'] = {};
	for (const field of RECAP_FIELDS)
		if (rng.chance(0.6)) fields[field] = [time(rng), rng.pick(['x', 'y', null])];
	return { uri: `${API}/meeting_recaps/R1`, fields, deletedAt: rng.chance(0.2) ? time(rng) : null };
}

describe('contact and recap joins', () => {
	it('are commutative, associative and idempotent (500 random triples each)', () => {
		const rng = prng(7);
		for (const [make, join] of [
			[randomContact, joinContacts],
			[randomRecap, joinRecaps],
		] as Array<[(rng: Rng) => unknown, (a: unknown, b: unknown) => unknown]>) {
			for (let i = 0; i < 500; i++) {
				const [a, b, c] = [make(rng), make(rng), make(rng)];
				expect(join(a, b)).toEqual(join(b, a));
				expect(join(join(a, b), c)).toEqual(join(a, join(b, c)));
				expect(join(a, a)).toEqual(a);
			}
		}
	});

	it('keep the latest contact whole, and per recap field the latest value an update carried', () => {
		const older: ContactRecord = {
			...randomContact(prng(1)),
			updatedAt: '2026-12-01T00:00:00.000Z',
		};
		const newer: ContactRecord = {
			...older,
			updatedAt: '2026-12-02T00:00:00.000Z',
			snapshot: { ...older.snapshot!, company: 'Newer' },
		};
		if (older.snapshot) expect(joinContacts(older, newer).snapshot?.company).toBe('Newer');
		const first: RecapRecord = {
			uri: 'r',
			fields: {
				summary: ['2026-12-01T00:00:00.000Z', 'First'],
				shareLink: ['2026-12-01T00:00:00.000Z', 'L'],
			},
			deletedAt: null,
		};
		const update: RecapRecord = {
			uri: 'r',
			fields: { summary: ['2026-12-02T00:00:00.000Z', 'Second'] },
			deletedAt: null,
		};
		expect(joinRecaps(first, update).fields).toEqual({
			summary: ['2026-12-02T00:00:00.000Z', 'Second'],
			shareLink: ['2026-12-01T00:00:00.000Z', 'L'],
		});
	});
});

describe('recaps found through their meeting', () => {
	it('lists the meetings that have begun by a time, and keeps only the recaps of given meetings', () => {
		const booking = normalizeBooking(delivery('invitee.created', ANN, ANN.bookedAt), {
			timeZone: 'UTC',
		});
		const state = stateFromDelivery(booking);
		const start = Date.parse(ANN.start);
		expect(meetingsOf(state, start + 1)).toEqual([`${API}/scheduled_events/E1`]);
		expect(meetingsOf(state, start)).toEqual([]);
		const recap = (uuid: string, event: string | null): RecapRecord => ({
			uri: `${API}/meeting_recaps/${uuid}`,
			fields: {
				eventUri: ['2026-12-01T10:00:00.000Z', event],
				summary: ['2026-12-01T10:00:00.000Z', 'x'],
			},
			deletedAt: null,
		});
		const waiting: CardState = {
			...EMPTY_STATE,
			recaps: {
				[`${API}/meeting_recaps/R1`]: recap('R1', `${API}/scheduled_events/E1`),
				[`${API}/meeting_recaps/R2`]: recap('R2', `${API}/scheduled_events/E2`),
				[`${API}/meeting_recaps/R3`]: recap('R3', null),
			},
		};
		expect(recapsOfMeetings(waiting, [`${API}/scheduled_events/E1`])).toEqual({
			...EMPTY_STATE,
			recaps: { [`${API}/meeting_recaps/R1`]: recap('R1', `${API}/scheduled_events/E1`) },
		});
		expect(recapsOfMeetings(waiting, [`${API}/scheduled_events/E9`])).toBeUndefined();
	});
});

describe('stored contacts and recaps', () => {
	it('read back as written (300 random states)', () => {
		const rng = prng(11);
		for (let i = 0; i < 300; i++) {
			const contact = { ...randomContact(rng), uri: `${API}/contacts/C${rng.int(3)}` };
			const recap = { ...randomRecap(rng), uri: `${API}/meeting_recaps/R${rng.int(3)}` };
			if (recap.fields.eventUri?.[1]) recap.fields.eventUri[1] = `${API}/scheduled_events/E1`;
			const state: CardState = joinStates(EMPTY_STATE, {
				bookings: {},
				activity: [],
				contacts: { [contact.uri]: contact },
				recaps: { [recap.uri]: recap },
			});
			const text = writeState(state, 'ann@example.com');
			const read = readState(JSON.parse(text) as Record<string, unknown>);
			expect(read).toEqual({ state });
		}
	});

	it('names what is unreadable', () => {
		expect(readState({ email: 'a@b.c', bookings: [], contacts: [{ nope: 1 }] })).toEqual({
			problem: 'has unreadable contacts',
		});
		expect(readState({ email: 'a@b.c', bookings: [], recaps: 'x' })).toEqual({
			problem: 'has unreadable meeting recaps',
		});
	});
});

describe('bounds and columns', () => {
	/** The recap of a meeting on that day of 2026, delivered the same day. */
	const recapOn = (day: number): RecapRecord => {
		const at = new Date(Date.UTC(2026, 0, day)).toISOString();
		return {
			uri: `${API}/meeting_recaps/R${String(day).padStart(3, '0')}`,
			fields: { startTime: [at, at], summary: [at, `Day ${day}`] },
			deletedAt: null,
		};
	};

	it(`keeps the ${RECAPS_KEPT} latest recaps and older ones until their meeting is 30 days past`, () => {
		const recaps = Object.fromEntries(
			[1, 2, 75, 80, 90, 95, 98, 100].map((day) => [recapOn(day).uri, recapOn(day)]),
		);
		const bounded = boundState({ bookings: {}, activity: [], recaps }, DEFAULT_SETTINGS);
		// Day 100 is the card's latest news: days 1, 2 and 75 are not among the 5 latest, and only 75 is
		// within 30 days of it.
		expect(Object.keys(bounded.recaps!).map((uri) => Number(uri.slice(-3)))).toEqual([
			75, 80, 90, 95, 98, 100,
		]);
		expect(boundState(bounded, DEFAULT_SETTINGS)).toEqual(bounded);
	});

	it('cuts long recap texts in their columns and shows the latest meeting’s recap', () => {
		const long = recapOn(2);
		long.fields.summary = [long.fields.summary![0], 'x'.repeat(CELL_TEXT_MAX + 50)];
		const row = cardFields(
			'ann@example.com',
			{ bookings: {}, activity: [], recaps: { [long.uri]: long, [recapOn(1).uri]: recapOn(1) } },
			DEFAULT_SETTINGS,
		);
		expect(String(row.recapSummary)).toHaveLength(CELL_TEXT_MAX);
		expect(String(row.recapSummary).endsWith('…')).toBe(true);
	});
});
