#!/usr/bin/env node
// (d) The pure decision logic and the signature check, per second on one core, from the compiled
// package in dist/ (build first). Prints one JSON document on stdout; run.mjs starts it pinned to one
// CPU. Each case: a warm-up, then four timed quarters of a fixed number of calls. Decisions are
// measured for bookings and, side by side, for Calendly contact and meeting recap deliveries onto the
// card of a contact who booked.
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { REPO_ROOT } from '../test/e2e/lib/paths.mjs';
import { cardAfterChange, cardAfterFirstBooking } from './lib/cards.mjs';
import {
	contactDeleted,
	contactDelivery,
	recapDeleted,
	recapDelivery,
} from './lib/contactsRecaps.mjs';
import { captureInviteeCreated, signedDelivery, variant } from './lib/deliveries.mjs';

const require = createRequire(import.meta.url);
const dist = (path) => require(join(REPO_ROOT, 'dist', path));
const { verifyCalendlySignature } = dist('nodes/CalendlyTrigger/signature');
const { normalizeBooking } = dist('nodes/shared/booking/normalizeBooking');
const { normalizeContact } = dist('nodes/shared/booking/normalizeContact');
const { normalizeRecap } = dist('nodes/shared/booking/normalizeRecap');
const { DEFAULT_SETTINGS, planSync } = dist('nodes/CalendlyToCard/decide');
const { repeatKey } = dist('nodes/CalendlyTrigger/delivery/repeats');
const { REPEAT_MEMORY, SeenKeys, processMemory } = dist('nodes/shared/processMemory');

const QUARTER = Number(process.env.BENCH_MICRO_QUARTER ?? 5_000);
const WARMUP = 2_000;

/**
 * Runs `call(i)` WARMUP times, then 4 x QUARTER times; `call` returns something truthy when it did its
 * job. Per quarter it takes the process's CPU time (all its threads, on the one CPU it is pinned to),
 * so other work on the machine does not count against it, and the wall-clock time beside it.
 */
function measure(label, call, { targeted = true } = {}) {
	let ok = 0;
	for (let i = 0; i < WARMUP; i++) if (call(i)) ok++;
	const cpu = [];
	const wall = [];
	for (let q = 0; q < 4; q++) {
		const cpuStart = process.cpuUsage();
		const wallStart = process.hrtime.bigint();
		for (let i = 0; i < QUARTER; i++) if (call(q * QUARTER + i)) ok++;
		wall.push(Number(process.hrtime.bigint() - wallStart) / 1e9);
		const used = process.cpuUsage(cpuStart);
		cpu.push((used.user + used.system) / 1e6);
	}
	if (ok !== WARMUP + 4 * QUARTER)
		throw new Error(
			`${label}: ${WARMUP + 4 * QUARTER - ok} calls did not give the expected result`,
		);
	const sum = (values) => values.reduce((a, b) => a + b, 0);
	const rates = cpu.map((s) => QUARTER / s);
	return {
		label,
		targeted,
		calls: 4 * QUARTER,
		perSecond: (4 * QUARTER) / sum(cpu),
		quarterMin: Math.min(...rates),
		quarterMax: Math.max(...rates),
		perWallSecond: (4 * QUARTER) / sum(wall),
	};
}

const template = await captureInviteeCreated();
const settings = { ...DEFAULT_SETTINGS, timeZone: 'Europe/Berlin' };

// Inputs prepared up front so only the code under test is timed: 4,096 distinct deliveries, cycled.
const POOL = 4096;
const envelopes = Array.from({ length: POOL }, (_, i) => variant(template, i));
const repeatEnvelopes = Array.from({ length: POOL }, (_, i) =>
	variant(template, POOL + i, { emailOf: () => envelopes[i].payload.email }),
);
// The card each contact already has after its first booking (as the board would return it).
const existingCards = envelopes.map((envelope, i) => [
	cardAfterFirstBooking(
		planSync,
		normalizeBooking(envelope, { timeZone: settings.timeZone }),
		settings,
		i + 1,
	),
]);

// Contacts and meeting recaps of the same people, in the order Calendly sends them: the contact when
// the booking is made, an update of it a day later, the recap 15 minutes after the meeting, an update of
// the recap that leaves the texts out two hours after it, and a day later the deletion of each. The
// cards they go onto are built up in that order, each as the node writes it.
const HOUR = 3600_000;
const at = (iso, ms) => new Date(Date.parse(iso) + ms).toISOString();
const contactChange = (envelope) => {
	const contact = normalizeContact(envelope);
	return { kind: 'contact', email: contact.emails[0], contact };
};
const recapChange = (envelope) => {
	const recap = normalizeRecap(envelope);
	return { kind: 'recap', email: recap.attendees.find((person) => !person.host).email, recap };
};
// A deletion carries only a URI: it goes to the cards found holding it, under their email.
const deletionChange = (normalized, card) => ({
	kind: normalized.contactUri ? 'contact' : 'recap',
	email: String(card.email),
	...(normalized.contactUri ? { contact: normalized } : { recap: normalized }),
});
const later = envelopes.map((envelope, i) => {
	const { payload } = envelope;
	const tag = String(i).padStart(12, '0');
	const person = { email: payload.email, name: payload.name };
	const contact = {
		uuid: `CON${tag}`,
		...person,
		createdAt: at(payload.created_at, 0),
		updatedAt: at(payload.created_at, 0),
	};
	const meeting = payload.scheduled_event;
	const recap = { uuid: `REC${tag}`, meeting, attendee: person, n: i };
	return {
		contactCreated: contactDelivery('contact.created', contact),
		contactUpdated: contactDelivery('contact.updated', {
			...contact,
			updatedAt: at(payload.created_at, 24 * HOUR),
			jobTitle: 'VP of Customer Operations',
		}),
		recapCreated: recapDelivery('meeting_recap.created', {
			...recap,
			updatedAt: at(meeting.end_time, HOUR / 4),
		}),
		recapUpdated: recapDelivery('meeting_recap.updated', {
			...recap,
			updatedAt: at(meeting.end_time, 2 * HOUR),
			withoutTexts: true,
		}),
		contactDeleted: contactDeleted(contact.uuid, at(meeting.end_time, 24 * HOUR)),
		recapDeleted: recapDeleted(recap.uuid, at(meeting.end_time, 24 * HOUR)),
	};
});
// Per contact: the card with the booking and the contact as created, then after each later delivery.
const cardsWith = later.map((deliveries, i) => {
	const apply = (card, change) => cardAfterChange(planSync, card, change, settings);
	const contact = apply(existingCards[i][0], contactChange(deliveries.contactCreated));
	const contactUpdated = apply(contact, contactChange(deliveries.contactUpdated));
	const recap = apply(contactUpdated, recapChange(deliveries.recapCreated));
	const recapUpdated = apply(recap, recapChange(deliveries.recapUpdated));
	const deletion = (envelope, normalize) =>
		apply(recapUpdated, deletionChange(normalize(envelope), recapUpdated));
	return {
		contact: [contact],
		contactUpdated: [contactUpdated],
		recap: [recap],
		recapUpdated: [recapUpdated],
		contactDeleted: [deletion(deliveries.contactDeleted, normalizeContact)],
		recapDeleted: [deletion(deliveries.recapDeleted, normalizeRecap)],
	};
});

const KEY = 'f3a1c9e07b2d4e6a8c0b1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708';
const OTHER_KEY = '0000000000000000000000000000000000000000000000000000000000000000';
const signed = envelopes.map((envelope) => {
	const { body, headers } = signedDelivery(envelope, KEY);
	return { rawBody: Buffer.from(body), header: headers['calendly-webhook-signature'] };
});
const nowSeconds = Math.floor(Date.now() / 1000);

// The trigger's repeat stop, as large as it gets; every delivery of the pool is already in it, so the
// "repeat" case finds them and the "new" case (another workflow each time) adds keys until it is full.
const trigger = { workflowId: 'wf', webhookId: 'hook', mode: 'webhook' };
const repeatStop = new SeenKeys(REPEAT_MEMORY.hours * 3600_000, REPEAT_MEMORY.deliveries);
for (const envelope of envelopes) repeatStop.firstSight(repeatKey(trigger, envelope));
let fresh = 0;

/** Heap bytes the trigger's store holds when full (its real size limit), after garbage collection. */
function repeatStopMemory() {
	setFlagsFromString('--expose-gc');
	const gc = runInNewContext('gc');
	const store = processMemory.startedDeliveries;
	store.clear();
	gc();
	const before = process.memoryUsage().heapUsed;
	let keys = 0;
	for (let i = 0; store.size < REPEAT_MEMORY.deliveries; i++, keys++)
		store.firstSight(repeatKey({ ...trigger, workflowId: `wf-${i}` }, envelopes[i % POOL]));
	gc();
	const bytes = process.memoryUsage().heapUsed - before;
	store.clear();
	return { keys, bytes, bytesPerKey: bytes / keys };
}

const results = [
	measure(
		'decide: new contact (normalize + plan -> created)',
		(i) =>
			planSync([], normalizeBooking(envelopes[i % POOL], { timeZone: settings.timeZone }), settings)
				.action === 'created',
	),
	measure(
		'decide: repeat booking of a contact with a card (normalize + plan -> updated)',
		(i) =>
			planSync(
				existingCards[i % POOL],
				normalizeBooking(repeatEnvelopes[i % POOL], { timeZone: settings.timeZone }),
				settings,
			).action === 'updated',
	),
	measure(
		'decide: duplicate delivery (normalize + plan -> skipped)',
		(i) =>
			planSync(
				existingCards[i % POOL],
				normalizeBooking(envelopes[i % POOL], { timeZone: settings.timeZone }),
				settings,
			).skipReason === 'duplicate',
	),
	measure(
		'decide: contact update onto a card with a booking (normalize + plan -> updated)',
		(i) =>
			planSync(cardsWith[i % POOL].contact, contactChange(later[i % POOL].contactUpdated), settings)
				.action === 'updated',
	),
	measure(
		'decide: duplicate contact update (normalize + plan -> skipped)',
		(i) =>
			planSync(
				cardsWith[i % POOL].contactUpdated,
				contactChange(later[i % POOL].contactUpdated),
				settings,
			).skipReason === 'duplicate',
	),
	measure(
		'decide: meeting recap created onto a card with a booking (normalize + plan -> updated)',
		(i) =>
			planSync(
				cardsWith[i % POOL].contactUpdated,
				recapChange(later[i % POOL].recapCreated),
				settings,
			).action === 'updated',
	),
	measure(
		'decide: duplicate meeting recap created (normalize + plan -> skipped)',
		(i) =>
			planSync(cardsWith[i % POOL].recap, recapChange(later[i % POOL].recapCreated), settings)
				.skipReason === 'duplicate',
	),
	measure(
		'decide: meeting recap update without its texts (normalize + plan -> updated)',
		(i) =>
			planSync(cardsWith[i % POOL].recap, recapChange(later[i % POOL].recapUpdated), settings)
				.action === 'updated',
	),
	measure(
		'decide: duplicate meeting recap update (normalize + plan -> skipped)',
		(i) =>
			planSync(
				cardsWith[i % POOL].recapUpdated,
				recapChange(later[i % POOL].recapUpdated),
				settings,
			).skipReason === 'duplicate',
	),
	measure('decide: contact deleted from a card holding it (normalize + plan -> updated)', (i) => {
		const [card] = cardsWith[i % POOL].recapUpdated;
		return (
			planSync(
				[card],
				deletionChange(normalizeContact(later[i % POOL].contactDeleted), card),
				settings,
			).action === 'updated'
		);
	}),
	measure('decide: duplicate contact deletion (normalize + plan -> skipped)', (i) => {
		const [card] = cardsWith[i % POOL].contactDeleted;
		return (
			planSync(
				[card],
				deletionChange(normalizeContact(later[i % POOL].contactDeleted), card),
				settings,
			).skipReason === 'duplicate'
		);
	}),
	measure(
		'decide: meeting recap deleted from a card holding it (normalize + plan -> updated)',
		(i) => {
			const [card] = cardsWith[i % POOL].recapUpdated;
			return (
				planSync(
					[card],
					deletionChange(normalizeRecap(later[i % POOL].recapDeleted), card),
					settings,
				).action === 'updated'
			);
		},
	),
	measure('decide: duplicate meeting recap deletion (normalize + plan -> skipped)', (i) => {
		const [card] = cardsWith[i % POOL].recapDeleted;
		return (
			planSync([card], deletionChange(normalizeRecap(later[i % POOL].recapDeleted), card), settings)
				.skipReason === 'duplicate'
		);
	}),
	measure('signature: genuine delivery, one key (valid)', (i) => {
		const { rawBody, header } = signed[i % POOL];
		return verifyCalendlySignature({
			header,
			rawBody,
			signingKeys: [KEY],
			nowSeconds,
			toleranceSeconds: 180,
		}).valid;
	}),
	measure(
		'repeat stop: a repeat (key + recognised)',
		(i) => !repeatStop.firstSight(repeatKey(trigger, envelopes[i % POOL])),
	),
	measure('repeat stop: a new delivery (key + remembered)', (i) =>
		repeatStop.firstSight(
			repeatKey({ ...trigger, workflowId: `wf-${fresh++}` }, envelopes[i % POOL]),
		),
	),
	measure(
		'signature: forged delivery, two keys tried (refused)',
		(i) => {
			const { rawBody, header } = signed[i % POOL];
			const check = verifyCalendlySignature({
				header,
				rawBody,
				signingKeys: [OTHER_KEY, OTHER_KEY.replace(/0/g, '1')],
				nowSeconds,
				toleranceSeconds: 180,
			});
			return !check.valid && check.reason === 'mismatch';
		},
		{ targeted: false },
	),
];

/**
 * Where "decide" spends its time: a V8 CPU profile of `decide(i)` for 4 x QUARTER values of i (after
 * the timed runs, so it does not disturb them), as shares of self time per function.
 */
async function decideProfile(decide) {
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.setSamplingInterval', { interval: 100 });
	await session.post('Profiler.start');
	for (let i = 0; i < 4 * QUARTER; i++) decide(i);
	const { profile } = await session.post('Profiler.stop');
	session.disconnect();
	const selfTime = new Map();
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	let total = 0;
	profile.samples.forEach((id, i) => {
		const { functionName, url } = byId.get(id).callFrame;
		const name = `${functionName || '(anonymous)'}${url ? ` (${basename(url)})` : ''}`;
		const dt = profile.timeDeltas[i] ?? 0;
		total += dt;
		selfTime.set(name, (selfTime.get(name) ?? 0) + dt);
	});
	return [...selfTime]
		.sort((a, b) => b[1] - a[1])
		.slice(0, 8)
		.map(([name, time]) => ({ name, share: time / total }));
}

// New-contact and repeat-booking decisions.
const profile = await decideProfile((i) => {
	planSync([], normalizeBooking(envelopes[i % POOL], { timeZone: settings.timeZone }), settings);
	planSync(
		existingCards[i % POOL],
		normalizeBooking(repeatEnvelopes[i % POOL], { timeZone: settings.timeZone }),
		settings,
	);
});
// The contact and recap decisions that change a card: an update of each, a recap created, a deletion of each.
const contactRecapProfile = await decideProfile((i) => {
	const cards = cardsWith[i % POOL];
	const deliveries = later[i % POOL];
	const [card] = cards.recapUpdated;
	planSync(cards.contact, contactChange(deliveries.contactUpdated), settings);
	planSync(cards.contactUpdated, recapChange(deliveries.recapCreated), settings);
	planSync(cards.recap, recapChange(deliveries.recapUpdated), settings);
	planSync([card], deletionChange(normalizeContact(deliveries.contactDeleted), card), settings);
	planSync([card], deletionChange(normalizeRecap(deliveries.recapDeleted), card), settings);
});
const repeatMemory = repeatStopMemory();

process.stdout.write(
	JSON.stringify({
		profile,
		contactRecapProfile,
		repeatMemory,
		node: process.version,
		bodyBytes: signed[0].rawBody.length,
		// JSON bytes of the first contact update and recap created deliveries, and of the card the
		// contact update goes onto (the booking and the contact as created).
		contactBytes: Buffer.byteLength(JSON.stringify(later[0].contactUpdated)),
		recapBytes: Buffer.byteLength(JSON.stringify(later[0].recapCreated)),
		cardBytes: Buffer.byteLength(JSON.stringify(cardsWith[0].contact[0])),
		pool: POOL,
		quarter: QUARTER,
		warmup: WARMUP,
		results,
	}),
);
