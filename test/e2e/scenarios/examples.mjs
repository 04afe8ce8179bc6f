// The example workflows in examples/ run as shipped: each JSON file is read, its credential references
// (names only in the file) get the ids of credentials this test creates, and it is imported through
// n8n's public API, published and fed by the Calendly simulator. The one other change: the Slack node
// is disabled in the imported copy, because Slack cannot be reached from here; the test checks the item
// Slack would post from (the output of the node feeding it) instead. Emails go to a local SMTP server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findBoard, readCards } from '../lib/board.mjs';
import { executionError, nodeOutputs, waitForExecutions } from '../lib/executions.mjs';
import { calendlyAccount, createWorkflow, dataTableCredential } from '../lib/fixtures.mjs';
import { publishAndWait } from '../lib/n8nApi.mjs';
import { PACKAGE_NAME } from '../lib/packageInstall.mjs';
import { REPO_ROOT } from '../lib/paths.mjs';
import { startSmtpServer } from '../lib/smtpServer.mjs';

export const EXAMPLES = {
	bookings: 'bookings-to-cards-team-and-host-notified.json',
	noShow: 'no-show-follow-up.json',
	recap: 'meeting-recap-to-card.json',
};
const UNREACHABLE_NODE_TYPES = new Set(['n8n-nodes-base.slack']);

export const readExample = (file) =>
	JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8'));

/**
 * The workflow as a user gets it after import and picking credentials: every credential reference
 * gets the id of the credential of its type in `credentialIds`; nodes that would call a service this
 * machine cannot reach are disabled. Nothing else changes.
 */
export function importable(example, credentialIds) {
	const nodes = example.nodes.map((node) => {
		const copy = structuredClone(node);
		for (const [type, reference] of Object.entries(copy.credentials ?? {})) {
			assert.ok(
				credentialIds[type],
				`the test has no credential of type ${type} (node "${node.name}")`,
			);
			copy.credentials[type] = { ...reference, id: credentialIds[type] };
		}
		if (UNREACHABLE_NODE_TYPES.has(node.type)) copy.disabled = true;
		return copy;
	});
	return {
		name: example.name,
		nodes,
		connections: example.connections,
		settings: example.settings,
	};
}

/** Luxon's 'cccc d LLLL yyyy, HH:mm' (en-US) in `timeZone`, as the examples format times. */
function longDateTime(instant, timeZone) {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', {
			timeZone,
			weekday: 'long',
			day: 'numeric',
			month: 'long',
			year: 'numeric',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23',
		})
			.formatToParts(new Date(instant))
			.map((part) => [part.type, part.value]),
	);
	return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}`;
}

const day = (n, hour) => {
	const date = new Date(Date.now() + n * 86400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date;
};

function assertAllSucceeded(executions) {
	for (const execution of executions) {
		assert.equal(
			execution.status,
			'success',
			`execution ${execution.id}: ${JSON.stringify(executionError(execution))}`,
		);
	}
}

export function exampleScenarios(ctx) {
	describe('examples/ as shipped', () => {
		let smtp;
		const credentialIds = {};

		before(async () => {
			smtp = await startSmtpServer();
			const { api } = ctx.stack;
			credentialIds.smtp = (
				await api.createCredential('SMTP (e2e, local)', 'smtp', {
					user: '',
					password: '',
					host: smtp.host,
					port: smtp.port,
					secure: false,
					disableStartTls: true,
					hostName: '',
				})
			).id;
			credentialIds.slackApi = (
				await api.createCredential('Slack (e2e, never called)', 'slackApi', {
					accessToken: 'xoxb-not-used',
				})
			).id;
			credentialIds.calendlyCardsN8nApi = await dataTableCredential(ctx.stack);
		});

		after(async () => {
			await smtp?.stop();
		});

		/** The example imported with the test's credentials and the host's Calendly one, and published. */
		async function publishedExample(file, host) {
			const wf = await createWorkflow(
				ctx.stack,
				importable(readExample(file), { ...credentialIds, calendlyCardsApi: host.credentialId }),
			);
			await publishAndWait(ctx.stack.api, ctx.stack.rest, wf.id);
			return wf;
		}

		test('the example files reference credentials by name only and use node types as installed from npm', () => {
			for (const file of Object.values(EXAMPLES)) {
				const example = readExample(file);
				for (const node of example.nodes) {
					assert.match(
						node.type,
						new RegExp(`^(${PACKAGE_NAME}|n8n-nodes-base)\\.`),
						`${file}: ${node.name}`,
					);
					for (const [type, reference] of Object.entries(node.credentials ?? {})) {
						assert.deepEqual(Object.keys(reference), ['name'], `${file}: ${node.name} → ${type}`);
					}
				}
			}
		});

		test('bookings to cards: a new, a moved and a canceled booking each update the card, give Slack its item and email the host', async () => {
			const { api, sim } = ctx.stack;
			// The host works in Berlin, the invitee in Los Angeles; n8n's own zone is New York: only the
			// host's zone gives the times asserted below.
			const host = await calendlyAccount(ctx.stack, {
				name: 'Hedda Examples',
				email: 'hedda.examples@host.test',
				eventTypes: [{ name: 'Intro Call', locations: [{ kind: 'zoom_conference' }] }],
			});
			assert.equal(host.user.timezone, 'Europe/Berlin');
			const wf = await publishedExample(EXAMPLES.bookings, host);

			const invitee = {
				email: 'ada.example@example.com',
				name: 'Ada Example',
				timezone: 'America/Los_Angeles',
			};
			const toHost = () =>
				smtp.messages.filter((message) => message.envelope.to.includes(host.user.email));

			/** Runs a simulator action, waits for the workflow to settle and returns the newest execution's items. */
			async function step(action, { executions, emails }) {
				const result = await action();
				const all = await waitForExecutions(api, wf.id, executions, { timeoutMs: 120_000 });
				assertAllSucceeded(all);
				await smtp.waitFor(() => toHost().length >= emails, {
					what: `email ${emails} to the host`,
				});
				return result;
			}

			const booked = await step(
				() => sim.book({ eventType: host.eventType.uri, invitee, startTime: day(3, 9) }),
				{ executions: 1, emails: 1 },
			);
			const moved = await step(() => sim.reschedule(booked.invitee.uri, day(4, 14)), {
				executions: 3,
				emails: 2,
			});
			await step(
				() =>
					sim.cancelInvitee(moved.newInvitee.uri, { by: 'invitee', reason: 'Something came up' }),
				{ executions: 4, emails: 3 },
			);

			// One message per change: the old half of the move starts an execution but no message.
			const executions = await waitForExecutions(api, wf.id, 4);
			const slackItems = executions.flatMap(
				(execution) => nodeOutputs(execution, 'Booking details')?.[0] ?? [],
			);
			const expected = [
				{
					headline: 'New booking',
					start: booked.event.start_time,
					joinUrl: booked.event.location.join_url,
				},
				{
					headline: 'Booking moved',
					start: moved.event.start_time,
					joinUrl: moved.event.location.join_url,
				},
				{
					headline: 'Booking canceled',
					start: moved.event.start_time,
					joinUrl: moved.event.location.join_url,
				},
			];
			assert.equal(toHost().length, 3, JSON.stringify(toHost().map((m) => m.subject)));
			assert.equal(smtp.messages.length, 3, 'nobody else was emailed');
			assert.deepEqual(
				slackItems.map((item) => item.headline),
				expected.map((e) => e.headline),
			);

			expected.forEach(({ headline, start, joinUrl }, index) => {
				const when = `${longDateTime(start, 'Europe/Berlin')} (Europe/Berlin)`;
				assert.ok(joinUrl?.startsWith('https://'), 'the simulator gave the meeting a join URL');
				// What Slack would post is built from this item.
				assert.deepEqual(slackItems[index], {
					headline,
					invitee: 'Ada Example',
					inviteeEmail: 'ada.example@example.com',
					eventName: 'Intro Call',
					when,
					joinUrl,
					hostName: 'Hedda Examples',
					hostEmail: 'hedda.examples@host.test',
				});
				const email = toHost()[index];
				assert.equal(email.subject, `${headline}: Ada Example, ${when}`);
				assert.match(email.from, /bookings@example\.com/);
				for (const line of [
					'Hi Hedda Examples,',
					`${headline}: Ada Example <ada.example@example.com>`,
					'Event: Intro Call',
					`When: ${when}`,
					`Join: ${joinUrl}`,
				]) {
					assert.ok(
						email.text.includes(line),
						`email ${index + 1} lacks "${line}":\n${email.text}`,
					);
				}
			});
			// The first email's time, spelled out: 09:00 UTC is 10:00 in Berlin in December (CET)
			// or 11:00 in summer, and never the invitee's or n8n's zone.
			const berlinHour = longDateTime(booked.event.start_time, 'Europe/Berlin').slice(-5);
			assert.ok(['10:00', '11:00'].includes(berlinHour), berlinHour);

			const table = await findBoard(api, 'Calendly Cards');
			const cards = (await readCards(api, table.id)).filter(
				(card) => card.email === 'ada.example@example.com',
			);
			assert.equal(cards.length, 1);
			assert.deepEqual(
				cards[0].activity.map((entry) => entry.type),
				['booked', 'rescheduled', 'booked', 'canceled'],
			);
		});

		test('meeting recap to card: the recap reaches the card, the host gets the action items and the recap link, Slack its item', async () => {
			const { api, sim } = ctx.stack;
			const host = await calendlyAccount(ctx.stack, {
				name: 'Rosa Recap',
				email: 'rosa.recap@host.test',
				eventTypes: [{ name: 'Discovery Call' }],
			});
			const wf = await publishedExample(EXAMPLES.recap, host);
			const toHost = () =>
				smtp.messages.filter((message) => message.envelope.to.includes(host.user.email));

			const booked = await sim.book({
				eventType: host.eventType.uri,
				invitee: { email: 'rico.recap@example.com', name: 'Rico Recap' },
				startTime: day(-1, 9),
			});
			await waitForExecutions(api, wf.id, 1, { timeoutMs: 120_000 });
			await sim.createRecap({
				event: booked.event.uri,
				summary_md: 'Rico wants a pilot in January.',
				action_items_md: '- Send the pilot plan\n- Book the kickoff',
				discussion_md: 'Long discussion.',
				share_link: 'https://calendly.com/recaps/rico',
			});
			const executions = await waitForExecutions(api, wf.id, 2, { timeoutMs: 120_000 });
			assertAllSucceeded(executions);
			await smtp.waitFor(() => toHost().length >= 1, {
				what: 'the email to the host',
			});
			assert.equal(toHost().length, 1, 'the booking itself emails nobody');
			const message = toHost()[0];
			assert.equal(message.subject, 'Action items: Discovery Call with Rico Recap');
			for (const line of [
				'Hi Rosa Recap,',
				'the recap of Discovery Call with Rico Recap <rico.recap@example.com> is on the contact',
				'- Send the pilot plan',
				'- Book the kickoff',
				'Recap: https://calendly.com/recaps/rico',
			])
				assert.ok(message.text.includes(line), `the email lacks "${line}":\n${message.text}`);
			const slackItems = executions.flatMap(
				(execution) => nodeOutputs(execution, 'Recap details')?.[0] ?? [],
			);
			assert.deepEqual(slackItems, [
				{
					meeting: 'Discovery Call',
					invitee: 'Rico Recap',
					inviteeEmail: 'rico.recap@example.com',
					hostName: 'Rosa Recap',
					hostEmail: 'rosa.recap@host.test',
					summary: 'Rico wants a pilot in January.',
					actionItems: '- Send the pilot plan\n- Book the kickoff',
					recapLink: 'https://calendly.com/recaps/rico',
				},
			]);
			const cards = (await readCards(api, (await findBoard(api, 'Calendly Cards')).id)).filter(
				(card) => card.email === 'rico.recap@example.com',
			);
			assert.equal(cards.length, 1);
			assert.equal(cards[0].recapSummary, 'Rico wants a pilot in January.');
			assert.equal(cards[0].recapLink, 'https://calendly.com/recaps/rico');
		});

		test('no-show follow-up: marking a no-show emails the invitee a single-use link for the same event type', async () => {
			const { api, sim } = ctx.stack;
			const host = await calendlyAccount(ctx.stack, {
				name: 'Nora Noshow',
				email: 'nora.noshow@host.test',
				eventTypes: [{ name: 'Strategy Session', duration: 45 }],
			});
			const wf = await publishedExample(EXAMPLES.noShow, host);

			const booked = await sim.book({
				eventType: host.eventType.uri,
				invitee: {
					email: 'milo.missed@example.com',
					first_name: 'Milo',
					last_name: 'Missed',
					name: 'Milo Missed',
					timezone: 'Asia/Tokyo',
				},
				startTime: day(-1, 1),
			});
			assert.equal(booked.deliveries.length, 0, 'the workflow subscribes to no-shows only');
			await sim.markNoShow(booked.invitee.uri);

			const [execution] = await waitForExecutions(api, wf.id, 1, { timeoutMs: 120_000 });
			assertAllSucceeded([execution]);
			const [[link]] = nodeOutputs(execution, 'Create rebooking link');
			assert.equal(link.owner, host.eventType.uri, 'the link books the same event type');
			assert.equal(link.owner_type, 'EventType');
			assert.match(link.booking_url, /^https:\/\/calendly\.com\/d\//);

			const [email] = await smtp
				.waitFor(
					(messages) => messages.some((m) => m.envelope.to.includes('milo.missed@example.com')),
					{ what: 'the email to the invitee' },
				)
				.then((messages) =>
					messages.filter((m) => m.envelope.to.includes('milo.missed@example.com')),
				);
			assert.equal(email.subject, 'Sorry we missed you: book a new time for Strategy Session');
			assert.ok(email.text.startsWith('Hi Milo,'), email.text);
			assert.ok(
				email.text.includes(
					`we missed you at Strategy Session on ${longDateTime(booked.event.start_time, 'Asia/Tokyo').replace(/ \d{4},/, ',')}`,
				),
				email.text,
			);
			assert.ok(email.text.includes(link.booking_url), email.text);
		});
	});

	// Kept with the examples because it checks a README instruction a first-time user follows: the
	// OAuth2 credential's Scope field, and its fallback (an empty field) for apps made before scopes.
	describe('OAuth2 credential: the scopes n8n asks Calendly for', () => {
		/** The authorization URL n8n sends the user to when they press Connect. */
		async function authorizeUrl(data) {
			const { id } = await ctx.stack.api.createCredential(
				`Calendly OAuth2 (scope ${JSON.stringify(data.scope)})`,
				'calendlyCardsOAuth2Api',
				{
					clientId: 'client-id',
					clientSecret: 'client-secret',
					webhookSigningKey: 'signing-key',
					baseUrl: ctx.stack.sim.baseUrl,
					...data,
				},
			);
			return new URL(await ctx.stack.rest.call('GET', `/oauth2-credential/auth?id=${id}`));
		}

		test('by default every scope the package uses; a cleared Scope field sends an empty scope; an edited one is sent as typed', async () => {
			const byDefault = await authorizeUrl({});
			assert.equal(
				byDefault.origin + byDefault.pathname,
				'https://auth.calendly.com/oauth/authorize',
			);
			const scopes = byDefault.searchParams.get('scope').split(' ');
			for (const scope of [
				'users:read',
				'webhooks:read',
				'webhooks:write',
				'scheduled_events:read',
				'scheduling_links:write',
				'contacts:read',
				'meeting_recaps:read',
			]) {
				assert.ok(scopes.includes(scope), `${scope} in ${scopes}`);
			}
			const cleared = await authorizeUrl({ scope: '' });
			assert.equal(cleared.searchParams.get('scope'), '');
			const edited = await authorizeUrl({
				scope: 'users:read webhooks:write scheduled_events:read',
			});
			assert.equal(
				edited.searchParams.get('scope'),
				'users:read webhooks:write scheduled_events:read',
			);
		});
	});
}
