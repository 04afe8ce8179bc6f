import {
	cardHandlingOf,
	DEFAULT_TRIGGER_EVENTS,
	SUBSCRIPTION_SCOPES,
	WEBHOOK_EVENTS,
	webhookEvent,
} from '../../nodes/shared/calendly/webhookEvents';
import {
	eventScopeProblem,
	requiredTokenScopes,
} from '../../nodes/CalendlyTrigger/subscription/rules';
import { CalendlyTrigger } from '../../nodes/CalendlyTrigger/CalendlyTrigger.node';

describe('the webhook event catalogue', () => {
	it('names each event once, in Calendly’s family.action form, with a read scope and at least one subscription scope', () => {
		const names = WEBHOOK_EVENTS.map((event) => event.name);
		expect(new Set(names).size).toBe(names.length);
		for (const event of WEBHOOK_EVENTS) {
			expect(event.name).toMatch(/^[a-z_]+\.[a-z_]+$/);
			expect(event.readScope).toMatch(/^[a-z_]+:read$/);
			expect(event.subscriptionScopes.length).toBeGreaterThan(0);
			for (const scope of event.subscriptionScopes) expect(SUBSCRIPTION_SCOPES).toContain(scope);
		}
	});

	it('says what the card node does with each event, and nothing for an event it does not offer', () => {
		expect(cardHandlingOf('invitee.created')).toBe('booking');
		expect(cardHandlingOf('invitee_no_show.deleted')).toBe('booking');
		expect(cardHandlingOf('routing_form_submission.created')).toBe('lead');
		expect(cardHandlingOf('event_type.updated')).toBe('ignored');
		expect(cardHandlingOf('contact.deleted')).toBe('contact');
		expect(cardHandlingOf('meeting_recap.updated')).toBe('recap');
		expect(cardHandlingOf('invitee.rescheduled')).toBeUndefined();
		expect(webhookEvent('invitee.rescheduled')).toBeUndefined();
	});

	it('starts a new trigger with invitee.created', () => {
		expect(DEFAULT_TRIGGER_EVENTS).toEqual(['invitee.created']);
	});

	it('is what the trigger offers, and its option texts', () => {
		const property = new CalendlyTrigger().description.properties.find((p) => p.name === 'events');
		expect(property?.default).toEqual(DEFAULT_TRIGGER_EVENTS);
		const options = (property?.options ?? []) as Array<{
			name: string;
			value: string;
			description?: string;
		}>;
		expect(options.map((o) => o.value).sort()).toEqual(
			WEBHOOK_EVENTS.map((event) => event.name).sort(),
		);
		for (const option of options) {
			const event = webhookEvent(option.value)!;
			expect(option).toEqual({
				name: event.label,
				value: event.name,
				description: event.description,
			});
		}
		const labels = options.map((o) => o.name);
		expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
	});

	it('drives the scope rule and the token scopes for every event and scope', () => {
		for (const event of WEBHOOK_EVENTS) {
			for (const scope of SUBSCRIPTION_SCOPES) {
				const allowed = (event.subscriptionScopes as readonly string[]).includes(scope);
				const problem = eventScopeProblem([event.name], scope);
				if (allowed) expect(problem).toBeUndefined();
				else expect(problem).toContain(`"${event.name}" only to`);
				expect(requiredTokenScopes([event.name], scope)).toContain(event.readScope);
			}
		}
	});
});
