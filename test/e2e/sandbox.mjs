#!/usr/bin/env node
// npm run sandbox — a local n8n at http://localhost:5678 with this package installed from its tarball,
// the Calendly simulator standing in for Calendly, the credentials and an example workflow
// (Calendly Trigger -> Calendly to Card -> a Slack-style message) published, and a few sample bookings
// sent. Ctrl-C stops n8n and the simulator. Options: --port=5678, --no-build.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { calendlyAccount, createWorkflow, dataTableCredential } from './lib/fixtures.mjs';
import { waitForExecutions } from './lib/executions.mjs';
import { publishAndWait } from './lib/n8nApi.mjs';
import { OWNER } from './lib/n8nProcess.mjs';
import { WORK_ROOT, ensureN8nInstalled } from './lib/paths.mjs';
import { portInUse } from './lib/ports.mjs';
import { prepareUserFolder, startStack } from './lib/stack.mjs';
import { cardNode, connect, triggerNode, workflow } from './lib/workflows.mjs';

const args = process.argv.slice(2);
const port = Number(args.find((arg) => arg.startsWith('--port='))?.slice('--port='.length) ?? 5678);
const build = !args.includes('--no-build');
const SIMULATOR_PORT = 4010;
const workDir = join(WORK_ROOT, 'sandbox');
const say = (text) => console.log(`[sandbox] ${text}`);

/** The notification a team would get in Slack for every card change. */
function messageNode() {
	return {
		id: randomUUID(),
		name: 'Slack-style message',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [520, 0],
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					{ id: randomUUID(), name: 'channel', type: 'string', value: '#bookings' },
					{
						id: randomUUID(),
						name: 'text',
						type: 'string',
						value:
							'={{ $json.action.toUpperCase() }}: {{ $json.card.name }} <{{ $json.card.email }}> — {{ $json.activity.text }} (stage: {{ $json.card.stage || "-" }})',
					},
				],
			},
			options: {},
		},
	};
}

async function sendSampleBookings(stack, account) {
	const { sim } = stack;
	const at = (days, hour) => {
		const date = new Date(Date.now() + days * 86400_000);
		date.setUTCHours(hour, 0, 0, 0);
		return date;
	};
	const [intro, demo] = account.eventTypes;
	const ada = await sim.book({
		eventType: intro.uri,
		invitee: { email: 'ada.lovelace@example.com', name: 'Ada Lovelace', timezone: 'Europe/London' },
		startTime: at(1, 9),
		questionsAndAnswers: [
			{ question: 'What would you like to discuss?', answer: 'Analytical engines' },
		],
		tracking: { utm_source: 'newsletter', utm_campaign: 'autumn' },
	});
	await sim.book({
		eventType: demo.uri,
		invitee: {
			email: 'grace.hopper@example.com',
			name: 'Grace Hopper',
			timezone: 'America/New_York',
		},
		startTime: at(2, 15),
	});
	const alan = await sim.book({
		eventType: intro.uri,
		invitee: { email: 'alan.turing@example.com', name: 'Alan Turing' },
		startTime: at(3, 11),
	});
	await sim.reschedule(ada.invitee.uri, at(4, 10));
	await sim.cancelInvitee(alan.invitee.uri, { by: 'invitee', reason: 'Travelling that week' });
	return 6; // deliveries: 3 bookings, 2 for the reschedule, 1 cancel
}

async function main() {
	if (await portInUse(port)) {
		throw new Error(
			`Port ${port} is taken (another n8n?). Stop that process or start the sandbox with --port=<free port>.`,
		);
	}
	say('checking the n8n install (the first run installs n8n and Node 24, about 10 minutes)');
	ensureN8nInstalled();
	say(
		`${build ? 'building, packing' : 'packing'} and installing the package into a fresh n8n user folder (${workDir})`,
	);
	prepareUserFolder(workDir, { build });
	say('starting the Calendly simulator and n8n (about 30 seconds)');
	const stack = await startStack({
		workDir,
		port,
		editorHost: 'localhost',
		simulatorPort: (await portInUse(SIMULATOR_PORT)) ? 0 : SIMULATOR_PORT,
	});

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the simulator');
		await stack.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	try {
		const account = await calendlyAccount(stack, {
			name: 'Sam Sandbox',
			email: 'sam@sandbox.example',
			eventTypes: [
				{ name: 'Intro Call', custom_questions: [{ name: 'What would you like to discuss?' }] },
				{ name: 'Product Demo', duration: 45 },
			],
		});
		const n8nCredentialId = await dataTableCredential(stack);
		const trigger = triggerNode({ credentialId: account.credentialId });
		const card = cardNode({
			n8nCredentialId,
			board: 'Calendly Cards',
			parameters: {
				timeZone: 'Europe/Berlin',
				options: { canceledStage: 'Lost', rescheduledStage: 'Rescheduled' },
			},
		});
		const message = messageNode();
		const connections = connect({}, trigger.name, card.name);
		for (const output of [0, 1, 2]) connect(connections, card.name, message.name, output); // Created, Updated, Canceled
		const wf = await createWorkflow(
			stack,
			workflow('Calendly bookings to cards', [trigger, card, message], connections),
		);
		await publishAndWait(stack.api, stack.rest, wf.id);
		say('workflow published; sending sample bookings');
		const deliveries = await sendSampleBookings(stack, account);
		await waitForExecutions(stack.api, wf.id, deliveries, { timeoutMs: 120_000 });

		const sim = stack.sim.baseUrl;
		const start = new Date(Date.now() + 5 * 86400_000).toISOString();
		console.log(`
  n8n is running at  http://localhost:${port}
  Log in as          ${OWNER.email}  /  ${OWNER.password}

  Open the workflow  http://localhost:${port}/workflow/${wf.id}   (Executions tab: one run per Calendly delivery)
  The board          Overview → Data tables → "Calendly Cards" (one card per contact, with its activity log)

  Calendly is simulated at ${sim} (token and credentials are already set up). Book someone else:
    curl -s -X POST ${sim}/__sim/bookings -H 'content-type: application/json' \\
      -d '{"eventType":"${account.eventTypes[0].uri}","invitee":{"email":"new.person@example.com","name":"New Person"},"startTime":"${start}"}'
  Other actions: POST ${sim}/__sim/invitees/cancel {"invitee":"<invitee uri>"}, /__sim/reschedule, /__sim/no_shows (see test/simulator/control.js)

  n8n's log: ${stack.logFile}
  Press Ctrl-C to stop n8n and the simulator.
`);
	} catch (error) {
		console.error(
			`[sandbox] set-up failed: ${error.message}\n--- last lines of ${stack.logFile} ---\n${stack.n8n.logTail(40)}`,
		);
		await stop();
	}
}

main().catch((error) => {
	console.error(`[sandbox] ${error.message}`);
	process.exit(1);
});
