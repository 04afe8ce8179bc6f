// The Calendly simulator (test/simulator) in this process, standing in for api.calendly.com: n8n's
// nodes call it over HTTP and it POSTs signed deliveries to n8n's webhook URLs.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.mjs';

const simulatorModule = createRequire(import.meta.url)(join(REPO_ROOT, 'test', 'simulator'));
export const { CalendlySimulator, buildDelivery, signWebhook } = simulatorModule;

export async function startSimulator(options = {}) {
	const sim = new CalendlySimulator(options);
	await sim.start();
	return sim;
}

/**
 * A Calendly account of its own (a new organization whose owner it is) with a full-scope personal
 * access token and an event type. Separate accounts keep scenarios apart: the simulator delivers a
 * booking only to the subscriptions of the account it belongs to.
 */
export function createAccount(sim, { name, email, eventTypes = [{ name: '30 Minute Meeting' }] }) {
	const user = sim.createUser({ name, email, timezone: 'Europe/Berlin', organization: 'new' });
	const token = sim.issueToken({ user: user.uri, scopes: 'all', kind: 'pat' });
	const types = eventTypes.map((options) =>
		sim.createEventType({ owner: user.uri, duration: 30, ...options }),
	);
	return { user, token, eventType: types[0], eventTypes: types };
}

/** The subscriptions whose callback URL is this workflow's production webhook URL. */
export function subscriptionsFor(sim, callbackUrl) {
	return sim.listSubscriptions().filter((sub) => sub.callback_url === callbackUrl);
}
