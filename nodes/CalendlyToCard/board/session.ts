import type { IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { processMemory } from '../../shared/processMemory';
import { attempt, nodeTransport } from '../../shared/transport/n8nApi';
import type { CardSettings, ColumnType } from '../decide';
import { CARD_FIELD_KEYS, columnTypesFor, SYSTEM_CARD_COLUMNS } from '../decide';
import type { BoardRef, BoardScope } from './cardBoard';
import {
	DataTableCardBoard,
	DEFAULT_BOARD_NAME,
	findBoard,
	forgetBoard,
	isMissingTable,
	resolveBoard,
} from './cardBoard';
import { DataTableClient } from './dataTableClient';

/** The name of the table beside a board (see BoardSession.held); n8n allows 128 characters. */
export const heldTableName = (boardId: string): string =>
	`Calendly to Card: waiting for board ${boardId}`;

/**
 * The board one execution works on, for both operations: the table "Board" names (looked up once per
 * process; created with the card columns when named and missing), a second look-up when n8n says the
 * table is gone, one write at a time per contact in this process, and the pause after a lost race.
 */
export class BoardSession {
	private tableId: string | null = null;
	/** A board created by this node starts with every card column; question columns come later. */
	private readonly columns: Record<string, ColumnType>;

	private constructor(
		readonly client: DataTableClient,
		private readonly scope: BoardScope,
		private readonly ref: BoardRef,
		private readonly settings: CardSettings,
	) {
		this.columns = columnTypesFor(settings, [
			...Object.values(SYSTEM_CARD_COLUMNS),
			...CARD_FIELD_KEYS.map((key) => settings.columns[key]).filter((column) => column !== ''),
		]);
	}

	/** Board-level settings are read once per execution, from the first item, as their descriptions say. */
	static async open(ctx: IExecuteFunctions, settings: CardSettings): Promise<BoardSession> {
		const locator = ctx.getNodeParameter('board', 0, {
			mode: 'name',
			value: DEFAULT_BOARD_NAME,
		}) as INodeParameterResourceLocator;
		const ref = { mode: locator.mode, value: String(locator.value ?? '') } as BoardRef;
		const connection = await nodeTransport(ctx);
		const scope = {
			connectionKey: connection.connectionKey,
			workflowId: ctx.getWorkflow().id || null,
		};
		return new BoardSession(new DataTableClient(connection.transport), scope, ref, settings);
	}

	/** The table's id, once looked up. */
	get boardId(): string | null {
		return this.tableId;
	}

	/** Runs `task` on the board; when n8n says its table is gone (deleted or re-created by hand since), looks it up again, once. */
	async use<T>(task: (board: DataTableCardBoard) => Promise<T>): Promise<T> {
		const first = await attempt(async () => await task(await this.board()));
		if (first.ok) return first.value;
		if (!isMissingTable(first.error)) throw first.error;
		forgetBoard(this.scope, this.ref, this.tableId);
		this.tableId = null;
		return await task(await this.board());
	}

	/** Runs `task` for one contact's cards, after every earlier task of this process for that contact on this board. */
	async forContact<T>(email: string, task: (board: DataTableCardBoard) => Promise<T>): Promise<T> {
		return await this.use(
			async (board) =>
				await processMemory.contactQueues.run(
					`${this.scope.connectionKey}|${board.tableId}|${email}`,
					async () => await task(board),
				),
		);
	}

	/**
	 * The table beside the board where Calendly contacts and meeting recaps wait for their person's first
	 * card, and where their deletions are kept (see syncContactRecap.ts); one per board, in the workflow's
	 * project. Made on first need (`create`); null while there is none.
	 */
	async held(create: boolean): Promise<DataTableCardBoard | null> {
		const boardId = (await this.board()).tableId;
		const ref = { mode: 'name', value: heldTableName(boardId) } as const;
		const columns = columnTypesFor(this.settings, Object.values(SYSTEM_CARD_COLUMNS));
		const tableId = create
			? await resolveBoard(this.client, this.scope, ref, columns)
			: await findBoard(this.client, this.scope, ref, columns);
		if (tableId === null) return null;
		const table = new DataTableCardBoard(this.client, this.scope.connectionKey, tableId, ref.value);
		await table.ensureColumns(columns);
		return table;
	}

	/** The pause after the n-th lost race: longer each time, spread so racing executions do not meet again. */
	readonly backoff = async (lostRaces: number): Promise<void> =>
		await sleep(25 * lostRaces + Math.floor(Math.random() * 50));

	private async board(): Promise<DataTableCardBoard> {
		if (this.tableId === null) {
			const tableId = await resolveBoard(this.client, this.scope, this.ref, this.columns);
			// A table picked by id or made by hand gets the card columns it lacks (no calls once known).
			await new DataTableCardBoard(
				this.client,
				this.scope.connectionKey,
				tableId,
				this.ref.value,
			).ensureColumns(this.columns);
			this.tableId = tableId;
		}
		return new DataTableCardBoard(
			this.client,
			this.scope.connectionKey,
			this.tableId,
			this.ref.value,
		);
	}
}
