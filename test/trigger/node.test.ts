import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import { CalendlyTrigger } from '../../nodes/CalendlyTrigger/CalendlyTrigger.node';
import { loadOptionsContext, patCredential } from '../harness';
import { CalendlySimulator, type SimUser } from '../simulator';

const trigger = new CalendlyTrigger();
const folder = join(__dirname, '..', '..', 'nodes', 'CalendlyTrigger');

describe('Calendly Trigger description', () => {
	const { description } = trigger;

	it('is a webhook trigger named calendlyTrigger that answers Calendly with an empty 2xx', () => {
		expect(description).toMatchObject({
			name: 'calendlyTrigger',
			displayName: 'Calendly Trigger',
			group: ['trigger'],
			inputs: [],
			outputs: ['main'],
			defaults: { name: 'Calendly Trigger' },
		});
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		]);
		expect(description).not.toHaveProperty('usableAsTool');
		expect(description.subtitle).toContain('$parameter["events"]');
	});

	it('declares both credentials, each shown for its authentication option', () => {
		expect(description.credentials).toEqual([
			{
				name: 'calendlyCardsApi',
				required: true,
				displayOptions: { show: { authentication: ['accessToken'] } },
			},
			{
				name: 'calendlyCardsOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		]);
	});

	it('offers all 14 Calendly events and marks routing forms organization-only and recaps user-only', () => {
		const events = description.properties.find((p) => p.name === 'events');
		const values = (events?.options ?? []).map((o) => ('value' in o ? o.value : undefined)).sort();
		expect(values).toEqual([
			'contact.created',
			'contact.deleted',
			'contact.updated',
			'event_type.created',
			'event_type.deleted',
			'event_type.updated',
			'invitee.canceled',
			'invitee.created',
			'invitee_no_show.created',
			'invitee_no_show.deleted',
			'meeting_recap.created',
			'meeting_recap.deleted',
			'meeting_recap.updated',
			'routing_form_submission.created',
		]);
		const descriptionOf = (value: string) => {
			const option = (events?.options ?? []).find((o) => 'value' in o && o.value === value);
			return option && 'description' in option ? option.description : '';
		};
		expect(descriptionOf('routing_form_submission.created')).toMatch(/Organization scope only/);
		expect(descriptionOf('meeting_recap.created')).toMatch(/User scope only.*paid plan/);
		const notices = description.properties.filter((p) => p.type === 'notice');
		expect(notices.map((n) => [n.name, n.displayName, n.displayOptions?.show])).toEqual([
			[
				'routingFormSubmissionNotice',
				'"Routing Form Submission Created" is only sent with the Organization scope, which needs a Calendly owner or admin',
				{ events: ['routing_form_submission.created'], scope: ['user', 'group'] },
			],
			[
				'meetingRecapNotice',
				'"Meeting Recap Created", "Meeting Recap Updated" and "Meeting Recap Deleted" are only sent with the User scope',
				{
					events: ['meeting_recap.created', 'meeting_recap.updated', 'meeting_recap.deleted'],
					scope: ['organization', 'group'],
				},
			],
		]);
	});

	it('has an icon file and a codex file with categories and documentation', () => {
		expect(description.icon).toEqual({
			light: 'file:calendly.svg',
			dark: 'file:calendly.dark.svg',
		});
		const light = readFileSync(join(folder, 'calendly.svg'), 'utf8');
		const dark = readFileSync(join(folder, 'calendly.dark.svg'), 'utf8');
		expect(light).toMatch(/^<svg /);
		expect(dark).toMatch(/^<svg /);
		expect(dark).not.toBe(light);
		const codex = JSON.parse(readFileSync(join(folder, 'CalendlyTrigger.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-calendly-cards.calendlyTrigger');
		expect(codex.categories.length).toBeGreaterThan(0);
		expect(codex.resources.primaryDocumentation[0].url).toMatch(/^https:\/\//);
		expect(codex.resources.credentialDocumentation.length).toBe(2);
	});

	it('lists every loadOptions method its properties name', () => {
		const named =
			JSON.stringify(description.properties).match(/"loadOptionsMethod":"(\w+)"/g) ?? [];
		for (const entry of named) {
			const method = entry.split(':')[1].replace(/"/g, '');
			expect(trigger.methods.loadOptions).toHaveProperty(method);
		}
		expect(existsSync(join(folder, 'CalendlyTrigger.node.ts'))).toBe(true);
	});
});

describe('Calendly Trigger loadOptions against the simulator', () => {
	let sim: CalendlySimulator;
	let owner: SimUser;
	let member: SimUser;

	beforeEach(async () => {
		sim = new CalendlySimulator();
		await sim.start();
		owner = sim.createUser({ name: 'Olivia Owner', email: 'olivia@example.com', role: 'owner' });
		member = sim.createUser({ name: 'Max Member', email: 'max@example.com', role: 'user' });
		sim.createEventType({ owner: owner.uri, name: 'Zeta Review' });
		sim.createEventType({ owner: owner.uri, name: 'Alpha Call', active: false });
		sim.createEventType({ owner: member.uri, name: 'Member Demo' });
	});

	afterEach(async () => {
		expect(sim.errors).toEqual([]);
		await sim.stop();
	});

	function ctx(user: SimUser, parameters: IDataObject) {
		const token = sim.issueToken({ user: user.uri, scopes: 'all' });
		return loadOptionsContext(trigger, {
			parameters: { authentication: 'accessToken', ...parameters },
			credentials: patCredential(sim.baseUrl, token),
		});
	}

	it('user scope lists the user’s own event types by name, marking inactive ones', async () => {
		const options = await trigger.methods.loadOptions.getEventTypes.call(
			ctx(owner, { scope: 'user' }),
		);
		expect(options.map((o) => o.name)).toEqual([
			'Alpha Call (Olivia Owner)',
			'Zeta Review (Olivia Owner)',
		]);
		expect(options[0].description).toBe('Inactive');
		expect(options[0].value).toMatch(/\/event_types\//);
	});

	it('organization scope lists the whole organization for an owner', async () => {
		const options = await trigger.methods.loadOptions.getEventTypes.call(
			ctx(owner, { scope: 'organization' }),
		);
		expect(options.map((o) => o.name)).toEqual([
			'Alpha Call (Olivia Owner)',
			'Member Demo (Max Member)',
			'Zeta Review (Olivia Owner)',
		]);
	});

	it('organization scope falls back to the member’s own event types when Calendly refuses the organization', async () => {
		sim.injectFault({ method: 'GET', path: '/event_types', status: 403, times: 1 });
		const options = await trigger.methods.loadOptions.getEventTypes.call(
			ctx(member, { scope: 'organization' }),
		);
		expect(options.map((o) => o.name)).toEqual(['Member Demo (Max Member)']);
		const listed = sim.requests.filter((r) => r.path === '/event_types');
		expect(listed.map((r) => [r.status, Object.keys(r.query).includes('organization')])).toEqual([
			[403, true],
			[200, false],
		]);
	});

	it('lists the organization’s groups', async () => {
		const sales = sim.createGroup({ name: 'Sales', members: [owner.uri] });
		sim.createGroup({ name: 'Engineering', members: [member.uri] });
		const options = await trigger.methods.loadOptions.getGroups.call(
			ctx(owner, { scope: 'group' }),
		);
		expect(options.map((o) => o.name)).toEqual(['Engineering', 'Sales']);
		expect(options.find((o) => o.name === 'Sales')?.value).toBe(sales.uri);
	});
});
