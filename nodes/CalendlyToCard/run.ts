import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { NormalizedBooking } from '../shared/booking/normalizeBooking';
import { readBooking } from '../shared/booking/normalizeBooking';
import { guestBookings } from '../shared/booking/guestBookings';
import { normalizeLead } from '../shared/booking/normalizeLead';
import { cardHandlingOf } from '../shared/calendly/webhookEvents';
import { BoardSession } from './board/session';
import type { SyncResult } from './board/syncBooking';
import { syncBooking } from './board/syncBooking';
import type { CardAction, CardSettings } from './decide';
import { isFiltered, skippedPlan, unsupportedEvent } from './decide';
import { failedItem, toNodeError, visible } from './nodeOutput';
import { readSettings } from './readSettings';

/** Output order: Created, Updated (also rescheduled and no-show), Canceled, Skipped. */
const OUTPUT_OF: Record<CardAction, number> = {
	created: 0,
	updated: 1,
	rescheduled: 1,
	no_show: 1,
	canceled: 2,
	skipped: 3,
};
const SKIPPED = 3;

/** An item the card node passes over without touching the board. */
const skippedItem = (
	json: IDataObject,
	dryRun: boolean,
	itemIndex: number,
): INodeExecutionData => ({
	json: { action: 'skipped', ...json, dryRun, apiCalls: 0 },
	pairedItem: { item: itemIndex },
});

/** The "Sync" operation: each input item, a Calendly delivery, is applied to its contact's card (and its guests'). */
export async function runCalendlyToCard(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outputs: INodeExecutionData[][] = [[], [], [], []];
	let settings: CardSettings;
	let session: BoardSession;
	try {
		settings = readSettings(this);
		session = await BoardSession.open(this, settings);
	} catch (error) {
		if (!this.continueOnFail()) throw toNodeError(this, error, 0);
		outputs[SKIPPED] = items.map((_, itemIndex) =>
			failedItem(toNodeError(this, error, itemIndex), itemIndex),
		);
		return outputs;
	}
	const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
	const put = (item: INodeExecutionData, output: number) => outputs[output].push(item);
	const fail = (error: unknown, itemIndex: number, extra: IDataObject = {}) => {
		const nodeError = toNodeError(this, error, itemIndex);
		if (!this.continueOnFail()) throw nodeError;
		const item = failedItem(nodeError, itemIndex);
		put({ ...item, json: { ...item.json, ...extra } }, SKIPPED);
	};

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let delivery: ReturnType<typeof readDelivery>;
		try {
			delivery = readDelivery(items[itemIndex].json, settings);
		} catch (error) {
			fail(error, itemIndex);
			continue;
		}
		if ('skip' in delivery) {
			put(skippedItem(delivery.skip, dryRun, itemIndex), SKIPPED);
			continue;
		}
		const { booking } = delivery;
		// The one event-type check: a filtered booking touches no card, and gives its guests nothing either.
		const filtered = isFiltered(booking, settings);
		const contacts =
			filtered || !settings.guestCards
				? [{ booking, extra: {} }]
				: [
						{ booking, extra: {} },
						...guestBookings(booking).map((guest) => ({
							booking: guest,
							extra: { guestOf: booking.email },
						})),
					];
		for (const contact of contacts) {
			try {
				const callsBefore = session.client.calls;
				const result = filtered
					? FILTERED
					: await session.forContact(
							contact.booking.email,
							async (board) =>
								await syncBooking(board, contact.booking, settings, {
									dryRun,
									backoff: session.backoff,
								}),
						);
				const json = reported(result, contact.booking, {
					dryRun,
					boardId: session.boardId,
					apiCalls: session.client.calls - callsBefore,
				});
				put(
					{ json: { ...json, ...contact.extra }, pairedItem: { item: itemIndex } },
					OUTPUT_OF[result.plan.action],
				);
			} catch (error) {
				fail(error, itemIndex, contact.extra);
			}
		}
	}
	return outputs;
}

/**
 * What an input item is: a booking (or, with "Routing Form Leads" on, a lead), or something skipped
 * with its reason. Throws for an item that is not a usable delivery.
 */
function readDelivery(
	json: IDataObject,
	settings: CardSettings,
): { booking: NormalizedBooking } | { skip: IDataObject } {
	const isLead = settings.routingFormLeads && cardHandlingOf(String(json.event)) === 'lead';
	const skippedEvent = isLead ? null : unsupportedEvent(json);
	if (skippedEvent !== null)
		return { skip: { skipReason: 'unsupported_event', event: skippedEvent } };
	const booking = isLead
		? normalizeLead(json, { timeZone: settings.timeZone })
		: readBooking(json, { timeZone: settings.timeZone });
	// A submission without an email address cannot be matched to anyone's card.
	if (booking === null) return { skip: { skipReason: 'no_email', event: json.event } };
	return { booking };
}

const FILTERED: SyncResult = {
	plan: skippedPlan('filtered'),
	card: null,
	merged: [],
	attempts: 0,
	conflicts: 0,
};

/** The item that reports what a booking did to its card. */
function reported(
	result: SyncResult,
	booking: NormalizedBooking,
	run: { dryRun: boolean; boardId: string | null; apiCalls: number },
): IDataObject {
	const { plan } = result;
	return {
		action: plan.action,
		skipReason: plan.skipReason,
		shownEventChanged: plan.shownEventChanged,
		dryRun: run.dryRun,
		changes: plan.changes,
		card: visible(result.card),
		cardBefore: visible(plan.before),
		cardId: typeof result.card?.id === 'number' ? result.card.id : null,
		mergedCardIds: result.merged,
		booking: booking as unknown as IDataObject,
		activity: plan.activity as unknown as IDataObject,
		boardId: run.boardId,
		apiCalls: run.apiCalls,
		writeConflicts: result.conflicts,
	};
}
