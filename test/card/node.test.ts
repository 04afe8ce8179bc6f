// "Calendly to Card" run through n8n's real ExecuteContext against the fake data-table API.
import { WorkflowExecute } from 'n8n-core';
import type { IDataObject, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { createEmptyRunExecutionData } from 'n8n-workflow';

import { parseRowState } from '../../nodes/CalendlyToCard/decide';
import { searchBoards } from '../../nodes/CalendlyToCard/methods/listSearch';
import { executeNode, loadOptionsContext, workflowFor } from '../harness';
import { cardNodeOnFake, jsons } from '../helpers/cardNodeOnFake';
import type { InviteeSpec } from './deliveries';
import { ANN as ann, delivery } from './deliveries';

const { node, fake, credentials, run } = cardNodeOnFake();

const cancelOf = (spec: InviteeSpec, at: string) =>
	delivery('invitee.canceled', spec, at, {
		status: 'canceled',
		cancellation: {
			canceled_by: spec.name,
			reason: 'Busy',
			canceler_type: 'invitee',
			created_at: at,
		},
	});

describe('Calendly to Card', () => {
	it('sends each delivery to its output with the card before and after', async () => {
		const second = {
			...ann,
			uuid: 'A2',
			eventUuid: 'E2',
			bookedAt: '2026-11-21T10:00:00Z',
			start: '2026-12-02T09:00:00Z',
		};
		const envelopes = [
			delivery('invitee.created', ann, ann.bookedAt),
			delivery('invitee.created', second, second.bookedAt),
			cancelOf(second, '2026-11-22T10:00:00Z'),
			delivery('invitee.created', ann, ann.bookedAt),
		];
		const [created, updated, canceled, skipped] = await run(envelopes);
		expect(jsons(created)).toEqual([
			expect.objectContaining({
				action: 'created',
				cardBefore: null,
				card: expect.objectContaining({
					email: 'ann@example.com',
					eventWhen: 'Tue, Dec 1, 2026, 10:00 – 10:30 (Europe/Berlin)',
				}),
				booking: expect.objectContaining({
					inviteeUri: 'https://api.calendly.com/scheduled_events/E1/invitees/A1',
				}),
				activity: expect.objectContaining({ type: 'booked' }),
				shownEventChanged: true,
				// find the board, the workflow's project, create the board; read, insert, look for what waits
				// beside the board (no table yet), read, announce
				apiCalls: 8,
			}),
		]);
		expect(created[0].pairedItem).toEqual({ item: 0 });
		expect(jsons(updated)).toEqual([
			expect.objectContaining({
				action: 'updated',
				changes: expect.arrayContaining(['eventTime']),
				// read, update, and look beside the board for recaps of the new meeting (it has begun)
				apiCalls: 3,
			}),
		]);
		expect(updated[0].pairedItem).toEqual({ item: 1 });
		expect(jsons(canceled)).toEqual([
			expect.objectContaining({
				action: 'canceled',
				cardBefore: expect.objectContaining({ eventTime: '2026-12-02T09:00:00.000Z' }),
				card: expect.objectContaining({ eventTime: '2026-12-01T09:00:00.000Z' }),
			}),
		]);
		expect(jsons(skipped)).toEqual([
			expect.objectContaining({ action: 'skipped', skipReason: 'duplicate', apiCalls: 1 }),
		]);
		expect(skipped[0].pairedItem).toEqual({ item: 3 });
		expect(created[0].json.card).not.toHaveProperty('calendlyState');
		const rows = fake.rows(fake.tableByName('Calendly Cards')!.id);
		expect(rows).toHaveLength(1);
		expect(
			parseRowState(rows[0] as Record<string, unknown>)!.activity.map(
				(entry: { type: string }) => entry.type,
			),
		).toEqual(['booked', 'booked', 'canceled']);
	});

	it('skips event types that are not enabled, without calling n8n', async () => {
		const [, , , skipped] = await run([delivery('invitee.created', ann, ann.bookedAt)], {
			eventTypeUris: 'https://api.calendly.com/event_types/OTHER',
		});
		expect(jsons(skipped)).toEqual([
			expect.objectContaining({
				action: 'skipped',
				skipReason: 'filtered',
				apiCalls: 0,
				boardId: null,
			}),
		]);
		expect(fake.calls).toHaveLength(0);
	});

	it('computes changes without writing in a dry run', async () => {
		const [created] = await run([delivery('invitee.created', ann, ann.bookedAt)], {
			dryRun: true,
			board: { __rl: true, mode: 'name', value: 'Dry Board' },
		});
		expect(jsons(created)).toEqual([
			expect.objectContaining({
				action: 'created',
				dryRun: true,
				card: expect.objectContaining({ email: 'ann@example.com' }),
			}),
		]);
		expect(fake.rows(fake.tableByName('Dry Board')!.id)).toEqual([]);
	});

	it('names the item and what to fix for input that is not a booking', async () => {
		await expect(
			run([delivery('invitee.created', ann, ann.bookedAt), { hello: 'world' }]),
		).rejects.toThrow('Item 1 is not a usable Calendly delivery: event is missing');
	});

	it('with continue on fail, reports bad items on the Skipped output and carries on', async () => {
		const noEmail = delivery('invitee.created', ann, ann.bookedAt);
		noEmail.payload = { ...noEmail.payload, email: '' };
		const [created, , , skipped] = await run(
			[noEmail, delivery('invitee.created', ann, ann.bookedAt)],
			{},
			{ continueOnFail: true },
		);
		expect(jsons(skipped)).toEqual([
			{
				action: 'error',
				itemIndex: 0,
				error: expect.stringContaining('payload.email is missing or empty'),
			},
		]);
		expect(skipped[0].pairedItem).toEqual({ item: 0 });
		expect(jsons(created)).toHaveLength(1);
	});

	it('says how to fix a refused API key and leaves no card', async () => {
		await expect(
			run([delivery('invitee.created', ann, ann.bookedAt)], {}, { apiKey: 'wrong' }),
		).rejects.toThrow(/n8n refused the API key \(401\)/);
		expect(fake.tables.size).toBe(0);
	});

	it('says where it could not reach n8n, and with continue on fail reports every item', async () => {
		const unreachable = async (continueOnFail: boolean) =>
			await executeNode(node, {
				parameters: {},
				credentials: { calendlyCardsN8nApi: { baseUrl: 'http://127.0.0.1:9', apiKey: 'x' } },
				input: [{ json: delivery('invitee.created', ann, ann.bookedAt) as unknown as IDataObject }],
				continueOnFail,
			});
		await expect(unreachable(false)).rejects.toThrow(
			/Could not reach n8n's API at http:\/\/127\.0\.0\.1:9: the connection was refused/,
		);
		const [, , , skipped] = await unreachable(true);
		expect(jsons(skipped)).toEqual([
			{
				action: 'error',
				itemIndex: 0,
				error: expect.stringContaining('Check the n8n API credential'),
			},
		]);
	});

	it('fails only the item whose write n8n refused when continue on fail is on', async () => {
		fake.injectFault({
			method: 'POST',
			path: '/rows',
			status: 500,
			body: { message: 'Data table size limit exceeded' },
		});
		const bob = { ...ann, uuid: 'B1', email: 'bob@example.com' };
		const [created, , , skipped] = await run(
			[
				delivery('invitee.created', ann, ann.bookedAt),
				delivery('invitee.created', bob, bob.bookedAt),
			],
			{},
			{ continueOnFail: true },
		);
		expect(jsons(skipped)).toEqual([
			{
				action: 'error',
				itemIndex: 0,
				error: expect.stringMatching(
					/^Item 0: n8n's API failed for the board \(500\)\. n8n said: "Data table size limit exceeded"/,
				),
			},
		]);
		expect(jsons(created).map((json) => (json.card as IDataObject).email)).toEqual([
			'bob@example.com',
		]);
		expect(fake.rows(fake.tableByName('Calendly Cards')!.id).map((row) => row.email)).toEqual([
			'bob@example.com',
		]);
	});

	it('looks the board up again when it was deleted or re-created since this process found it', async () => {
		await run([delivery('invitee.created', ann, ann.bookedAt)]);
		const first = fake.tableByName('Calendly Cards')!;
		fake.tables.delete(first.id);
		const bob = { ...ann, uuid: 'B1', email: 'bob@example.com' };
		const [created] = await run([delivery('invitee.created', bob, bob.bookedAt)]);
		const second = fake.tableByName('Calendly Cards')!;
		expect(second.id).not.toBe(first.id);
		expect(jsons(created)).toEqual([
			expect.objectContaining({ action: 'created', boardId: second.id }),
		]);

		// Re-created by hand under the same name: the next item goes to the new table.
		fake.tables.delete(second.id);
		const third = fake.createTable('Calendly Cards', [{ name: 'email', type: 'string' }]);
		const [again] = await run([delivery('invitee.created', ann, ann.bookedAt)]);
		expect(jsons(again)).toEqual([
			expect.objectContaining({ action: 'created', boardId: third.id }),
		]);
		expect(fake.rows(third.id).map((row) => row.email)).toEqual(['ann@example.com']);
	});

	it('passes over Calendly events that are not about bookings, contacts or recaps, and still refuses items that are not deliveries', async () => {
		const routing = {
			event: 'routing_form_submission.created',
			created_at: '2026-11-20T10:00:00Z',
			payload: { submitter: null },
		};
		const eventType = {
			event: 'event_type.updated',
			created_at: '2026-11-20T10:00:00Z',
			payload: { uri: 'x' },
		};
		const [created, updated, canceled, skipped] = await run([
			routing,
			delivery('invitee.created', ann, ann.bookedAt),
			eventType,
		]);
		expect(jsons(skipped)).toEqual([
			{
				action: 'skipped',
				skipReason: 'unsupported_event',
				event: 'routing_form_submission.created',
				dryRun: false,
				apiCalls: 0,
			},
			{
				action: 'skipped',
				skipReason: 'unsupported_event',
				event: 'event_type.updated',
				dryRun: false,
				apiCalls: 0,
			},
		]);
		expect(skipped.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect([created.length, updated.length, canceled.length]).toEqual([1, 0, 0]);
		await expect(run([{ event: 'hello' }])).rejects.toThrow(
			"Item 0 is not a usable Calendly delivery: event 'hello' is not an invitee event",
		);
	});

	it('sends failed items to n8n\'s error output under "continue (using error output)"', async () => {
		const noEmail = delivery('invitee.created', ann, ann.bookedAt);
		noEmail.payload = { ...noEmail.payload, email: '' };
		const input = [noEmail, delivery('invitee.created', ann, ann.bookedAt)];
		const outputs = await run(input, {}, { continueOnFail: true });
		// What n8n's WorkflowExecute does with the outputs of a node set to continue using the error output.
		const { workflow, node: placed } = workflowFor(node, { parameters: {}, continueOnFail: true });
		placed.onError = 'continueErrorOutput';
		const executionData = {
			node: placed,
			data: { main: [input.map((json) => ({ json: json as unknown as IDataObject }))] },
			source: null,
		};
		new WorkflowExecute(
			{ variables: {} } as unknown as IWorkflowExecuteAdditionalData,
			'manual',
			createEmptyRunExecutionData(),
		).handleNodeErrorOutput(workflow, executionData, outputs, 0);
		expect(outputs).toHaveLength(5);
		const [created, updated, canceled, skipped, errors] = outputs;
		expect([created.length, updated.length, canceled.length, skipped.length]).toEqual([1, 0, 0, 0]);
		expect(jsons(errors)).toEqual([
			{
				action: 'error',
				itemIndex: 0,
				error: expect.stringContaining('payload.email is missing or empty'),
			},
		]);
		expect(errors[0].pairedItem).toEqual({ item: 0 });
	});

	it('refuses bad settings naming the setting', async () => {
		await expect(
			run([delivery('invitee.created', ann, ann.bookedAt)], { timeZone: 'Mars/Base' }),
		).rejects.toThrow(`"Time Zone" is 'Mars/Base', which is not an IANA time zone`);
		await expect(
			run([delivery('invitee.created', ann, ann.bookedAt)], {
				columns: { description: 'bad name' },
			}),
		).rejects.toThrow(`Column for "Description" is 'bad name'`);
	});

	it('is not offered as an AI tool: tool arguments are not Calendly deliveries', () => {
		expect(node.description.usableAsTool).toBeUndefined();
		expect(Object.keys(node.description)).toContain('usableAsTool');
	});

	describe('on an n8n whose public API lacks what the node needs', () => {
		const onlyRoutes = (keep: (path: string) => boolean) => (fake.paths = fake.paths.filter(keep));

		it('without a data-table API (n8n 1.x, 2.0 to 2.6): names the version it needs and the versions found', async () => {
			onlyRoutes((path) => !path.startsWith('/data-tables'));
			const message =
				/Calendly to Card needs n8n 2\.20 or later: this n8n has no public data-table API .*so it is n8n 1\.x or 2\.0 to 2\.6\. Update n8n/;
			await expect(run([delivery('invitee.created', ann, ann.bookedAt)])).rejects.toThrow(message);
			const [, , , skipped] = await run(
				[delivery('invitee.created', ann, ann.bookedAt)],
				{},
				{ continueOnFail: true },
			);
			expect(jsons(skipped)).toEqual([
				{ action: 'error', itemIndex: 0, error: expect.stringMatching(/needs n8n 2\.20 or later/) },
			]);
			await expect(
				searchBoards.call(loadOptionsContext(node, { credentials: credentials(), parameters: {} })),
			).rejects.toThrow(message);
			expect(fake.tables.size).toBe(0);
		});

		it('without the columns routes (n8n 2.7 to 2.19): says so when a board lacks a card column', async () => {
			onlyRoutes((path) => !path.includes('/columns'));
			fake.createTable('Calendly Cards');
			await expect(run([delivery('invitee.created', ann, ann.bookedAt)])).rejects.toThrow(
				/needs n8n 2\.20 or later: this n8n's public data-table API has no columns routes .*so it is n8n 2\.7 to 2\.19/,
			);
		});

		it('at an address that is not an n8n public API: says to fix the Base URL', async () => {
			onlyRoutes(() => false);
			await expect(run([delivery('invitee.created', ann, ann.bookedAt)])).rejects.toThrow(
				/public API does not answer at the n8n API credential's Base URL .*set the Base URL/,
			);
		});

		it('with the public API switched off: names the setting', async () => {
			fake.publicApiDisabled = true;
			await expect(run([delivery('invitee.created', ann, ann.bookedAt)])).rejects.toThrow(
				/n8n refused the API key \(401\).*N8N_PUBLIC_API_DISABLED=true/,
			);
		});

		it('a board deleted by hand is still a missing table, and a run that goes well asks nothing more', async () => {
			await run([delivery('invitee.created', ann, ann.bookedAt)]);
			expect(fake.calls.filter((c) => c.path === '/api/v1/workflows')).toEqual([]);
			fake.tables.clear();
			const [created] = await run([
				delivery('invitee.created', { ...ann, uuid: 'B1', email: 'bob@example.com' }, ann.bookedAt),
			]);
			expect(jsons(created)).toHaveLength(1);
		});
	});

	it('lists boards for the board picker', async () => {
		fake.createTable('Calendly Cards');
		fake.createTable('Other Board');
		const ctx = loadOptionsContext(node, { credentials: credentials(), parameters: {} });
		const result = await searchBoards.call(ctx, 'calendly');
		expect(result.results).toEqual([
			{ name: 'Calendly Cards', value: fake.tableByName('Calendly Cards')!.id },
		]);
	});

	it('tells same-named boards of different projects apart in the picker', async () => {
		const mine = fake.createTable('Calendly Cards', [], 'PROJECT_A');
		const theirs = fake.createTable('Calendly Cards', [], 'PROJECT_B');
		const ctx = loadOptionsContext(node, { credentials: credentials(), parameters: {} });
		expect((await searchBoards.call(ctx, 'calendly')).results).toEqual([
			{ name: 'Calendly Cards (project PROJECT_A)', value: mine.id },
			{ name: 'Calendly Cards (project PROJECT_B)', value: theirs.id },
		]);
	});
});
