import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { NormalizedBooking } from '../shared/booking/normalizeBooking';
import { readBooking } from '../shared/booking/normalizeBooking';
import { guestBookings } from '../shared/booking/guestBookings';
import { normalizeLead } from '../shared/booking/normalizeLead';
import type { NormalizedContact } from '../shared/booking/normalizeContact';
import { readContact } from '../shared/booking/normalizeContact';
import type { NormalizedRecap } from '../shared/booking/normalizeRecap';
import { readRecap } from '../shared/booking/normalizeRecap';
import { cardHandlingOf } from '../shared/calendly/webhookEvents';
import { BoardSession } from './board/session';
import type { SyncResult } from './board/syncBooking';
import type { HeldTable } from './board/syncContactRecap';
import {
	emailsOfMeeting,
	removeContactRecap,
	syncContactRecap,
	syncTakingHeld,
} from './board/syncContactRecap';
import type { CardAction, CardChange, CardSettings, ContactChange, RecapChange } from './decide';
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
	const held: HeldTable = async (create) => await session.held(create);
	const put = (item: INodeExecutionData, output: number) => outputs[output].push(item);
	const report = (
		result: SyncResult,
		change: CardChange,
		callsBefore: number,
		itemIndex: number,
		extra: IDataObject = {},
	) => {
		const json = reported(result, change, {
			dryRun,
			boardId: session.boardId,
			apiCalls: session.client.calls - callsBefore,
		});
		put(
			{ json: { ...json, ...extra }, pairedItem: { item: itemIndex } },
			OUTPUT_OF[result.plan.action],
		);
	};
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
		if (!('booking' in delivery)) {
			try {
				await contactOrRecap(delivery, itemIndex);
			} catch (error) {
				fail(error, itemIndex);
			}
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
								await syncTakingHeld(board, held, contact.booking, settings, {
									dryRun,
									backoff: session.backoff,
								}),
						);
				report(result, contact.booking, callsBefore, itemIndex, contact.extra);
			} catch (error) {
				fail(error, itemIndex, contact.extra);
			}
		}
	}
	return outputs;

	/**
	 * A contact onto the cards of each of its emails, a recap onto those of its attendees (hosts left
	 * out) and of the cards holding a booking of its meeting; a deletion onto every card holding it.
	 */
	async function contactOrRecap(
		delivery: { contact: NormalizedContact } | { recap: NormalizedRecap },
		itemIndex: number,
	): Promise<void> {
		const base: Omit<ContactChange, 'email'> | Omit<RecapChange, 'email'> =
			'contact' in delivery
				? { kind: 'contact', contact: delivery.contact }
				: { kind: 'recap', recap: delivery.recap };
		const change = (email: string) => ({ ...base, email }) as ContactChange | RecapChange;
		const options = { dryRun, backoff: session.backoff };
		const deleted = 'contact' in delivery ? delivery.contact.deleted : delivery.recap.deleted;
		let callsBefore = session.client.calls;
		if (deleted) {
			const results = await session.use(
				async (board) => await removeContactRecap(board, held, change(''), settings, options),
			);
			for (const result of results) {
				report(result, change(String(result.card?.email ?? '')), callsBefore, itemIndex);
				callsBefore = session.client.calls;
			}
			if (results.length === 0) report(NO_CARD, change(''), callsBefore, itemIndex);
			return;
		}
		const cardsOfMeeting = async (eventUri: string) =>
			await session.use(async (board) => await emailsOfMeeting(board, eventUri));
		let emails: string[];
		if ('contact' in delivery) emails = delivery.contact.emails;
		else {
			const { recap } = delivery;
			const attendees = recap.attendees
				.filter((person) => !person.host)
				.map((person) => person.email);
			const booked = recap.eventUri ? await cardsOfMeeting(recap.eventUri) : [];
			emails = [...new Set([...attendees, ...booked])];
		}
		if (emails.length === 0) {
			const event = 'contact' in delivery ? delivery.contact.event : delivery.recap.event;
			put(skippedItem({ skipReason: 'no_email', event }, dryRun, itemIndex), SKIPPED);
			return;
		}
		const done = new Set<string>();
		while (emails.length > 0) {
			let waits = false;
			for (const email of emails) {
				done.add(email);
				const result = await session.forContact(
					email,
					async (board) => await syncContactRecap(board, held, change(email), settings, options),
				);
				if (result.plan.skipReason === 'no_card') waits = true;
				report(result, change(email), callsBefore, itemIndex);
				callsBefore = session.client.calls;
			}
			// A booking of the meeting carded meanwhile may have looked beside the board before this recap
			// waited there: look for the meeting's cards again, so one of the two always sees the other.
			const eventUri = 'recap' in delivery && !dryRun && waits ? delivery.recap.eventUri : null;
			emails = eventUri ? (await cardsOfMeeting(eventUri)).filter((email) => !done.has(email)) : [];
		}
	}
}

/**
 * What an input item is: a booking (or, with "Routing Form Leads" on, a lead), or something skipped
 * with its reason. Throws for an item that is not a usable delivery.
 */
function readDelivery(
	json: IDataObject,
	settings: CardSettings,
):
	| { booking: NormalizedBooking }
	| { contact: NormalizedContact }
	| { recap: NormalizedRecap }
	| { skip: IDataObject } {
	const handling = cardHandlingOf(String(json.event));
	if (handling === 'contact') return { contact: readContact(json) };
	if (handling === 'recap') return { recap: readRecap(json) };
	const isLead = settings.routingFormLeads && handling === 'lead';
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

const skippedResult = (reason: 'filtered' | 'no_card'): SyncResult => ({
	plan: skippedPlan(reason),
	card: null,
	merged: [],
	attempts: 0,
	conflicts: 0,
});
const FILTERED = skippedResult('filtered');
/** A deletion of a contact or recap no card holds. */
const NO_CARD = skippedResult('no_card');

/** The item that reports what a delivery did to a card. */
function reported(
	result: SyncResult,
	change: CardChange,
	run: { dryRun: boolean; boardId: string | null; apiCalls: number },
): IDataObject {
	const delivery = !('kind' in change)
		? { booking: change }
		: change.kind === 'contact'
			? { contact: change.contact }
			: { recap: change.recap };
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
		...(delivery as unknown as IDataObject),
		activity: plan.activity as unknown as IDataObject,
		boardId: run.boardId,
		apiCalls: run.apiCalls,
		writeConflicts: result.conflicts,
	};
}
