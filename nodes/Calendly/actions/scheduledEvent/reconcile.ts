// Reconcile: the deliveries Calendly sent (or would have sent) for every booking whose event starts in a
// window around now, rebuilt from the API's current state, so "Calendly to Card" can fill in whatever
// webhook deliveries never arrived. Deliveries the board already has come out there as Skipped/duplicate
// and write nothing, so a scheduled run over an up-to-date board changes nothing.
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
import { calendlyApiPages, calendlyApiRequestAllItems, uuidFromUri } from '../../../shared/transport';
import { currentUser, getResource, optionsCollection, ownerFilter, ownerScopeFields } from '../../helpers/common';
import { toJson } from '../types';
import { webhookScheduledEvent } from './backfill';

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
			'Bookings whose event started up to this many days ago are reconciled (past bookings still get cancellations and no-show marks)',
	},
	{
		displayName: 'Days Ahead',
		name: 'daysAhead',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60,
		description: 'Bookings whose event starts up to this many days from now are reconciled',
	},
	optionsCollection([
		{
			displayName: 'Follow Reschedules Outside the Window',
			name: 'followReschedules',
			type: 'boolean',
			default: true,
			description:
				'Whether to also read the other half of a reschedule whose event starts outside the window (2 requests each), so a booking moved far ahead or back still reaches its card',
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
	const canceled = invitee.cancellation !== undefined && at(invitee.cancellation.created_at) <= when;
	const noShow = invitee.no_show !== null && at(invitee.no_show.created_at) <= when ? invitee.no_show : null;
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
	const changes: Array<{ event: InviteeEventName; time: string }> = [{ event: 'invitee.created', time: invitee.created_at }];
	if (invitee.no_show) changes.push({ event: 'invitee_no_show.created', time: invitee.no_show.created_at });
	if (invitee.status === 'canceled') {
		changes.push({ event: 'invitee.canceled', time: invitee.cancellation?.created_at ?? invitee.updated_at });
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

/** The start-time window [now - daysBack, now + daysAhead] as Calendly's query filters. */
function reconcileWindow(now: number, daysBack: number, daysAhead: number): { min_start_time: string; max_start_time: string } {
	return {
		min_start_time: new Date(now - daysBack * DAY).toISOString(),
		max_start_time: new Date(now + daysAhead * DAY).toISOString(),
	};
}

function days(ctx: IExecuteFunctions, name: 'daysBack' | 'daysAhead', label: string, fallback: number, itemIndex: number): number {
	const value = ctx.getNodeParameter(name, itemIndex, fallback) as number;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new NodeOperationError(ctx.getNode(), `'${label}' must be a number of days, 0 or more (got ${String(value)})`, {
			itemIndex,
			description: `Set '${label}' to how many days the reconcile window reaches, e.g. ${fallback}.`,
		});
	}
	return value;
}

/**
 * One execution: events in the window a page of 100 at a time, each event's invitees, and (with
 * followReschedules) the other halves of reschedules outside the window. Requests: 1 (/users/me) +
 * one per 100 events + one per event (per 100 invitees) + 2 per reschedule half outside the window.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const daysBack = days(this, 'daysBack', 'Days Back', 30, itemIndex);
	const daysAhead = days(this, 'daysAhead', 'Days Ahead', 60, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as { followReschedules?: boolean };
	const follow = options.followReschedules !== false;
	const qs: IDataObject = {
		...(await ownerFilter(this, itemIndex)),
		...reconcileWindow(Date.now(), daysBack, daysAhead),
		sort: 'start_time:asc',
	};
	const { uri: createdBy } = await currentUser(this);
	const output: IDataObject[] = [];
	const seen = new Set<string>();
	const links: string[] = [];
	const emit = (invitee: Invitee, event: ScheduledEvent) => {
		seen.add(invitee.uri);
		output.push(...toJson(reconstructDeliveries(invitee, event, createdBy)));
		for (const link of [invitee.old_invitee, invitee.new_invitee]) if (link) links.push(link);
	};
	for await (const page of calendlyApiPages.call(this, '/scheduled_events', qs, { itemIndex }) as AsyncGenerator<
		ScheduledEvent[]
	>) {
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
	// Reschedule chains reaching outside the window: an invitee URI is
	// https://api.calendly.com/scheduled_events/{event uuid}/invitees/{invitee uuid}.
	while (follow && links.length > 0) {
		const link = links.shift()!;
		if (seen.has(link)) continue;
		seen.add(link);
		const path = /\/scheduled_events\/([^/]+)\/invitees\/([^/]+)$/.exec(link);
		if (!path) continue;
		const invitee = await getResource<Invitee>(this, `/scheduled_events/${path[1]}/invitees/${path[2]}`, itemIndex);
		const event = await getResource<ScheduledEvent>(this, `/scheduled_events/${path[1]}`, itemIndex);
		emit(invitee, event);
	}
	return output;
}
