import {
	callbackUrlProblem,
	eventScopeProblem,
	requiredTokenScopes,
} from '../../nodes/CalendlyTrigger/subscription/rules';

const CALENDLY = 'https://api.calendly.com';
const SIMULATOR = 'http://127.0.0.1:40123';

describe('callbackUrlProblem', () => {
	it('accepts a public https URL with real Calendly', () => {
		expect(
			callbackUrlProblem('https://n8n.example.com/webhook/abc/webhook', CALENDLY),
		).toBeUndefined();
		expect(
			callbackUrlProblem('https://n8n.example.com/webhook/abc/webhook', `${CALENDLY}/`),
		).toBeUndefined();
	});

	it('refuses plain http with real Calendly and says how to fix it', () => {
		const problem = callbackUrlProblem('http://n8n.example.com/webhook/abc/webhook', CALENDLY);
		expect(problem).toMatch(/only delivers webhooks to public HTTPS URLs/);
		expect(problem).toMatch(/WEBHOOK_URL/);
	});

	it.each([
		'https://localhost:5678/webhook/a/webhook',
		'https://127.0.0.1/webhook/a/webhook',
		'https://10.1.2.3/webhook/a/webhook',
		'https://172.20.0.5/webhook/a/webhook',
		'https://192.168.1.10/webhook/a/webhook',
		'https://n8n.local/webhook/a/webhook',
		'https://[::1]/webhook/a/webhook',
	])('refuses the private address %s with real Calendly', (url) => {
		expect(callbackUrlProblem(url, CALENDLY)).toMatch(/private address/);
	});

	it('does not mistake public hosts for private ones', () => {
		expect(callbackUrlProblem('https://172.32.0.1/webhook/a/webhook', CALENDLY)).toBeUndefined();
		expect(
			callbackUrlProblem('https://local.example.com/webhook/a/webhook', CALENDLY),
		).toBeUndefined();
	});

	it('allows plain http on a private address when the credential points at a simulator', () => {
		expect(
			callbackUrlProblem('http://127.0.0.1:5678/webhook/a/webhook', SIMULATOR),
		).toBeUndefined();
	});

	it('refuses a URL that is not http(s) or not a URL at all', () => {
		expect(callbackUrlProblem('ftp://n8n.example.com/x', SIMULATOR)).toMatch(
			/not an http\(s\) URL/,
		);
		expect(callbackUrlProblem('not a url', SIMULATOR)).toMatch(/not a valid URL/);
	});
});

describe('which API Base URL may relax the public-HTTPS callback check', () => {
	const PRIVATE_CALLBACK = 'http://localhost:5678/webhook/x/webhook';

	it.each([
		'http://localhost:40123',
		'http://127.0.0.1:40123',
		'http://127.8.9.10',
		'https://localhost/api',
		'http://[::1]:40123',
	])('relaxes it for the loopback base URL %s (a stand-in on this machine)', (baseUrl) => {
		expect(callbackUrlProblem(PRIVATE_CALLBACK, baseUrl)).toBeUndefined();
	});

	it.each([
		'https://api.calendly.com',
		'https://api.calendly.com/',
		'http://api.calendly.com',
		'https://calendly-proxy.example.com',
		'http://10.0.0.5:8080',
		'http://192.168.1.20',
		'http://localhost.example.com',
		'http://127.0.0.1.nip.io',
		'http://[::2]',
		'http://0.0.0.0:40123',
		'not a url',
		'',
	])('keeps it for the base URL %s', (baseUrl) => {
		expect(callbackUrlProblem(PRIVATE_CALLBACK, baseUrl)).toMatch(
			/only delivers webhooks to public HTTPS URLs/,
		);
		expect(callbackUrlProblem('https://10.1.2.3/webhook/x/webhook', baseUrl)).toMatch(
			/private address/,
		);
		expect(
			callbackUrlProblem('https://n8n.example.com/webhook/x/webhook', baseUrl),
		).toBeUndefined();
	});
});

describe('eventScopeProblem', () => {
	it('accepts invitee and event type events in every scope', () => {
		for (const scope of ['user', 'organization', 'group'] as const) {
			expect(eventScopeProblem(['invitee.created', 'event_type.updated'], scope)).toBeUndefined();
		}
	});

	it('accepts routing form submissions with organization scope only', () => {
		expect(eventScopeProblem(['routing_form_submission.created'], 'organization')).toBeUndefined();
		for (const scope of ['user', 'group'] as const) {
			const problem = eventScopeProblem(
				['invitee.created', 'routing_form_submission.created'],
				scope,
			);
			expect(problem).toMatch(/only to organization-scope subscriptions/);
			expect(problem).toMatch(/Set "Scope" to "Organization"/);
		}
	});

	it('names every event the chosen scope does not fit, once', () => {
		expect(eventScopeProblem(['routing_form_submission.created', 'invitee.created'], 'group')).toBe(
			'Calendly sends "routing_form_submission.created" only to organization-scope subscriptions, and "Scope" is "group". ' +
				'Set "Scope" to "Organization" (needs a Calendly owner or admin account) or remove the event from "Events".',
		);
	});

	it('accepts meeting recaps with user scope only, beside contacts and invitee events', () => {
		const recaps = ['meeting_recap.created', 'meeting_recap.updated', 'meeting_recap.deleted'];
		expect(eventScopeProblem([...recaps, 'contact.updated', 'invitee.created'], 'user')).toBe(
			undefined,
		);
		expect(eventScopeProblem(['meeting_recap.created', 'contact.created'], 'organization')).toBe(
			'Calendly sends "meeting_recap.created" only to user-scope subscriptions, and "Scope" is "organization". ' +
				'Set "Scope" to "User" or remove the event from "Events".',
		);
	});

	it('says how to split events no single scope allows over two triggers', () => {
		expect(
			eventScopeProblem(
				[
					'invitee.created',
					'meeting_recap.created',
					'meeting_recap.deleted',
					'routing_form_submission.created',
				],
				'user',
			),
		).toBe(
			'Calendly takes one scope per subscription, and no scope allows all of "invitee.created", "meeting_recap.created", "meeting_recap.deleted", "routing_form_submission.created". ' +
				'Split them over 2 Calendly Triggers: one with "Scope" "User" for "meeting_recap.created", "meeting_recap.deleted"; ' +
				'one with "Scope" "Organization" for "routing_form_submission.created". Other events can go in either.',
		);
	});

	it('refuses an empty or unknown event list', () => {
		expect(eventScopeProblem([], 'user')).toMatch(/Pick at least one event/);
		expect(eventScopeProblem(['invitee.rescheduled'], 'user')).toMatch(
			/no webhook event named "invitee.rescheduled"/,
		);
	});
});

describe('requiredTokenScopes', () => {
	it('lists the read scope of each event family and of the subscription scope', () => {
		expect(requiredTokenScopes(['invitee.created'], 'user')).toEqual([
			'scheduled_events:read',
			'users:read',
			'webhooks:read',
			'webhooks:write',
		]);
		expect(
			requiredTokenScopes(
				['routing_form_submission.created', 'event_type.created'],
				'organization',
			),
		).toEqual([
			'event_types:read',
			'organizations:read',
			'routing_forms:read',
			'users:read',
			'webhooks:read',
			'webhooks:write',
		]);
		expect(requiredTokenScopes(['invitee.created'], 'group')).toContain('groups:read');
		expect(requiredTokenScopes(['contact.updated', 'meeting_recap.created'], 'user')).toEqual([
			'contacts:read',
			'meeting_recaps:read',
			'users:read',
			'webhooks:read',
			'webhooks:write',
		]);
	});
});
