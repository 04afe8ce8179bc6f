// "Routing Form Leads": a routing form submission with an email makes or updates the contact's card as
// a lead (Lead Stage, answers in question columns, an activity entry); a later booking continues on it.

import { syncBooking } from '../../nodes/CalendlyToCard/board/syncBooking';
import type { ActivityEntry, CardSettings } from '../../nodes/CalendlyToCard/decide';
import { DEFAULT_SETTINGS, parseRowState } from '../../nodes/CalendlyToCard/decide';
import type { NormalizedBooking } from '../../nodes/shared/booking/normalizeBooking';
import { normalizeBooking } from '../../nodes/shared/booking/normalizeBooking';
import { normalizeLead } from '../../nodes/shared/booking/normalizeLead';
import { leadDelivery, submissionUri } from '../booking/leadDelivery';
import type { Envelope, InviteeSpec } from './deliveries';
import { delivery } from './deliveries';
import { cardNodeOnFake, jsons } from '../helpers/cardNodeOnFake';
import { MemoryBoard } from './memoryBoard';

const settings: CardSettings = {
	...DEFAULT_SETTINGS,
	timeZone: 'Europe/Berlin',
	routingFormLeads: true,
	stages: { ...DEFAULT_SETTINGS.stages, lead: 'New lead' },
};
const submitted = leadDelivery({
	uuid: 'SUB1',
	at: '2026-11-18T09:00:00Z',
	utmSource: 'ads',
	answers: [
		{ question: 'Full name', answer: 'Lena Lead' },
		{ question: 'Email', answer: 'Lena@Example.com' },
		{ question: 'Team size', answer: '11-50' },
	],
});
const lenaBooks: InviteeSpec = {
	uuid: 'L1',
	email: 'lena@example.com',
	name: 'Lena Lead',
	eventUuid: 'E1',
	start: '2026-12-01T09:00:00Z',
	bookedAt: '2026-11-20T10:00:00Z',
	questions: [{ question: 'Topic', answer: 'Pricing' }],
};
const lead = (envelope: Envelope = submitted) =>
	normalizeLead(envelope, { timeZone: settings.timeZone }) as NormalizedBooking;
const booking = (spec: InviteeSpec) =>
	normalizeBooking(delivery('invitee.created', spec, spec.bookedAt), {
		timeZone: settings.timeZone,
	});

function onlyCard(board: MemoryBoard): Record<string, unknown> & { activity: ActivityEntry[] } {
	expect(board.rows.size).toBe(1);
	const [row] = [...board.rows.values()];
	const state = parseRowState(row)!;
	return { ...row, activity: state.activity };
}

describe('leads on a board', () => {
	it('a lead makes a card with the Lead Stage, the answers, its tracking and a "Submitted a routing form" entry, but no event', async () => {
		const board = new MemoryBoard();
		const { plan } = await syncBooking(board, lead(), settings);
		expect(plan.action).toBe('created');
		expect(plan.shownEventChanged).toBe(false);
		const card = onlyCard(board);
		expect(card).toMatchObject({
			email: 'lena@example.com',
			name: 'Lena Lead',
			firstName: 'Lena',
			lastName: 'Lead',
			stage: 'New lead',
			q_Full_name: 'Lena Lead',
			q_Email: 'Lena@Example.com',
			q_Team_size: '11-50',
			utmSource: 'ads',
		});
		for (const column of ['eventName', 'eventTime', 'eventEnd', 'joinUrl', 'cancelUrl'])
			expect(card[column] ?? null).toBeNull();
		expect(card.activity).toEqual([
			expect.objectContaining({ type: 'form_submitted', invitee: submissionUri('SUB1') }),
		]);
		expect(plan.activity!.text).toMatch(/^Submitted a routing form on /);
	});

	it('the same submission again is a duplicate', async () => {
		const board = new MemoryBoard();
		await syncBooking(board, lead(), settings);
		const { plan } = await syncBooking(board, lead(), settings);
		expect([plan.action, plan.skipReason]).toEqual(['skipped', 'duplicate']);
		expect(board.rows.size).toBe(1);
	});

	it('a later booking of the same email continues on the lead’s card with the booking’s stage and event', async () => {
		const board = new MemoryBoard();
		await syncBooking(board, lead(), settings);
		const { plan } = await syncBooking(board, booking(lenaBooks), settings);
		expect(plan.action).not.toBe('skipped');
		expect(plan.shownEventChanged).toBe(true);
		const card = onlyCard(board);
		expect(card).toMatchObject({
			stage: 'Booked',
			eventName: 'Intro Call',
			eventTime: '2026-12-01T09:00:00.000Z',
			q_Team_size: '11-50',
			q_Topic: 'Pricing',
		});
		expect(card.activity.map((entry) => entry.type)).toEqual(['form_submitted', 'booked']);
	});

	it('a lead after a booking is never the card’s event and leaves its stage', async () => {
		const board = new MemoryBoard();
		await syncBooking(board, booking(lenaBooks), settings);
		const later = leadDelivery({
			uuid: 'SUB2',
			at: '2026-11-25T09:00:00Z',
			answers: [
				{ question: 'Email', answer: 'lena@example.com' },
				{ question: 'Team size', answer: '51-200' },
			],
		});
		const { plan } = await syncBooking(board, lead(later), settings);
		expect(plan.shownEventChanged).toBe(false);
		const card = onlyCard(board);
		expect(card).toMatchObject({
			stage: 'Booked',
			eventName: 'Intro Call',
			eventTime: '2026-12-01T09:00:00.000Z',
			q_Team_size: '51-200',
		});
		expect(card.activity.map((entry) => entry.type)).toEqual(['booked', 'form_submitted']);
	});

	it('leads are never filtered by event type', async () => {
		const board = new MemoryBoard();
		const { plan } = await syncBooking(board, lead(), {
			...settings,
			eventTypes: ['https://api.calendly.com/event_types/OTHER'],
		});
		expect(plan.action).toBe('created');
		expect(onlyCard(board).stage).toBe('New lead');
	});
});

describe('Calendly to Card with "Routing Form Leads"', () => {
	const cardNode = cardNodeOnFake();
	const { run, rows } = cardNode;
	const noEmail = leadDelivery({
		uuid: 'SUB9',
		at: '2026-11-18T09:30:00Z',
		answers: [
			{ question: 'Name', answer: 'Anonymous' },
			{ question: 'Email', answer: 'later' },
		],
	});

	it('with the option on, a lead comes out Created and a submission without an email Skipped as no_email', async () => {
		const [created, updated, , skipped] = await run(
			[noEmail, submitted, delivery('invitee.created', lenaBooks, lenaBooks.bookedAt)],
			{
				options: { routingFormLeads: true },
				eventTypeUris: 'https://api.calendly.com/event_types/ET-INTRO',
			},
		);
		expect(jsons(skipped)).toEqual([
			{
				action: 'skipped',
				skipReason: 'no_email',
				event: 'routing_form_submission.created',
				dryRun: false,
				apiCalls: 0,
			},
		]);
		expect(skipped[0].pairedItem).toEqual({ item: 0 });
		expect(jsons(created)).toEqual([
			expect.objectContaining({
				action: 'created',
				booking: expect.objectContaining({
					event: 'routing_form_submission.created',
					action: 'form_submitted',
					email: 'lena@example.com',
				}),
				card: expect.objectContaining({ stage: 'Lead', name: 'Lena Lead', q_Team_size: '11-50' }),
			}),
		]);
		expect(created[0].pairedItem).toEqual({ item: 1 });
		expect(jsons(updated)).toEqual([
			expect.objectContaining({
				card: expect.objectContaining({ stage: 'Booked', eventName: 'Intro Call' }),
			}),
		]);
		expect(rows()).toHaveLength(1);
	});

	it('with the option off, submissions stay Skipped as unsupported_event and touch no board', async () => {
		const [created, updated, canceled, skipped] = await run([submitted, noEmail]);
		expect([created, updated, canceled]).toEqual([[], [], []]);
		expect(jsons(skipped).map((item) => item.skipReason)).toEqual([
			'unsupported_event',
			'unsupported_event',
		]);
		expect(cardNode.fake.calls).toHaveLength(0);
	});
});
