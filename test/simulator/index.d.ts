// Types for the Calendly simulator's public API (the implementation is plain CommonJS with // @ts-check).
import type { Server } from 'node:http';
import type {
	EventType,
	Invitee,
	RoutingFormSubmission,
	ScheduledEvent,
	WebhookSubscription,
} from '../../nodes/shared/calendly/types';

export type Role = 'owner' | 'admin' | 'user';
export type TokenKind = 'pat' | 'oauth';
export type Scopes = 'all' | string[];

export interface SimUser {
	uri: string;
	name: string;
	slug: string;
	email: string;
	scheduling_url: string;
	timezone: string;
	time_notation: string;
	avatar_url: string | null;
	created_at: string;
	updated_at: string;
	current_organization: string;
	resource_type: 'User';
	locale: string;
}

export interface SimGroup {
	uri: string;
	name: string;
	organization: string;
	created_at: string;
	updated_at: string;
	member_count: number;
}

export interface CustomQuestionInput {
	name: string;
	type?: string;
	position?: number;
	enabled?: boolean;
	required?: boolean;
	answer_choices?: string[];
	include_other?: boolean;
}

export interface EventTypeLocationInput {
	kind: string;
	location?: string;
	additional_info?: string;
	phone_number?: string;
}

export interface EventTypeOptions {
	owner: string;
	name: string;
	/** minutes, 1..720; default 30 */
	duration?: number;
	kind?: 'solo' | 'group';
	/** seats per slot for group kinds; default 10 */
	seats?: number;
	custom_questions?: CustomQuestionInput[];
	locations?: EventTypeLocationInput[];
	active?: boolean;
	slug?: string;
	description?: string;
	color?: string;
	position?: number;
	pooling_type?: 'round_robin' | 'collective' | 'multi_pool' | null;
	/** host user URIs (default: the owner) */
	hosts?: string[];
}

/** Any Calendly resource object as the API returns it (prefer the specific types from nodes/shared/calendly/types). */
export type Resource = Record<string, any>;

/** A routing form as GET /routing_forms returns it. */
export interface RoutingForm {
	uri: string;
	organization: string;
	name: string;
	status: 'draft' | 'published';
	questions: Array<{
		uuid: string;
		name: string;
		type: string;
		required: boolean;
		answer_choices: string[] | null;
	}>;
	created_at: string;
	updated_at: string;
}

export interface BookOptions {
	eventType: string;
	invitee: {
		email: string;
		name?: string;
		first_name?: string | null;
		last_name?: string | null;
		timezone?: string | null;
		text_reminder_number?: string | null;
	};
	startTime: string | Date;
	questionsAndAnswers?: Array<{ question: string; answer: string; position?: number }>;
	tracking?: Partial<
		Record<
			'utm_campaign' | 'utm_source' | 'utm_medium' | 'utm_content' | 'utm_term' | 'salesforce_uuid',
			string | null
		>
	>;
	/** a location object (sent as is when it has `type`), `{ kind, location }`, or a physical address string */
	location?: Record<string, unknown> | string;
	payment?: {
		external_id: string;
		provider: 'stripe' | 'paypal';
		amount: number | string;
		currency: string;
		terms: string;
		successful: boolean;
	} | null;
	/** host user URIs for this meeting (default: the event type's hosts) */
	hosts?: string[];
	/** guest emails */
	guests?: string[];
	routingFormSubmission?: string;
	schedulingMethod?: 'instant_book' | 'api' | null;
}

export interface ContactEmail {
	email: string;
	is_primary: boolean;
}

/** A contact as GET /contacts/{uuid} returns it. */
export interface SimContact {
	uri: string;
	name: string | null;
	emails: ContactEmail[];
	phone_numbers: Array<{ phone_number: string }>;
	timezone: string | null;
	job_title: string | null;
	company: string | null;
	country: string | null;
	state: string | null;
	city: string | null;
	linkedin: string | null;
	/** every definition of the owner's organization; unset values null (tags: []); absent with exclude=custom_fields */
	custom_fields?: Array<{ uri: string; label: string; value: unknown }>;
	created_at: string;
	updated_at: string;
	first_email_date: string | null;
	last_email_date: string | null;
	next_meeting_date: string | null;
	last_meeting_date: string | null;
	last_interaction_date: string | null;
	app_url: string;
}

/** Fields of a contact, as POST/PATCH /contacts take them. */
export interface ContactInput {
	name?: string;
	/** 1..10, exactly one is_primary: true; replaces the whole list on update */
	emails?: ContactEmail[];
	/** at most 10; replaces the whole list on update */
	phone_numbers?: Array<{ phone_number: string }>;
	timezone?: string | null;
	job_title?: string | null;
	company?: string | null;
	country?: string | null;
	state?: string | null;
	city?: string | null;
	linkedin?: string | null;
	/** merged on update; `uuid` of the definition (its uri works too here); value null clears */
	custom_fields?: Array<{ uuid: string; value: unknown }>;
}

export interface CreateContactOptions extends ContactInput {
	/** the user whose contact book gets the contact */
	owner: string;
	name: string;
	/** shorthand for emails: [{ email, is_primary: true }] */
	email?: string;
	/** only in contact.* payloads; default 'manual' (POST /contacts: 'api', bookings: 'scheduling') */
	creation_source?: string;
}

export type ContactFieldType =
	'text' | 'number' | 'currency' | 'tags' | 'date' | 'single_select' | 'invitee_question';

/** A contact custom-field definition as GET /contacts/custom_field_definitions/{uuid} returns it. */
export interface ContactFieldDefinition {
	uri: string;
	label: string;
	field_type: ContactFieldType;
	/** single_select only */
	options?: Array<{ uuid: string; label: string; color: string | null; is_active: boolean }>;
	/** currency only */
	currency?: string;
	/** invitee_question only */
	source?: { type: 'event_type_invitee_question'; event_type_uri: string | null; question: string };
	created_at: string;
	updated_at: string;
}

export interface ContactFieldDefinitionOptions {
	label: string;
	field_type: ContactFieldType;
	/** single_select: 1..10 labels or option objects */
	options?: Array<string | { label: string; color?: string | null; is_active?: boolean }>;
	/** currency: ISO 4217 code */
	currency?: string;
	source?: { event_type_uri?: string; question?: string };
	/** default: the default organization */
	organization?: string;
}

export interface RecapAttendee {
	host: boolean;
	user_email: string;
	user_name: string | null;
}

/** A meeting recap as GET /meeting_recaps/{uuid} returns it (list items lack the four last fields). */
export interface SimRecap {
	uri: string;
	app_url: string;
	/** scheduled event URI; null for an external meeting */
	event: string | null;
	status: 'Available' | 'Processing' | 'Unavailable';
	name: string;
	location: Record<string, unknown> | null;
	start_time: string;
	end_time: string;
	created_at: string;
	updated_at: string;
	attendees: RecapAttendee[];
	/** `<recap uri>/transcript` */
	transcript: string;
	summary_md?: string | null;
	action_items_md?: string | null;
	discussion_md?: string | null;
	share_link?: string | null;
}

export type RecapStatus = 'available' | 'processing' | 'unavailable';

export interface CreateRecapOptions {
	/** scheduled event URI, or null for an external meeting */
	event: string | null;
	/** default: the event's name, else 'External meeting' */
	name?: string;
	/** default: the event's times (external: 30 minutes ending now) */
	startTime?: string | Date;
	endTime?: string | Date;
	/** default: the event's location (external: null) */
	location?: Record<string, unknown> | null;
	/** default: the event's hosts and active invitees (external: none) */
	attendees?: Array<{ host?: boolean; user_email: string; user_name?: string | null }>;
	/** user URIs who see the recap; default: the event's hosts, or the attendees with host: true who are simulator users */
	hosts?: string[];
	summary_md?: string | null;
	action_items_md?: string | null;
	discussion_md?: string | null;
	transcript_text?: string;
	share_link?: string | null;
	/** default 'available'; only an available recap delivers meeting_recap.created */
	status?: RecapStatus;
}

export interface DeliveryRecord {
	subscription: string;
	url: string;
	event: string;
	/** HTTP status of the receiver, null on a network error or timeout */
	status: number | null;
	ok: boolean;
	error: string | null;
	/** raw JSON body exactly as sent (what the signature covers) */
	body: string;
	headers: Record<string, string>;
	responseBody: string;
	deliveredAt: string;
}

export interface RequestLogEntry {
	method: string;
	path: string;
	query: Record<string, string>;
	/** parsed body with secrets (signing_key, client_secret, refresh_token, code, …) replaced by '[redacted]' */
	body: unknown;
	/** 'pat' | 'oauth' for valid tokens, 'invalid' for a rejected Authorization header, 'none', 'oauth-client' for /oauth/* */
	auth: string;
	user: string | null;
	/** response status; -1 when a fault dropped the connection */
	status: number;
	fault: boolean;
	at: string;
}

export interface FaultSpec {
	method?: string;
	/** exact path ('/users/me') or a RegExp tested against the path; omitted = every path */
	path?: string | RegExp;
	/** answer with this status (body defaults to Calendly's body for it) */
	status?: number;
	/** how many matching requests it affects; default 1 (use Infinity for all) */
	times?: number;
	/** wait before answering (or before normal handling when no status is given) */
	delayMs?: number;
	/** response body: a string is sent as is (e.g. non-JSON garbage), an object as JSON */
	body?: string | object;
	headers?: Record<string, string>;
	/** destroy the socket instead of answering */
	dropConnection?: boolean;
	/**
	 * handle the request normally first (it takes effect, e.g. the subscription exists), then apply
	 * `delayMs` / `dropConnection` to the answer: Calendly committed, but the caller never hears it in time
	 */
	afterHandling?: boolean;
}

export interface OAuthTokenResponse {
	token_type: 'Bearer';
	access_token: string;
	refresh_token: string;
	scope: string;
	created_at: number;
	expires_in: number;
	owner: string;
	organization: string;
}

export interface SimulatorOptions {
	/** default 0 (a free port) */
	port?: number;
	/** requests per window per token; default 500 */
	rateLimit?: number;
	/** default 60000 */
	rateLimitWindowMs?: number;
	/** how long a webhook receiver may take; default 15000 */
	deliveryTimeoutMs?: number;
	/** accept http:// callback URLs (Calendly wants HTTPS); default true */
	allowHttpCallbacks?: boolean;
	/** plan of new organizations; 'free' refuses paid features (routing-form and recap webhooks, the Notetaker API); default 'teams' */
	plan?: string;
	organizationName?: string;
	oauthApp?: Partial<{ clientId: string; clientSecret: string; webhookSigningKey: string }>;
}

export interface SubscriptionListing extends WebhookSubscription {
	has_signing_key: boolean;
	created_with: TokenKind;
}

export declare class CalendlySimulator {
	constructor(options?: SimulatorOptions);
	readonly options: Required<Omit<SimulatorOptions, 'oauthApp'>>;
	oauthApp: { clientId: string; clientSecret: string; webhookSigningKey: string };
	/** http://127.0.0.1:<port>, set by start() */
	baseUrl: string;
	server: Server | null;
	requests: RequestLogEntry[];
	deliveries: DeliveryRecord[];
	/** unexpected handler errors (answered with 500): a simulator bug if not empty */
	errors: Error[];
	/** the default organization's URI, once a user exists */
	readonly organization: string | null;

	start(): Promise<this>;
	stop(): Promise<void>;
	reset(): void;

	now(): Date;
	setNow(when: Date | string | null): void;
	nowIso(): string;
	signatureTime(): number;
	uri(collection: string, id: string): string;
	settle(): Promise<void>;

	createUser(options: {
		name: string;
		email: string;
		timezone?: string;
		role?: Role;
		organization?: string | 'new';
	}): SimUser;
	createOrganization(options?: { name?: string; plan?: string }): string;
	setRole(userUri: string, role: Role): void;
	createGroup(options: { name: string; members?: string[]; organization?: string }): SimGroup;
	issueToken(options: {
		user: string;
		scopes?: Scopes;
		kind?: TokenKind;
		rateLimit?: number;
	}): string;
	revokeToken(token: string): void;
	issueOAuthGrant(options: { user: string; scopes?: Scopes }): OAuthTokenResponse;
	issueAuthCode(options: {
		user: string;
		scopes?: Scopes;
		redirectUri?: string;
		codeChallenge?: string;
	}): string;

	createEventType(options: EventTypeOptions): EventType;
	updateEventType(
		uri: string,
		changes: Partial<
			Pick<
				EventTypeOptions,
				| 'name'
				| 'duration'
				| 'active'
				| 'description'
				| 'color'
				| 'position'
				| 'seats'
				| 'locations'
				| 'slug'
			>
		>,
	): Promise<{ eventType: EventType; deliveries: DeliveryRecord[] }>;
	deleteEventType(uri: string): Promise<{ eventType: EventType; deliveries: DeliveryRecord[] }>;

	book(
		options: BookOptions,
	): Promise<{ event: ScheduledEvent; invitee: Invitee; deliveries: DeliveryRecord[] }>;
	cancelInvitee(
		inviteeUri: string,
		options?: { by?: 'host' | 'invitee'; reason?: string | null },
	): Promise<{ event: ScheduledEvent; invitee: Invitee; deliveries: DeliveryRecord[] }>;
	/** `canceler`: URI of the host shown as canceled_by (default: the first host) */
	cancelEvent(
		eventUri: string,
		options?: { by?: 'host' | 'invitee'; reason?: string | null; canceler?: string },
	): Promise<{ event: ScheduledEvent; invitees: Invitee[]; deliveries: DeliveryRecord[] }>;
	reschedule(
		inviteeUri: string,
		newStartTime: string | Date,
		options?: { order?: 'canceled-first' | 'created-first'; reason?: string | null },
	): Promise<{
		oldInvitee: Invitee;
		newInvitee: Invitee;
		oldEvent: ScheduledEvent;
		event: ScheduledEvent;
		deliveries: DeliveryRecord[];
	}>;
	markNoShow(inviteeUri: string): Promise<{
		noShow: { uri: string; invitee: string; created_at: string };
		invitee: Invitee;
		deliveries: DeliveryRecord[];
	}>;
	unmarkNoShow(inviteeUri: string): Promise<{ invitee: Invitee; deliveries: DeliveryRecord[] }>;

	createRoutingForm(options: {
		name: string;
		organization?: string;
		status?: 'draft' | 'published';
		questions?: Array<{
			uuid?: string;
			name: string;
			type?: string;
			required?: boolean;
			answer_choices?: string[] | null;
		}>;
	}): RoutingForm;
	submitRoutingForm(options: {
		form: string;
		answers?: Array<{ question_uuid?: string; question: string; answer: string }>;
		tracking?: Record<string, string | null>;
		result?: { type: 'event_type' | 'custom_message' | 'external_url'; value: string };
		submitter?: string;
	}): Promise<{ submission: RoutingFormSubmission; deliveries: DeliveryRecord[] }>;

	/** delivers contact.created */
	createContact(
		options: CreateContactOptions,
	): Promise<{ contact: SimContact; deliveries: DeliveryRecord[] }>;
	/** delivers contact.updated when a field really changed */
	updateContact(
		uri: string,
		changes: ContactInput,
	): Promise<{ contact: SimContact; deliveries: DeliveryRecord[] }>;
	/** delivers contact.deleted */
	deleteContact(
		uri: string,
	): Promise<{ contact: { uri: string; deleted_at: string }; deliveries: DeliveryRecord[] }>;
	createContactFieldDefinition(options: ContactFieldDefinitionOptions): ContactFieldDefinition;
	/** delivers meeting_recap.created (when available) */
	createRecap(
		options: CreateRecapOptions,
	): Promise<{ recap: SimRecap; deliveries: DeliveryRecord[] }>;
	/**
	 * delivers meeting_recap.updated for changed highlights or share_link of an available recap, and
	 * meeting_recap.created when a recap becomes available for the first time
	 */
	updateRecap(
		uri: string,
		changes: Partial<
			Pick<
				CreateRecapOptions,
				| 'summary_md'
				| 'action_items_md'
				| 'discussion_md'
				| 'share_link'
				| 'status'
				| 'transcript_text'
			>
		>,
	): Promise<{ recap: SimRecap; deliveries: DeliveryRecord[] }>;
	/** delivers meeting_recap.deleted */
	deleteRecap(
		uri: string,
	): Promise<{ recap: { uri: string; deleted_at: string }; deliveries: DeliveryRecord[] }>;

	listSubscriptions(): SubscriptionListing[];
	disableSubscription(uri: string): void;
	startRetrying(uri: string): void;
	injectFault(spec: FaultSpec): number;
	clearFaults(): void;
}

/** `t=<t>,v1=<hex HMAC-SHA256(key, t + "." + rawBody)>` */
export declare function signWebhook(key: string, rawBody: string | Buffer, t?: number): string;

/** A delivery built exactly as the simulator sends it (lower-case header names). */
export declare function buildDelivery(options: {
	event: string;
	payload: unknown;
	createdBy: string;
	createdAt?: string;
	signingKey?: string | null;
	t?: number;
}): { body: string; headers: Record<string, string> };

export declare const WEBHOOK_EVENTS: Record<
	string,
	{ readScope: string; scopes: string[]; paidFeature: boolean }
>;
