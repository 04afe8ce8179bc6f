import { BookingValidationError } from '../../nodes/shared/booking/normalizeBooking';
import { normalizeLead } from '../../nodes/shared/booking/normalizeLead';
import { leadDelivery, submissionUri } from './leadDelivery';

const at = '2026-11-20T10:15:00Z';

describe('normalizeLead', () => {
	it('reads a submission as a lead: the email answer, the name, every answer, tracking and the submission time', () => {
		const lead = normalizeLead(
			leadDelivery({
				uuid: 'SUB1',
				at,
				utmSource: 'ads',
				answers: [
					{ question: 'Your name', answer: ' Lena  Marie Lead ' },
					{ question: 'Work email', answer: ' Lena.Lead@Example.COM ' },
					{ question: 'Team size', answer: '11-50' },
				],
			}),
			{ timeZone: 'Europe/Berlin' },
		);
		expect(lead).toEqual({
			event: 'routing_form_submission.created',
			action: 'form_submitted',
			deliveredAt: '2026-11-20T10:15:00.000Z',
			inviteeUri: submissionUri('SUB1'),
			inviteeUuid: 'SUB1',
			status: 'active',
			bookedAt: '2026-11-20T10:15:00.000Z',
			updatedAt: '2026-11-20T10:15:00.000Z',
			email: 'lena.lead@example.com',
			name: 'Lena  Marie Lead',
			firstName: 'Lena Marie',
			lastName: 'Lead',
			phone: null,
			inviteeTimeZone: null,
			schedulingMethod: null,
			eventName: null,
			eventUri: '',
			eventTypeUri: null,
			eventStatus: null,
			meetingNotes: null,
			startTime: '2026-11-20T10:15:00.000Z',
			endTime: '2026-11-20T10:15:00.000Z',
			timeZone: 'Europe/Berlin',
			startLocal: '2026-11-20T11:15:00+01:00',
			endLocal: '2026-11-20T11:15:00+01:00',
			durationMinutes: 0,
			location: { type: null, kind: 'none', value: null, joinUrl: null, status: null, text: null },
			hosts: [],
			hostName: null,
			hostEmail: null,
			guests: [],
			guestOf: null,
			seats: null,
			questions: [
				{ question: 'Your name', answer: 'Lena  Marie Lead', position: 0 },
				{ question: 'Work email', answer: 'Lena.Lead@Example.COM', position: 1 },
				{ question: 'Team size', answer: '11-50', position: 2 },
			],
			answers: {
				'Your name': 'Lena  Marie Lead',
				'Work email': 'Lena.Lead@Example.COM',
				'Team size': '11-50',
			},
			tracking: {
				utmSource: 'ads',
				utmMedium: null,
				utmCampaign: null,
				utmContent: null,
				utmTerm: null,
				salesforceUuid: null,
			},
			routingFormSubmission: submissionUri('SUB1'),
			payment: null,
			cancelUrl: null,
			rescheduleUrl: null,
			cancellation: null,
			rescheduled: false,
			oldInviteeUri: null,
			newInviteeUri: null,
			noShow: null,
		});
	});

	it('prefers the answer to a question about email over another address in the answers', () => {
		const lead = normalizeLead(
			leadDelivery({
				uuid: 'SUB2',
				at,
				answers: [
					{ question: 'Who referred you?', answer: 'ref@partner.example' },
					{ question: 'E-mail address', answer: 'me@example.org' },
				],
			}),
		);
		expect(lead?.email).toBe('me@example.org');
		expect(lead?.name).toBe('me@example.org');
		expect([lead?.firstName, lead?.lastName]).toEqual([null, null]);
		expect(lead?.timeZone).toBe('UTC');
	});

	it('falls back to any answer that is a whole email address, and ignores email questions without one', () => {
		const lead = normalizeLead(
			leadDelivery({
				uuid: 'SUB3',
				at,
				answers: [
					{ question: 'Email', answer: 'ask me later' },
					{ question: 'How can we reach you?', answer: 'Reach.Me@Example.net' },
					{ question: 'Twitter', answer: '@someone' },
				],
			}),
		);
		expect(lead?.email).toBe('reach.me@example.net');
	});

	it('returns null when no answer is an email address', () => {
		for (const answers of [
			[
				{ question: 'Name', answer: 'No Mail' },
				{ question: 'Email', answer: 'none@' },
			],
			[{ question: 'Contact', answer: 'user@localhost' }],
			[],
		]) {
			expect(normalizeLead(leadDelivery({ uuid: 'SUB4', at, answers }))).toBeNull();
		}
	});

	it('takes the name from first and last name questions and leaves company names alone', () => {
		const lead = normalizeLead(
			leadDelivery({
				uuid: 'SUB5',
				at,
				answers: [
					{ question: 'Company name', answer: 'ACME' },
					{ question: 'First name', answer: 'Jo' },
					{ question: 'Last name', answer: 'Smith' },
					{ question: 'Email', answer: 'jo@acme.example' },
				],
			}),
		);
		expect([lead?.name, lead?.firstName, lead?.lastName]).toEqual(['Jo Smith', 'Jo', 'Smith']);
		const companyOnly = normalizeLead(
			leadDelivery({
				uuid: 'SUB6',
				at,
				answers: [
					{ question: 'Company name', answer: 'ACME' },
					{ question: 'Email', answer: 'x@acme.example' },
				],
			}),
		);
		expect(companyOnly?.name).toBe('x@acme.example');
	});

	it('joins a multiple-choice answer line by line and names questions without text', () => {
		const lead = normalizeLead(
			leadDelivery({
				uuid: 'SUB7',
				at,
				answers: [
					{ question: 'Interests', answer: ['Pricing', ' ', 'Demo'] },
					{ question: '', answer: 'pat@example.com' },
				],
			}),
		);
		expect(lead?.questions).toEqual([
			{ question: 'Interests', answer: 'Pricing\nDemo', position: 0 },
			{ question: 'Question 2', answer: 'pat@example.com', position: 1 },
		]);
	});

	it('refuses what is not a readable routing form submission, naming the field', () => {
		const good = leadDelivery({
			uuid: 'SUB8',
			at,
			answers: [{ question: 'Email', answer: 'a@b.example' }],
		});
		const cases: Array<[unknown, string]> = [
			[null, 'item'],
			[{ ...good, event: 'invitee.created' }, 'event'],
			[{ ...good, payload: null }, 'payload'],
			[{ ...good, payload: { ...good.payload, uri: '' } }, 'payload.uri'],
			[{ ...good, payload: { ...good.payload, created_at: 'soon' } }, 'payload.created_at'],
		];
		for (const [item, field] of cases) {
			let thrown: unknown;
			try {
				normalizeLead(item);
			} catch (error) {
				thrown = error;
			}
			expect(thrown).toBeInstanceOf(BookingValidationError);
			expect((thrown as BookingValidationError).field).toBe(field);
		}
	});
});
