import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { attempt, DataTableClient, nodeTransport } from '../board/dataTableClient';

/** Data tables visible to the n8n API key, filtered by name, a page at a time. */
export async function searchBoards(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await attempt(async () => {
		const { transport } = await nodeTransport(this);
		return await new DataTableClient(transport).listTables(paginationToken);
	});
	if (!page.ok) {
		const error = page.error as Error;
		throw new NodeOperationError(this.getNode(), error.message, { description: 'Check the n8n API credential.' });
	}
	const wanted = (filter ?? '').trim().toLowerCase();
	return {
		results: page.value.data
			.filter((table) => wanted === '' || table.name.toLowerCase().includes(wanted) || table.id === filter)
			.map((table) => ({ name: table.name, value: table.id })),
		paginationToken: page.value.nextCursor ?? undefined,
	};
}
