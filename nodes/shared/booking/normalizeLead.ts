import type { NormalizedBooking } from './normalizeBooking';
import { BookingValidationError, lastSegment, splitName } from './normalizeBooking';
import { emailKey } from './emailKey';
import { isObject } from './readJson';
import { isValidTimeZone, toZonedIso } from './zonedTime';

/** Trimmed text, or null when empty; a list (a multiple-choice answer) becomes one answer per line. */
function answerText(value: unknown): string | null {
	if (Array.isArray(value))
		return answerText(
			value
				.map((part) => answerText(part))
				.filter((part) => part !== null)
				.join('\n'),
		);
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed === '' ? null : trimmed;
}

/** An address with a dot in its domain: answers are free text, so "@team" or "a@b" do not count. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MENTIONS_EMAIL = /e-?mail/i;
const MENTIONS_NAME = /\b(name|surname)\b/i;
/** Name questions that are not about the person. */
const NOT_A_PERSON = /\b(company|business|organi[sz]ation|team|account|brand|product|website)\b/i;
const FIRST_NAME = /\b(first|given)\b/i;
const LAST_NAME = /\b(last|family|surname)\b/i;

type Answer = { question: string; answer: string; position: number };

function leadEmail(answers: Answer[]): string | null {
	const emails = answers.filter((qa) => EMAIL.test(emailKey(qa.answer)));
	const chosen = emails.find((qa) => MENTIONS_EMAIL.test(qa.question)) ?? emails[0];
	return chosen ? emailKey(chosen.answer) : null;
}

function leadName(
	answers: Answer[],
	email: string,
): Pick<NormalizedBooking, 'name' | 'firstName' | 'lastName'> {
	const named = answers.filter(
		(qa) =>
			qa.answer !== '' &&
			MENTIONS_NAME.test(qa.question) &&
			!NOT_A_PERSON.test(qa.question) &&
			!EMAIL.test(emailKey(qa.answer)),
	);
	const first = named.find((qa) => FIRST_NAME.test(qa.question))?.answer ?? null;
	const last =
		named.find((qa) => LAST_NAME.test(qa.question) && !FIRST_NAME.test(qa.question))?.answer ??
		null;
	const full =
		named.find((qa) => !FIRST_NAME.test(qa.question) && !LAST_NAME.test(qa.question))?.answer ??
		null;
	if (full !== null) return { name: full, ...splitName(full) };
	if (first !== null || last !== null)
		return { name: [first, last].filter(Boolean).join(' '), firstName: first, lastName: last };
	return { name: email, firstName: null, lastName: null };
}

/**
 * Reads a routing_form_submission.created delivery ({ event, created_at, payload: submission }) as a
 * lead: a NormalizedBooking without an event, whose contact is the person who filled in the form.
 *
 * - email: the answer that is an email address, preferring a question whose text mentions email;
 *   null is returned when no answer is one (the submission cannot be matched to a card).
 * - name: the answer to a question about the person's name ("Name", "Full name", or "First name" with
 *   "Last name"; not "Company name"), else the email. firstName/lastName are split from it.
 * - questions: every answer, in the submission's order (position = index).
 * - inviteeUri and routingFormSubmission: the submission's URI; inviteeUuid: its UUID.
 * - bookedAt, updatedAt, deliveredAt, startTime, endTime: when the form was submitted.
 * - action 'form_submitted', status 'active'; event fields empty (eventUri '', eventTypeUri and
 *   eventName null), no location, hosts, guests, links, payment, cancellation or no-show.
 *
 * Throws BookingValidationError for a delivery that is not a readable routing form submission.
 */
export function normalizeLead(
	envelope: unknown,
	options: { timeZone?: string } = {},
): NormalizedBooking | null {
	if (!isObject(envelope)) throw new BookingValidationError('item', 'is not a JSON object');
	if (envelope.event !== 'routing_form_submission.created') {
		throw new BookingValidationError('event', "is not 'routing_form_submission.created'");
	}
	const payload = envelope.payload;
	if (!isObject(payload))
		throw new BookingValidationError('payload', 'is missing or not an object');
	const uri = answerText(payload.uri);
	if (uri === null) throw new BookingValidationError('payload.uri', 'is missing or empty');
	const submittedMs = Date.parse(answerText(payload.created_at) ?? '');
	if (Number.isNaN(submittedMs))
		throw new BookingValidationError('payload.created_at', 'is missing or not a date-time');
	const submittedAt = new Date(submittedMs).toISOString();

	const questions: Answer[] = (
		Array.isArray(payload.questions_and_answers) ? payload.questions_and_answers : []
	)
		.filter(isObject)
		.map((qa, position) => ({
			question: answerText(qa.question) ?? `Question ${position + 1}`,
			answer: answerText(qa.answer) ?? '',
			position,
		}));
	const email = leadEmail(questions);
	if (email === null) return null;
	const answers: Record<string, string> = {};
	for (const qa of questions) answers[qa.question] = qa.answer;

	const tracking = isObject(payload.tracking) ? payload.tracking : {};
	const timeZone = options.timeZone && isValidTimeZone(options.timeZone) ? options.timeZone : 'UTC';
	const local = toZonedIso(submittedAt, timeZone);
	return {
		event: 'routing_form_submission.created',
		action: 'form_submitted',
		deliveredAt: submittedAt,
		inviteeUri: uri,
		inviteeUuid: lastSegment(uri),
		status: 'active',
		bookedAt: submittedAt,
		updatedAt: submittedAt,
		email,
		...leadName(questions, email),
		phone: null,
		inviteeTimeZone: null,
		schedulingMethod: null,
		eventName: null,
		eventUri: '',
		eventTypeUri: null,
		eventStatus: null,
		meetingNotes: null,
		startTime: submittedAt,
		endTime: submittedAt,
		timeZone,
		startLocal: local,
		endLocal: local,
		durationMinutes: 0,
		location: { type: null, kind: 'none', value: null, joinUrl: null, status: null, text: null },
		hosts: [],
		hostName: null,
		hostEmail: null,
		guests: [],
		guestOf: null,
		seats: null,
		questions,
		answers,
		tracking: {
			utmSource: answerText(tracking.utm_source),
			utmMedium: answerText(tracking.utm_medium),
			utmCampaign: answerText(tracking.utm_campaign),
			utmContent: answerText(tracking.utm_content),
			utmTerm: answerText(tracking.utm_term),
			salesforceUuid: answerText(tracking.salesforce_uuid),
		},
		routingFormSubmission: uri,
		payment: null,
		cancelUrl: null,
		rescheduleUrl: null,
		cancellation: null,
		rescheduled: false,
		oldInviteeUri: null,
		newInviteeUri: null,
		noShow: null,
	};
}
