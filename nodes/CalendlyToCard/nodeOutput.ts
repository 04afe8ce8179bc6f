import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { BookingValidationError } from '../shared/booking/normalizeBooking';
import { BoardSetupError } from './board/cardBoard';
import { N8nApiError } from '../shared/transport/n8nApi';
import { SyncConflictError } from './board/syncBooking';
import { CardStateError, MultipleCardsError, SYSTEM_CARD_COLUMNS } from './decide';

// What both operations of the node put on their outputs: cards as users see them and failed items.

/** A card as users see it: without the node's bookkeeping columns. */
export function visible(card: Record<string, unknown> | null): IDataObject | null {
	if (!card) return null;
	const {
		[SYSTEM_CARD_COLUMNS.otherEmails]: _otherEmails,
		[SYSTEM_CARD_COLUMNS.state]: _state,
		[SYSTEM_CARD_COLUMNS.revision]: _revision,
		...rest
	} = card;
	return rest as IDataObject;
}

/**
 * The n8n error for a failure of one item. `label` starts the message (e.g. "Card 12"); by default
 * "Item <index>", and null for failures that concern the whole execution.
 */
export function toNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	label: string | null = `Item ${itemIndex}`,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const prefix = label === null ? '' : `${label}: `;
	if (error instanceof BookingValidationError) {
		return new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex} is not a usable Calendly delivery: ${error.message}`,
			{
				itemIndex,
				description:
					'Connect this node to the Calendly Trigger (as sent or flat) or to the Calendly node’s backfill, or map the delivery ({ event, created_at, payload }) into the item.',
			},
		);
	}
	if (error instanceof N8nApiError) {
		return new NodeApiError(
			ctx.getNode(),
			{ message: error.apiMessage || error.message } as JsonObject,
			{
				itemIndex,
				message: `${prefix}${error.message}`,
				httpCode: error.status ? String(error.status) : undefined,
			},
		);
	}
	if (
		error instanceof BoardSetupError ||
		error instanceof CardStateError ||
		error instanceof MultipleCardsError ||
		error instanceof SyncConflictError
	) {
		return new NodeOperationError(ctx.getNode(), `${prefix}${error.message}`, { itemIndex });
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/**
 * A failed item. `error` on the item is what n8n's "continue (using error output)" routes by: it moves
 * the item to the node's extra error output (merged with the input item's JSON). With "continue"
 * (regular output) it stays on Skipped.
 */
export function failedItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	return {
		json: { action: 'error', error: error.message, itemIndex },
		error,
		pairedItem: { item: itemIndex },
	};
}
