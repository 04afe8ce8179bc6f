// Runs the Calendly action node through the harness against a simulator.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Calendly } from '../../nodes/Calendly/Calendly.node';
import { executeNode, patCredential } from '../harness';
import type { CalendlySimulator } from '../simulator';

export const node = new Calendly();

export interface RunOptions {
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
}

/** Executes the node with a personal access token; returns the items of its only output. */
export async function run(
	sim: CalendlySimulator,
	token: string,
	parameters: IDataObject,
	options: RunOptions = {},
): Promise<INodeExecutionData[]> {
	const [items] = await executeNode(node, {
		parameters: { authentication: 'accessToken', ...parameters },
		credentials: patCredential(sim.baseUrl, token),
		input: options.input,
		continueOnFail: options.continueOnFail,
	});
	return items;
}

/** Like run(), but resolves with the error the node threw. */
export async function runError(
	sim: CalendlySimulator,
	token: string,
	parameters: IDataObject,
	options: RunOptions = {},
): Promise<Error & { description?: string; httpCode?: string | null; context?: IDataObject }> {
	try {
		await run(sim, token, parameters, options);
	} catch (error) {
		return error as Error & { description?: string; httpCode?: string | null };
	}
	throw new Error('expected the node to fail');
}

/** A resource locator value as n8n stores it. */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });
export const byUrl = (value: string) => ({ __rl: true, mode: 'url', value });
export const fromList = (value: string) => ({ __rl: true, mode: 'list', value });

export const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
export const uuidOf = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);
