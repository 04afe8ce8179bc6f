import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { EventType } from '../../shared/calendly/types';
import {
	calendlyApiRequestAllItems,
	getCurrentUser,
	recoverOnStatus,
} from '../../shared/transport';

interface CalendlyGroup {
	uri: string;
	name: string;
}

function byName(a: INodePropertyOptions, b: INodePropertyOptions): number {
	return a.name.localeCompare(b.name);
}

export async function getGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const user = await getCurrentUser.call(this);
	const groups = (await calendlyApiRequestAllItems.call(this, '/groups', {
		organization: user.current_organization,
	})) as CalendlyGroup[];
	return groups.map((group) => ({ name: group.name, value: group.uri })).sort(byName);
}

export async function getEventTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const user = await getCurrentUser.call(this);
	const scope = this.getCurrentNodeParameter('scope') as string | undefined;
	let eventTypes: EventType[];
	if (scope === 'organization' || scope === 'group') {
		// Members may not list the whole organization: offer their own event types instead.
		eventTypes = (await recoverOnStatus(
			calendlyApiRequestAllItems.call(this, '/event_types', {
				organization: user.current_organization,
			}),
			403,
			async () => await calendlyApiRequestAllItems.call(this, '/event_types', { user: user.uri }),
		)) as EventType[];
	} else {
		eventTypes = (await calendlyApiRequestAllItems.call(this, '/event_types', {
			user: user.uri,
		})) as EventType[];
	}
	return eventTypes
		.map((eventType) => ({
			name: eventType.profile?.name
				? `${eventType.name} (${eventType.profile.name})`
				: eventType.name,
			value: eventType.uri,
			description: eventType.active ? undefined : 'Inactive',
		}))
		.sort(byName);
}
