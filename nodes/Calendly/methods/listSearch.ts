import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeParameterResourceLocator,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type {
	CollectionResponse,
	EventType,
	Invitee,
	OrganizationMembership,
	ScheduledEvent,
	WebhookSubscription,
} from '../../shared/calendly/types';
import {
	calendlyApiRequest,
	calendlyApiRequestAllItems,
	getCurrentUser,
	uuidFromUri,
} from '../../shared/transport';
import type { Contact } from '../helpers/contacts';
import { recapCall, type MeetingRecap } from '../helpers/notetaker';

const MAX_PAGES_PER_SEARCH = 5;

/**
 * Results for one call of a list search. Calendly cannot search by name, so the filter is applied here;
 * pages are read until some results match (at most a few pages per call), and the token to go on is
 * handed back, so long lists load as the user scrolls.
 */
async function searchPages<T>(
	ctx: ILoadOptionsFunctions,
	endpoint: string,
	qs: IDataObject,
	paginationToken: string | undefined,
	toResult: (row: T) => INodeListSearchItems | undefined,
): Promise<INodeListSearchResult> {
	const results: INodeListSearchItems[] = [];
	let token = paginationToken;
	for (let pages = 0; pages < MAX_PAGES_PER_SEARCH; pages++) {
		const query: IDataObject = { ...qs, count: 100 };
		if (token) query.page_token = token;
		const response = (await calendlyApiRequest.call(
			ctx,
			'GET',
			endpoint,
			undefined,
			query,
		)) as CollectionResponse<T>;
		for (const row of response.collection) {
			const result = toResult(row);
			if (result) results.push(result);
		}
		token = response.pagination.next_page_token ?? undefined;
		if (!token || results.length > 0) break;
	}
	return { results, paginationToken: token };
}

function matches(filter: string | undefined, ...texts: Array<string | null | undefined>): boolean {
	if (!filter) return true;
	const wanted = filter.toLowerCase();
	return texts.some((text) => (text ?? '').toLowerCase().includes(wanted));
}

/** The credential user's event types. */
export async function searchEventTypes(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const me = await getCurrentUser.call(this);
	return await searchPages<EventType>(
		this,
		'/event_types',
		{ user: me.uri, sort: 'name:asc' },
		paginationToken,
		(type) =>
			matches(filter, type.name, type.slug)
				? {
						name: `${type.name} (${type.duration} min${type.active ? '' : ', inactive'})`,
						value: type.uri,
						url: type.scheduling_url,
					}
				: undefined,
	);
}

/** Users of the credential user's organization, from its memberships. */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const me = await getCurrentUser.call(this);
	return await searchPages<OrganizationMembership>(
		this,
		'/organization_memberships',
		{ organization: me.current_organization },
		paginationToken,
		({ user }) =>
			matches(filter, user.name, user.email)
				? { name: `${user.name} (${user.email})`, value: user.uri, url: user.scheduling_url }
				: undefined,
	);
}

/** The credential user's scheduled events, latest first; an email in the search finds its bookings. */
export async function searchScheduledEvents(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const me = await getCurrentUser.call(this);
	const byEmail = filter?.includes('@') ? filter.trim() : undefined;
	const qs: IDataObject = { user: me.uri, sort: 'start_time:desc' };
	if (byEmail) qs.invitee_email = byEmail;
	return await searchPages<ScheduledEvent>(
		this,
		'/scheduled_events',
		qs,
		paginationToken,
		(event) =>
			byEmail !== undefined || matches(filter, event.name)
				? {
						name: `${event.name ?? 'Event'} – ${event.start_time}${event.status === 'canceled' ? ' (canceled)' : ''}`,
						value: event.uri,
					}
				: undefined,
	);
}

/** Invitees of the scheduled event chosen in the 'scheduledEvent' parameter. */
export async function searchInvitees(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	// The raw locator value (a URI in list and URL mode, an ID or URI in ID mode) names the event either way.
	const chosen = this.getCurrentNodeParameter('scheduledEvent') as
		INodeParameterResourceLocator | string | undefined;
	const value = String((typeof chosen === 'object' ? chosen?.value : chosen) ?? '').trim();
	const eventId = value ? uuidFromUri(value) : '';
	if (!eventId) {
		throw new NodeOperationError(this.getNode(), 'Choose the scheduled event first', {
			description: "The list shows the invitees of the event chosen in 'Scheduled Event'.",
		});
	}
	return await searchPages<Invitee>(
		this,
		`/scheduled_events/${eventId}/invitees`,
		{},
		paginationToken,
		(invitee) =>
			matches(filter, invitee.name, invitee.email)
				? {
						name: `${invitee.name} (${invitee.email})${invitee.status === 'canceled' ? ' – canceled' : ''}`,
						value: invitee.uri,
					}
				: undefined,
	);
}

/** The credential user's subscriptions, plus the organization's when the user may see them. */
export async function searchWebhookSubscriptions(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const me = await getCurrentUser.call(this);
	const organization = me.current_organization;
	const subscriptions = (await calendlyApiRequestAllItems.call(this, '/webhook_subscriptions', {
		organization,
		scope: 'user',
		user: me.uri,
	})) as WebhookSubscription[];
	try {
		subscriptions.push(
			...((await calendlyApiRequestAllItems.call(this, '/webhook_subscriptions', {
				organization,
				scope: 'organization',
			})) as WebhookSubscription[]),
		);
	} catch (error) {
		// Members without an admin role get 403 for organization scope; their own list is still useful.
		if ((error as { httpCode?: string }).httpCode !== '403') {
			throw new NodeApiError(this.getNode(), error as JsonObject);
		}
	}
	return {
		results: subscriptions
			.filter((hook) => matches(filter, hook.callback_url, ...hook.events))
			.map((hook) => ({
				name: `${hook.callback_url} (${hook.scope}: ${hook.events.join(', ')}${hook.state === 'disabled' ? ', disabled' : ''})`,
				value: hook.uri,
			})),
	};
}

/** Contacts, latest updated first; Calendly searches by name, or by email when the search has an @. */
export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const text = filter?.trim();
	const qs: IDataObject = { sort: 'updated_at:desc', exclude: 'custom_fields' };
	if (text) qs[text.includes('@') ? 'email' : 'name'] = text;
	return await searchPages<Contact>(this, '/contacts', qs, paginationToken, (contact) => {
		const primary = (contact.emails.find((one) => one.is_primary) ?? contact.emails[0])?.email;
		return {
			name: contact.name
				? `${contact.name}${primary ? ` (${primary})` : ''}`
				: (primary ?? contact.uri),
			value: contact.uri,
			url: contact.app_url,
		};
	});
}

/** Available meeting recaps; an email in the search finds the recaps of meetings that person attended. */
export async function searchMeetingRecaps(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const byEmail = filter?.includes('@') ? filter.trim() : undefined;
	const qs: IDataObject = byEmail ? { attendee: byEmail } : {};
	return await recapCall(
		searchPages<MeetingRecap>(this, '/meeting_recaps', qs, paginationToken, (recap) =>
			byEmail !== undefined || matches(filter, recap.name)
				? {
						name: `${recap.name ?? 'Meeting'} – ${recap.start_time ?? recap.created_at ?? ''}`,
						value: recap.uri,
						url: recap.app_url,
					}
				: undefined,
		),
	);
}
