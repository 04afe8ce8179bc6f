import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CollectionResponse } from '../calendly/types';
import type { CalendlyFunctions } from './credentials';
import { calendlyApiRequest, type CalendlyRequestOptions } from './request';

/** Calendly's largest page. */
const PAGE_SIZE = 100;

/**
 * Yields one page of a Calendly collection at a time. Pages are followed by `next_page_token` with the
 * same filters, never by the `next_page` URL: that would send the token to whatever host it names.
 */
export async function* calendlyApiPages<T>(
	this: CalendlyFunctions,
	endpoint: string,
	qs: IDataObject = {},
	options: CalendlyRequestOptions = {},
): AsyncGenerator<T[]> {
	const seen = new Set<string>();
	let pageToken: string | null = null;
	do {
		const query: IDataObject = { ...qs, count: PAGE_SIZE };
		if (pageToken) query.page_token = pageToken;
		const page = (await calendlyApiRequest.call(
			this,
			'GET',
			endpoint,
			undefined,
			query,
			options,
		)) as CollectionResponse<T>;
		yield Array.isArray(page?.collection) ? page.collection : [];
		pageToken = page?.pagination?.next_page_token ?? null;
		if (pageToken !== null && seen.has(pageToken)) {
			throw new NodeOperationError(
				this.getNode(),
				`Calendly returned the same page token twice for GET ${endpoint}; stopped to avoid an endless loop.`,
				{ itemIndex: options.itemIndex },
			);
		}
		if (pageToken !== null) seen.add(pageToken);
	} while (pageToken !== null);
}

/** Every item of a Calendly collection, or the first `limit` of them. */
export async function calendlyApiRequestAllItems<T>(
	this: CalendlyFunctions,
	endpoint: string,
	qs: IDataObject = {},
	limit?: number,
	options: CalendlyRequestOptions = {},
): Promise<T[]> {
	const items: T[] = [];
	for await (const page of calendlyApiPages.call(this, endpoint, qs, options) as AsyncGenerator<
		T[]
	>) {
		items.push(...page);
		if (limit !== undefined && items.length >= limit) return items.slice(0, limit);
	}
	return items;
}
