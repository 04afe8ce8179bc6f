import type { IExecuteFunctions } from 'n8n-workflow';

import { CalendlyCardsApi } from '../../credentials/CalendlyCardsApi.credentials';
import { CalendlyCardsOAuth2Api } from '../../credentials/CalendlyCardsOAuth2Api.credentials';
import {
	calendlyApiPages,
	calendlyApiRequest,
	calendlyApiRequestAllItems,
	getCurrentUser,
} from '../../nodes/shared/transport';
import { executeContext, oauthCredential, patCredential, testCredential } from '../harness';
import { CalendlyProbeNode } from '../helpers/calendlyNode';
import { CalendlySimulator } from '../simulator';

const probe = new CalendlyProbeNode();

function context(
	credentials: ReturnType<typeof patCredential>,
	authentication = 'accessToken',
): IExecuteFunctions {
	return executeContext(probe, { parameters: { authentication }, credentials });
}

/** Everything an error exposes to a user or a log, to check no secret leaks through it. */
function exposed(error: unknown): string {
	const e = error as Error & { description?: string; context?: unknown; cause?: unknown };
	return [
		e.message,
		e.description,
		JSON.stringify(e),
		JSON.stringify(e.context ?? {}),
		String(e.stack),
	].join('\n');
}

async function failure(
	promise: Promise<unknown>,
): Promise<Error & { description?: string; httpCode?: string }> {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string; httpCode?: string };
	}
	throw new Error('expected the call to fail');
}

describe('Calendly transport against the simulator', () => {
	const sim = new CalendlySimulator();
	let token: string;
	let userUri: string;

	beforeAll(async () => {
		await sim.start();
		const user = sim.createUser({ name: 'Ada Host', email: 'ada@example.com', role: 'owner' });
		userUri = user.uri;
		token = sim.issueToken({ user: user.uri, scopes: 'all', kind: 'pat' });
	});
	afterAll(async () => sim.stop());
	beforeEach(() => {
		sim.clearFaults();
		sim.requests.length = 0;
	});

	it('reads the current user', async () => {
		const user = await getCurrentUser.call(context(patCredential(sim.baseUrl, token)));
		expect(user.uri).toBe(userUri);
		expect(user.current_organization).toMatch(/\/organizations\//);
	});

	describe('pagination', () => {
		beforeAll(() => {
			for (let i = 0; i < 250; i++) {
				sim.createEventType({
					owner: userUri,
					name: `Type ${String(i).padStart(3, '0')}`,
					duration: 30,
					active: i % 5 !== 0,
				});
			}
			for (let i = 0; i < 10; i++)
				sim.createEventType({ owner: userUri, name: `Extra ${i}`, duration: 15 });
		});

		it('walks 250+ items in pages of 100 by next_page_token, keeping the filters on every page', async () => {
			const ctx = context(patCredential(sim.baseUrl, token));
			const pages: number[] = [];
			const names: string[] = [];
			for await (const page of calendlyApiPages.call(ctx, '/event_types', {
				user: userUri,
				active: true,
				sort: 'name:asc',
			}) as AsyncGenerator<Array<{ name: string; active: boolean }>>) {
				pages.push(page.length);
				for (const item of page) {
					expect(item.active).toBe(true);
					names.push(item.name);
				}
			}
			expect(names).toHaveLength(210);
			expect(new Set(names).size).toBe(210);
			expect(pages).toEqual([100, 100, 10]);
			const calls = sim.requests.filter((r: { path: string }) => r.path === '/event_types');
			expect(calls).toHaveLength(3);
			calls.forEach((call: { query: Record<string, string> }, i: number) => {
				expect(call.query).toMatchObject({
					user: userUri,
					active: 'true',
					sort: 'name:asc',
					count: '100',
				});
				expect(Boolean(call.query.page_token)).toBe(i > 0);
			});
		});

		it('stops at a limit', async () => {
			const items = await calendlyApiRequestAllItems.call(
				context(patCredential(sim.baseUrl, token)),
				'/event_types',
				{ user: userUri },
				150,
			);
			expect(items).toHaveLength(150);
		});
	});

	describe('retries', () => {
		it('waits for the rate-limit window to reset on 429 and then succeeds', async () => {
			sim.injectFault({
				path: '/users/me',
				status: 429,
				times: 1,
				headers: { 'X-RateLimit-Reset': '1', 'X-RateLimit-Remaining': '0' },
			});
			const started = Date.now();
			const user = await getCurrentUser.call(context(patCredential(sim.baseUrl, token)));
			expect(user.uri).toBe(userUri);
			expect(Date.now() - started).toBeGreaterThanOrEqual(950);
			expect(sim.requests.filter((r: { path: string }) => r.path === '/users/me')).toHaveLength(2);
		});

		it('rides out the simulator’s own rate limit', async () => {
			const limitedSim = await new CalendlySimulator({ rateLimitWindowMs: 1000 }).start();
			try {
				const owner = limitedSim.createUser({
					name: 'Rate Limited',
					email: 'rl@example.com',
					role: 'owner',
				});
				const limited = limitedSim.issueToken({
					user: owner.uri,
					scopes: 'all',
					kind: 'pat',
					rateLimit: 2,
				});
				const ctx = context(patCredential(limitedSim.baseUrl, limited));
				for (let i = 0; i < 4; i++)
					await expect(getCurrentUser.call(ctx)).resolves.toMatchObject({ uri: owner.uri });
				expect(limitedSim.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
			} finally {
				await limitedSim.stop();
			}
		});

		it('retries a 5xx a bounded number of times, then fails with a clear error', async () => {
			sim.injectFault({ path: '/users/me', status: 500, times: 20 });
			const error = await failure(getCurrentUser.call(context(patCredential(sim.baseUrl, token))));
			expect(error.message).toMatch(/Calendly had a server error \(HTTP 500\) for GET \/users\/me/);
			expect(error.httpCode).toBe('500');
			expect(sim.requests.filter((r: { path: string }) => r.path === '/users/me')).toHaveLength(
				1 + 3,
			); // the first call and three retries
		});

		it('recovers when a 5xx is transient', async () => {
			sim.injectFault({ path: '/users/me', status: 502, times: 1 });
			await expect(
				getCurrentUser.call(context(patCredential(sim.baseUrl, token))),
			).resolves.toMatchObject({ uri: userUri });
		});

		it('does not repeat a POST after a 500', async () => {
			sim.injectFault({ method: 'POST', path: '/scheduling_links', status: 500, times: 5 });
			await failure(
				calendlyApiRequest.call(
					context(patCredential(sim.baseUrl, token)),
					'POST',
					'/scheduling_links',
					{ max_event_count: 1, owner: 'x', owner_type: 'EventType' },
				),
			);
			expect(
				sim.requests.filter((r: { path: string }) => r.path === '/scheduling_links'),
			).toHaveLength(1);
		});
	});

	describe('errors', () => {
		it('401: a wrong token, without echoing it', async () => {
			const wrong = 'eyJraWQiOiJ3cm9uZyJ9.wrong-token-value.sig';
			const error = await failure(getCurrentUser.call(context(patCredential(sim.baseUrl, wrong))));
			expect(error.message).toMatch(/wrong, expired or revoked/);
			expect(error.httpCode).toBe('401');
			expect(exposed(error)).not.toContain(wrong);
		});

		it('403: names the scopes the token lacks', async () => {
			const narrow = sim.issueToken({ user: userUri, scopes: ['users:read'], kind: 'pat' });
			const error = await failure(
				calendlyApiRequest.call(
					context(patCredential(sim.baseUrl, narrow)),
					'GET',
					'/scheduled_events',
					undefined,
					{ user: userUri },
				),
			);
			expect(error.message).toContain('scheduled_events:read');
			expect(exposed(error)).not.toContain(narrow);
		});

		it('404: says nothing was found and where', async () => {
			const error = await failure(
				calendlyApiRequest.call(
					context(patCredential(sim.baseUrl, token)),
					'GET',
					'/scheduled_events/NOPE',
				),
			);
			expect(error.message).toMatch(/found nothing at GET \/scheduled_events\/NOPE/);
		});

		it('400: lists the invalid parameters', async () => {
			const error = await failure(
				calendlyApiRequest.call(
					context(patCredential(sim.baseUrl, token)),
					'GET',
					'/event_types',
					undefined,
					{ user: userUri, count: 500 },
				),
			);
			expect(error.httpCode).toBe('400');
			expect(error.description).toMatch(/count/);
		});

		it('409: passes Calendly’s message through', async () => {
			const ctx = context(patCredential(sim.baseUrl, token));
			const me = await getCurrentUser.call(ctx);
			const body = {
				url: 'https://hooks.example.com/dup',
				events: ['invitee.created'],
				organization: me.current_organization,
				user: me.uri,
				scope: 'user',
				signing_key: 'k'.repeat(32),
			};
			await calendlyApiRequest.call(ctx, 'POST', '/webhook_subscriptions', body);
			const error = await failure(
				calendlyApiRequest.call(ctx, 'POST', '/webhook_subscriptions', body),
			);
			expect(error.httpCode).toBe('409');
			expect(error.message).toMatch(/already exists/i);
			expect(exposed(error)).not.toContain('k'.repeat(32));
		});

		it('an empty token is refused before any request', async () => {
			const error = await failure(getCurrentUser.call(context(patCredential(sim.baseUrl, '  '))));
			expect(error.message).toMatch(/personal access token in the credential is empty/);
			expect(sim.requests).toHaveLength(0);
		});

		it('a base URL that is not a URL gets a readable message', async () => {
			const error = await failure(getCurrentUser.call(context(patCredential('not a url', token))));
			expect(error.message).toMatch(/"not a url" is not a URL/);
		});

		it('a server that answers garbage gets a readable message', async () => {
			sim.injectFault({
				path: '/users/me',
				status: 200,
				body: '<html>surprise</html>',
				headers: { 'Content-Type': 'text/html' },
			});
			const error = await failure(getCurrentUser.call(context(patCredential(sim.baseUrl, token))));
			expect(error.message).toMatch(/not JSON/);
			expect(error.description).toContain(sim.baseUrl);
			expect(exposed(error)).not.toContain(token);
		});

		it('an unreachable server gets a readable message after retries', async () => {
			const error = await failure(
				getCurrentUser.call(context(patCredential('http://127.0.0.1:9', token))),
			);
			expect(error.message).toMatch(/Could not reach Calendly at http:\/\/127\.0\.0\.1:9/);
			expect(exposed(error)).not.toContain(token);
		});
	});

	describe('OAuth2', () => {
		it('calls Calendly with the connected access token', async () => {
			const access = sim.issueToken({ user: userUri, scopes: 'all', kind: 'oauth' });
			const user = await getCurrentUser.call(
				context(oauthCredential(sim.baseUrl, { access_token: access }), 'oAuth2'),
			);
			expect(user.uri).toBe(userUri);
		});

		it('refreshes an expired access token through n8n and keeps the rotated refresh token', async () => {
			const grant = sim.issueOAuthGrant({ user: userUri, scopes: 'all' });
			sim.revokeToken(grant.access_token);
			const credentials = oauthCredential(sim.baseUrl, {
				access_token: grant.access_token,
				refresh_token: grant.refresh_token,
			});
			credentials.calendlyCardsOAuth2Api.clientId = sim.oauthApp.clientId;
			credentials.calendlyCardsOAuth2Api.clientSecret = sim.oauthApp.clientSecret;
			const user = await getCurrentUser.call(context(credentials, 'oAuth2'));
			expect(user.uri).toBe(userUri);
			const stored = credentials.calendlyCardsOAuth2Api.oauthTokenData as { refresh_token: string };
			expect(stored.refresh_token).not.toBe(grant.refresh_token);
			expect(sim.requests.some((r) => r.path === '/oauth/token' && r.status === 200)).toBe(true);
		});
	});
});

describe('credential tests against the simulator', () => {
	const sim = new CalendlySimulator();
	let userUri: string;

	beforeAll(async () => {
		await sim.start();
		userUri = sim.createUser({ name: 'Grace Host', email: 'grace@example.com', role: 'owner' }).uri;
	});
	afterAll(async () => sim.stop());

	it('accepts a working personal access token', async () => {
		const token = sim.issueToken({ user: userUri, scopes: 'all', kind: 'pat' });
		await expect(
			testCredential(new CalendlyCardsApi(), { accessToken: token, baseUrl: sim.baseUrl }),
		).resolves.toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
	});

	it('says a wrong token is wrong, expired or revoked', async () => {
		const result = await testCredential(new CalendlyCardsApi(), {
			accessToken: 'nope.nope.nope',
			baseUrl: sim.baseUrl,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/wrong, expired or revoked/);
	});

	it('names the missing scope of a token without users:read', async () => {
		const token = sim.issueToken({ user: userUri, scopes: ['webhooks:write'], kind: 'pat' });
		const result = await testCredential(new CalendlyCardsApi(), {
			accessToken: token,
			baseUrl: sim.baseUrl,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('users:read');
	});

	it('says when the API Base URL answers but is not Calendly', async () => {
		const token = sim.issueToken({ user: userUri, scopes: 'all', kind: 'pat' });
		sim.injectFault({
			path: '/users/me',
			status: 200,
			body: '<html>welcome</html>',
			headers: { 'Content-Type': 'text/html' },
		});
		const html = await testCredential(new CalendlyCardsApi(), {
			accessToken: token,
			baseUrl: sim.baseUrl,
		});
		expect(html).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/not the Calendly API/),
		});
		sim.injectFault({ path: '/users/me', status: 200, body: { hello: 'world' } });
		const otherApi = await testCredential(new CalendlyCardsApi(), {
			accessToken: token,
			baseUrl: sim.baseUrl,
		});
		expect(otherApi.message).toMatch(/not the Calendly API/);
	});

	it('tests an OAuth2 connection the same way', async () => {
		const access = sim.issueToken({ user: userUri, scopes: 'all', kind: 'oauth' });
		const ok = await testCredential(new CalendlyCardsOAuth2Api(), {
			...oauthCredential(sim.baseUrl, { access_token: access }).calendlyCardsOAuth2Api,
		});
		expect(ok.status).toBe('OK');
		const lacking = sim.issueToken({
			user: userUri,
			scopes: ['scheduled_events:read'],
			kind: 'oauth',
		});
		const bad = await testCredential(new CalendlyCardsOAuth2Api(), {
			...oauthCredential(sim.baseUrl, { access_token: lacking }).calendlyCardsOAuth2Api,
		});
		expect(bad.message).toContain('users:read');
	});
});
