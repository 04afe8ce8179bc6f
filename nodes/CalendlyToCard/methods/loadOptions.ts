import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { EventType } from '../../shared/calendly/types';
import { calendlyApiRequestAllItems, getCurrentUser } from '../../shared/transport';

/** The Calendly account's event types, to choose which bookings become cards. */
export async function getEventTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const me = await getCurrentUser.call(this);
	const eventTypes = await calendlyApiRequestAllItems.call<
		ILoadOptionsFunctions,
		[string, { user: string }],
		Promise<EventType[]>
	>(this, '/event_types', { user: me.uri });
	return eventTypes
		.map((eventType) => ({
			name: eventType.active ? eventType.name : `${eventType.name} (inactive)`,
			value: eventType.uri,
			description: `${eventType.duration} min, ${eventType.kind}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
