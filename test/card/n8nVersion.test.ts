import { notFoundProblem } from '../../nodes/CalendlyToCard/board/n8nVersion';

describe('what a 404 from the data-table API means', () => {
	it.each([
		['a missing table on an n8n with the API', '/data-tables/t1/rows', 200, undefined, null],
		[
			'a missing table whose columns were asked for',
			'/data-tables/t1/columns',
			404,
			undefined,
			/1\.x or 2\.0 to 2\.6/,
		],
		[
			'no data-table API (n8n 1.x, 2.0 to 2.6)',
			'/data-tables',
			404,
			403,
			/needs n8n 2\.20 or later: this n8n has no public data-table API/,
		],
		[
			'no columns routes (n8n 2.7 to 2.19)',
			'/data-tables/t1/columns',
			200,
			undefined,
			/no columns routes \(\/data-tables\/t1\/columns answered 404\), so it is n8n 2\.7 to 2\.19/,
		],
		[
			'a column route of a table that exists',
			'/data-tables/t1/columns/c1',
			200,
			undefined,
			/2\.7 to 2\.19/,
		],
		[
			'no public API at that address',
			'/data-tables',
			404,
			404,
			/set the Base URL to this n8n's own address/,
		],
		['the list refused (a key without scopes)', '/data-tables/t1/rows', 403, undefined, null],
	])('%s', (_, path, listStatus, workflowsStatus, expected) => {
		const problem = notFoundProblem({ path, listStatus, workflowsStatus });
		if (expected === null) expect(problem).toBeNull();
		else expect(problem).toMatch(expected);
	});
});
