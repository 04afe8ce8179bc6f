import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { BoardRef, BoardScope } from './board/cardBoard';
import { DataTableCardBoard, DEFAULT_BOARD_NAME, forgetBoard, isMissingTable, resolveBoard, serialized } from './board/cardBoard';
import { attempt, nodeTransport } from '../shared/transport/n8nApi';
import { DataTableClient } from './board/dataTableClient';
import type { CardRemoval } from './board/removeBookings';
import { RemovalConflictError, removalBoard, removeFromCard } from './board/removeBookings';
import type { CardRow, CardSettings } from './decide';
import { CardStateError, CARD_FIELD_KEYS, columnTypesFor, SYSTEM_CARD_COLUMNS } from './decide';
import { failedItem, toNodeError, visible } from './nodeOutput';
import { readSettings } from './readSettings';

/** Both kinds of change go to Updated (index 1); failed cards to Skipped (index 3) or n8n's error output. */
const UPDATED = 1;
const SKIPPED = 3;

function removalItem(change: CardRemoval, dryRun: boolean, boardId: string): INodeExecutionData {
	return {
		json: {
			action: change.action,
			dryRun,
			cardId: change.cardId,
			email: change.email,
			removedBookings: change.removed.map((record) => ({
				inviteeUri: record.uri,
				eventName: record.snapshot.eventName,
				eventTypeUri: record.snapshot.eventTypeUri,
				startTime: record.snapshot.startTime,
				status: record.status,
			})),
			card: visible(change.after),
			cardBefore: visible(change.before),
			boardId,
			writeConflicts: change.conflicts,
		},
		pairedItem: { item: 0 },
	};
}

/**
 * The "Remove Bookings of Disabled Event Types" operation: once per execution, whatever the input,
 * every card this node made loses the bookings whose event type is not under "Event Types"; a card
 * left with no booking and no lead is deleted. Cards are handled one by one, so one that fails does
 * not stop the others when the node continues on fail.
 */
export async function runRemoveDisabled(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const outputs: INodeExecutionData[][] = [[], [], [], []];
	const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
	const locator = this.getNodeParameter('board', 0, { mode: 'name', value: DEFAULT_BOARD_NAME }) as INodeParameterResourceLocator;
	const ref = { mode: locator.mode, value: String(locator.value ?? '') } as BoardRef;

	let settings: CardSettings;
	let client: DataTableClient;
	let scope: BoardScope;
	let boardId: string;
	let rows: CardRow[];
	try {
		settings = readSettings(this);
		if (settings.eventTypes.length === 0) {
			throw new NodeOperationError(this.getNode(), 'No event types are chosen, so none is disabled and nothing would be removed', {
				description:
					'Under "Event Types", choose the event types whose bookings stay on the board; the bookings of every other event type are removed. Turn on "Dry Run" first to see what would change.',
			});
		}
		const connection = await nodeTransport(this);
		client = new DataTableClient(connection.transport);
		scope = { connectionKey: connection.connectionKey, workflowId: this.getWorkflow().id || null };
		const columns = columnTypesFor(settings, [
			...Object.values(SYSTEM_CARD_COLUMNS),
			...CARD_FIELD_KEYS.map((key) => settings.columns[key]).filter((column) => column !== ''),
		]);
		let tableId: string | null = null;
		const listed = async () => {
			tableId = await resolveBoard(client, scope, ref, columns);
			const table = new DataTableCardBoard(client, scope.connectionKey, tableId, ref.value);
			return { tableId, rows: await removalBoard(client, table).listCards() };
		};
		let found = await attempt(listed);
		if (!found.ok && isMissingTable(found.error)) {
			// The board was deleted or re-created since this process looked it up: look again, once.
			forgetBoard(scope, ref, tableId);
			found = await attempt(listed);
		}
		if (!found.ok) throw found.error;
		({ tableId: boardId, rows } = found.value);
	} catch (error) {
		const nodeError = toNodeError(this, error, 0, null);
		if (!this.continueOnFail()) throw nodeError;
		outputs[SKIPPED].push(failedItem(nodeError, 0));
		return outputs;
	}

	const board = removalBoard(client, new DataTableCardBoard(client, scope.connectionKey, boardId, ref.value));
	for (const row of rows) {
		const email = String(row[SYSTEM_CARD_COLUMNS.email] ?? '');
		try {
			// One card at a time per contact in this process, as deliveries are synced.
			const change = await serialized(`${scope.connectionKey}|${boardId}|${email}`, async () =>
				await removeFromCard(board, row, settings, {
					dryRun,
					backoff: async (conflict) => await sleep(25 * conflict + Math.floor(Math.random() * 50)),
				}),
			);
			if (change !== null) outputs[UPDATED].push(removalItem(change, dryRun, boardId));
		} catch (error) {
			const label = `Card ${row.id} (${email})`;
			const nodeError =
				error instanceof RemovalConflictError
					? new NodeOperationError(this.getNode(), `${label}: ${error.message}`, { itemIndex: 0 })
					: toNodeError(this, error, 0, error instanceof CardStateError ? null : label);
			if (!this.continueOnFail()) throw nodeError;
			const item = failedItem(nodeError, 0);
			outputs[SKIPPED].push({ ...item, json: { ...item.json, cardId: row.id, email } as IDataObject });
		}
	}
	return outputs;
}
