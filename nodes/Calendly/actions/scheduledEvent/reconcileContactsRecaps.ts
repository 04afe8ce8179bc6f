// Reconcile's optional parts: the contact and meeting recap deliveries of the window, rebuilt from
// Calendly's current state. Each item is the latest view a live delivery carried (contact.updated,
// meeting_recap.created), which "Calendly to Card" joins like any other. Deletions cannot be rebuilt:
// Calendly keeps nothing of a deleted contact or recap.
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type {
	CalendlyUri,
	Invitee,
	ScheduledEvent,
	WebhookEnvelope,
} from '../../../shared/calendly/types';
import {
	calendlyApiPages,
	calendlyApiRequestAllItems,
	recoverOnStatus,
	uuidFromUri,
} from '../../../shared/transport';
import { getResource } from '../../helpers/common';
import type { Contact } from '../../helpers/contacts';
import { recapCall, type MeetingRecap, type RecapAttendee } from '../../helpers/notetaker';

/** What the optional parts read for: the node and item, the window's start, the stand-in `created_by`. */
interface Period {
	ctx: IExecuteFunctions;
	itemIndex: number;
	since: number;
	createdBy: CalendlyUri;
}

/**
 * A refusal (403: scope, plan or role) of an optional part also names the option, since turning it off
 * lets the bookings through.
 */
async function orTurnOff<T>(request: Promise<T>, option: string): Promise<T> {
	return await request.catch(async (error: unknown) => {
		if (error instanceof NodeApiError && error.httpCode === '403')
			error.description =
				`${error.description ?? ''} Or turn off '${option}' under Options to reconcile without them.`.trim();
		return await Promise.reject(error);
	});
}

/**
 * contact.updated for a contact as it is now. The REST contact names neither its owner nor how it was
 * made, so `user_uuid` and `creation_source` are null (unknown) rather than guessed.
 */
function contactDelivery(contact: Contact, createdBy: CalendlyUri): WebhookEnvelope {
	const { app_url: _webOnly, ...fields } = contact;
	return {
		event: 'contact.updated',
		created_at: contact.updated_at,
		created_by: createdBy,
		payload: { user_uuid: null, contact: { ...fields, creation_source: null } },
	};
}

/** A contact.updated delivery for every contact the credential's user sees that changed in the period. */
async function contactDeliveries(period: Period): Promise<WebhookEnvelope[]> {
	const { ctx, itemIndex, since, createdBy } = period;
	const deliveries: WebhookEnvelope[] = [];
	// Calendly has no updated-since filter: newest change first, up to the first one before the window.
	for await (const page of calendlyApiPages.call(
		ctx,
		'/contacts',
		{ sort: 'updated_at:desc' },
		{ itemIndex },
	) as AsyncGenerator<Contact[]>) {
		for (const contact of page) {
			if (!(Date.parse(contact.updated_at) >= since)) return deliveries;
			deliveries.push(contactDelivery(contact, createdBy));
		}
	}
	return deliveries;
}

/** The meeting's people when the recap lists none: its hosts and its active invitees. */
async function attendeesOf(
	ctx: IExecuteFunctions,
	eventUri: string,
	itemIndex: number,
): Promise<RecapAttendee[]> {
	const id = uuidFromUri(eventUri);
	const event = await getResource<ScheduledEvent>(ctx, `/scheduled_events/${id}`, itemIndex);
	const invitees = (await calendlyApiRequestAllItems.call(
		ctx,
		`/scheduled_events/${id}/invitees`,
		{ status: 'active' },
		undefined,
		{ itemIndex },
	)) as Invitee[];
	return [
		...event.event_memberships.map((host) => ({
			host: true,
			user_email: host.user_email,
			user_name: host.user_name,
		})),
		...invitees.map((invitee) => ({
			host: false,
			user_email: invitee.email,
			user_name: invitee.name,
		})),
	];
}

/**
 * meeting_recap.created for a recap as it is now, dated by its updated_at (a later meeting_recap.updated
 * carried the same view). The API does not say when the recap became available, so its created_at
 * stands in for the payload's.
 */
function recapDelivery(
	recap: MeetingRecap,
	attendees: RecapAttendee[],
	createdBy: CalendlyUri,
): WebhookEnvelope {
	return {
		event: 'meeting_recap.created',
		created_at: recap.updated_at,
		created_by: createdBy,
		payload: {
			created_at: recap.created_at,
			event: {
				...(recap.event ? { uri: recap.event } : {}),
				name: recap.name,
				start_time: recap.start_time,
				end_time: recap.end_time,
				location: recap.location,
				attendees,
			},
			recap: {
				uri: recap.uri,
				summary_md: recap.summary_md,
				action_items_md: recap.action_items_md,
				discussion_md: recap.discussion_md,
				transcript: recap.transcript,
				share_link: recap.share_link,
				created_at: recap.created_at,
				updated_at: recap.updated_at,
			},
		},
	};
}

/**
 * A meeting_recap.created delivery for every available recap of a meeting that ended in the period, of
 * the credential's user only (Calendly lists no other user's recaps).
 */
async function recapDeliveries(period: Period): Promise<WebhookEnvelope[]> {
	const { ctx, itemIndex, since, createdBy } = period;
	const deliveries: WebhookEnvelope[] = [];
	// start_time: meetings that end at or after it. Only available recaps were ever delivered.
	const qs = { start_time: new Date(since).toISOString(), status: 'available' };
	for await (const page of calendlyApiPages.call(ctx, '/meeting_recaps', qs, {
		itemIndex,
	}) as AsyncGenerator<MeetingRecap[]>) {
		for (const listed of page) {
			// The list leaves out the highlights and the share link. A recap deleted since is skipped.
			const recap = await recoverOnStatus(
				getResource<MeetingRecap>(ctx, `/meeting_recaps/${uuidFromUri(listed.uri)}`, itemIndex),
				404,
				() => null,
			);
			if (!recap) continue;
			const attendees = recap.attendees?.length
				? recap.attendees
				: recap.event
					? await attendeesOf(ctx, recap.event, itemIndex)
					: [];
			deliveries.push(recapDelivery(recap, attendees, createdBy));
		}
	}
	return deliveries;
}

/** The deliveries of the parts included, contacts first; a refusal names the option that asked for it. */
export async function contactAndRecapDeliveries(
	period: Period,
	include: { contacts?: boolean; recaps?: boolean },
): Promise<WebhookEnvelope[]> {
	return [
		...(include.contacts ? await orTurnOff(contactDeliveries(period), 'Include Contacts') : []),
		...(include.recaps
			? await orTurnOff(recapCall(recapDeliveries(period)), 'Include Meeting Recaps')
			: []),
	];
}
