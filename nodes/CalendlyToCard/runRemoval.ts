import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BoardSession } from './board/session';
import type { CardRemoval } from './board/removeBookings';
import { RemovalConflictError, removeFromCard } from './board/removeBookings';
import type { CardRow, CardSettings } from './decide';
import { CardStateError, SYSTEM_CARD_COLUMNS } from './decide';
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
	let settings: CardSettings;
	let session: BoardSession;
	let rows: CardRow[];
	try {
		settings = readSettings(this);
		if (settings.eventTypes.length === 0) {
			throw new NodeOperationError(
				this.getNode(),
				'No event types are chosen, so none is disabled and nothing would be removed',
				{
					description:
						'Under "Event Types", choose the event types whose bookings stay on the board; the bookings of every other event type are removed. Turn on "Dry Run" first to see what would change.',
				},
			);
		}
		session = await BoardSession.open(this, settings);
		rows = await session.use(async (board) => await board.listCards());
	} catch (error) {
		const nodeError = toNodeError(this, error, 0, null);
		if (!this.continueOnFail()) throw nodeError;
		outputs[SKIPPED].push(failedItem(nodeError, 0));
		return outputs;
	}

	for (const row of rows) {
		const email = String(row[SYSTEM_CARD_COLUMNS.email] ?? '');
		try {
			const change = await session.forContact(
				email,
				async (board) =>
					await removeFromCard(board, row, settings, { dryRun, backoff: session.backoff }),
			);
			if (change !== null) outputs[UPDATED].push(removalItem(change, dryRun, session.boardId!));
		} catch (error) {
			const label = `Card ${row.id} (${email})`;
			const nodeError =
				error instanceof RemovalConflictError
					? new NodeOperationError(this.getNode(), `${label}: ${error.message}`, { itemIndex: 0 })
					: toNodeError(this, error, 0, error instanceof CardStateError ? null : label);
			if (!this.continueOnFail()) throw nodeError;
			const item = failedItem(nodeError, 0);
			outputs[SKIPPED].push({
				...item,
				json: { ...item.json, cardId: row.id, email } as IDataObject,
			});
		}
	}
	return outputs;
}
