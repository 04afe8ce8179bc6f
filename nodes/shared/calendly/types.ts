// Shapes of Calendly API v2 resources and webhook deliveries that this package reads.
// Field lists follow Calendly's published spec; nullable where Calendly sends null in practice.

export type CalendlyUri = string;

export interface CalendlyUser {
	uri: CalendlyUri;
	name: string;
	slug: string;
	email: string;
	scheduling_url: string;
	timezone: string;
	avatar_url: string | null;
	created_at: string;
	updated_at: string;
	current_organization: CalendlyUri;
	resource_type?: string;
}

type MembershipRole = 'owner' | 'admin' | 'user';

export interface OrganizationMembership {
	uri: CalendlyUri;
	role: MembershipRole;
	user: Omit<CalendlyUser, 'current_organization'> & { uri: CalendlyUri };
	organization: CalendlyUri;
	created_at: string;
	updated_at: string;
}

interface CustomQuestion {
	name: string;
	type: string;
	position: number;
	enabled: boolean;
	required: boolean;
	answer_choices: string[];
	include_other: boolean;
}

export interface EventType {
	uri: CalendlyUri;
	name: string;
	active: boolean;
	slug: string | null;
	scheduling_url: string;
	duration: number;
	duration_options?: number[] | null;
	kind: 'solo' | 'group';
	pooling_type: 'round_robin' | 'collective' | 'multi_pool' | null;
	type: 'StandardEventType' | 'AdhocEventType';
	color: string;
	created_at: string;
	updated_at: string;
	internal_note: string | null;
	description_plain: string | null;
	description_html?: string | null;
	profile: { type: 'User' | 'Team'; name: string; owner: CalendlyUri } | null;
	secret: boolean;
	booking_method: 'instant' | 'poll';
	custom_questions: CustomQuestion[];
	deleted_at: string | null;
	admin_managed?: boolean;
	locations?: Array<Record<string, unknown>> | null;
}

interface CalendlyLocation {
	type: string;
	location?: string | null;
	join_url?: string | null;
	status?: string | null;
	data?: Record<string, unknown> | null;
	additional_info?: string | null;
}

export interface EventMembership {
	user: CalendlyUri;
	user_email: string;
	user_name: string;
	buffered_start_time?: string;
	buffered_end_time?: string;
}

export interface Cancellation {
	canceled_by: string;
	reason: string | null;
	canceler_type: 'host' | 'invitee';
	created_at: string;
}

export interface ScheduledEvent {
	uri: CalendlyUri;
	name: string | null;
	meeting_notes_plain: string | null;
	meeting_notes_html: string | null;
	status: 'active' | 'canceled';
	start_time: string;
	end_time: string;
	event_type: CalendlyUri;
	location: CalendlyLocation | null;
	invitees_counter: { total: number; active: number; limit: number };
	created_at: string;
	updated_at: string;
	event_memberships: EventMembership[];
	event_guests: Array<{ email: string; created_at: string; updated_at: string }>;
	cancellation?: Cancellation;
}

interface QuestionAndAnswer {
	question: string;
	answer: string;
	position: number;
}

interface Tracking {
	utm_campaign: string | null;
	utm_source: string | null;
	utm_medium: string | null;
	utm_content: string | null;
	utm_term: string | null;
	salesforce_uuid: string | null;
}

interface Payment {
	external_id: string;
	provider: 'stripe' | 'paypal';
	amount: string | number;
	currency: string;
	terms: string | null;
	successful: boolean;
}

export interface Invitee {
	uri: CalendlyUri;
	email: string;
	first_name: string | null;
	last_name: string | null;
	name: string;
	status: 'active' | 'canceled';
	questions_and_answers: QuestionAndAnswer[];
	timezone: string | null;
	event: CalendlyUri;
	created_at: string;
	updated_at: string;
	tracking: Tracking;
	text_reminder_number: string | null;
	rescheduled: boolean;
	old_invitee: CalendlyUri | null;
	new_invitee: CalendlyUri | null;
	cancel_url: string;
	reschedule_url: string;
	routing_form_submission: CalendlyUri | null;
	cancellation?: Cancellation;
	payment: Payment | null;
	no_show: { uri: CalendlyUri; created_at: string } | null;
	reconfirmation: { created_at: string; confirmed_at: string | null } | null;
	scheduling_method: 'instant_book' | 'api' | null;
	invitee_scheduled_by: CalendlyUri | null;
}

/** The payload of invitee.* and invitee_no_show.* deliveries: the invitee plus its scheduled event. */
export interface InviteePayload extends Invitee {
	scheduled_event: ScheduledEvent;
}

export interface RoutingFormSubmission {
	uri: CalendlyUri;
	routing_form: CalendlyUri;
	questions_and_answers: Array<{ question_uuid: string; question: string; answer: string }>;
	tracking: Tracking;
	result: { type: 'event_type' | 'custom_message' | 'external_url'; value: unknown } | null;
	submitter: CalendlyUri | null;
	submitter_type: 'Invitee' | null;
	created_at: string;
	updated_at: string;
}

export type InviteeEventName =
	'invitee.created' | 'invitee.canceled' | 'invitee_no_show.created' | 'invitee_no_show.deleted';

type WebhookEventName =
	| InviteeEventName
	| 'routing_form_submission.created'
	| 'event_type.created'
	| 'event_type.updated'
	| 'event_type.deleted';

/** What Calendly POSTs to a webhook subscription's callback URL. */
export interface WebhookEnvelope<P = unknown> {
	event: WebhookEventName | string;
	created_at: string;
	created_by: CalendlyUri;
	payload: P;
}

export type SubscriptionScope = 'user' | 'organization' | 'group';

export interface WebhookSubscription {
	uri: CalendlyUri;
	callback_url: string;
	created_at: string;
	updated_at: string;
	retry_started_at: string | null;
	state: 'active' | 'disabled';
	events: string[];
	scope: SubscriptionScope;
	organization: CalendlyUri;
	user: CalendlyUri | null;
	group: CalendlyUri | null;
	creator: CalendlyUri | null;
}

interface Pagination {
	count: number;
	next_page: string | null;
	previous_page: string | null;
	next_page_token: string | null;
	previous_page_token: string | null;
}

export interface CollectionResponse<T> {
	collection: T[];
	pagination: Pagination;
}

export interface ResourceResponse<T> {
	resource: T;
}

/** Calendly's error body. */
export interface CalendlyErrorBody {
	title?: string;
	message?: string;
	details?: Array<{ parameter?: string; message: string; code?: string }>;
	required_scopes?: string[];
}
