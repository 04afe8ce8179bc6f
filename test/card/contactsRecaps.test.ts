// Calendly contacts and meeting recaps on cards, through n8n's real execution context against the fake of
// n8n's data-table API: what each delivery does to a card, in any order, with what waits beside the board.
import type { IDataObject } from 'n8n-workflow';

import { parseRowState } from '../../nodes/CalendlyToCard/decide';
import { normalizeContact } from '../../nodes/shared/booking/normalizeContact';
import { normalizeRecap } from '../../nodes/shared/booking/normalizeRecap';
import { heldTableName } from '../../nodes/CalendlyToCard/board/session';
import { cardNodeOnFake, forgetProcessMemory, jsons } from '../helpers/cardNodeOnFake';
import { prng } from '../helpers/prng';

type Rng = ReturnType<typeof prng>;
import {
	ANN,
	contactDeleted,
	contactDelivery,
	delivery,
	recapDeleted,
	recapDelivery,
} from './deliveries';

const { fake, run, rows } = cardNodeOnFake();

const booked = delivery('invitee.created', ANN, ANN.bookedAt);
const acme = {
	uuid: 'C1',
	emails: ['ann@example.com'],
	company: 'Acme',
	jobTitle: 'CTO',
	phone: '+49 30 1234',
	updatedAt: '2026-11-20T10:00:05.000Z',
};
const recap = {
	uuid: 'R1',
	eventUuid: 'E1',
	attendees: ['ann@example.com'],
	updatedAt: '2026-12-01T10:00:00.000Z',
};

/** Runs each delivery as its own execution, as a trigger does; the outputs of the last one. */
async function runEach(deliveries: unknown[], parameters: IDataObject = {}) {
	let outputs = await run([deliveries[0]], parameters);
	for (const item of deliveries.slice(1)) outputs = await run([item], parameters);
	return outputs;
}

const card = () => {
	const all = rows();
	expect(all).toHaveLength(1);
	return all[0];
};

const held = () => {
	const board = fake.tableByName('Calendly Cards')!;
	const table = fake.tableByName(heldTableName(board.id));
	return table ? fake.rows(table.id) : [];
};

describe('Calendly to Card: contacts', () => {
	it('puts the contact’s company data on the card of a booking, on Updated', async () => {
		await run([booked]);
		const [created, updated, , skipped] = await run([contactDelivery('contact.created', acme)]);
		expect([created.length, skipped.length]).toEqual([0, 0]);
		expect(jsons(updated)).toEqual([
			expect.objectContaining({
				action: 'updated',
				changes: expect.arrayContaining(['company', 'jobTitle', 'contactLocation']),
				contact: expect.objectContaining({ company: 'Acme', emails: ['ann@example.com'] }),
				card: expect.objectContaining({ company: 'Acme', jobTitle: 'CTO', phone: '+49 30 1234' }),
			}),
		]);
		expect(card()).toMatchObject({
			company: 'Acme',
			contactLocation: 'Berlin, DE',
			name: 'Ann Lee',
		});
	});

	it('holds a contact that comes before its booking beside the board, and the booking’s card takes it in', async () => {
		const [, , , skipped] = await run([contactDelivery('contact.created', acme)]);
		expect(jsons(skipped)).toEqual([
			expect.objectContaining({ action: 'skipped', skipReason: 'no_card', card: null }),
		]);
		expect(rows()).toHaveLength(0);
		expect(held()).toHaveLength(1);
		const [created] = await run([booked]);
		expect(jsons(created)).toEqual([
			expect.objectContaining({
				action: 'created',
				card: expect.objectContaining({ company: 'Acme', eventName: 'Intro Call' }),
			}),
		]);
		expect(card()).toMatchObject({ company: 'Acme', stage: 'Booked' });
		// What waited is on the card now: its row beside the board is gone.
		expect(held()).toHaveLength(0);
	});

	it('announces the card on Created when what waited lists another email, under the email booked', async () => {
		const home = { ...acme, emails: ['ann.home@example.org', 'ann@example.com'] };
		await run([contactDelivery('contact.created', home)]);
		const [created, updated] = await run([booked]);
		expect(jsons(created)).toEqual([
			expect.objectContaining({
				action: 'created',
				card: expect.objectContaining({ email: 'ann@example.com', company: 'Acme' }),
			}),
		]);
		expect(updated).toHaveLength(0);
		expect(card().calendlyEmails).toBe('|ann.home@example.org|');
		expect(held()).toHaveLength(0);
	});

	it('keeps the details on contact.deleted by default, and clears them when set to', async () => {
		await runEach([booked, contactDelivery('contact.created', acme)]);
		const [, updated] = await run([contactDeleted('C1', '2026-11-25T10:00:00.000Z')]);
		expect(jsons(updated)).toEqual([expect.objectContaining({ action: 'updated', changes: [] })]);
		expect(card()).toMatchObject({ company: 'Acme' });
		fake.tables.clear();
		const clear = { options: { contactDeleted: 'clear' } };
		await runEach([booked, contactDelivery('contact.created', acme)], clear);
		const [, cleared] = await run([contactDeleted('C1', '2026-11-25T10:00:00.000Z')], clear);
		expect(jsons(cleared)).toEqual([
			expect.objectContaining({ changes: expect.arrayContaining(['company', 'jobTitle']) }),
		]);
		expect(card()).toMatchObject({ company: null, jobTitle: null, name: 'Ann Lee' });
	});

	it('never shows a contact whose deletion came first', async () => {
		const [, , , skipped] = await run([contactDeleted('C1', '2026-11-25T10:00:00.000Z')]);
		expect(jsons(skipped)).toEqual([expect.objectContaining({ skipReason: 'no_card' })]);
		await runEach([booked, contactDelivery('contact.created', acme)], {
			options: { contactDeleted: 'clear' },
		});
		expect(card()).toMatchObject({ company: null });
		const state = parseRowState(card())!;
		expect(state.contacts?.['https://api.calendly.com/contacts/C1'].deletedAt).toBe(
			'2026-11-25T10:00:00.000Z',
		);
	});

	it('makes a lead card for a contact without a booking when "Cards for Calendly Contacts" is on', async () => {
		const options = { options: { contactCards: true } };
		const [created] = await run([contactDelivery('contact.created', acme)], options);
		expect(jsons(created)).toEqual([
			expect.objectContaining({
				action: 'created',
				card: expect.objectContaining({ stage: 'Lead', contactType: 'Prospect', company: 'Acme' }),
			}),
		]);
		const [, updated] = await run([booked], options);
		expect(jsons(updated)).toEqual([expect.objectContaining({ action: 'updated' })]);
		expect(card()).toMatchObject({ stage: 'Booked', contactType: 'Invitee', company: 'Acme' });
	});

	it('writes custom fields into cf_ columns when asked to', async () => {
		await run([booked]);
		const fields = [
			{ label: 'Deal size', value: '10k' },
			{ label: 'Tags', value: ['a', 'b'] },
		];
		await run([contactDelivery('contact.updated', { ...acme, customFields: fields })], {
			options: { customFieldColumns: true },
		});
		expect(card()).toMatchObject({ company: 'Acme', cf_Deal_size: '10k', cf_Tags: 'a, b' });
	});

	describe('a contact with two emails whose cards are separate', () => {
		const bob = { ...ANN, uuid: 'B1', email: 'bob@example.com', name: 'Bob' };
		const both = contactDelivery('contact.updated', {
			...acme,
			emails: ['bob@example.com', 'ann@example.com'],
		});
		const twoCards = async (parameters: IDataObject = {}) =>
			await runEach([booked, delivery('invitee.created', bob, bob.bookedAt)], parameters);

		it('merges them under the primary email ("Multiple Matches": merge, the default); later bookings of either email join', async () => {
			await twoCards();
			await run([both]);
			const merged = card();
			expect(merged).toMatchObject({ email: 'bob@example.com', company: 'Acme' });
			expect(merged.calendlyEmails).toBe('|ann@example.com|');
			expect(Object.keys(parseRowState(merged)!.bookings)).toHaveLength(2);
			const later = { ...ANN, uuid: 'A9', eventUuid: 'E9', bookedAt: '2026-11-23T10:00:00Z' };
			const [, updated] = await run([delivery('invitee.created', later, later.bookedAt)]);
			expect(jsons(updated)).toEqual([expect.objectContaining({ action: 'updated' })]);
			expect(Object.keys(parseRowState(card())!.bookings)).toHaveLength(3);
		});

		it('leaves them apart with "Update Oldest", and stops with "Stop With Error"', async () => {
			await twoCards({ multipleMatches: 'updateOldest' });
			await run([both], { multipleMatches: 'updateOldest' });
			// Each email's card gets the contact; neither moves to the other's email.
			expect(rows().map((row) => [row.email, row.company])).toEqual([
				['ann@example.com', 'Acme'],
				['bob@example.com', 'Acme'],
			]);
			fake.tables.clear();
			await twoCards({ multipleMatches: 'error' });
			await expect(run([both], { multipleMatches: 'error' })).rejects.toThrow(
				/Several cards hold ann@example.com \(ids 1, 2\), as their email or, through the person's Calendly contact/,
			);
		});

		it('gives the merged card whatever order the bookings and the contact come in', async () => {
			const boards = new Set<string>();
			const deliveries = [booked, delivery('invitee.created', bob, bob.bookedAt), both];
			for (const order of [
				[0, 1, 2],
				[2, 1, 0],
				[1, 2, 0, 2],
				[0, 2, 1, 0],
			]) {
				fake.tables.clear();
				await runEach(order.map((i) => deliveries[i]));
				const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = card();
				boards.add(JSON.stringify(rest));
			}
			expect(boards.size).toBe(1);
		});
	});
});

describe('Calendly to Card: meeting recaps', () => {
	it('puts the recap on the card, with a log entry, on Updated; the full text stays in the output', async () => {
		await run([booked]);
		const [, updated] = await run([recapDelivery('meeting_recap.created', recap)]);
		expect(jsons(updated)).toEqual([
			expect.objectContaining({
				action: 'updated',
				recap: expect.objectContaining({ discussion: '## Needs\nA tool for ten people.' }),
				activity: expect.objectContaining({ type: 'recap' }),
			}),
		]);
		expect(card()).toMatchObject({
			recapSummary: 'Ann wants a demo for her team.',
			recapActionItems: '- Send the pricing sheet',
			recapLink: 'https://calendly.com/recaps/R1',
		});
		expect(String(card().activity)).toMatch(/Meeting recap of Intro Call .* is ready/);
	});

	it('replaces it on an update, keeps what an update leaves out, and removes it on a delete', async () => {
		await runEach([booked, recapDelivery('meeting_recap.created', recap)]);
		await run([
			recapDelivery('meeting_recap.updated', {
				...recap,
				updatedAt: '2026-12-01T11:00:00.000Z',
				actionItems: '- Send the contract',
			}),
		]);
		expect(card()).toMatchObject({ recapActionItems: '- Send the contract' });
		await run([
			recapDelivery('meeting_recap.updated', {
				...recap,
				updatedAt: '2026-12-01T12:00:00.000Z',
				withoutTexts: true,
			}),
		]);
		expect(card()).toMatchObject({ recapActionItems: '- Send the contract' });
		const [, updated] = await run([recapDeleted('R1', '2026-12-02T10:00:00.000Z')]);
		expect(jsons(updated)).toEqual([
			expect.objectContaining({ changes: expect.arrayContaining(['recapSummary', 'recapLink']) }),
		]);
		expect(card()).toMatchObject({ recapSummary: null, recapActionItems: null, recapLink: null });
		expect(String(card().activity)).toMatch(/Meeting recap of Intro Call .* deleted/);
	});

	it('finds the card through the booking of its meeting when the attendee joined with another email', async () => {
		await run([booked]);
		await run([
			recapDelivery('meeting_recap.created', { ...recap, attendees: ['ann.private@example.org'] }),
		]);
		expect(card()).toMatchObject({
			email: 'ann@example.com',
			recapLink: 'https://calendly.com/recaps/R1',
		});
		// The other email has no card: the recap waits beside the board for it.
		expect(held().map((row) => row.email)).toEqual(['ann.private@example.org']);
	});

	it('gives the booking’s card a recap that came first under another email, and keeps it waiting for that email', async () => {
		const joined = { ...recap, attendees: ['ann.private@example.org'] };
		await run([recapDelivery('meeting_recap.created', joined)]);
		expect(rows()).toHaveLength(0);
		// A new card takes it in through its meeting ...
		await run([booked]);
		expect(card()).toMatchObject({ recapLink: 'https://calendly.com/recaps/R1' });
		expect(held().map((row) => row.email)).toEqual(['ann.private@example.org']);
		// ... and so does a card that is there already, when a booking brings it a new meeting.
		const second = { ...ANN, uuid: 'A2', eventUuid: 'E2', bookedAt: '2026-11-25T10:00:00Z' };
		await run([
			recapDelivery('meeting_recap.created', {
				...joined,
				uuid: 'R2',
				eventUuid: 'E2',
				updatedAt: '2026-12-02T10:00:00.000Z',
			}),
		]);
		const [, updated] = await run([delivery('invitee.created', second, second.bookedAt)]);
		expect(jsons(updated)).toHaveLength(1);
		expect(Object.keys(parseRowState(card())!.recaps ?? {}).sort()).toEqual([
			expect.stringContaining('R1'),
			expect.stringContaining('R2'),
		]);
		expect(held().map((row) => row.email)).toEqual(['ann.private@example.org']);
		// A meeting still ahead can have no recap yet: its booking does not look (read and update only).
		const ahead = {
			...second,
			uuid: 'A3',
			eventUuid: 'E3',
			start: new Date(Date.now() + 7 * 86400_000).toISOString(),
		};
		const [, later] = await run([delivery('invitee.created', ahead, ahead.bookedAt)]);
		expect(jsons(later)).toEqual([expect.objectContaining({ action: 'updated', apiCalls: 2 })]);
	});

	it('gives the booking’s card a recap under another email that runs at the same time as the booking', async () => {
		const joined = recapDelivery('meeting_recap.created', {
			...recap,
			attendees: ['ann.private@example.org'],
		});
		for (let trial = 0; trial < 20; trial++) {
			fake.tables.clear();
			forgetProcessMemory();
			// Both executions make the board first; then their calls interleave (one process, two contacts).
			await run([contactDelivery('contact.created', { ...acme, emails: ['x@example.com'] })]);
			await Promise.all([run([booked]), run([joined])]);
			expect({ trial, card: card() }).toMatchObject({
				trial,
				card: { recapLink: 'https://calendly.com/recaps/R1' },
			});
		}
	});

	it('gives the same card in any order, with duplicates, a recap before its booking included', async () => {
		const deliveries = [
			booked,
			contactDelivery('contact.created', acme),
			recapDelivery('meeting_recap.created', recap),
			recapDelivery('meeting_recap.updated', {
				...recap,
				updatedAt: '2026-12-01T11:00:00.000Z',
				summary: 'Second',
			}),
			contactDelivery('contact.updated', {
				...acme,
				company: 'Acme GmbH',
				updatedAt: '2026-11-21T00:00:00.000Z',
			}),
		];
		const orders = [
			[0, 1, 2, 3, 4],
			[4, 3, 2, 1, 0],
			[2, 1, 0, 3, 4],
			[3, 4, 3, 0, 1, 2, 0],
		];
		const outcomes = new Set<string>();
		for (const order of orders) {
			fake.tables.clear();
			await runEach(order.map((i) => deliveries[i]));
			const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = card();
			outcomes.add(JSON.stringify(rest));
			expect(rest).toMatchObject({
				company: 'Acme GmbH',
				recapSummary: 'Second',
				eventName: 'Intro Call',
			});
		}
		expect(outcomes.size).toBe(1);
	});

	it("takes the Calendly Trigger's Flat Booking output of contacts and recaps as well", async () => {
		await run([booked]);
		const flat = [
			normalizeContact(contactDelivery('contact.created', acme)),
			normalizeRecap(recapDelivery('meeting_recap.created', recap)),
		];
		const [, updated] = await run(flat);
		expect(jsons(updated).map((item) => item.action)).toEqual(['updated', 'updated']);
		expect(card()).toMatchObject({ company: 'Acme', recapLink: 'https://calendly.com/recaps/R1' });
		await expect(run([{ ...flat[0], emails: [] }])).rejects.toThrow(
			'Item 0 is not a usable Calendly delivery: emails has no email address',
		);
	});

	it('skips a recap without attendees or cards to go to, and a dry run holds nothing', async () => {
		const [, , , skipped] = await run([
			recapDelivery('meeting_recap.created', { ...recap, eventUuid: null, attendees: [] }),
		]);
		expect(jsons(skipped)).toEqual([expect.objectContaining({ skipReason: 'no_email' })]);
		const [, , , dry] = await run([recapDelivery('meeting_recap.created', recap)], {
			dryRun: true,
		});
		expect(jsons(dry)).toEqual([expect.objectContaining({ skipReason: 'no_card', dryRun: true })]);
		expect(held()).toHaveLength(0);
	});
});

describe('Calendly to Card: bookings, contacts and recaps in random orders', () => {
	/** A random history for one or two people, in the order Calendly would send it. */
	function scenario(rng: Rng): unknown[] {
		const out: unknown[] = [];
		let clock = Date.parse('2026-11-20T10:00:00Z');
		const tick = () => new Date((clock += (1 + rng.int(600)) * 60000)).toISOString();
		for (const [p, primary] of ['ann@example.com', 'bob@example.com']
			.slice(0, 1 + rng.int(2))
			.entries()) {
			// Some people book under a second email their Calendly contact also lists.
			const emails = rng.chance(0.5) ? [primary, `other.${primary}`] : [primary];
			const contact = { uuid: `C${p}`, emails, company: 'Acme', updatedAt: tick() };
			out.push(contactDelivery('contact.created', contact));
			for (let b = 0; b < 1 + rng.int(2); b++) {
				const email = rng.pick(emails);
				const spec = { ...ANN, uuid: `I${p}${b}`, email, eventUuid: `E${p}${b}`, bookedAt: tick() };
				out.push(delivery('invitee.created', spec, spec.bookedAt));
				if (rng.chance(0.3)) {
					const at = tick();
					out.push(
						delivery('invitee.canceled', spec, at, {
							status: 'canceled',
							cancellation: {
								canceled_by: 'Ann',
								reason: null,
								canceler_type: 'invitee',
								created_at: at,
							},
						}),
					);
					continue;
				}
				const rec = {
					uuid: `R${p}${b}`,
					eventUuid: spec.eventUuid,
					// Some join the meeting under an email their contact does not list.
					attendees: [rng.chance(0.3) ? `joined.${email}` : email],
					updatedAt: tick(),
					start: spec.start,
				};
				out.push(recapDelivery('meeting_recap.created', rec));
				if (rng.chance(0.5))
					out.push(
						recapDelivery('meeting_recap.updated', {
							...rec,
							updatedAt: tick(),
							summary: `Summary ${rng.int(9)}`,
							withoutTexts: rng.chance(0.3) ? true : undefined,
						}),
					);
				if (rng.chance(0.3)) out.push(recapDeleted(rec.uuid, tick()));
			}
			if (rng.chance(0.5))
				out.push(
					contactDelivery('contact.updated', {
						...contact,
						company: `Acme ${rng.int(9)}`,
						jobTitle: 'CEO',
						updatedAt: tick(),
					}),
				);
			if (rng.chance(0.3)) out.push(contactDeleted(contact.uuid, tick()));
		}
		return out;
	}

	/** The board without what n8n adds (ids, times), sorted by email. */
	const board = () =>
		rows()
			.map(({ id: _id, createdAt: _c, updatedAt: _u, ...rest }) => JSON.stringify(rest))
			.sort();

	it('gives the in-order board for any order with repeats (20 random histories)', async () => {
		for (let seed = 1; seed <= 20; seed++) {
			const rng = prng(seed);
			const history = scenario(rng);
			const parameters = {
				options: {
					contactDeleted: rng.pick(['keep', 'clear']),
					contactCards: rng.chance(0.3),
					customFieldColumns: rng.chance(0.5),
				},
			};
			fake.tables.clear();
			forgetProcessMemory();
			await runEach(history, parameters);
			const expected = board();
			for (let order = 0; order < 2; order++) {
				fake.tables.clear();
				forgetProcessMemory();
				const shuffled = rng.shuffle([...history, ...history.filter(() => rng.chance(0.3))]);
				await runEach(shuffled, parameters);
				expect({ seed, order, board: board() }).toEqual({ seed, order, board: expected });
			}
		}
	}, 120_000);
});
