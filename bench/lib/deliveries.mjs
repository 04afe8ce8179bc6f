// Realistic Calendly deliveries for the benchmarks: one genuine invitee.created body captured from the
// simulator, then one variant per request (new invitee, new event, new contact), signed the way
// Calendly signs (the simulator's buildDelivery), so every request is a distinct, valid booking.
import { createServer } from 'node:http';
import { buildDelivery, createAccount, startSimulator } from '../../test/e2e/lib/simulator.mjs';

/** A booking the way a real one looks: questions, UTM tracking, a Zoom location, a text reminder number. */
async function bookRealistically(sim, account, startTime) {
	return await sim.book({
		eventType: account.eventType.uri,
		invitee: {
			email: 'Jordan.Rivera@Example.com',
			name: 'Jordan Rivera',
			timezone: 'America/New_York',
			text_reminder_number: '+1 555-0100',
		},
		startTime,
		questionsAndAnswers: [
			{
				question: 'What would you like to discuss?',
				answer:
					'Moving our team of 40 onto your platform before the next quarter, and what the migration looks like.',
				position: 0,
			},
			{ question: 'Company size', answer: '11-50', position: 1 },
		],
		tracking: {
			utm_source: 'newsletter',
			utm_medium: 'email',
			utm_campaign: 'spring-launch',
			utm_content: 'cta-top',
			utm_term: null,
		},
	});
}

/**
 * The envelope ({ event, created_at, created_by, payload }) of one genuine invitee.created delivery,
 * captured by subscribing a throw-away local receiver in a private simulator.
 */
export async function captureInviteeCreated() {
	const sim = await startSimulator();
	const receiver = createServer((req, res) => {
		req.resume();
		req.on('end', () => res.end());
	});
	await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	try {
		const account = createAccount(sim, {
			name: 'Morgan Host',
			email: 'morgan.host@bench.test',
			eventTypes: [
				{
					name: 'Discovery Call',
					locations: [{ kind: 'zoom_conference' }],
					custom_questions: [
						{ name: 'What would you like to discuss?', type: 'text', position: 0, required: true },
						{
							name: 'Company size',
							type: 'single_select',
							position: 1,
							required: false,
							answer_choices: ['1-10', '11-50', '51+'],
						},
					],
				},
			],
		});
		const res = await fetch(`${sim.baseUrl}/webhook_subscriptions`, {
			method: 'POST',
			headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				url: `http://127.0.0.1:${receiver.address().port}/capture`,
				events: ['invitee.created'],
				organization: account.user.current_organization,
				user: account.user.uri,
				scope: 'user',
				signing_key: 'capture-only',
			}),
		});
		if (res.status !== 201)
			throw new Error(
				`the simulator refused the capture subscription (${res.status}): ${await res.text()}`,
			);
		const booked = await bookRealistically(sim, account, new Date(Date.now() + 3 * 24 * 3600_000));
		if (booked.deliveries.length !== 1 || booked.deliveries[0].status !== 200) {
			throw new Error(
				`expected one delivered invitee.created, got ${JSON.stringify(booked.deliveries.map((d) => d.status))}`,
			);
		}
		return JSON.parse(booked.deliveries[0].body);
	} finally {
		receiver.close();
		await sim.stop();
	}
}

const replaceId = (uri, id) => uri.replace(/[^/]+$/, id);

/**
 * Envelope number `index`: a new invitee (and scheduled event) for contact `emailOf(index)`, one
 * minute apart so no two share a start time. Field lengths stay as in the template.
 */
export function variant(
	template,
	index,
	{
		emailOf = (i) => `contact${String(i).padStart(7, '0')}@example.com`,
		nameOf = (i) => `Contact ${String(i).padStart(7, '0')}`,
	} = {},
) {
	const tag = String(index).padStart(12, '0');
	const payload = structuredClone(template.payload);
	const start = new Date(Date.parse(payload.scheduled_event.start_time) + index * 60_000);
	const end = new Date(Date.parse(payload.scheduled_event.end_time) + index * 60_000);
	payload.email = emailOf(index);
	payload.name = nameOf(index);
	payload.first_name = null;
	payload.last_name = null;
	payload.scheduled_event.uri = replaceId(
		payload.scheduled_event.uri,
		`EVT${tag}`.slice(0, 16).padEnd(16, 'X'),
	);
	payload.scheduled_event.start_time = start.toISOString().replace('Z', '000Z');
	payload.scheduled_event.end_time = end.toISOString().replace('Z', '000Z');
	payload.event = payload.scheduled_event.uri;
	const invitee = `INV${tag}`.slice(0, 16).padEnd(16, 'X');
	payload.uri = `${payload.scheduled_event.uri}/invitees/${invitee}`;
	// Calendly's links end with the invitee's UUID.
	payload.cancel_url = replaceId(
		payload.cancel_url ?? 'https://calendly.com/cancellations/x',
		invitee,
	);
	payload.reschedule_url = replaceId(
		payload.reschedule_url ?? 'https://calendly.com/reschedulings/x',
		invitee,
	);
	return { ...template, payload };
}

/** The raw body and headers Calendly would POST for this envelope, signed now with `signingKey`. */
export function signedDelivery(envelope, signingKey) {
	return buildDelivery({
		event: envelope.event,
		payload: envelope.payload,
		createdBy: envelope.created_by,
		createdAt: envelope.created_at,
		signingKey,
	});
}
