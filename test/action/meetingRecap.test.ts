// Meeting Recap → Get and Get Many, and the recap list search, run through n8n's real execution context
// against the Calendly simulator; Calendly Notetaker needs a paid plan, so the plan refusal is covered too.
import type { IDataObject, INodeListSearchResult, INodeProperties } from 'n8n-workflow';

import { loadOptionsContext, patCredential } from '../harness';
import { CalendlySimulator, type SimRecap, type SimUser } from '../simulator';
import { byId, byUrl, fromList, json, node, run, runError, uuidOf } from './setup';

const recapProperties = () =>
	node.description.properties.filter((p) =>
		p.displayOptions?.show?.resource?.includes('meetingRecap'),
	);

describe('Meeting Recap description', () => {
	it('offers get and get many, each with an action', () => {
		const operation = recapProperties().find((p) => p.name === 'operation') as INodeProperties;
		expect(operation.options?.map((o) => ('action' in o ? o.action : undefined))).toEqual([
			'Get a meeting recap',
			'Get many meeting recaps',
		]);
	});

	it('says that Include Highlights costs one request per recap', () => {
		const options = recapProperties().find(
			(p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes('getAll'),
		) as INodeProperties;
		const highlights = (options.options as INodeProperties[]).find(
			(o) => o.name === 'includeHighlights',
		);
		expect(highlights?.description).toMatch(/one more request per recap/);
		expect(highlights?.description).toMatch(
			/summary_md, action_items_md, discussion_md, share_link/,
		);
	});
});

describe('Meeting Recap operations', () => {
	const sim = new CalendlySimulator();
	let ada: SimUser;
	let ben: SimUser;
	let token: string;
	let benToken: string;
	let firstEvent: string;
	let secondEvent: string;
	let kickoff: SimRecap; // of firstEvent
	let review: SimRecap; // of secondEvent
	let external: SimRecap;
	let processing: SimRecap;

	const requests = (path?: string) =>
		sim.requests.filter((r) => path === undefined || r.path === path);

	beforeAll(async () => {
		await sim.start();
		ada = sim.createUser({ name: 'Ada Host', email: 'ada@example.com', role: 'owner' });
		ben = sim.createUser({ name: 'Ben Member', email: 'ben@example.com', role: 'user' });
		token = sim.issueToken({ user: ada.uri, scopes: 'all' });
		benToken = sim.issueToken({ user: ben.uri, scopes: 'all' });
		const intro = sim.createEventType({ owner: ada.uri, name: 'Kickoff', duration: 30 });
		firstEvent = (
			await sim.book({
				eventType: intro.uri,
				invitee: { email: 'zoe@example.com', name: 'Zoe Client' },
				startTime: '2027-01-11T10:00:00Z',
			})
		).event.uri;
		secondEvent = (
			await sim.book({
				eventType: intro.uri,
				invitee: { email: 'yan@example.com', name: 'Yan Client' },
				startTime: '2027-01-13T10:00:00Z',
			})
		).event.uri;
		kickoff = (
			await sim.createRecap({
				event: firstEvent,
				name: 'Kickoff with Zoe',
				summary_md: '## Summary\nZoe wants a pilot.',
				action_items_md: '- Send the pilot plan',
				discussion_md: 'Budget, timeline',
				transcript_text: 'Ada: Hello Zoe.\nZoe: Hi Ada.',
			})
		).recap;
		review = (
			await sim.createRecap({
				event: secondEvent,
				name: 'Review with Yan',
				summary_md: 'Yan signs next week.',
				transcript_text: 'Ada: Ready?\nYan: Yes.',
			})
		).recap;
		external = (
			await sim.createRecap({
				event: null,
				name: 'Vendor sync',
				startTime: '2027-01-12T15:00:00Z',
				endTime: '2027-01-12T15:45:00Z',
				attendees: [
					{ host: true, user_email: 'ada@example.com', user_name: 'Ada Host' },
					{ host: false, user_email: 'vendor@example.com', user_name: 'Vendor' },
				],
				hosts: [ada.uri],
				summary_md: 'Prices go up in March.',
				transcript_text: 'Vendor: Prices go up.',
			})
		).recap;
		processing = (
			await sim.createRecap({
				event: null,
				name: 'Late call',
				startTime: '2027-01-14T18:00:00Z',
				endTime: '2027-01-14T18:30:00Z',
				attendees: [{ host: true, user_email: 'ada@example.com', user_name: 'Ada Host' }],
				hosts: [ada.uri],
				status: 'processing',
			})
		).recap;
	});
	afterAll(async () => sim.stop());
	beforeEach(() => {
		sim.clearFaults();
		sim.requests.length = 0;
	});

	describe('Get', () => {
		it.each([
			['ID', () => byId(uuidOf(kickoff.uri))],
			['URL', () => byUrl(kickoff.uri)],
			['list value', () => fromList(kickoff.uri)],
		])('gets a recap chosen by %s, with its highlights', async (_mode, meetingRecap) => {
			const [recap] = json(
				await run(sim, token, {
					resource: 'meetingRecap',
					operation: 'get',
					meetingRecap: meetingRecap(),
				}),
			);
			expect(recap).toMatchObject({
				uri: kickoff.uri,
				event: firstEvent,
				name: 'Kickoff with Zoe',
				summary_md: '## Summary\nZoe wants a pilot.',
				action_items_md: '- Send the pilot plan',
			});
			expect(recap).not.toHaveProperty('transcript_text');
			expect(requests().map((r) => r.path)).toEqual([`/meeting_recaps/${uuidOf(kickoff.uri)}`]);
		});

		it('adds the transcript text when asked', async () => {
			const [recap] = json(
				await run(sim, token, {
					resource: 'meetingRecap',
					operation: 'get',
					meetingRecap: byUrl(kickoff.uri),
					options: { includeTranscript: true },
				}),
			);
			expect(recap.transcript_text).toBe('Ada: Hello Zoe.\nZoe: Hi Ada.');
			expect(recap.transcript).toBe(`${kickoff.uri}/transcript`);
			expect(requests().map((r) => r.path)).toEqual([
				`/meeting_recaps/${uuidOf(kickoff.uri)}`,
				`/meeting_recaps/${uuidOf(kickoff.uri)}/transcript`,
			]);
		});

		it('gives a null transcript while Calendly has none yet', async () => {
			const [recap] = json(
				await run(sim, token, {
					resource: 'meetingRecap',
					operation: 'get',
					meetingRecap: byUrl(processing.uri),
					options: { includeTranscript: true },
				}),
			);
			expect(recap).toMatchObject({ status: 'Processing', transcript_text: null });
		});

		it('refuses a link that is not a recap URI before calling Calendly', async () => {
			const error = await runError(sim, token, {
				resource: 'meetingRecap',
				operation: 'get',
				meetingRecap: byUrl(firstEvent),
			});
			expect(error.message).toBe(`'${firstEvent}' is not a Calendly meeting recap URI`);
			expect(sim.requests).toHaveLength(0);
		});

		it('404: says nothing was found and to check the ID', async () => {
			const error = await runError(sim, token, {
				resource: 'meetingRecap',
				operation: 'get',
				meetingRecap: byId('NOSUCHRECAP00000'),
			});
			expect(error.httpCode).toBe('404');
			expect(error.message).toMatch(
				/^Calendly found nothing at GET \/meeting_recaps\/NOSUCHRECAP00000\./,
			);
		});

		it('403 for a recap of someone else’s meeting stays a permission error, not a plan one', async () => {
			const error = await runError(sim, benToken, {
				resource: 'meetingRecap',
				operation: 'get',
				meetingRecap: byUrl(kickoff.uri),
			});
			expect(error.httpCode).toBe('403');
			expect(error.message).toMatch(/^Calendly refused permission for GET \/meeting_recaps\//);
			expect(error.message).not.toMatch(/Notetaker/);
		});
	});

	describe('Get Many', () => {
		const getMany = (parameters: IDataObject) =>
			run(sim, token, {
				resource: 'meetingRecap',
				operation: 'getAll',
				returnAll: true,
				...parameters,
			});

		it('gets the recaps of one scheduled event, by its URI', async () => {
			const rows = json(
				await getMany({ findBy: 'scheduledEvent', scheduledEvent: byId(uuidOf(secondEvent)) }),
			);
			expect(rows.map((r) => r.uri)).toEqual([review.uri]);
			expect(rows[0]).not.toHaveProperty('summary_md');
			expect(requests('/meeting_recaps')[0].query).toEqual({ event: secondEvent, count: '100' });
		});

		it('gets the recaps of the meetings overlapping a time period', async () => {
			const rows = json(
				await getMany({
					findBy: 'period',
					startTime: '2027-01-12T00:00:00Z',
					endTime: '2027-01-13T10:00:00+00:00',
				}),
			);
			expect(rows.map((r) => r.name)).toEqual(['Vendor sync', 'Review with Yan']);
			expect(requests('/meeting_recaps')[0].query).toEqual({
				start_time: '2027-01-12T00:00:00.000Z',
				end_time: '2027-01-13T10:00:00.000Z',
				count: '100',
			});
		});

		it('gets every available recap when the period is left open', async () => {
			const rows = json(await getMany({ findBy: 'period' }));
			expect(rows.map((r) => r.uri)).toEqual([kickoff.uri, external.uri, review.uri]);
			expect(requests('/meeting_recaps')[0].query).toEqual({ count: '100' });
		});

		it('filters by attendee and status', async () => {
			const vendor = json(await getMany({ filters: { attendee: 'vendor@example.com' } }));
			expect(vendor.map((r) => r.uri)).toEqual([external.uri]);
			const late = json(await getMany({ filters: { status: 'processing' } }));
			expect(late.map((r) => r.uri)).toEqual([processing.uri]);
			expect(requests('/meeting_recaps').map((r) => r.query)).toEqual([
				{ attendee: 'vendor@example.com', count: '100' },
				{ status: 'processing', count: '100' },
			]);
		});

		it('includes the highlights with one more request per recap', async () => {
			const rows = json(
				await getMany({
					startTime: '2027-01-11T00:00:00Z',
					endTime: '2027-01-12T23:59:59Z',
					options: { includeHighlights: true },
				}),
			);
			expect(rows).toEqual([
				expect.objectContaining({
					uri: kickoff.uri,
					summary_md: '## Summary\nZoe wants a pilot.',
					action_items_md: '- Send the pilot plan',
					discussion_md: 'Budget, timeline',
					share_link: null,
				}),
				expect.objectContaining({ uri: external.uri, summary_md: 'Prices go up in March.' }),
			]);
			expect(requests().map((r) => r.path)).toEqual([
				'/meeting_recaps',
				`/meeting_recaps/${uuidOf(kickoff.uri)}`,
				`/meeting_recaps/${uuidOf(external.uri)}`,
			]);
		});

		it('refuses a start time that is not a date before calling Calendly', async () => {
			const error = await runError(sim, token, {
				resource: 'meetingRecap',
				operation: 'getAll',
				findBy: 'period',
				startTime: 'last tuesday',
			});
			expect(error.message).toBe("Start Time 'last tuesday' is not a date and time");
			expect(sim.requests).toHaveLength(0);
		});

		it('400: passes on the parameter Calendly rejected', async () => {
			sim.injectFault({
				method: 'GET',
				path: '/meeting_recaps',
				status: 400,
				body: {
					title: 'Invalid Argument',
					message: 'The supplied parameters are invalid.',
					details: [{ parameter: 'attendee', message: 'must be a valid email' }],
				},
			});
			const error = await runError(sim, token, {
				resource: 'meetingRecap',
				operation: 'getAll',
				returnAll: true,
				filters: { attendee: 'nobody' },
			});
			expect(error.httpCode).toBe('400');
			expect(error.description).toBe('Fix these parameters: attendee: must be a valid email');
		});

		it('reads every page with Return All and stops at the limit otherwise', async () => {
			const host = sim.createUser({ name: 'Pia Pages', email: 'pia@example.com' });
			const piaToken = sim.issueToken({ user: host.uri, scopes: 'all' });
			const base = Date.UTC(2027, 5, 1, 9);
			for (let i = 0; i < 130; i++) {
				await sim.createRecap({
					event: null,
					name: `Call ${String(i).padStart(3, '0')}`,
					startTime: new Date(base + i * 3600000).toISOString(),
					endTime: new Date(base + i * 3600000 + 1800000).toISOString(),
					attendees: [{ host: true, user_email: 'pia@example.com', user_name: 'Pia Pages' }],
					hosts: [host.uri],
				});
			}
			const all = await run(sim, piaToken, {
				resource: 'meetingRecap',
				operation: 'getAll',
				returnAll: true,
				filters: { attendee: 'pia@example.com' },
			});
			expect(all).toHaveLength(130);
			const pages = requests('/meeting_recaps');
			expect(pages).toHaveLength(2);
			expect(pages[1].query).toMatchObject({ attendee: 'pia@example.com', count: '100' });
			expect(pages[1].query.page_token).toBeTruthy();

			sim.requests.length = 0;
			const some = json(
				await run(sim, piaToken, {
					resource: 'meetingRecap',
					operation: 'getAll',
					returnAll: false,
					limit: 3,
					options: { includeHighlights: true },
				}),
			);
			expect(some.map((r) => r.name)).toEqual(['Call 000', 'Call 001', 'Call 002']);
			// One list page, then one request per recap kept: not per recap listed.
			expect(requests()).toHaveLength(4);
		});
	});

	describe('Plan and scopes', () => {
		let freeToken: string;
		beforeAll(() => {
			const freeOrg = sim.createOrganization({ name: 'Free Co', plan: 'free' });
			const fay = sim.createUser({
				name: 'Fay Free',
				email: 'fay@free.example',
				organization: freeOrg,
			});
			freeToken = sim.issueToken({ user: fay.uri, scopes: 'all' });
		});

		const expectNotetakerPlanError = (
			error: Error & { description?: string; httpCode?: string | null },
		) => {
			expect(error.httpCode).toBe('403');
			expect(error.message).toMatch(
				/^Meeting recaps come from Calendly Notetaker, which this Calendly account's plan does not include\. Calendly said: "/,
			);
			expect(error.description).toMatch(/need a paid Calendly plan/);
		};

		it('403 on a free plan names Calendly Notetaker and the paid plan it needs', async () => {
			const error = await runError(sim, freeToken, {
				resource: 'meetingRecap',
				operation: 'getAll',
				returnAll: true,
			});
			expectNotetakerPlanError(error);
			expect(error.message).toMatch(/"Please upgrade to a paid Calendly account"$/);
			const single = await runError(sim, freeToken, {
				resource: 'meetingRecap',
				operation: 'get',
				meetingRecap: byUrl(kickoff.uri),
			});
			expectNotetakerPlanError(single);
		});

		it('also for Calendly’s "features are not enabled" wording, and in the recap list search', async () => {
			const refusal = {
				method: 'GET',
				path: /^\/meeting_recaps/,
				status: 403,
				body: {
					title: 'Permission Denied',
					message:
						'Meeting recap access is not available. Required features are not enabled for your account',
				},
			};
			sim.injectFault(refusal);
			const error = await runError(sim, token, {
				resource: 'meetingRecap',
				operation: 'get',
				meetingRecap: byUrl(kickoff.uri),
			});
			expectNotetakerPlanError(error);
			expect(error.message).toMatch(/Required features are not enabled for your account"$/);

			sim.injectFault(refusal);
			const context = loadOptionsContext(node, {
				parameters: { authentication: 'accessToken', resource: 'meetingRecap', operation: 'get' },
				credentials: patCredential(sim.baseUrl, token),
			});
			await expect(
				(
					node.methods.listSearch as Record<
						string,
						(this: unknown) => Promise<INodeListSearchResult>
					>
				).searchMeetingRecaps.call(context),
			).rejects.toThrow(/Calendly Notetaker/);
		});

		it('names meeting_recaps:read when the token lacks it', async () => {
			const narrow = sim.issueToken({
				user: ada.uri,
				scopes: ['users:read', 'scheduled_events:read'],
			});
			const error = await runError(sim, narrow, {
				resource: 'meetingRecap',
				operation: 'getAll',
				returnAll: true,
			});
			expect(error.httpCode).toBe('403');
			expect(error.message).toBe(
				'The Calendly token lacks the scope meeting_recaps:read needed for GET /meeting_recaps.',
			);
		});
	});

	describe('List search', () => {
		const search = (filter?: string) =>
			(
				node.methods.listSearch as Record<
					string,
					(this: unknown, f?: string) => Promise<INodeListSearchResult>
				>
			).searchMeetingRecaps.call(
				loadOptionsContext(node, {
					parameters: { authentication: 'accessToken', resource: 'meetingRecap', operation: 'get' },
					credentials: patCredential(sim.baseUrl, token),
				}),
				filter,
			);

		it('lists recaps by meeting name, or by attendee when the search has an @', async () => {
			const all = await search();
			expect(all.results.map((r) => r.value)).toEqual([kickoff.uri, external.uri, review.uri]);
			expect(all.results[0]).toEqual({
				name: `Kickoff with Zoe – ${kickoff.start_time}`,
				value: kickoff.uri,
				url: kickoff.app_url,
			});
			const byName = await search('vendor');
			expect(byName.results.map((r) => r.value)).toEqual([external.uri]);
			const byAttendee = await search('yan@example.com');
			expect(byAttendee.results.map((r) => r.value)).toEqual([review.uri]);
			expect(requests('/meeting_recaps').at(-1)?.query).toMatchObject({
				attendee: 'yan@example.com',
			});
		});
	});
});
