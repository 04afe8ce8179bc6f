import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { calendlyApiRequestAllItems, getCurrentUser, uuidFromUri } from '../../shared/transport';
import { customFieldDefinitions, customFieldHint } from '../helpers/contacts';

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

/** Custom contact fields, valued by their ID (what contact bodies take). */
export async function getContactCustomFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const definitions = await customFieldDefinitions(this);
	return definitions
		.map((definition) => ({
			name: definition.label,
			value: uuidFromUri(definition.uri),
			description: customFieldHint(definition),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
