// "Calendly to Card" run through n8n-core's real execution context against the fake of n8n's data-table
// API, with the set-up every such suite needs (a fresh fake, no tables, no faults, no remembered boards).
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { processMemory } from '../../nodes/shared/processMemory';
import { CalendlyToCard } from '../../nodes/CalendlyToCard/CalendlyToCard.node';
import { FakeN8nDataTableApi } from '../fakes/n8nDataTableApi';
import { executeNode } from '../harness';

/**
 * The fake of n8n's data-table API for the calling suite (or describe block): listening from its first
 * test to its last, and without tables, recorded calls, faults or remembered boards before each test.
 */
export function dataTableFake(): FakeN8nDataTableApi {
	const fake = new FakeN8nDataTableApi();
	beforeAll(async () => {
		await fake.start();
	});
	afterAll(async () => await fake.stop());
	beforeEach(() => {
		fake.tables.clear();
		fake.resetCalls();
		fake.clearFaults();
		fake.paths = [...FakeN8nDataTableApi.PATHS];
		fake.publicApiDisabled = false;
		forgetProcessMemory();
	});
	return fake;
}

/** Starts from an empty per-process memory, as a new n8n process does. */
export function forgetProcessMemory(): void {
	for (const store of Object.values(processMemory)) store.clear();
}

export function cardNodeOnFake() {
	const node = new CalendlyToCard();
	const fake = dataTableFake();
	/** The n8n API credential for the fake, with its key unless another is given. */
	const credentials = (apiKey = fake.apiKey) => ({
		calendlyCardsN8nApi: { baseUrl: fake.baseUrl, apiKey },
	});
	return {
		node,
		fake,
		credentials,
		/** Runs the node on these items; its four outputs (Created, Updated, Canceled, Skipped). */
		run: async (
			input: unknown[],
			parameters: IDataObject = {},
			options: { continueOnFail?: boolean; apiKey?: string } = {},
		) =>
			await executeNode(node, {
				parameters: { timeZone: 'Europe/Berlin', ...parameters },
				credentials: credentials(options.apiKey),
				input: input.map((json) => ({ json: json as IDataObject })),
				continueOnFail: options.continueOnFail,
			}),
		/** The rows of the board of that name. */
		rows: (name = 'Calendly Cards') => fake.rows(fake.tableByName(name)!.id),
	};
}

export const jsons = (output: INodeExecutionData[]) => output.map((item) => item.json);
