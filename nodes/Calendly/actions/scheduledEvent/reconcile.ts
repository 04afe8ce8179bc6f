// Reconcile: the deliveries Calendly sent (or would have sent) for every booking whose event starts from
// Days Back ago on, however far ahead, rebuilt from the API's current state, so "Calendly to Card" can fill
// in whatever webhook deliveries never arrived. Deliveries the board already has come out there as
// Skipped/duplicate and write nothing, so a scheduled run over an up-to-date board changes nothing.
// Optionally also the contacts and meeting recaps of the window (reconcileContactsRecaps.ts).
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type {
	CalendlyUri,
	Invitee,
	InviteeEventName,
	InviteePayload,
	ScheduledEvent,
	WebhookEnvelope,
} from '../../../shared/calendly/types';
import {
	calendlyApiPages,
	calendlyApiRequestAllItems,
	uuidFromUri,
} from '../../../shared/transport';
import {
	currentUser,
	getResource,
	optionsCollection,
	ownerFilter,
	ownerScopeFields,
} from '../../helpers/common';
import { toJson } from '../types';
import { webhookScheduledEvent } from './backfill';
import { contactAndRecapDeliveries } from './reconcileContactsRecaps';

const DAY = 24 * 3600 * 1000;

const properties: INodeProperties[] = [
	...ownerScopeFields('scheduled events'),
	{
		displayName: 'Days Back',
		name: 'daysBack',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 30,
		description:
			'Bookings whose event started up to this many days ago are reconciled, as is every booking still to come, however far ahead (past bookings still get cancellations and no-show marks)',
	},
	optionsCollection([
		{
			displayName: 'Follow Reschedules Outside the Window',
			name: 'followReschedules',
			type: 'boolean',
			default: true,
			description:
				'Whether to also read the other half of a reschedule whose event started more than Days Back ago (2 requests each), so a booking moved from or to such a date still reaches its card',
		},
		{
			displayName: 'Include Contacts',
			name: 'includeContacts',
			type: 'boolean',
			default: false,
			description:
				"Whether to also output a contact.updated delivery for each Calendly contact changed from Days Back ago on, as it is now: every contact the credential's user may see, whatever Owner says (Calendly has no owner filter). Needs the scope contacts:read; without it the run fails and says so. Deleted contacts cannot be restored: Calendly keeps nothing of them.",
		},
		{
			displayName: 'Include Meeting Recaps',
			name: 'includeMeetingRecaps',
			type: 'boolean',
			default: false,
			description:
				"Whether to also output a meeting_recap.created delivery for each available Calendly Notetaker recap of a meeting that ended from Days Back ago on, with its highlights (one more request per recap). Only the credential user's recaps, whatever Owner says: Calendly lists no other user's. Needs a paid plan with Notetaker and the scope meeting_recaps:read; without them the run fails and says so. Deleted recaps cannot be restored: Calendly keeps nothing of them.",
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['scheduledEvent'], operation: ['reconcile'] } },
	properties,
);

interface ReconcileDelivery extends WebhookEnvelope<InviteePayload> {
	event: InviteeEventName;
}

/** An instant as a number for comparisons; invalid or missing times count as never. */
const at = (time: string | null | undefined): number => {
	const parsed = time ? Date.parse(time) : NaN;
	return Number.isNaN(parsed) ? Infinity : parsed;
};

/**
 * The invitee and its event as they were at `time`: changes made later (a cancellation, a reschedule
 * away, a no-show mark) are taken out again and `updated_at` is the change's time, as in the delivery
 * Calendly sent at that moment. Only the invitee's own changes are known; other fields (name, answers)
 * are the current ones, which Calendly does not let invitees edit after booking.
 */
function payloadAt(invitee: Invitee, event: ScheduledEvent, time: string): InviteePayload {
	const when = at(time);
	const canceled =
		invitee.cancellation !== undefined && at(invitee.cancellation.created_at) <= when;
	const noShow =
		invitee.no_show !== null && at(invitee.no_show.created_at) <= when ? invitee.no_show : null;
	const scheduledEvent = webhookScheduledEvent(event);
	if (scheduledEvent.cancellation && at(scheduledEvent.cancellation.created_at) > when) {
		delete scheduledEvent.cancellation;
		scheduledEvent.status = 'active';
	}
	const payload: InviteePayload = {
		...invitee,
		status: canceled ? invitee.status : 'active',
		updated_at: time,
		rescheduled: canceled ? invitee.rescheduled : false,
		new_invitee: canceled ? invitee.new_invitee : null,
		no_show: noShow ? { ...noShow } : null,
		scheduled_event: scheduledEvent,
	};
	if (canceled && invitee.cancellation) payload.cancellation = { ...invitee.cancellation };
	else delete payload.cancellation;
	return payload;
}

/**
 * Every delivery Calendly sends for an invitee, as of its current state: `invitee.created` (dated by the
 * booking), `invitee_no_show.created` while it is marked a no-show (dated by the mark) and
 * `invitee.canceled` once canceled (dated by the cancellation; with `rescheduled` and `new_invitee` for
 * the old half of a reschedule), oldest first. Each payload is the invitee as it was at that moment (see
 * payloadAt). A no-show mark that was removed again leaves no trace in the API, so neither it nor its
 * removal can be rebuilt. `createdBy` stands in for the subscription creator.
 */
function reconstructDeliveries(
	invitee: Invitee,
	event: ScheduledEvent,
	createdBy: CalendlyUri,
): ReconcileDelivery[] {
	const changes: Array<{ event: InviteeEventName; time: string }> = [
		{ event: 'invitee.created', time: invitee.created_at },
	];
	if (invitee.no_show)
		changes.push({ event: 'invitee_no_show.created', time: invitee.no_show.created_at });
	if (invitee.status === 'canceled') {
		changes.push({
			event: 'invitee.canceled',
			time: invitee.cancellation?.created_at ?? invitee.updated_at,
		});
	}
	// Stable: equal times keep the order of a booking's life (created, no-show, canceled).
	changes.sort((a, b) => (at(a.time) === at(b.time) ? 0 : at(a.time) < at(b.time) ? -1 : 1));
	return changes.map(({ event: name, time }) => ({
		event: name,
		created_at: time,
		created_by: createdBy,
		payload: payloadAt(invitee, event, time),
	}));
}

function daysBack(ctx: IExecuteFunctions, itemIndex: number): number {
	const value = ctx.getNodeParameter('daysBack', itemIndex, 30) as number;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`'Days Back' must be a number of days, 0 or more (got ${String(value)})`,
			{
				itemIndex,
				description: "Set 'Days Back' to how many days before now the reconcile reaches, e.g. 30.",
			},
		);
	}
	return value;
}

/**
 * One execution: events starting from Days Back ago on a page of 100 at a time, each event's invitees,
 * and (with followReschedules) the other halves of reschedules that started before that. Requests:
 * 1 (/users/me) + one per 100 events + one per event (per 100 invitees) + 2 per reschedule half before
 * the window; with the options, one per 100 contacts changed in the window (+1 for the page reaching
 * past it) and one per 100 recaps + one per recap (+2 per recap that lists no attendees).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const since = Date.now() - daysBack(this, itemIndex) * DAY;
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		followReschedules?: boolean;
		includeContacts?: boolean;
		includeMeetingRecaps?: boolean;
	};
	const follow = options.followReschedules !== false;
	// No max_start_time: an event type's date range may be "indefinitely into the future", the API does not
	// expose it (the event type resource has no date-range fields), and narrowing it keeps bookings already
	// made, so any upper bound could leave out a booking still to come. Each event ahead costs one request.
	const qs: IDataObject = {
		...(await ownerFilter(this, itemIndex)),
		min_start_time: new Date(since).toISOString(),
		sort: 'start_time:asc',
	};
	const { uri: createdBy } = await currentUser(this);
	// Read first, so a refusal (scope, plan) comes before the bookings' many requests; output after the
	// bookings, whose cards they go on.
	const later = await contactAndRecapDeliveries(
		{ ctx: this, itemIndex, since, createdBy },
		{ contacts: options.includeContacts, recaps: options.includeMeetingRecaps },
	);
	const output: IDataObject[] = [];
	const seen = new Set<string>();
	const links: string[] = [];
	const emit = (invitee: Invitee, event: ScheduledEvent) => {
		seen.add(invitee.uri);
		output.push(...toJson(reconstructDeliveries(invitee, event, createdBy)));
		for (const link of [invitee.old_invitee, invitee.new_invitee]) if (link) links.push(link);
	};
	for await (const page of calendlyApiPages.call(this, '/scheduled_events', qs, {
		itemIndex,
	}) as AsyncGenerator<ScheduledEvent[]>) {
		for (const event of page) {
			const invitees = (await calendlyApiRequestAllItems.call(
				this,
				`/scheduled_events/${uuidFromUri(event.uri)}/invitees`,
				{ sort: 'created_at:asc' },
				undefined,
				{ itemIndex },
			)) as Invitee[];
			for (const invitee of invitees) emit(invitee, event);
		}
	}
	// Reschedule halves that started before the window: an invitee URI is
	// https://api.calendly.com/scheduled_events/{event uuid}/invitees/{invitee uuid}.
	while (follow && links.length > 0) {
		const link = links.shift()!;
		if (seen.has(link)) continue;
		seen.add(link);
		const path = /\/scheduled_events\/([^/]+)\/invitees\/([^/]+)$/.exec(link);
		if (!path) continue;
		const invitee = await getResource<Invitee>(
			this,
			`/scheduled_events/${path[1]}/invitees/${path[2]}`,
			itemIndex,
		);
		const event = await getResource<ScheduledEvent>(
			this,
			`/scheduled_events/${path[1]}`,
			itemIndex,
		);
		emit(invitee, event);
	}
	return [...output, ...toJson(later)];
}
