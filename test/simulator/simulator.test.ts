import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { CalendlySimulator, signWebhook, buildDelivery } from './index';
import type { SimUser } from './index';

interface Received {
	headers: http.IncomingHttpHeaders;
	rawBody: string;
}

/** A real HTTP receiver for webhook deliveries. */
async function startReceiver(status = 200) {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (c: string) => (raw += c));
		req.on('end', () => {
			received.push({ headers: req.headers, rawBody: raw });
			res.writeHead(status).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}/hook`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

function verify(key: string, header: string | undefined, rawBody: string) {
	const parts = Object.fromEntries(
		(header ?? '').split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]),
	);
	const expected = crypto.createHmac('sha256', key).update(`${parts.t}.${rawBody}`).digest('hex');
	return (
		typeof parts.v1 === 'string' &&
		parts.v1.length === expected.length &&
		crypto.timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected))
	);
}

describe('Calendly simulator', () => {
	let sim: CalendlySimulator;
	let owner: SimUser;
	let member: SimUser;
	let ownerToken: string;
	let memberToken: string;

	async function api(method: string, endpoint: string, token: string | null, body?: unknown) {
		const res = await fetch(sim.baseUrl + endpoint, {
			method,
			headers: {
				...(token ? { authorization: `Bearer ${token}` } : {}),
				...(body ? { 'content-type': 'application/json' } : {}),
			},
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await res.text();
		let json: any;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: res.status, headers: res.headers, text, json };
	}

	beforeEach(async () => {
		sim = new CalendlySimulator();
		await sim.start();
		owner = sim.createUser({
			name: 'Olivia Owner',
			email: 'olivia@example.com',
			timezone: 'Europe/Berlin',
		});
		member = sim.createUser({ name: 'Mark Member', email: 'mark@example.com' });
		ownerToken = sim.issueToken({ user: owner.uri, scopes: 'all', kind: 'pat' });
		memberToken = sim.issueToken({ user: member.uri, scopes: 'all', kind: 'pat' });
	});

	afterEach(async () => {
		expect(sim.errors).toEqual([]);
		await sim.stop();
	});

	describe('auth, errors, rate limits', () => {
		it('answers /users/me with the user and rate-limit headers', async () => {
			const res = await api('GET', '/users/me', ownerToken);
			expect(res.status).toBe(200);
			expect(res.json.resource).toMatchObject({
				uri: owner.uri,
				email: 'olivia@example.com',
				current_organization: sim.organization,
			});
			expect(res.json.resource.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
			expect(res.headers.get('x-ratelimit-limit')).toBe('500');
			expect(res.headers.get('x-ratelimit-remaining')).toBe('499');
			expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
		});

		it('rejects unknown tokens with 401 and logs no token', async () => {
			const res = await api('GET', '/users/me', 'garbage.token.value');
			expect(res.status).toBe(401);
			expect(res.json).toEqual({
				title: 'Unauthenticated',
				message: 'The access token is invalid',
			});
			expect(JSON.stringify(sim.requests)).not.toContain('garbage.token.value');
			expect(sim.requests[0]).toMatchObject({
				method: 'GET',
				path: '/users/me',
				auth: 'invalid',
				status: 401,
			});
		});

		it('returns 404 with Calendly body for unknown routes and records', async () => {
			expect((await api('GET', '/v2/users/me', ownerToken)).json).toEqual({
				title: 'Resource Not Found',
				message: 'The server could not find the requested resource.',
			});
			expect((await api('GET', '/users/NOPE', ownerToken)).status).toBe(404);
		});

		it('checks scopes, where :write implies :read', async () => {
			const limited = sim.issueToken({
				user: owner.uri,
				scopes: ['users:read', 'scheduled_events:write'],
			});
			expect((await api('GET', '/users/me', limited)).status).toBe(200);
			const denied = await api(
				'GET',
				`/event_types?user=${encodeURIComponent(owner.uri)}`,
				limited,
			);
			expect(denied.status).toBe(403);
			expect(denied.json).toEqual({
				title: 'Insufficient scope',
				message: "This operation requires the scopes listed in the 'required_scopes' array.",
				required_scopes: ['event_types:read'],
			});
			expect(
				(await api('GET', `/scheduled_events?user=${encodeURIComponent(owner.uri)}`, limited))
					.status,
			).toBe(200);
		});

		it('answers 429 once the per-token limit is used up', async () => {
			const token = sim.issueToken({ user: owner.uri, rateLimit: 2 });
			expect((await api('GET', '/users/me', token)).status).toBe(200);
			const second = await api('GET', '/users/me', token);
			expect(second.headers.get('x-ratelimit-remaining')).toBe('0');
			const third = await api('GET', '/users/me', token);
			expect(third.status).toBe(429);
			expect(third.headers.get('x-ratelimit-limit')).toBe('2');
			expect((await api('GET', '/users/me', ownerToken)).status).toBe(200);
		});
	});

	describe('fault injection', () => {
		it('fails a matching request the given number of times, then recovers', async () => {
			sim.injectFault({ path: '/users/me', status: 503, times: 2 });
			expect((await api('GET', '/users/me', ownerToken)).status).toBe(503);
			expect((await api('GET', '/users/me', ownerToken)).status).toBe(503);
			expect((await api('GET', '/users/me', ownerToken)).status).toBe(200);
		});

		it('sends garbage bodies, custom headers, delays and dropped connections', async () => {
			sim.injectFault({
				method: 'GET',
				path: /^\/users\//,
				status: 200,
				body: '<html>proxy error</html>',
			});
			const garbage = await api('GET', '/users/me', ownerToken);
			expect(garbage.text).toBe('<html>proxy error</html>');
			expect(garbage.json).toBeUndefined();

			sim.injectFault({
				status: 429,
				headers: { 'Retry-After': '1', 'X-RateLimit-Remaining': '0' },
			});
			const limited = await api('GET', '/users/me', ownerToken);
			expect(limited.status).toBe(429);
			expect(limited.headers.get('retry-after')).toBe('1');

			sim.injectFault({ delayMs: 300 });
			const started = Date.now();
			expect((await api('GET', '/users/me', ownerToken)).status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(280);

			sim.injectFault({ dropConnection: true });
			await expect(api('GET', '/users/me', ownerToken)).rejects.toThrow();
			expect(sim.requests.filter((r) => r.fault)).toHaveLength(4);
		});

		it('afterHandling: the request takes effect, then its answer is late or lost', async () => {
			const body = {
				url: 'https://n8n.example.test/webhook/late',
				events: ['invitee.created'],
				organization: sim.organization,
				scope: 'organization',
			};
			sim.injectFault({
				method: 'POST',
				path: '/webhook_subscriptions',
				afterHandling: true,
				dropConnection: true,
			});
			await expect(api('POST', '/webhook_subscriptions', ownerToken, body)).rejects.toThrow();
			expect(sim.listSubscriptions().map((s) => s.callback_url)).toEqual([body.url]);
			expect(sim.requests.at(-1)).toMatchObject({ method: 'POST', status: 201, fault: true });

			sim.injectFault({ method: 'GET', path: '/users/me', afterHandling: true, delayMs: 300 });
			const started = Date.now();
			expect((await api('GET', '/users/me', ownerToken)).status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(280);
			expect(() => sim.injectFault({ afterHandling: true, status: 500 })).toThrow(
				/takes no status/,
			);
		});
	});

	describe('pagination', () => {
		it('pages 250 events by 100 with the filters kept in next_page and bound to the token', async () => {
			const et = sim.createEventType({ owner: owner.uri, name: 'Intro', duration: 15 });
			const base = Date.parse('2030-01-01T00:00:00Z');
			for (let i = 0; i < 252; i++) {
				await sim.book({
					eventType: et.uri,
					invitee: { email: `p${i}@example.com`, name: `P ${i}` },
					startTime: new Date(base + i * 3600000),
				});
			}
			const { event: canceledEvent } = await sim.book({
				eventType: et.uri,
				invitee: { email: 'c@example.com', name: 'C' },
				startTime: new Date(base - 3600000),
			});
			await sim.cancelEvent(canceledEvent.uri);
			const other = sim.createEventType({ owner: member.uri, name: 'Other', duration: 15 });
			await sim.book({
				eventType: other.uri,
				invitee: { email: 'o@example.com', name: 'O' },
				startTime: new Date(base),
			});

			const filters = `user=${encodeURIComponent(owner.uri)}&status=active&max_start_time=${encodeURIComponent(new Date(base + 249 * 3600000).toISOString())}`;
			const seen: string[] = [];
			let next: string | null = `/scheduled_events?${filters}&count=100`;
			const sizes: number[] = [];
			while (next) {
				const page: any = await api('GET', next, ownerToken);
				expect(page.status).toBe(200);
				sizes.push(page.json.collection.length);
				seen.push(...page.json.collection.map((e: any) => e.uri));
				const token = page.json.pagination.next_page_token;
				if (token) {
					const url = new URL(page.json.pagination.next_page);
					expect(url.searchParams.get('user')).toBe(owner.uri);
					expect(url.searchParams.get('status')).toBe('active');
					expect(url.searchParams.get('count')).toBe('100');
					expect(url.searchParams.get('page_token')).toBe(token);
				}
				next = token
					? `/scheduled_events?${filters}&count=100&page_token=${encodeURIComponent(token)}`
					: null;
			}
			expect(sizes).toEqual([100, 100, 50]);
			expect(new Set(seen).size).toBe(250);

			const first: any = await api('GET', `/scheduled_events?${filters}&count=100`, ownerToken);
			const reused = await api(
				'GET',
				`/scheduled_events?user=${encodeURIComponent(owner.uri)}&status=canceled&page_token=${first.json.pagination.next_page_token}`,
				ownerToken,
			);
			expect(reused.status).toBe(400);
			expect(reused.json.details[0].parameter).toBe('page_token');
			expect(first.json.pagination.previous_page_token).toBeNull();

			const defaults: any = await api(
				'GET',
				`/scheduled_events?user=${encodeURIComponent(owner.uri)}`,
				ownerToken,
			);
			expect(defaults.json.collection).toHaveLength(20);
		});

		it('validates count', async () => {
			for (const count of ['0', '101', 'abc']) {
				const res = await api(
					'GET',
					`/organization_memberships?organization=${encodeURIComponent(sim.organization!)}&count=${count}`,
					ownerToken,
				);
				expect(res.status).toBe(400);
				expect(res.json).toMatchObject({
					title: 'Invalid Argument',
					message: 'The supplied parameters are invalid.',
					details: [{ parameter: 'count' }],
				});
			}
		});
	});

	describe('organization and lists', () => {
		it('filters memberships by role and email', async () => {
			const org = encodeURIComponent(sim.organization!);
			const owners: any = await api(
				'GET',
				`/organization_memberships?organization=${org}&role=owner`,
				memberToken,
			);
			expect(owners.json.collection.map((m: any) => m.user.email)).toEqual(['olivia@example.com']);
			const byEmail: any = await api(
				'GET',
				`/organization_memberships?organization=${org}&email=mark@example.com`,
				ownerToken,
			);
			expect(byEmail.json.collection[0]).toMatchObject({
				role: 'user',
				organization: sim.organization,
				user: { uri: member.uri },
			});
		});

		it('applies the scheduled_events permission rules', async () => {
			const org = encodeURIComponent(sim.organization!);
			const orgOnly = await api('GET', `/scheduled_events?organization=${org}`, memberToken);
			expect(orgOnly.status).toBe(403);
			expect(orgOnly.json.title).toBe('Permission Denied');
			expect((await api('GET', `/scheduled_events?organization=${org}`, ownerToken)).status).toBe(
				200,
			);
			const otherUser = await api(
				'GET',
				`/scheduled_events?user=${encodeURIComponent(member.uri)}`,
				ownerToken,
			);
			expect(otherUser.json.message).toBe(
				'Please also specify organization when requesting events for a user within your organization.',
			);
			expect(
				(
					await api(
						'GET',
						`/scheduled_events?organization=${org}&user=${encodeURIComponent(member.uri)}`,
						ownerToken,
					)
				).status,
			).toBe(200);
			const stranger = sim.createUser({
				name: 'Sam Stranger',
				email: 'sam@elsewhere.com',
				organization: 'new',
			});
			const foreign = await api(
				'GET',
				`/scheduled_events?user=${encodeURIComponent(stranger.uri)}`,
				ownerToken,
			);
			expect(foreign.json.message).toBe('This user is not in your organization');
		});

		it('sorts and filters event types and validates available times', async () => {
			sim.createEventType({ owner: owner.uri, name: 'Zeta', duration: 30 });
			sim.createEventType({ owner: owner.uri, name: 'Alpha', duration: 60, active: false });
			const et = sim.createEventType({ owner: owner.uri, name: 'Beta', duration: 60 });
			const user = encodeURIComponent(owner.uri);
			const byName: any = await api('GET', `/event_types?user=${user}`, ownerToken);
			expect(byName.json.collection.map((e: any) => e.name)).toEqual(['Alpha', 'Beta', 'Zeta']);
			const active: any = await api(
				'GET',
				`/event_types?user=${user}&active=true&sort=name:desc`,
				ownerToken,
			);
			expect(active.json.collection.map((e: any) => e.name)).toEqual(['Zeta', 'Beta']);
			expect((await api('GET', '/event_types', ownerToken)).status).toBe(400);

			sim.setNow('2030-03-04T00:00:00Z');
			const times = (start: string, end: string) =>
				`/event_type_available_times?event_type=${encodeURIComponent(et.uri)}&start_time=${start}&end_time=${end}`;
			const slots: any = await api(
				'GET',
				times('2030-03-04T00:00:00Z', '2030-03-05T00:00:00Z'),
				ownerToken,
			);
			expect(slots.status).toBe(200);
			// 09:00-17:00 Europe/Berlin (UTC+1 in March) in 60-minute slots
			expect(slots.json.collection.map((s: any) => s.start_time)).toEqual(
				['08', '09', '10', '11', '12', '13', '14', '15'].map((h) => `2030-03-04T${h}:00:00Z`),
			);
			expect(slots.json.pagination).toBeUndefined();
			expect(
				(await api('GET', times('2030-03-03T00:00:00Z', '2030-03-05T00:00:00Z'), ownerToken)).json
					.details[0].parameter,
			).toBe('start_time');
			expect(
				(await api('GET', times('2030-03-04T00:00:00Z', '2030-04-05T00:00:00Z'), ownerToken)).json
					.details[0].parameter,
			).toBe('end_time');
		});
	});

	describe('webhook subscriptions', () => {
		const create = (token: string, overrides: Record<string, unknown> = {}) =>
			api('POST', '/webhook_subscriptions', token, {
				url: 'https://hooks.example.com/a',
				events: ['invitee.created', 'invitee.canceled'],
				organization: sim.organization,
				scope: 'user',
				user: owner.uri,
				signing_key: 'top-secret-key',
				...overrides,
			});

		it('creates without returning the signing key and answers 409 on a duplicate URL', async () => {
			const created = await create(ownerToken);
			expect(created.status).toBe(201);
			expect(created.json.resource).toMatchObject({
				callback_url: 'https://hooks.example.com/a',
				state: 'active',
				retry_started_at: null,
				scope: 'user',
				user: owner.uri,
				creator: owner.uri,
				group: null,
			});
			expect(created.text).not.toContain('top-secret-key');
			expect(JSON.stringify(sim.requests)).not.toContain('top-secret-key');
			expect(sim.listSubscriptions()[0]).toMatchObject({
				has_signing_key: true,
				created_with: 'pat',
			});

			const dup = await create(ownerToken, { scope: 'organization', user: undefined });
			expect(dup.status).toBe(409);
			expect(dup.json).toEqual({
				title: 'Already Exists',
				message: 'Hook with this url already exists',
			});

			const list: any = await api(
				'GET',
				`/webhook_subscriptions?organization=${encodeURIComponent(sim.organization!)}&scope=user&user=${encodeURIComponent(owner.uri)}`,
				ownerToken,
			);
			expect(list.json.collection).toHaveLength(1);
			expect(list.json.pagination).toMatchObject({
				count: 1,
				next_page: null,
				next_page_token: null,
			});
			const uuid = created.json.resource.uri.split('/').pop();
			expect(
				(await api('GET', `/webhook_subscriptions/${uuid}`, ownerToken)).json.resource.uri,
			).toBe(created.json.resource.uri);
			expect((await api('DELETE', `/webhook_subscriptions/${uuid}`, ownerToken)).status).toBe(204);
			expect((await api('DELETE', `/webhook_subscriptions/${uuid}`, ownerToken)).status).toBe(404);
		});

		it('validates parameters, scopes and roles', async () => {
			const missing = await create(ownerToken, { organization: undefined });
			expect(missing.status).toBe(400);
			expect(missing.json.details).toEqual([{ parameter: 'organization', message: 'is required' }]);
			expect((await create(ownerToken, { user: undefined })).json.details[0].parameter).toBe(
				'user',
			);
			expect(
				(
					await create(ownerToken, {
						url: 'https://h.example.com/r',
						events: ['routing_form_submission.created'],
					})
				).status,
			).toBe(400);

			const noRead = sim.issueToken({ user: owner.uri, scopes: ['webhooks:write', 'users:read'] });
			const bare = await create(noRead);
			expect(bare.status).toBe(400);
			expect(bare.json.message).toBe('The supplied parameters are invalid.');
			const eventTypes = await create(noRead, { events: ['event_type.created'] });
			expect(eventTypes.json.required_scopes).toEqual(['event_types:read']);
			const noWrite = sim.issueToken({
				user: owner.uri,
				scopes: ['webhooks:read', 'scheduled_events:read'],
			});
			expect((await create(noWrite)).json.required_scopes).toEqual(['webhooks:write']);

			const orgByMember = await create(memberToken, { scope: 'organization', user: undefined });
			expect(orgByMember.status).toBe(403);
			expect(orgByMember.json).toEqual({
				title: 'Permission Denied',
				message: 'You do not have permission to access this resource.',
			});
			expect((await create(memberToken, { user: owner.uri })).status).toBe(403);
			expect((await create(memberToken, { user: member.uri })).status).toBe(201);
			expect(
				(
					await create(ownerToken, {
						url: 'https://h.example.com/o',
						scope: 'organization',
						user: undefined,
					})
				).status,
			).toBe(201);
		});
	});

	describe('webhook deliveries', () => {
		it('signs PAT subscriptions with their key, OAuth ones with the app key, and sends no header without a key', async () => {
			const receiver = await startReceiver();
			try {
				await api('POST', '/webhook_subscriptions', ownerToken, {
					url: `${receiver.url}?pat`,
					events: ['invitee.created'],
					organization: sim.organization,
					scope: 'user',
					user: owner.uri,
					signing_key: 'pat-key',
				});
				const oauth = sim.issueToken({
					user: owner.uri,
					kind: 'oauth',
					scopes: ['webhooks:write', 'scheduled_events:read'],
				});
				await api('POST', '/webhook_subscriptions', oauth, {
					url: `${receiver.url}?oauth`,
					events: ['invitee.created'],
					organization: sim.organization,
					scope: 'organization',
					signing_key: 'ignored',
				});
				await api('POST', '/webhook_subscriptions', ownerToken, {
					url: `${receiver.url}?none`,
					events: ['invitee.created'],
					organization: sim.organization,
					scope: 'user',
					user: owner.uri,
				});
				await api('POST', '/webhook_subscriptions', memberToken, {
					url: `${receiver.url}?member`,
					events: ['invitee.created'],
					organization: sim.organization,
					scope: 'user',
					user: member.uri,
					signing_key: 'k',
				});

				const et = sim.createEventType({
					owner: owner.uri,
					name: 'Demo',
					duration: 30,
					locations: [{ kind: 'zoom_conference' }],
				});
				const { invitee, deliveries } = await sim.book({
					eventType: et.uri,
					invitee: {
						email: 'ina@example.com',
						name: 'Ina Invitee',
						first_name: 'Ina',
						last_name: 'Invitee',
						timezone: 'Europe/Paris',
					},
					startTime: '2030-05-06T10:00:00Z',
					questionsAndAnswers: [{ question: 'Company?', answer: 'Acme' }],
					tracking: { utm_source: 'newsletter' },
				});
				expect(deliveries.map((d) => d.ok)).toEqual([true, true, true]);
				expect(receiver.received).toHaveLength(3);
				const [pat, viaOauth, none] = receiver.received;
				expect(
					verify('pat-key', pat.headers['calendly-webhook-signature'] as string, pat.rawBody),
				).toBe(true);
				expect(
					verify(
						'ignored',
						viaOauth.headers['calendly-webhook-signature'] as string,
						viaOauth.rawBody,
					),
				).toBe(false);
				expect(
					verify(
						sim.oauthApp.webhookSigningKey,
						viaOauth.headers['calendly-webhook-signature'] as string,
						viaOauth.rawBody,
					),
				).toBe(true);
				expect(none.headers['calendly-webhook-signature']).toBeUndefined();

				const envelope = JSON.parse(pat.rawBody);
				expect(envelope).toMatchObject({ event: 'invitee.created', created_by: owner.uri });
				expect(envelope.payload).toMatchObject({
					uri: invitee.uri,
					email: 'ina@example.com',
					first_name: 'Ina',
					status: 'active',
					rescheduled: false,
					old_invitee: null,
					new_invitee: null,
					no_show: null,
					payment: null,
					reconfirmation: null,
					questions_and_answers: [{ question: 'Company?', answer: 'Acme', position: 0 }],
					tracking: { utm_source: 'newsletter', utm_campaign: null, salesforce_uuid: null },
					scheduled_event: {
						name: 'Demo',
						status: 'active',
						start_time: '2030-05-06T10:00:00.000000Z',
						end_time: '2030-05-06T10:30:00.000000Z',
						invitees_counter: { total: 1, active: 1, limit: 1 },
						event_memberships: [
							{ user: owner.uri, user_email: 'olivia@example.com', user_name: 'Olivia Owner' },
						],
						location: { type: 'zoom', status: 'pushed' },
					},
				});
				for (const field of [
					'timezone',
					'event',
					'created_at',
					'updated_at',
					'text_reminder_number',
					'cancel_url',
					'reschedule_url',
					'routing_form_submission',
					'scheduling_method',
					'invitee_scheduled_by',
				]) {
					expect(envelope.payload).toHaveProperty(field);
				}
				expect(envelope.payload.scheduled_event).not.toHaveProperty('calendar_event');
			} finally {
				await receiver.close();
			}
		});

		it('marks failed deliveries and skips disabled subscriptions', async () => {
			const receiver = await startReceiver(500);
			try {
				const created: any = await api('POST', '/webhook_subscriptions', ownerToken, {
					url: receiver.url,
					events: ['invitee.created'],
					organization: sim.organization,
					scope: 'organization',
				});
				const et = sim.createEventType({ owner: member.uri, name: 'Any', duration: 30 });
				const first = await sim.book({
					eventType: et.uri,
					invitee: { email: 'a@example.com', name: 'A' },
					startTime: '2030-05-06T10:00:00Z',
				});
				expect(first.deliveries[0]).toMatchObject({ status: 500, ok: false });
				expect(sim.listSubscriptions()[0].retry_started_at).not.toBeNull();
				sim.disableSubscription(created.json.resource.uri);
				expect(sim.listSubscriptions()[0].state).toBe('disabled');
				const second = await sim.book({
					eventType: et.uri,
					invitee: { email: 'b@example.com', name: 'B' },
					startTime: '2030-05-07T10:00:00Z',
				});
				expect(second.deliveries).toEqual([]);
			} finally {
				await receiver.close();
			}
		});

		it('keeps one scheduled event and right counters for group bookings', async () => {
			const receiver = await startReceiver();
			try {
				const group = sim.createGroup({ name: 'Sales', members: [member.uri] });
				await api('POST', '/webhook_subscriptions', ownerToken, {
					url: receiver.url,
					events: ['invitee.created', 'invitee.canceled'],
					organization: sim.organization,
					scope: 'group',
					group: group.uri,
				});
				const et = sim.createEventType({
					owner: member.uri,
					name: 'Workshop',
					duration: 60,
					kind: 'group',
					seats: 3,
				});
				const start = '2030-06-01T15:00:00Z';
				const bookings = [];
				for (const n of [1, 2, 3])
					bookings.push(
						await sim.book({
							eventType: et.uri,
							invitee: { email: `g${n}@example.com`, name: `G ${n}` },
							startTime: start,
						}),
					);
				expect(new Set(bookings.map((b) => b.event.uri)).size).toBe(1);
				expect(bookings[2].event.invitees_counter).toEqual({ total: 3, active: 3, limit: 3 });
				await expect(
					sim.book({
						eventType: et.uri,
						invitee: { email: 'g4@example.com', name: 'G 4' },
						startTime: start,
					}),
				).rejects.toThrow(/no seats left/);

				const canceled = await sim.cancelInvitee(bookings[0].invitee.uri, {
					by: 'invitee',
					reason: 'Sick',
				});
				expect(canceled.event).toMatchObject({
					status: 'active',
					invitees_counter: { total: 3, active: 2, limit: 3 },
				});
				const payloads = receiver.received.map((r) => JSON.parse(r.rawBody));
				expect(payloads.map((p) => p.event)).toEqual([
					'invitee.created',
					'invitee.created',
					'invitee.created',
					'invitee.canceled',
				]);
				expect(payloads[3].payload).toMatchObject({
					status: 'canceled',
					rescheduled: false,
					cancellation: { canceled_by: 'G 1', reason: 'Sick', canceler_type: 'invitee' },
				});
				const invitees: any = await api(
					'GET',
					`/scheduled_events/${bookings[0].event.uri.split('/').pop()}/invitees?status=active`,
					ownerToken,
				);
				expect(invitees.json.collection.map((i: any) => i.email)).toEqual([
					'g2@example.com',
					'g3@example.com',
				]);
			} finally {
				await receiver.close();
			}
		});

		it('delivers a reschedule as a canceled/created pair linked both ways', async () => {
			const receiver = await startReceiver();
			try {
				await api('POST', '/webhook_subscriptions', ownerToken, {
					url: receiver.url,
					events: ['invitee.created', 'invitee.canceled'],
					organization: sim.organization,
					scope: 'user',
					user: owner.uri,
					signing_key: 'k',
				});
				const et = sim.createEventType({ owner: owner.uri, name: 'Call', duration: 30 });
				const { invitee } = await sim.book({
					eventType: et.uri,
					invitee: { email: 'r@example.com', name: 'Rita' },
					startTime: '2030-07-01T09:00:00Z',
				});
				const result = await sim.reschedule(invitee.uri, '2030-07-02T09:00:00Z', {
					order: 'created-first',
				});
				const [, created, canceled] = receiver.received.map((r) => JSON.parse(r.rawBody));
				expect(created.event).toBe('invitee.created');
				expect(canceled.event).toBe('invitee.canceled');
				expect(canceled.payload).toMatchObject({
					uri: invitee.uri,
					status: 'canceled',
					rescheduled: true,
					new_invitee: result.newInvitee.uri,
					cancellation: { canceler_type: 'invitee' },
				});
				expect(created.payload).toMatchObject({
					uri: result.newInvitee.uri,
					status: 'active',
					old_invitee: invitee.uri,
					new_invitee: null,
				});
				expect(created.payload.scheduled_event.uri).not.toBe(canceled.payload.scheduled_event.uri);
				expect(created.payload.scheduled_event.start_time).toBe('2030-07-02T09:00:00.000000Z');
				expect(canceled.payload.scheduled_event.status).toBe('canceled');
			} finally {
				await receiver.close();
			}
		});

		it('lists the guests an invitee added on the scheduled event, and keeps them on a reschedule', async () => {
			const et = sim.createEventType({ owner: owner.uri, name: 'Guest call', duration: 30 });
			const { invitee, event } = await sim.book({
				eventType: et.uri,
				invitee: { email: 'host.of.guests@example.com', name: 'Hugh' },
				startTime: '2030-07-03T09:00:00Z',
				guests: ['g.one@example.com', 'g.two@example.com'],
			});
			expect(event.event_guests.map((guest: any) => guest.email)).toEqual([
				'g.one@example.com',
				'g.two@example.com',
			]);
			const result = await sim.reschedule(invitee.uri, '2030-07-04T09:00:00Z');
			expect(result.event.uri).not.toBe(event.uri);
			expect(result.event.event_guests.map((guest: any) => guest.email)).toEqual([
				'g.one@example.com',
				'g.two@example.com',
			]);
			expect(result.oldEvent.event_guests.map((guest: any) => guest.email)).toEqual([
				'g.one@example.com',
				'g.two@example.com',
			]);
		});

		it('exports signing helpers that match the delivery format', () => {
			const { body, headers } = buildDelivery({
				event: 'invitee.created',
				payload: { a: 1 },
				createdBy: owner.uri,
				signingKey: 'k',
				t: 1700000000,
			});
			expect(headers['calendly-webhook-signature']).toBe(signWebhook('k', body, 1700000000));
			expect(verify('k', headers['calendly-webhook-signature'], body)).toBe(true);
		});
	});

	describe('cancellation and no-shows over the API', () => {
		it('cancels with 201, refuses past or canceled events', async () => {
			const et = sim.createEventType({ owner: owner.uri, name: 'Call', duration: 30 });
			const { event } = await sim.book({
				eventType: et.uri,
				invitee: { email: 'x@example.com', name: 'X' },
				startTime: '2030-01-01T10:00:00Z',
			});
			const uuid = event.uri.split('/').pop();
			expect(
				(await api('POST', `/scheduled_events/${uuid}/cancellation`, memberToken, {})).json.message,
			).toBe('You are not allowed to cancel this event');
			const ok = await api('POST', `/scheduled_events/${uuid}/cancellation`, ownerToken, {
				reason: 'Conflict',
			});
			expect(ok.status).toBe(201);
			expect(ok.json.resource).toMatchObject({
				canceled_by: 'Olivia Owner',
				reason: 'Conflict',
				canceler_type: 'host',
			});
			expect(
				(await api('POST', `/scheduled_events/${uuid}/cancellation`, ownerToken, {})).json,
			).toEqual({ title: 'Permission Denied', message: 'Event is already canceled' });
			const { event: past } = await sim.book({
				eventType: et.uri,
				invitee: { email: 'y@example.com', name: 'Y' },
				startTime: '2030-01-02T10:00:00Z',
			});
			sim.setNow('2030-01-03T00:00:00Z');
			expect(
				(
					await api(
						'POST',
						`/scheduled_events/${past.uri.split('/').pop()}/cancellation`,
						ownerToken,
						{},
					)
				).json.message,
			).toBe('Event in the past');
		});

		it('creates, reads and deletes no-shows', async () => {
			const et = sim.createEventType({ owner: owner.uri, name: 'Call', duration: 30 });
			const { invitee } = await sim.book({
				eventType: et.uri,
				invitee: { email: 'n@example.com', name: 'N' },
				startTime: '2030-01-01T10:00:00Z',
			});
			const created: any = await api('POST', '/invitee_no_shows', ownerToken, {
				invitee: invitee.uri,
			});
			expect(created.status).toBe(201);
			expect(created.json.resource.invitee).toBe(invitee.uri);
			const uuid = created.json.resource.uri.split('/').pop();
			expect((await api('GET', `/invitee_no_shows/${uuid}`, ownerToken)).status).toBe(200);
			const inv: any = await api('GET', new URL(invitee.uri).pathname, ownerToken);
			expect(inv.json.resource.no_show).toEqual({
				uri: created.json.resource.uri,
				created_at: created.json.resource.created_at,
			});
			expect((await api('DELETE', `/invitee_no_shows/${uuid}`, ownerToken)).status).toBe(204);
			expect((await api('GET', `/invitee_no_shows/${uuid}`, ownerToken)).status).toBe(404);
		});

		it('creates single-use scheduling links', async () => {
			const et = sim.createEventType({ owner: owner.uri, name: 'Call', duration: 30 });
			const res = await api('POST', '/scheduling_links', ownerToken, {
				max_event_count: 1,
				owner: et.uri,
				owner_type: 'EventType',
			});
			expect(res.status).toBe(201);
			expect(res.json.resource).toMatchObject({ owner: et.uri, owner_type: 'EventType' });
			expect(res.json.resource.booking_url).toMatch(/^https:\/\/calendly\.com\/d\//);
			expect(
				(
					await api('POST', '/scheduling_links', ownerToken, {
						max_event_count: 2,
						owner: et.uri,
						owner_type: 'EventType',
					})
				).status,
			).toBe(400);
		});
	});

	describe('more API fidelity', () => {
		it('books through POST /invitees only on an available slot', async () => {
			sim.setNow('2030-03-04T00:00:00Z');
			const et = sim.createEventType({ owner: owner.uri, name: 'Api', duration: 60 });
			const body = {
				event_type: et.uri,
				start_time: '2030-03-04T08:00:00Z',
				invitee: { email: 'api@example.com', first_name: 'Ada', last_name: 'Api', timezone: 'UTC' },
			};
			const created: any = await api('POST', '/invitees', ownerToken, body);
			expect(created.status).toBe(201);
			expect(created.json.resource).toMatchObject({
				name: 'Ada Api',
				first_name: 'Ada',
				scheduling_method: 'api',
				invitee_scheduled_by: owner.uri,
			});
			const taken = await api('POST', '/invitees', ownerToken, body);
			expect(taken.status).toBe(400);
			expect(taken.json.details[0].parameter).toBe('start_time');
			expect(
				(
					await api('POST', '/invitees', ownerToken, {
						...body,
						start_time: '2030-03-04T03:00:00Z',
					})
				).status,
			).toBe(400);
			const readOnly = sim.issueToken({ user: owner.uri, scopes: ['scheduled_events:read'] });
			expect((await api('POST', '/invitees', readOnly, body)).json.required_scopes).toEqual([
				'scheduled_events:write',
			]);
		});

		it('answers 400 on a body that is not JSON and 401 on revoked tokens', async () => {
			const res = await fetch(`${sim.baseUrl}/webhook_subscriptions`, {
				method: 'POST',
				headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
				body: '{not json',
			});
			expect(res.status).toBe(400);
			expect(((await res.json()) as any).title).toBe('Invalid Argument');
			sim.revokeToken(ownerToken);
			expect((await api('GET', '/users/me', ownerToken)).status).toBe(401);
		});

		it('delivers event_type.* and routing_form_submission.created to matching subscriptions', async () => {
			const receiver = await startReceiver();
			try {
				await api('POST', '/webhook_subscriptions', ownerToken, {
					url: `${receiver.url}?et`,
					events: ['event_type.created', 'event_type.updated', 'event_type.deleted'],
					organization: sim.organization,
					scope: 'user',
					user: member.uri,
					signing_key: 'k',
				});
				await api('POST', '/webhook_subscriptions', ownerToken, {
					url: `${receiver.url}?rf`,
					events: ['routing_form_submission.created'],
					organization: sim.organization,
					scope: 'organization',
					signing_key: 'k',
				});
				sim.createEventType({ owner: owner.uri, name: 'Not for member', duration: 30 });
				const et = sim.createEventType({ owner: member.uri, name: 'Mine', duration: 30 });
				await sim.settle();
				await sim.updateEventType(et.uri, { name: 'Renamed' });
				await sim.deleteEventType(et.uri);
				const form = sim.createRoutingForm({ name: 'Qualify', questions: [{ name: 'Budget?' }] });
				const { submission } = await sim.submitRoutingForm({
					form: form.uri,
					answers: [{ question: 'Budget?', answer: '10k' }],
				});
				const got = receiver.received.map((r) => JSON.parse(r.rawBody));
				expect(got.map((g) => g.event)).toEqual([
					'event_type.created',
					'event_type.updated',
					'event_type.deleted',
					'routing_form_submission.created',
				]);
				expect(got[1].payload).toMatchObject({ uri: et.uri, name: 'Renamed' });
				expect(got[2].payload.deleted_at).not.toBeNull();
				expect(got[3].payload).toMatchObject({
					uri: submission.uri,
					routing_form: form.uri,
					questions_and_answers: [{ question: 'Budget?', answer: '10k' }],
				});
				const subs: any = await api(
					'GET',
					`/routing_form_submissions?form=${encodeURIComponent(form.uri)}`,
					ownerToken,
				);
				expect(subs.json.collection).toHaveLength(1);
				expect(
					(await api('GET', '/routing_form_submissions', ownerToken)).json.details[0].parameter,
				).toBe('form');
				expect(
					(await api('GET', `/event_types/${et.uri.split('/').pop()}`, ownerToken)).json.resource
						.deleted_at,
				).not.toBeNull();
			} finally {
				await receiver.close();
			}
		});

		it('refuses paid-feature events on a free plan', async () => {
			const freeOrg = sim.createOrganization({ plan: 'free' });
			const boss = sim.createUser({
				name: 'Fay Free',
				email: 'fay@free.example.com',
				organization: freeOrg,
			});
			const token = sim.issueToken({ user: boss.uri });
			const denied = await api('POST', '/webhook_subscriptions', token, {
				url: 'https://h.example.com/free',
				events: ['routing_form_submission.created'],
				organization: freeOrg,
				scope: 'organization',
			});
			expect(denied.json).toEqual({
				title: 'Permission Denied',
				message: 'Please upgrade to a paid Calendly account.',
			});
			expect(
				(
					await api('POST', '/webhook_subscriptions', token, {
						url: 'https://h.example.com/free',
						events: ['invitee.created'],
						organization: freeOrg,
						scope: 'organization',
					})
				).status,
			).toBe(201);
		});

		it('serves sample webhook data and can refuse http callbacks', async () => {
			const org = encodeURIComponent(sim.organization!);
			const sample: any = await api(
				'GET',
				`/sample_webhook_data?event=invitee.canceled&organization=${org}&scope=user&user=${encodeURIComponent(member.uri)}`,
				memberToken,
			);
			expect(sample.status).toBe(200);
			expect(sample.json).toMatchObject({
				event: 'invitee.canceled',
				created_by: member.uri,
				payload: {
					status: 'canceled',
					cancellation: { canceler_type: 'invitee' },
					scheduled_event: { event_memberships: [{ user: member.uri }] },
				},
			});
			expect(
				(
					await api(
						'GET',
						`/sample_webhook_data?event=nope&organization=${org}&scope=organization`,
						ownerToken,
					)
				).json.details[0].parameter,
			).toBe('event');

			const strict = new CalendlySimulator({ allowHttpCallbacks: false });
			await strict.start();
			try {
				const boss = strict.createUser({ name: 'Bo Boss', email: 'bo@example.com' });
				const token = strict.issueToken({ user: boss.uri });
				const res = await fetch(`${strict.baseUrl}/webhook_subscriptions`, {
					method: 'POST',
					headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
					body: JSON.stringify({
						url: 'http://localhost:5678/webhook/x',
						events: ['invitee.created'],
						organization: strict.organization,
						scope: 'organization',
					}),
				});
				expect(res.status).toBe(400);
				expect(((await res.json()) as any).details).toEqual([
					{ parameter: 'url', message: 'must be a valid HTTPS URL' },
				]);
			} finally {
				await strict.stop();
			}
		});

		it('stays fast with 1,000 group events of three invitees each', async () => {
			const et = sim.createEventType({
				owner: owner.uri,
				name: 'Class',
				duration: 30,
				kind: 'group',
				seats: 5,
			});
			const base = Date.parse('2031-01-01T00:00:00Z');
			for (let e = 0; e < 1000; e++) {
				for (let i = 0; i < 3; i++) {
					await sim.book({
						eventType: et.uri,
						invitee: { email: `s${e}-${i}@example.com`, name: `S ${e} ${i}` },
						startTime: new Date(base + e * 3600000),
					});
				}
			}
			const started = Date.now();
			let token: string | null = null;
			let events = 0;
			let invitees = 0;
			do {
				const page: any = await api(
					'GET',
					`/scheduled_events?user=${encodeURIComponent(owner.uri)}&count=100${token ? `&page_token=${token}` : ''}`,
					ownerToken,
				);
				events += page.json.collection.length;
				for (const ev of page.json.collection.slice(0, 5)) {
					const list: any = await api(
						'GET',
						`/scheduled_events/${ev.uri.split('/').pop()}/invitees?count=100`,
						ownerToken,
					);
					invitees += list.json.collection.length;
				}
				token = page.json.pagination.next_page_token;
			} while (token);
			expect(events).toBe(1000);
			expect(invitees).toBe(10 * 5 * 3);
			expect(Date.now() - started).toBeLessThan(5000);
		});

		it('reset drops data, tokens and logs', async () => {
			await api('GET', '/users/me', ownerToken);
			const log = sim.requests;
			sim.reset();
			expect(log).toHaveLength(0);
			expect((await api('GET', '/users/me', ownerToken)).status).toBe(401);
			expect(sim.organization).toBeNull();
		});
	});

	describe('OAuth token endpoint', () => {
		const form = (fields: Record<string, string>, basic = true) =>
			fetch(`${sim.baseUrl}/oauth/token`, {
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					...(basic
						? {
								authorization: `Basic ${Buffer.from(`${sim.oauthApp.clientId}:${sim.oauthApp.clientSecret}`).toString('base64')}`,
							}
						: {}),
				},
				body: new URLSearchParams(fields).toString(),
			}).then(async (r) => ({ status: r.status, json: (await r.json()) as any }));

		it('exchanges a code and rotates refresh tokens', async () => {
			const code = sim.issueAuthCode({
				user: owner.uri,
				scopes: ['users:read'],
				redirectUri: 'http://localhost/cb',
			});
			const first = await form({
				grant_type: 'authorization_code',
				code,
				redirect_uri: 'http://localhost/cb',
			});
			expect(first.status).toBe(200);
			expect(first.json).toMatchObject({
				token_type: 'Bearer',
				scope: 'users:read',
				expires_in: 7200,
				owner: owner.uri,
				organization: sim.organization,
			});
			expect(
				(
					await form({
						grant_type: 'authorization_code',
						code,
						redirect_uri: 'http://localhost/cb',
					})
				).json.error,
			).toBe('invalid_grant');
			const refreshed = await form({
				grant_type: 'refresh_token',
				refresh_token: first.json.refresh_token,
			});
			expect(refreshed.status).toBe(200);
			expect(refreshed.json.refresh_token).not.toBe(first.json.refresh_token);
			expect(
				(await form({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token })).json
					.error,
			).toBe('invalid_grant');
			expect((await api('GET', '/users/me', refreshed.json.access_token)).status).toBe(200);
			expect(
				(
					await form(
						{ grant_type: 'refresh_token', refresh_token: refreshed.json.refresh_token },
						false,
					)
				).json.error,
			).toBe('invalid_client');
			expect(JSON.stringify(sim.requests)).not.toContain(refreshed.json.refresh_token);
		});

		it('expires OAuth access tokens after two hours of simulated time', async () => {
			sim.setNow('2030-01-01T00:00:00Z');
			const token = sim.issueToken({ user: owner.uri, kind: 'oauth' });
			expect((await api('GET', '/users/me', token)).status).toBe(200);
			sim.setNow('2030-01-01T02:00:01Z');
			expect((await api('GET', '/users/me', token)).status).toBe(401);
		});
	});

	describe('control endpoints and CLI', () => {
		it('drives bookings and reads logs over /__sim/', async () => {
			const post = (p: string, body: unknown) =>
				fetch(sim.baseUrl + p, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({
					status: r.status,
					json: (await r.json()) as any,
				}));
			const made = await post('/__sim/users', {
				name: 'Cara Control',
				email: 'cara@example.com',
				role: 'admin',
			});
			expect(made.status).toBe(201);
			expect((await api('GET', '/users/me', made.json.token)).json.resource.email).toBe(
				'cara@example.com',
			);
			const et = await post('/__sim/event_types', {
				owner: made.json.user.uri,
				name: 'Ctl',
				duration: 30,
			});
			const booked = await post('/__sim/bookings', {
				eventType: et.json.eventType.uri,
				invitee: { email: 'z@example.com', name: 'Z' },
				startTime: '2030-01-01T10:00:00Z',
			});
			expect(booked.json.invitee.status).toBe('active');
			expect((await post('/__sim/bookings', { eventType: 'nope' })).status).toBe(400);
			const requests: any = await (await fetch(`${sim.baseUrl}/__sim/requests`)).json();
			expect(requests.collection.some((r: any) => r.path === '/users/me')).toBe(true);
			expect(JSON.stringify(requests)).not.toContain(made.json.token);
		});

		it('starts from the command line and stops on SIGTERM', async () => {
			const child = spawn(
				process.execPath,
				[path.join(__dirname, 'cli.js'), '--port', '0', '--seed'],
				{ stdio: ['ignore', 'pipe', 'pipe'] },
			);
			const lines: string[] = await new Promise((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (chunk: Buffer) => {
					out += chunk.toString();
					const got = out.split('\n').filter(Boolean);
					if (got.length >= 2) resolve(got);
				});
				child.once('exit', (code) => reject(new Error(`cli exited early with ${code}`)));
			});
			expect(lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			const seed = JSON.parse(lines[1]);
			const me = await fetch(`${lines[0]}/users/me`, {
				headers: { authorization: `Bearer ${seed.token}` },
			});
			expect(me.status).toBe(200);
			const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		});
	});
});
