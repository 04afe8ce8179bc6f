// "Calendly to Card" run through n8n-core's real execution context against the fake of n8n's data-table
// API, with the set-up every such suite needs (a fresh fake, no tables, no faults, no remembered boards).
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { forgetBoards } from '../../nodes/CalendlyToCard/board/cardBoard';
import { CalendlyToCard } from '../../nodes/CalendlyToCard/CalendlyToCard.node';
import { FakeN8nDataTableApi } from '../fakes/n8nDataTableApi';
import { executeNode } from '../harness';

export function cardNodeOnFake() {
	const node = new CalendlyToCard();
	let fake: FakeN8nDataTableApi;
	beforeAll(async () => {
		fake = new FakeN8nDataTableApi();
		await fake.start();
	});
	afterAll(async () => await fake.stop());
	beforeEach(() => {
		fake.tables.clear();
		fake.resetCalls();
		fake.clearFaults();
		forgetBoards();
	});
	return {
		get fake() {
			return fake;
		},
		/** Runs the node on these items; its four outputs (Created, Updated, Canceled, Skipped). */
		run: async (input: unknown[], parameters: IDataObject = {}, options: { continueOnFail?: boolean } = {}) =>
			await executeNode(node, {
				parameters: { timeZone: 'Europe/Berlin', ...parameters },
				credentials: { calendlyCardsN8nApi: { baseUrl: fake.baseUrl, apiKey: fake.apiKey } },
				input: input.map((json) => ({ json: json as IDataObject })),
				continueOnFail: options.continueOnFail,
			}),
		/** The rows of the board of that name. */
		rows: (name = 'Calendly Cards') => fake.rows(fake.tableByName(name)!.id),
	};
}

export const jsons = (output: INodeExecutionData[]) => output.map((item) => item.json);
