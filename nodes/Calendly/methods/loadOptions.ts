import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { calendlyApiRequestAllItems, getCurrentUser } from '../../shared/transport';

interface RoutingForm {
	uri: string;
	name: string;
	status: 'draft' | 'published';
}

/** Routing forms of the credential user's organization. */
export async function getRoutingForms(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const me = await getCurrentUser.call(this);
	const forms = (await calendlyApiRequestAllItems.call(this, '/routing_forms', {
		organization: me.current_organization,
	})) as RoutingForm[];
	return forms
		.map((form) => ({
			name: form.status === 'draft' ? `${form.name} (draft)` : form.name,
			value: form.uri,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
