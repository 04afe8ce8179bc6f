// The node's list searches and option loaders, run in n8n's LoadOptionsContext against the simulator.
import type { IDataObject, INodeListSearchResult } from 'n8n-workflow';

import { loadOptionsContext, patCredential } from '../harness';
import { CalendlySimulator, type SimUser } from '../simulator';
import { byUrl, node } from './setup';

describe('Calendly action node list searches', () => {
	const sim = new CalendlySimulator();
	let ada: SimUser;
	let ben: SimUser;
	let adaToken: string;
	let benToken: string;
	let groupEvent: string;

	const context = (token: string, parameters: IDataObject = {}) =>
		loadOptionsContext(node, {
			parameters: { authentication: 'accessToken', ...parameters },
			credentials: patCredential(sim.baseUrl, token),
		});
	const search = (
		token: string,
		method: string,
		filter?: string,
		paginationToken?: string,
		parameters?: IDataObject,
	) =>
		(
			node.methods.listSearch as Record<
				string,
				(this: unknown, f?: string, t?: string) => Promise<INodeListSearchResult>
			>
		)[method].call(context(token, parameters), filter, paginationToken);

	beforeAll(async () => {
		await sim.start();
		ada = sim.createUser({ name: 'Ada Host', email: 'ada@example.com', role: 'owner' });
		ben = sim.createUser({ name: 'Ben Member', email: 'ben@example.com', role: 'user' });
		adaToken = sim.issueToken({ user: ada.uri, scopes: 'all' });
		benToken = sim.issueToken({ user: ben.uri, scopes: 'all' });
		for (let i = 0; i < 120; i++)
			sim.createEventType({
				owner: ada.uri,
				name: `Type ${String(i).padStart(3, '0')}`,
				duration: 15,
			});
		sim.createEventType({ owner: ada.uri, name: 'Old Demo', active: false });
		const workshop = sim.createEventType({
			owner: ada.uri,
			name: 'Workshop',
			duration: 60,
			kind: 'group',
		});
		for (const [email, name] of [
			['zoe@example.com', 'Zoe Client'],
			['yan@example.com', 'Yan Client'],
		]) {
			const { event } = await sim.book({
				eventType: workshop.uri,
				invitee: { email, name },
				startTime: '2027-02-01T10:00:00Z',
			});
			groupEvent = event.uri;
		}
		const intro = sim.createEventType({ owner: ada.uri, name: 'Intro', duration: 30 });
		await sim.book({
			eventType: intro.uri,
			invitee: { email: 'xia@example.com', name: 'Xia' },
			startTime: '2027-02-02T10:00:00Z',
		});
		const form = sim.createRoutingForm({ name: 'Qualify' });
		sim.createRoutingForm({ name: 'Apply', status: 'draft' });
		expect(form.uri).toBeTruthy();
	});
	afterAll(async () => sim.stop());

	it("pages through the current user's event types and filters by name", async () => {
		const first = await search(adaToken, 'searchEventTypes');
		expect(first.results).toHaveLength(100);
		expect(first.results[0]).toMatchObject({
			name: 'Intro (30 min)',
			url: 'https://calendly.com/ada-host/intro',
		});
		expect(first.paginationToken).toBeTruthy();
		const second = await search(adaToken, 'searchEventTypes', undefined, first.paginationToken);
		expect(second.results).toHaveLength(23);
		expect(second.paginationToken).toBeUndefined();
		expect(first.results.map((r) => r.name)).toContain('Old Demo (30 min, inactive)');
		expect(second.results[second.results.length - 1].name).toBe('Workshop (60 min)');
		const filtered = await search(adaToken, 'searchEventTypes', 'work');
		expect(filtered.results.map((r) => r.name)).toEqual(['Workshop (60 min)']);
	});

	it('lists the users of the organization from its memberships', async () => {
		const all = await search(benToken, 'searchUsers');
		expect(all.results.map((r) => r.name).sort()).toEqual([
			'Ada Host (ada@example.com)',
			'Ben Member (ben@example.com)',
		]);
		expect(all.results.find((r) => r.value === ada.uri)).toBeTruthy();
		const filtered = await search(benToken, 'searchUsers', 'ADA@');
		expect(filtered.results.map((r) => r.value)).toEqual([ada.uri]);
	});

	it('lists scheduled events latest first; an email in the search finds that invitee’s events', async () => {
		const all = await search(adaToken, 'searchScheduledEvents');
		expect(all.results.map((r) => r.name)).toEqual([
			'Intro – 2027-02-02T10:00:00.000000Z',
			'Workshop – 2027-02-01T10:00:00.000000Z',
		]);
		const byEmail = await search(adaToken, 'searchScheduledEvents', 'yan@example.com');
		expect(byEmail.results.map((r) => r.value)).toEqual([groupEvent]);
	});

	it('lists the invitees of the chosen event, and asks for the event first', async () => {
		const found = await search(adaToken, 'searchInvitees', 'zoe', undefined, {
			resource: 'invitee',
			operation: 'get',
			scheduledEvent: byUrl(groupEvent),
		});
		expect(found.results).toEqual([
			{
				name: 'Zoe Client (zoe@example.com)',
				value: expect.stringContaining(`${groupEvent}/invitees/`),
			},
		]);
		await expect(search(adaToken, 'searchInvitees', undefined, undefined, {})).rejects.toThrow(
			'Choose the scheduled event first',
		);
	});

	it('lists own subscriptions for a member and organization ones too for an admin', async () => {
		const subscribe = async (token: string, body: IDataObject) => {
			const response = await fetch(`${sim.baseUrl}/webhook_subscriptions`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify({
					events: ['invitee.created', 'invitee.canceled'],
					organization: ada.current_organization,
					...body,
				}),
			});
			expect(response.status).toBe(201);
		};
		await subscribe(benToken, {
			url: 'https://hooks.example.com/ben',
			scope: 'user',
			user: ben.uri,
		});
		await subscribe(adaToken, { url: 'https://hooks.example.com/org', scope: 'organization' });
		const member = await search(benToken, 'searchWebhookSubscriptions');
		expect(member.results.map((r) => r.name)).toEqual([
			'https://hooks.example.com/ben (user: invitee.created, invitee.canceled)',
		]);
		const owner = await search(adaToken, 'searchWebhookSubscriptions', 'org');
		expect(owner.results.map((r) => r.name)).toEqual([
			'https://hooks.example.com/org (organization: invitee.created, invitee.canceled)',
		]);
	});

	it('loads routing forms, drafts marked', async () => {
		const options = await node.methods.loadOptions.getRoutingForms.call(context(adaToken));
		expect(options.map((o) => o.name)).toEqual(['Apply (draft)', 'Qualify']);
		expect(options[1].value).toMatch(/\/routing_forms\//);
	});
});
