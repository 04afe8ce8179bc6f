// Builds routing_form_submission.created deliveries the way Calendly sends them: the envelope around a
// routing form submission resource ({ uri, routing_form, questions_and_answers, tracking, result,
// submitter, submitter_type, created_at, updated_at }).
import type { Envelope } from '../card/deliveries';

const API = 'https://api.calendly.com';
export const submissionUri = (uuid: string) => `${API}/routing_form_submissions/${uuid}`;

export interface SubmissionSpec {
	uuid: string;
	answers: Array<{ question: string; answer: unknown }>;
	at: string;
	utmSource?: string | null;
	submitter?: string | null;
}

export function leadDelivery(spec: SubmissionSpec): Envelope {
	return {
		event: 'routing_form_submission.created',
		created_at: spec.at,
		created_by: `${API}/users/OWNER`,
		payload: {
			uri: submissionUri(spec.uuid),
			routing_form: `${API}/routing_forms/FORM1`,
			questions_and_answers: spec.answers.map((qa, index) => ({
				question_uuid: `Q${index + 1}`,
				...qa,
			})),
			tracking: {
				utm_campaign: null,
				utm_source: spec.utmSource ?? null,
				utm_medium: null,
				utm_content: null,
				utm_term: null,
				salesforce_uuid: null,
			},
			result: { type: 'event_type', value: `${API}/event_types/ET-INTRO` },
			submitter: spec.submitter ?? null,
			submitter_type: spec.submitter ? 'Invitee' : null,
			created_at: spec.at,
			updated_at: spec.at,
		},
	};
}
