import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameterResourceLocator } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { NormalizedBooking } from '../shared/booking/normalizeBooking';
import { readBooking } from '../shared/booking/normalizeBooking';
import { guestBookings } from '../shared/booking/guestBookings';
import { normalizeLead } from '../shared/booking/normalizeLead';
import type { BoardRef, BoardScope } from './board/cardBoard';
import { DataTableCardBoard, DEFAULT_BOARD_NAME, forgetBoard, isMissingTable, resolveBoard, serialized } from './board/cardBoard';
import { attempt, nodeTransport } from '../shared/transport/n8nApi';
import { DataTableClient } from './board/dataTableClient';
import type { SyncResult } from './board/syncBooking';
import { syncBooking } from './board/syncBooking';
import type { CardAction, CardSettings } from './decide';
import { CARD_FIELD_KEYS, columnTypesFor, isFiltered, skippedPlan, SYSTEM_CARD_COLUMNS, unsupportedEvent } from './decide';
import { failedItem, toNodeError, visible } from './nodeOutput';
import { readSettings } from './readSettings';

/** Output order: Created, Updated (also rescheduled and no-show), Canceled, Skipped. */
const OUTPUT_OF: Record<CardAction, number> = { created: 0, updated: 1, rescheduled: 1, no_show: 1, canceled: 2, skipped: 3 };

export async function runCalendlyToCard(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outputs: INodeExecutionData[][] = [[], [], [], []];
	let settings: CardSettings;
	let client: DataTableClient;
	let scope: BoardScope;
	try {
		settings = readSettings(this);
		const connection = await nodeTransport(this);
		client = new DataTableClient(connection.transport);
		scope = { connectionKey: connection.connectionKey, workflowId: this.getWorkflow().id || null };
	} catch (error) {
		if (!this.continueOnFail()) throw toNodeError(this, error, 0);
		outputs[3] = items.map((_, itemIndex) => failedItem(toNodeError(this, error, itemIndex), itemIndex));
		return outputs;
	}
	// Board-level settings are read once per execution (from the first item), as their descriptions say.
	const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
	const locator = this.getNodeParameter('board', 0, { mode: 'name', value: DEFAULT_BOARD_NAME }) as INodeParameterResourceLocator;
	const ref = { mode: locator.mode, value: String(locator.value ?? '') } as BoardRef;
	let tableId: string | null = null;
	// A board created by this node starts with every card column; question columns come later.
	const boardColumns = () =>
		columnTypesFor(settings, [
			...Object.values(SYSTEM_CARD_COLUMNS),
			...CARD_FIELD_KEYS.map((key) => settings.columns[key]).filter((column) => column !== ''),
		]);
	const syncOnBoard = async (booking: NormalizedBooking): Promise<{ result: SyncResult; boardId: string }> => {
		if (tableId === null) {
			tableId = await resolveBoard(client, scope, ref, boardColumns());
			// A table picked by id or made by hand gets the card columns it lacks (no calls once known).
			await new DataTableCardBoard(client, scope.connectionKey, tableId, ref.value).ensureColumns(boardColumns());
		}
		const boardId = tableId;
		const board = new DataTableCardBoard(client, scope.connectionKey, boardId, ref.value);
		const result = await serialized(`${scope.connectionKey}|${boardId}|${booking.email}`, async () =>
			await syncBooking(board, booking, settings, {
				dryRun,
				backoff: async (attempt) => await sleep(25 * attempt + Math.floor(Math.random() * 50)),
			}),
		);
		return { result, boardId };
	};

	/** Syncs one booking (an invitee's, a guest's or a lead) and puts its item on its output. */
	const syncDelivery = async (booking: NormalizedBooking, itemIndex: number, filtered: boolean, extra: IDataObject): Promise<void> => {
		const callsBefore = client.calls;
		let boardId: string | null = null;
		let result: SyncResult;
		if (filtered) {
			result = { plan: skippedPlan('filtered'), card: null, merged: [], attempts: 0, conflicts: 0 };
		} else {
			let synced = await attempt(async () => await syncOnBoard(booking));
			if (!synced.ok && isMissingTable(synced.error)) {
				// The board was deleted or re-created since this process looked it up: look again, once.
				forgetBoard(scope, ref, tableId);
				tableId = null;
				synced = await attempt(async () => await syncOnBoard(booking));
			}
			if (!synced.ok) throw synced.error;
			({ result, boardId } = synced.value);
		}
		const { plan } = result;
		outputs[OUTPUT_OF[plan.action]].push({
			json: {
				action: plan.action,
				skipReason: plan.skipReason,
				shownEventChanged: plan.shownEventChanged,
				dryRun,
				changes: plan.changes,
				card: visible(result.card),
				cardBefore: visible(plan.before),
				cardId: typeof result.card?.id === 'number' ? result.card.id : null,
				mergedCardIds: result.merged,
				booking: booking as unknown as IDataObject,
				activity: plan.activity as unknown as IDataObject,
				boardId,
				apiCalls: client.calls - callsBefore,
				writeConflicts: result.conflicts,
				...extra,
			},
			pairedItem: { item: itemIndex },
		});
	};
	const fail = (error: unknown, itemIndex: number, extra: IDataObject = {}) => {
		const nodeError = toNodeError(this, error, itemIndex);
		if (!this.continueOnFail()) throw nodeError;
		const item = failedItem(nodeError, itemIndex);
		outputs[3].push({ ...item, json: { ...item.json, ...extra } });
	};

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const json = items[itemIndex].json;
		// With "Routing Form Leads" on, a routing form submission is read as a lead; otherwise it is passed over.
		const isLead = settings.routingFormLeads && json.event === 'routing_form_submission.created';
		const skippedEvent = isLead ? null : unsupportedEvent(json);
		if (skippedEvent !== null) {
			outputs[3].push({
				json: { action: 'skipped', skipReason: 'unsupported_event', event: skippedEvent, dryRun, apiCalls: 0 },
				pairedItem: { item: itemIndex },
			});
			continue;
		}
		let booking: NormalizedBooking | null;
		try {
			booking = isLead ? normalizeLead(json, { timeZone: settings.timeZone }) : readBooking(json, { timeZone: settings.timeZone });
		} catch (error) {
			fail(error, itemIndex);
			continue;
		}
		if (booking === null) {
			// A submission without an email address cannot be matched to anyone's card.
			outputs[3].push({
				json: { action: 'skipped', skipReason: 'no_email', event: 'routing_form_submission.created', dryRun, apiCalls: 0 },
				pairedItem: { item: itemIndex },
			});
			continue;
		}
		// The one event-type check: a filtered booking touches no card, and gives its guests nothing either.
		const filtered = isFiltered(booking, settings);
		try {
			await syncDelivery(booking, itemIndex, filtered, {});
		} catch (error) {
			fail(error, itemIndex);
		}
		if (!settings.guestCards || filtered) continue;
		for (const guest of guestBookings(booking)) {
			const extra = { guestOf: booking.email };
			try {
				await syncDelivery(guest, itemIndex, false, extra);
			} catch (error) {
				fail(error, itemIndex, extra);
			}
		}
	}
	return outputs;
}
