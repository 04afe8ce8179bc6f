// The node's description follows n8n's conventions and every listed operation has an implementation.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import * as contact from '../../nodes/Calendly/actions/contact';
import * as eventType from '../../nodes/Calendly/actions/eventType';
import * as invitee from '../../nodes/Calendly/actions/invitee';
import * as meetingRecap from '../../nodes/Calendly/actions/meetingRecap';
import * as noShow from '../../nodes/Calendly/actions/noShow';
import * as organizationMembership from '../../nodes/Calendly/actions/organizationMembership';
import * as routingFormSubmission from '../../nodes/Calendly/actions/routingFormSubmission';
import * as scheduledEvent from '../../nodes/Calendly/actions/scheduledEvent';
import * as schedulingLink from '../../nodes/Calendly/actions/schedulingLink';
import * as user from '../../nodes/Calendly/actions/user';
import * as webhookSubscription from '../../nodes/Calendly/actions/webhookSubscription';
import { node } from './setup';

const folder = join(__dirname, '../../nodes/Calendly');
const description = node.description;
const modules: Record<
	string,
	{ operations: Record<string, { execute: unknown; description: INodeProperties[] }> }
> = {
	contact,
	eventType,
	invitee,
	meetingRecap,
	noShow,
	organizationMembership,
	routingFormSubmission,
	scheduledEvent,
	schedulingLink,
	user,
	webhookSubscription,
};

describe('Calendly node description', () => {
	it('is a regular node usable as an AI tool, with n8n conventions', () => {
		expect(description).toMatchObject({
			name: 'calendly',
			displayName: 'Calendly',
			usableAsTool: true,
			subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
			inputs: ['main'],
			outputs: ['main'],
		});
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
			// Only Webhook Subscription → Check Triggers calls n8n's own API.
			{
				name: 'calendlyCardsN8nApi',
				required: true,
				displayOptions: {
					show: { resource: ['webhookSubscription'], operation: ['checkTriggers'] },
				},
			},
		]);
	});

	it('has distinct light and dark icons that exist', () => {
		const icon = description.icon as { light: string; dark: string };
		const files = [icon.light, icon.dark].map((ref) => join(folder, ref.replace(/^file:/, '')));
		for (const file of files) expect(existsSync(file)).toBe(true);
		expect(readFileSync(files[0], 'utf8')).not.toBe(readFileSync(files[1], 'utf8'));
	});

	it('has a codex naming the node and its documentation', () => {
		const codex = JSON.parse(readFileSync(join(folder, 'Calendly.node.json'), 'utf8'));
		const pkg = JSON.parse(readFileSync(join(folder, '../../package.json'), 'utf8'));
		expect(codex.node).toBe(`${pkg.name}.calendly`);
		expect(codex.categories.length).toBeGreaterThan(0);
		expect(codex.resources.primaryDocumentation[0].url).toMatch(/^https:\/\//);
		expect(codex.resources.credentialDocumentation[0].url).toMatch(/^https:\/\//);
		expect(pkg.n8n.nodes).toContain('dist/nodes/Calendly/Calendly.node.js');
	});

	it('implements every operation it lists, each with an action for AI agents', () => {
		const resources = (description.properties.find((p) => p.name === 'resource')?.options ??
			[]) as INodePropertyOptions[];
		expect(resources.map((r) => r.value).sort()).toEqual(Object.keys(modules).sort());
		for (const resource of resources) {
			const operationProperty = description.properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource.value),
			);
			const operations = (operationProperty?.options ?? []) as INodePropertyOptions[];
			expect(operations.length).toBeGreaterThan(0);
			const implemented = modules[resource.value as string].operations;
			expect(operations.map((o) => o.value).sort()).toEqual(Object.keys(implemented).sort());
			for (const operation of operations) {
				expect(operation.action).toMatch(/^[A-Z][a-z]/);
				expect(typeof implemented[operation.value as string].execute).toBe('function');
			}
		}
	});

	it('shows every operation parameter only for its own resource and operation', () => {
		const shared = new Set(['authentication', 'resource', 'operation']);
		for (const property of description.properties.filter((p) => !shared.has(p.name))) {
			const show = property.displayOptions?.show ?? {};
			expect([property.name, show.resource?.length, show.operation?.length]).toEqual([
				property.name,
				1,
				1,
			]);
		}
	});

	it('chooses event types, events, users, invitees, subscriptions, contacts and recaps with list, URL or ID', () => {
		const locators = description.properties.filter((p) => p.type === 'resourceLocator');
		expect(new Set(locators.map((p) => p.name))).toEqual(
			new Set([
				'eventType',
				'scheduledEvent',
				'user',
				'invitee',
				'webhookSubscription',
				'contact',
				'meetingRecap',
			]),
		);
		const searches = Object.keys(node.methods.listSearch);
		for (const locator of locators) {
			expect(locator.modes?.map((m) => m.name)).toEqual(['list', 'url', 'id']);
			expect(searches).toContain(locator.modes?.[0].typeOptions?.searchListMethod);
		}
	});
});
