// Calendly Notetaker's meeting recaps: their shape, and the plan refusal put in words a user can act on.
import { NodeApiError } from 'n8n-workflow';

import type { CalendlyErrorBody } from '../../shared/calendly/types';
import { isPlanRefusal } from '../../shared/transport';

/** One person of a recap's meeting, as Calendly lists them (hosts flagged). */
export interface RecapAttendee {
	host: boolean;
	user_email: string;
	user_name: string | null;
}

export interface MeetingRecap {
	uri: string;
	app_url: string;
	status: string;
	name?: string | null;
	event?: string | null;
	start_time?: string | null;
	end_time?: string | null;
	attendees?: RecapAttendee[] | null;
	transcript?: string;
	created_at: string;
	updated_at: string;
	[key: string]: unknown;
}

/**
 * A recap call Calendly refused for the plan becomes an error naming Calendly Notetaker and the paid plan
 * it needs. Every other error (a missing scope, 404, ...) is returned as it is, already in plain words.
 */
export function explainRecapRefusal(error: unknown): unknown {
	if (!(error instanceof NodeApiError) || error.httpCode !== '403') return error;
	const response = (error.errorResponse ?? {}) as CalendlyErrorBody;
	if (Array.isArray(response.required_scopes) && response.required_scopes.length > 0) return error;
	if (!isPlanRefusal(response)) return error;
	const said = response.message ?? '';
	error.message = `Meeting recaps come from Calendly Notetaker, which this Calendly account's plan does not include. Calendly said: "${said}"`;
	error.description =
		'Calendly Notetaker and its meeting recaps need a paid Calendly plan. Upgrade the Calendly account of the user behind this credential (or use a credential of a user on a paid plan), and check that Notetaker is turned on for that user.';
	return error;
}

/** Awaits a recap call, explaining a plan refusal (see explainRecapRefusal). */
export async function recapCall<T>(request: Promise<T>): Promise<T> {
	return await request.catch(
		async (error: unknown) => await Promise.reject(explainRecapRefusal(error)),
	);
}
