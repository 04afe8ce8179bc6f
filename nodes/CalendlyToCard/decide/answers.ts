// Which answer each question column shows: per question, the answer of the most recently made booking
// or lead that asked it (forgotten bookings included, see boundState).
import type { BookingRecord } from './bookingRecord';
import { questionColumns } from './settings';

/**
 * Per question: [bookedAt|uri of the booking that gave it, answer]. An invitee's answers never change
 * (answering anew means a new booking), so later views of a booking do not change its key.
 */
export type Answers = Record<string, [string, string]>;

const answerKey = (record: BookingRecord): string => `${record.bookedAt}|${record.uri}`;

/** Adds a booking's answers, the greatest key winning (a join: any order gives the same map). */
export function addAnswers(into: Answers, record: BookingRecord): void {
	const key = answerKey(record);
	for (const { question, answer } of record.snapshot.questions) {
		const held = into[question];
		if (held === undefined || key > held[0] || (key === held[0] && answer > held[1]))
			into[question] = [key, answer];
	}
}

export function joinAnswers(a: Answers | undefined, b: Answers | undefined): Answers | undefined {
	if (!a || !b) return a ?? b;
	const joined = { ...a };
	for (const [question, [key, answer]] of Object.entries(b)) {
		const held = joined[question];
		if (held === undefined || key > held[0] || (key === held[0] && answer > held[1]))
			joined[question] = [key, answer];
	}
	return joined;
}

/**
 * The question columns of a card: each question's column name and the answer it shows, from the
 * forgotten bookings' answers and `records` sorted by when they were made.
 */
export function answerColumns(
	forgotten: Answers | undefined,
	records: BookingRecord[],
): Map<string, { column: string; key: string; answer: string }> {
	const latest: Answers = { ...forgotten };
	for (const record of records) addAnswers(latest, record);
	const names = questionColumns(Object.keys(latest).map((question) => ({ question })));
	return new Map(
		Object.entries(latest).map(([question, [key, answer]]) => [
			question,
			{ column: names.get(question)!, key, answer },
		]),
	);
}
