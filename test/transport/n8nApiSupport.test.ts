import { processMemory } from '../../nodes/shared/processMemory';
import type { ApiTransport } from '../../nodes/shared/transport/n8nApi';
import {
	apiSupportFrom,
	cardNodeProblem,
	publicApiProblem,
	readApiSupport,
} from '../../nodes/shared/transport/n8nApiSupport';

/** An API description listing these paths, shaped as n8n serves it (two-space-indented path keys). */
const description = (...paths: string[]) =>
	[
		'openapi: 3.0.0',
		'info:',
		'  title: n8n Public API',
		'  version: 1.1.1',
		'paths:',
		...paths.flatMap((path) => [`  ${path}:`, '    get:', '      summary: x']),
		'components:',
		'  schemas:',
		'    workflow:',
		'      type: object',
		'',
	].join('\n');

const V1_123 = [
	'/workflows',
	'/workflows/{id}',
	'/workflows/{id}/activate',
	'/workflows/{id}/deactivate',
];
const V2_17 = [
	...V1_123,
	'/data-tables',
	'/data-tables/{dataTableId}',
	'/data-tables/{dataTableId}/rows',
];
const V2_20 = [
	...V2_17,
	'/data-tables/{dataTableId}/columns',
	'/data-tables/{dataTableId}/columns/{columnId}',
];
const V2_41 = [...V2_20, '/workflows/{id}/publish', '/workflows/{id}/unpublish'];

describe('apiSupportFrom', () => {
	it.each([
		['1.123', V1_123, { dataTables: false, dataTableColumns: false, publish: false }],
		['2.17', V2_17, { dataTables: true, dataTableColumns: false, publish: false }],
		['2.20', V2_20, { dataTables: true, dataTableColumns: true, publish: false }],
		['2.41', V2_41, { dataTables: true, dataTableColumns: true, publish: true }],
	])('reads what an n8n %s API description lists', (_, paths, expected) => {
		expect(apiSupportFrom(description(...paths))).toEqual(expected);
	});

	it('does not take a mention of a route outside the path keys for the route', () => {
		const text = description(...V1_123).replace(
			'      summary: x',
			'      summary: see /data-tables/{dataTableId}/columns:',
		);
		expect(apiSupportFrom(text)).toMatchObject({ dataTables: false, dataTableColumns: false });
	});

	it.each([
		[
			'the editor page an n8n without public API serves',
			'<!DOCTYPE html><html><head><title>n8n</title></head></html>',
		],
		['an empty body', ''],
		['a JSON body', { message: 'not found' }],
		['no body', undefined],
		['an OpenAPI text without paths', 'openapi: 3.0.0\ninfo:\n  title: x\n'],
	])('is null for %s', (_, body) => {
		expect(apiSupportFrom(body)).toBeNull();
	});
});

describe('what the nodes say', () => {
	const base = 'http://n8n.local:5678';

	it('names the version Calendly to Card needs and the versions found', () => {
		const none = cardNodeProblem(apiSupportFrom(description(...V1_123))!, base)!;
		expect(none).toMatch(
			/^Calendly to Card needs n8n 2\.20 or later: the n8n at http:\/\/n8n\.local:5678 has no public data-table API, so it is n8n 1\.x or 2\.0 to 2\.6\. Update n8n/,
		);
		expect(cardNodeProblem(apiSupportFrom(description(...V2_17))!, base)).toMatch(
			/needs n8n 2\.20 or later: .* data-table API without its columns routes, so it is n8n 2\.7 to 2\.19/,
		);
		expect(cardNodeProblem(apiSupportFrom(description(...V2_20))!, base)).toBeNull();
		expect(cardNodeProblem(apiSupportFrom(description(...V2_41))!, base)).toBeNull();
	});

	it('says the public API is off or the address is wrong, with what n8n answered', () => {
		expect(publicApiProblem(null, base, 404)).toMatch(
			/does not answer at http:\/\/n8n\.local:5678\/api\/v1 .*answered status 404.*N8N_PUBLIC_API_DISABLED=true.*Base URL/,
		);
		expect(publicApiProblem(null, base, 200)).toContain(
			'answered a page that is not an API description',
		);
		expect(publicApiProblem(apiSupportFrom(description(...V2_41)), base, 200)).toBeNull();
	});
});

describe('readApiSupport', () => {
	beforeEach(() => processMemory.n8nApiSupport.clear());

	const transportAnswering = (...answers: Array<{ status: number; body: unknown }>) => {
		const calls: string[] = [];
		const transport: ApiTransport = async (method, path) => {
			calls.push(`${method} ${path}`);
			return answers.length > 1 ? answers.shift()! : answers[0];
		};
		return { transport, calls };
	};

	it('reads once per n8n address and process', async () => {
		const { transport, calls } = transportAnswering({ status: 200, body: description(...V2_41) });
		await readApiSupport(transport, 'http://a');
		expect(await readApiSupport(transport, 'http://a')).toEqual({
			dataTables: true,
			dataTableColumns: true,
			publish: true,
		});
		await readApiSupport(transport, 'http://b');
		expect(calls).toEqual(['GET /openapi.yml', 'GET /openapi.yml']);
	});

	it('throws the public API problem and keeps no failure, so switching the API on needs no restart', async () => {
		const { transport, calls } = transportAnswering(
			{ status: 404, body: { message: 'not found' } },
			{ status: 200, body: description(...V2_41) },
		);
		await expect(readApiSupport(transport, 'http://a')).rejects.toThrow(
			/does not answer at http:\/\/a\/api\/v1/,
		);
		await expect(readApiSupport(transport, 'http://a')).resolves.toMatchObject({
			dataTables: true,
		});
		expect(calls).toHaveLength(2);
	});
});
