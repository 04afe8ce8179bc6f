import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { attempt, nodeTransport } from '../../shared/transport/n8nApi';
import { DataTableClient } from '../board/dataTableClient';

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
		throw new NodeOperationError(this.getNode(), error.message, {
			description: 'Check the n8n API credential.',
		});
	}
	const wanted = (filter ?? '').trim().toLowerCase();
	const tables = page.value.data.filter(
		(table) => wanted === '' || table.name.toLowerCase().includes(wanted) || table.id === filter,
	);
	// Names are unique per project only: tables of the same name are told apart by their project.
	const shared = new Set(
		tables
			.filter((table, index) => tables.findIndex((other) => other.name === table.name) !== index)
			.map((table) => table.name),
	);
	return {
		results: tables.map((table) => ({
			name: shared.has(table.name)
				? `${table.name} (project ${table.projectId ?? '?'})`
				: table.name,
			value: table.id,
		})),
		paginationToken: page.value.nextCursor ?? undefined,
	};
}
