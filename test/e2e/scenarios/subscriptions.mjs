// The Calendly Trigger's subscription lifecycle and signature checks inside a real n8n: publish,
// restart, repair, unpublish, and deliveries that must be refused.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
	executionError,
	nodeOutputs,
	postDelivery,
	waitForExecutions,
} from '../lib/executions.mjs';
import {
	calendlyAccount,
	createWorkflow,
	publishedTriggerWorkflow,
	unpublishAndWaitForUnsubscribe,
} from '../lib/fixtures.mjs';
import { publishAndWait, waitForPublicationStatus } from '../lib/n8nApi.mjs';
import { buildDelivery, subscriptionsFor } from '../lib/simulator.mjs';
import { sleep, waitFor } from '../lib/wait.mjs';
import { connect, noOpNode, triggerNode, workflow } from '../lib/workflows.mjs';

const INVITEE_EVENTS = [
	'invitee.canceled',
	'invitee.created',
	'invitee_no_show.created',
	'invitee_no_show.deleted',
];
const tomorrow = (hours = 0) => new Date(Date.now() + (24 + hours) * 3600_000);

/** Subscription POSTs the simulator received for one callback URL. */
const creationsFor = (sim, url) =>
	sim.requests.filter(
		(r) => r.method === 'POST' && r.path === '/webhook_subscriptions' && r.body?.url === url,
	);

/** The one subscription at `url`, asserting there is exactly one. */
function onlySubscription(sim, url) {
	const subs = subscriptionsFor(sim, url);
	assert.equal(
		subs.length,
		1,
		`expected exactly one subscription for ${url}, found ${JSON.stringify(subs, null, 1)}`,
	);
	return subs[0];
}

/** Waits until n8n serves the webhook again (an unsigned POST gets 401, not 404) after a start. */
async function waitForWebhook(url) {
	await waitFor(
		`the webhook ${url} to be served`,
		async () =>
			(await postDelivery(url, '{}', { 'content-type': 'application/json' })).status === 401,
		{ timeoutMs: 60_000, intervalMs: 500 },
	);
}

export function subscriptionScenarios(ctx) {
	describe('Calendly Trigger subscription lifecycle', () => {
		let ana; // the main account: its workflow lives through the whole lifecycle
		let wf;
		let firstSubscription;

		/** A plain restart: n8n's default activation for the scenarios that follow a restart with other settings. */
		const backToDefaultActivation = async () => {
			await ctx.stack.restart();
			await waitForWebhook(wf.webhookUrl);
		};

		before(async () => {
			ana = await calendlyAccount(ctx.stack, {
				name: 'Ana Lifecycle',
				email: 'ana.lifecycle@host.test',
			});
			const trigger = triggerNode({ credentialId: ana.credentialId, events: INVITEE_EVENTS });
			wf = await createWorkflow(
				ctx.stack,
				workflow(
					'Lifecycle',
					[trigger, noOpNode('Received')],
					connect({}, trigger.name, 'Received'),
				),
			);
		});

		test('publishing creates exactly one subscription, with a signing key, for the workflow URL', async () => {
			const { sim } = ctx.stack;
			assert.equal(subscriptionsFor(sim, wf.webhookUrl).length, 0);
			await publishAndWait(ctx.stack.api, ctx.stack.rest, wf.id);
			firstSubscription = onlySubscription(sim, wf.webhookUrl);
			assert.equal(firstSubscription.state, 'active');
			assert.equal(firstSubscription.has_signing_key, true);
			assert.equal(firstSubscription.created_with, 'pat');
			assert.equal(firstSubscription.scope, 'user');
			assert.equal(firstSubscription.user, ana.user.uri);
			assert.deepEqual([...firstSubscription.events].sort(), INVITEE_EVENTS);
			assert.equal(creationsFor(sim, wf.webhookUrl).length, 1, 'one POST /webhook_subscriptions');
		});

		test('a signed booking starts one execution that carries the delivery as Calendly sent it', async () => {
			const { sim, api } = ctx.stack;
			const booked = await sim.book({
				eventType: ana.eventType.uri,
				invitee: { email: 'Bob.Booker@Example.com', name: 'Bob Booker' },
				startTime: tomorrow(),
			});
			assert.deepEqual(
				booked.deliveries.map((d) => d.status),
				[200],
			);
			const [execution] = await waitForExecutions(api, wf.id, 1);
			assert.equal(execution.status, 'success', JSON.stringify(executionError(execution)));
			const [[item]] = nodeOutputs(execution, 'Received');
			assert.deepEqual(item, JSON.parse(booked.deliveries[0].body));
			assert.equal(item.payload.email, 'Bob.Booker@Example.com');
		});

		test('tampered, unsigned, wrongly signed, malformed, stale or future deliveries get 401 and start nothing', async () => {
			const { sim, api } = ctx.stack;
			const genuine = sim.deliveries.filter((d) => d.url === wf.webhookUrl).at(-1);
			const signature = genuine.headers['calendly-webhook-signature'];
			const unsigned = { 'content-type': 'application/json' };
			const { body: foreignBody, headers: foreignHeaders } = buildDelivery({
				event: 'invitee.created',
				payload: JSON.parse(genuine.body).payload,
				createdBy: ana.user.uri,
				signingKey: randomBytes(32).toString('hex'),
			});
			const attempts = {
				tampered: await postDelivery(
					wf.webhookUrl,
					genuine.body.replace('bob.booker', 'eve.attacker').replace('Bob.Booker', 'Eve.Attacker'),
					{ ...unsigned, 'calendly-webhook-signature': signature },
				),
				unsigned: await postDelivery(wf.webhookUrl, genuine.body, unsigned),
				wrongKey: await postDelivery(wf.webhookUrl, foreignBody, foreignHeaders),
				malformed: await postDelivery(wf.webhookUrl, genuine.body, {
					...unsigned,
					'calendly-webhook-signature': 'v1=abc',
				}),
			};
			// Stale and future: the simulator itself signs with a time 10 minutes off.
			for (const [label, offset] of [
				['stale', -600],
				['future', 600],
			]) {
				sim.signatureTime = () => Math.floor(Date.now() / 1000) + offset;
				try {
					const { deliveries } = await sim.book({
						eventType: ana.eventType.uri,
						invitee: { email: `${label}@example.com`, name: label },
						startTime: tomorrow(2),
					});
					attempts[label] = { status: deliveries[0].status };
				} finally {
					delete sim.signatureTime;
				}
			}
			for (const [label, result] of Object.entries(attempts))
				assert.equal(result.status, 401, `${label} delivery answered ${result.status}`);
			await sleep(1500);
			assert.equal((await api.executions(wf.id)).length, 1, 'no execution besides the genuine one');
		});

		test("a genuine delivery re-sent with another Content-Type is read from its signed bytes; multipart gets 415, XML n8n's 422", async () => {
			const { sim, api } = ctx.stack;
			const cora = await calendlyAccount(ctx.stack, {
				name: 'Cora Content',
				email: 'cora.content@host.test',
			});
			// The same delivery is sent again on purpose: the repeat stop is off, so each copy starts the workflow.
			const coraWf = await publishedTriggerWorkflow(ctx.stack, cora, {
				name: 'Content types',
				events: ['invitee.created'],
				parameters: { options: { ignoreRepeats: false } },
			});
			const { deliveries } = await sim.book({
				eventType: cora.eventType.uri,
				invitee: { email: 'cy@example.com', name: 'Cy' },
				startTime: tomorrow(),
			});
			assert.equal(deliveries[0].status, 200);
			const genuine = sim.deliveries.filter((d) => d.url === coraWf.webhookUrl).at(-1);
			const signature = {
				'calendly-webhook-signature': genuine.headers['calendly-webhook-signature'],
			};
			const post = (contentType, body = genuine.body) =>
				postDelivery(coraWf.webhookUrl, contentType ? body : Buffer.from(body), {
					...signature,
					...(contentType ? { 'content-type': contentType } : {}),
				});
			const statuses = {
				none: (await post(undefined)).status,
				textPlain: (await post('text/plain')).status,
				form: (await post('application/x-www-form-urlencoded')).status,
				jsonUtf8: (await post('application/json; charset=utf-8')).status,
				octetStream: (await post('application/octet-stream')).status,
			};
			assert.deepEqual(statuses, {
				none: 200,
				textPlain: 200,
				form: 200,
				jsonUtf8: 200,
				octetStream: 200,
			});
			const multipartBody = `--b\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${genuine.body}\r\n--b--\r\n`;
			const multipart = await post('multipart/form-data; boundary=b', multipartBody);
			assert.equal(multipart.status, 415, multipart.body);
			assert.match(multipart.body, /only accepts Calendly webhook deliveries, which are JSON/);
			// n8n itself refuses a body that does not parse as its declared XML, before the trigger runs.
			assert.equal((await post('application/xml')).status, 422);

			const executions = await waitForExecutions(api, coraWf.id, 6);
			assert.equal(
				executions.length,
				6,
				'the booking and the five re-sent deliveries, nothing for multipart or XML',
			);
			for (const execution of executions) {
				assert.equal(execution.status, 'success');
				assert.deepEqual(nodeOutputs(execution, 'Received')[0][0], JSON.parse(genuine.body));
			}
			await api.unpublish(coraWf.id);
		});

		describe('restarting n8n', () => {
			let ben; // a second account whose subscription Calendly disabled while n8n was down
			let benWf;
			let disabled;

			before(async () => {
				ben = await calendlyAccount(ctx.stack, {
					name: 'Ben Disabled',
					email: 'ben.disabled@host.test',
				});
				benWf = await publishedTriggerWorkflow(ctx.stack, ben, {
					name: 'Disabled repair',
					events: ['invitee.created'],
				});
				disabled = onlySubscription(ctx.stack.sim, benWf.webhookUrl);
				ctx.stack.sim.disableSubscription(disabled.uri);
			});

			after(async () => {
				if (ben) await backToDefaultActivation();
			});

			test('keeps the subscription and creates no second one', async () => {
				const { sim } = ctx.stack;
				await ctx.stack.restart();
				await waitForWebhook(wf.webhookUrl);
				await sleep(2000); // let any late activation show itself
				assert.equal(onlySubscription(sim, wf.webhookUrl).uri, firstSubscription.uri);
				assert.equal(
					creationsFor(sim, wf.webhookUrl).length,
					1,
					'still only the POST made at publish',
				);
				// The signing key survived the restart in the workflow's static data.
				const { deliveries } = await sim.book({
					eventType: ana.eventType.uri,
					invitee: { email: 'after.restart@example.com', name: 'After Restart' },
					startTime: tomorrow(3),
				});
				assert.equal(deliveries[0].status, 200);
				await waitForExecutions(ctx.stack.api, wf.id, 2);
			});

			// n8n 2.41's publication service re-registers nothing at start (webhooks stay in its database), so
			// the trigger's start-up path only runs with the older activation, which calls checkExists and
			// create for every published workflow, as every main instance of a multi-main set-up did.
			describe('with start-up activation (N8N_USE_WORKFLOW_PUBLICATION_SERVICE=false)', () => {
				before(async () => {
					await ctx.stack.restart({ env: { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' } });
					await waitFor(
						'the disabled subscription to be replaced',
						() =>
							subscriptionsFor(ctx.stack.sim, benWf.webhookUrl).some((s) => s.state === 'active'),
						{ timeoutMs: 60_000 },
					);
					await waitForWebhook(wf.webhookUrl);
					await sleep(2000);
				});

				test('adopts the subscription it holds the key for and creates no second one', async () => {
					const { sim } = ctx.stack;
					assert.equal(onlySubscription(sim, wf.webhookUrl).uri, firstSubscription.uri);
					assert.equal(
						creationsFor(sim, wf.webhookUrl).length,
						1,
						'still only the POST made at publish',
					);
					const { deliveries } = await sim.book({
						eventType: ana.eventType.uri,
						invitee: { email: 'after.init@example.com', name: 'After Init' },
						startTime: tomorrow(4),
					});
					assert.equal(deliveries[0].status, 200);
					await waitForExecutions(ctx.stack.api, wf.id, 3);
				});

				test('replaces a subscription Calendly disabled', async () => {
					const { sim, api } = ctx.stack;
					const repaired = onlySubscription(sim, benWf.webhookUrl);
					assert.notEqual(repaired.uri, disabled.uri);
					assert.equal(repaired.state, 'active');
					assert.equal(repaired.has_signing_key, true);
					const { deliveries } = await sim.book({
						eventType: ben.eventType.uri,
						invitee: { email: 'carla@example.com', name: 'Carla' },
						startTime: tomorrow(),
					});
					assert.equal(deliveries[0].status, 200);
					const [execution] = await waitForExecutions(api, benWf.id, 1);
					assert.equal(execution.status, 'success');
				});
			});
		});

		test('a subscription Calendly disabled is replaced when the workflow is published again', async () => {
			const { sim, api } = ctx.stack;
			const carl = await calendlyAccount(ctx.stack, {
				name: 'Carl Republish',
				email: 'carl.republish@host.test',
			});
			const carlWf = await publishedTriggerWorkflow(ctx.stack, carl, {
				name: 'Republish repair',
				events: ['invitee.created'],
			});
			const before = onlySubscription(sim, carlWf.webhookUrl);
			sim.disableSubscription(before.uri);
			await api.unpublish(carlWf.id);
			await waitForPublicationStatus(ctx.stack.rest, carlWf.id, 'not_published');
			await publishAndWait(api, ctx.stack.rest, carlWf.id);
			const after = onlySubscription(sim, carlWf.webhookUrl);
			assert.notEqual(after.uri, before.uri);
			assert.equal(after.state, 'active');
			const { deliveries } = await sim.book({
				eventType: carl.eventType.uri,
				invitee: { email: 'dora@example.com', name: 'Dora' },
				startTime: tomorrow(),
			});
			assert.equal(deliveries[0].status, 200);
		});

		test('a subscription someone else made for the URL (with a key n8n never saw) is replaced on publish, so deliveries verify', async () => {
			const { sim, api } = ctx.stack;
			const dana = await calendlyAccount(ctx.stack, {
				name: 'Dana Conflict',
				email: 'dana.conflict@host.test',
			});
			const trigger = triggerNode({ credentialId: dana.credentialId, events: ['invitee.created'] });
			const danaWf = await createWorkflow(
				ctx.stack,
				workflow(
					'Conflict repair',
					[trigger, noOpNode('Received')],
					connect({}, trigger.name, 'Received'),
				),
			);
			// A leftover with a key n8n never saw: made straight through Calendly's API.
			const res = await fetch(`${sim.baseUrl}/webhook_subscriptions`, {
				method: 'POST',
				headers: { authorization: `Bearer ${dana.token}`, 'content-type': 'application/json' },
				body: JSON.stringify({
					url: danaWf.webhookUrl,
					events: ['invitee.created'],
					organization: dana.user.current_organization,
					user: dana.user.uri,
					scope: 'user',
					signing_key: 'a-key-n8n-never-saw',
				}),
			});
			assert.equal(res.status, 201);
			const leftover = (await res.json()).resource;

			// The trigger has no record of it, so it cannot prove the key: it deletes it and subscribes anew.
			await publishAndWait(api, ctx.stack.rest, danaWf.id);
			const replaced = onlySubscription(sim, danaWf.webhookUrl);
			assert.notEqual(replaced.uri, leftover.uri);
			const { deliveries } = await sim.book({
				eventType: dana.eventType.uri,
				invitee: { email: 'fay@example.com', name: 'Fay' },
				startTime: tomorrow(1),
			});
			assert.equal(deliveries[0].status, 200, 'signed with the key n8n derives');
			await waitForExecutions(api, danaWf.id, 1);
		});

		// Calendly accepted the subscription, then n8n died inside create(): the publication never finished and
		// n8n never saved the workflow's static data. With a stored random key every delivery would be refused
		// for good; the derived key needs nothing from static data.
		describe('n8n killed (SIGKILL) right after Calendly accepted the subscription', () => {
			let gus;
			let gusWf;
			let made;

			after(async () => {
				if (gusWf) await backToDefaultActivation();
			});

			test('after the restart deliveries verify, though static data holds nothing', async () => {
				const { sim } = ctx.stack;
				gus = await calendlyAccount(ctx.stack, { name: 'Gus Crash', email: 'gus.crash@host.test' });
				const trigger = triggerNode({
					credentialId: gus.credentialId,
					events: ['invitee.created'],
				});
				gusWf = await createWorkflow(
					ctx.stack,
					workflow(
						'Crash after subscribe',
						[trigger, noOpNode('Received')],
						connect({}, trigger.name, 'Received'),
					),
				);
				// Calendly stores the subscription but holds its answer: n8n is still inside create() when it dies.
				sim.injectFault({
					method: 'POST',
					path: '/webhook_subscriptions',
					afterHandling: true,
					delayMs: 20_000,
				});
				await ctx.stack.api.publish(gusWf.id);
				await waitFor(
					'Calendly to hold the new subscription',
					() => subscriptionsFor(sim, gusWf.webhookUrl).length === 1,
					{ timeoutMs: 30_000, intervalMs: 50 },
				);
				await ctx.stack.n8n.kill();
				made = onlySubscription(sim, gusWf.webhookUrl);
				sim.clearFaults();

				// n8n resumes the cut-off publication after its outbox lease, without calling create() again.
				await ctx.stack.restart({ env: { N8N_WORKFLOW_PUBLICATION_OUTBOX_LEASE_SECONDS: '5' } });
				await waitForPublicationStatus(ctx.stack.rest, gusWf.id, 'published', {
					timeoutMs: 120_000,
				});
				await waitForWebhook(gusWf.webhookUrl);
				const saved = await ctx.stack.api.getWorkflow(gusWf.id);
				assert.equal(
					JSON.stringify(saved.staticData ?? {}).includes('Subscription'),
					false,
					`static data was lost: ${JSON.stringify(saved.staticData)}`,
				);

				const { deliveries } = await sim.book({
					eventType: gus.eventType.uri,
					invitee: { email: 'hal@example.com', name: 'Hal' },
					startTime: tomorrow(),
				});
				assert.equal(deliveries[0].status, 200);
				const [execution] = await waitForExecutions(ctx.stack.api, gusWf.id, 1);
				assert.equal(execution.status, 'success');
				assert.equal(onlySubscription(sim, gusWf.webhookUrl).uri, made.uri);
			});

			test('start-up activation (checkExists) replaces the subscription it has no record of: one subscription, recorded, no key in static data', async () => {
				const { sim } = ctx.stack;
				const requestsBefore = sim.requests.length;
				await ctx.stack.restart({ env: { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' } });
				await waitForWebhook(gusWf.webhookUrl);
				await sleep(2000); // let any late activation show itself
				// Nothing proves the orphan is the trigger's own (its record was never saved), so it is replaced.
				const now = onlySubscription(sim, gusWf.webhookUrl);
				assert.notEqual(now.uri, made.uri);
				const uuid = made.uri.split('/').pop();
				const changes = sim.requests
					.slice(requestsBefore)
					.filter(
						(r) =>
							(r.method === 'POST' && r.body?.url === gusWf.webhookUrl) ||
							(r.method === 'DELETE' && r.path.endsWith(uuid)),
					);
				assert.deepEqual(
					changes.map((r) => r.method),
					['DELETE', 'POST'],
				);
				const saved = await ctx.stack.api.getWorkflow(gusWf.id);
				const record = saved.staticData?.['node:Calendly Trigger']?.productionSubscription;
				assert.equal(record?.uri, now.uri, `static data: ${JSON.stringify(saved.staticData)}`);
				assert.match(record.keyId, /^[0-9a-f]{16}$/);
				assert.equal(record.signingKey, undefined);
				const { deliveries } = await sim.book({
					eventType: gus.eventType.uri,
					invitee: { email: 'ida@example.com', name: 'Ida' },
					startTime: tomorrow(1),
				});
				assert.equal(deliveries[0].status, 200);
				await waitForExecutions(ctx.stack.api, gusWf.id, 2);
			});
		});

		test('a token without the webhook scopes: the trigger fails to activate, says which scope, and subscribes nothing', async () => {
			const { sim, api } = ctx.stack;
			const user = sim.createUser({
				name: 'Nell Noscope',
				email: 'nell.noscope@host.test',
				organization: 'new',
			});
			const token = sim.issueToken({
				user: user.uri,
				scopes: ['users:read', 'scheduled_events:read'],
				kind: 'pat',
			});
			const credential = await api.createCredential(
				'Calendly without webhook scopes',
				'calendlyCardsApi',
				{ accessToken: token, baseUrl: sim.baseUrl },
			);
			const trigger = triggerNode({ credentialId: credential.id, events: ['invitee.created'] });
			const nellWf = await createWorkflow(
				ctx.stack,
				workflow(
					'Missing scopes',
					[trigger, noOpNode('Received')],
					connect({}, trigger.name, 'Received'),
				),
			);
			await api.publish(nellWf.id);
			// n8n retries a failing activation for about 20 s before it reports the trigger as failed.
			const status = await waitForPublicationStatus(ctx.stack.rest, nellWf.id, 'failed', {
				timeoutMs: 90_000,
			});
			assert.match(status.triggers[0].errorMessage, /webhooks:read/);
			assert.equal(subscriptionsFor(sim, nellWf.webhookUrl).length, 0);
			await api.unpublish(nellWf.id);
		});

		describe('"Listen for test event" in the editor', () => {
			let tess;
			let tessWf;
			let production;
			const testUrl = () => tessWf.webhookUrl.replace('/webhook/', '/webhook-test/');
			const listen = () =>
				ctx.stack.rest.call('POST', `/workflows/${tessWf.id}/run`, {
					triggerToStartFrom: { name: 'Calendly Trigger' },
				});

			before(async () => {
				tess = await calendlyAccount(ctx.stack, {
					name: 'Tess Test',
					email: 'tess.test@host.test',
				});
				// Published too, so the test subscription must live beside the production one.
				tessWf = await publishedTriggerWorkflow(ctx.stack, tess, {
					name: 'Listen for test event',
					events: ['invitee.created'],
				});
				production = onlySubscription(ctx.stack.sim, tessWf.webhookUrl);
			});

			test('creates a temporary subscription that the first delivery uses and removes', async () => {
				const { sim, api } = ctx.stack;
				assert.deepEqual(await listen(), { waitingForWebhook: true });
				await waitFor(
					'the test subscription',
					() => subscriptionsFor(sim, testUrl()).length === 1,
					{ timeoutMs: 30_000 },
				);
				assert.equal(onlySubscription(sim, testUrl()).has_signing_key, true);
				const { deliveries } = await sim.book({
					eventType: tess.eventType.uri,
					invitee: { email: 'tom@example.com', name: 'Tom' },
					startTime: tomorrow(),
				});
				// Calendly sends to both subscriptions: the editor's run and the published workflow's.
				assert.deepEqual(
					deliveries.map((d) => [d.url, d.status]).sort(),
					[
						[tessWf.webhookUrl, 200],
						[testUrl(), 200],
					].sort(),
				);
				await waitFor(
					'the test subscription to be deleted',
					() => subscriptionsFor(sim, testUrl()).length === 0,
					{ timeoutMs: 30_000 },
				);
				const modes = (await waitForExecutions(api, tessWf.id, 2)).map((e) => e.mode).sort();
				assert.deepEqual(modes, ['manual', 'webhook']);
				assert.equal(
					onlySubscription(sim, tessWf.webhookUrl).uri,
					production.uri,
					'the production subscription is untouched',
				);
			});

			test('stopping the listening removes the temporary subscription', async () => {
				const { sim } = ctx.stack;
				await listen();
				await waitFor(
					'the test subscription',
					() => subscriptionsFor(sim, testUrl()).length === 1,
					{ timeoutMs: 30_000 },
				);
				await ctx.stack.rest.call('DELETE', `/test-webhook/${tessWf.id}`);
				await waitFor(
					'the test subscription to be deleted',
					() => subscriptionsFor(sim, testUrl()).length === 0,
					{ timeoutMs: 30_000 },
				);
				assert.equal(
					onlySubscription(sim, tessWf.webhookUrl).uri,
					production.uri,
					'the production subscription is untouched',
				);
			});
		});

		test('unpublishing deletes the subscription', async () => {
			const { sim } = ctx.stack;
			await unpublishAndWaitForUnsubscribe(ctx.stack, wf);
			assert.ok(
				sim.requests.some(
					(r) =>
						r.method === 'DELETE' &&
						r.path.endsWith(firstSubscription.uri.split('/').pop()) &&
						r.status === 204,
				),
			);
		});
	});
}
