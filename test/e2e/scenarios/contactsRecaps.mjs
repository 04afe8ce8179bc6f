// The whole meeting on one card, in a real n8n: a booking, its Calendly contact and changes to it, the
// meeting's recap and its update, a recap deleted, a recap of an attendee who joined under another email,
// and a contact made before its person booked (with two emails), all delivered by the simulator to one trigger (user scope allows every one of these events).
// The same deliveries, shuffled and some twice, must give another board the same cards. Run in regular
// mode (group `contacts`) and in queue mode (from queue.mjs, against its fleet).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findBoard, readCards } from '../lib/board.mjs';
import { calendlyAccount, publishedCardWorkflow } from '../lib/fixtures.mjs';
import { byEmail, itemsByOutput, replayTo, settled, shuffle } from '../lib/replay.mjs';

const EVENTS = [
	'invitee.created',
	'invitee.canceled',
	'contact.created',
	'contact.updated',
	'contact.deleted',
	'meeting_recap.created',
	'meeting_recap.updated',
	'meeting_recap.deleted',
];

const day = (n, hour = 10) => {
	const date = new Date(Date.now() + n * 86400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date;
};

/** The URI of the contact a delivery of this run made for `email`. */
function contactOf(deliveries, email) {
	for (const delivery of deliveries) {
		const body = JSON.parse(delivery.body);
		if (
			body.event === 'contact.created' &&
			body.payload.contact.emails.some((entry) => entry.email === email)
		)
			return body.payload.contact.uri;
	}
	throw new Error(`no contact.created for ${email}`);
}

/**
 * Registers the scenario; `env()` gives { stack, n8nCredentialId } once the stack runs, `label` keeps
 * its boards and people apart from other runs on the same n8n.
 */
export function contactRecapScenario(env, label) {
	test(
		`${label}: bookings, contacts and recaps give one card each with the whole meeting, in any order and with repeats`,
		{ timeout: 600_000 },
		async () => {
			const { stack, n8nCredentialId } = env();
			const slug = label.toLowerCase().replace(/[^a-z]+/g, '');
			const account = await calendlyAccount(stack, {
				name: `Rhea Recap ${label}`,
				email: `rhea.${slug}@host.test`,
			});
			const boards = {
				inOrder: `${label} meetings in order`,
				shuffled: `${label} meetings shuffled`,
			};
			const triggerParameters = { events: EVENTS };
			const inOrder = await publishedCardWorkflow(stack, account, {
				name: `${label}: meetings in order`,
				board: boards.inOrder,
				n8nCredentialId,
				triggerParameters,
			});
			// The trigger's repeat stop is off: the card node itself must make repeats change nothing.
			const shuffled = await publishedCardWorkflow(stack, account, {
				name: `${label}: meetings shuffled`,
				board: boards.shuffled,
				n8nCredentialId,
				triggerParameters: { ...triggerParameters, options: { ignoreRepeats: false } },
			});
			const replay = replayTo(stack, shuffled);
			const sim = stack.sim;
			const ann = `ann.${slug}@example.com`;
			const bob = `bob.${slug}@example.com`;
			const cara = { home: `cara.${slug}@example.org`, work: `cara.${slug}@work.example.com` };
			const dan = { home: `dan.${slug}@example.org`, work: `dan.${slug}@work.example.com` };
			const erin = { home: `erin.${slug}@example.org`, work: `erin.${slug}@work.example.com` };

			// Ann books; Calendly adds her to the host's contacts, then the host fills in her company.
			const annBooking = await sim.book({
				eventType: account.eventType.uri,
				invitee: { email: ann, name: 'Ann Lee' },
				startTime: day(-2, 9),
			});
			const mine = () => sim.deliveries.filter((d) => d.url === inOrder.webhookUrl);
			await sim.updateContact(contactOf(mine(), ann), {
				company: 'Acme',
				job_title: 'CTO',
				city: 'Berlin',
				country: 'DE',
				linkedin: 'https://www.linkedin.com/in/ann-lee',
			});
			// After the meeting, Notetaker's recap, then an edit of its action items.
			const annRecap = await sim.createRecap({
				event: annBooking.event.uri,
				summary_md: 'Ann wants a demo for her team of ten.',
				action_items_md: '- Send the pricing sheet',
				discussion_md: '## Needs\nA shared board.',
				share_link: 'https://calendly.com/recaps/ann',
			});
			await sim.updateRecap(annRecap.recap.uri, { action_items_md: '- Send the contract' });
			// Bob's meeting gets a recap that is then deleted.
			const bobBooking = await sim.book({
				eventType: account.eventType.uri,
				invitee: { email: bob, name: 'Bob Berg' },
				startTime: day(-1, 9),
			});
			const bobRecap = await sim.createRecap({
				event: bobBooking.event.uri,
				summary_md: 'Bob is not interested.',
				share_link: 'https://calendly.com/recaps/bob',
			});
			await sim.deleteRecap(bobRecap.recap.uri);
			// Erin books with her work email and joins the call with her private one: the recap lists
			// only that, and reaches her card through the booking of its meeting.
			const erinBooking = await sim.book({
				eventType: account.eventType.uri,
				invitee: { email: erin.work, name: 'Erin Ek' },
				startTime: day(-1, 11),
			});
			await sim.createRecap({
				event: erinBooking.event.uri,
				attendees: [
					{ host: true, user_email: account.user.email, user_name: account.user.name },
					{ host: false, user_email: erin.home, user_name: 'Erin Ek' },
				],
				summary_md: 'Erin asked for a trial.',
				share_link: 'https://calendly.com/recaps/erin',
			});
			// Cara is a contact with two emails before she books, with her work email.
			await sim.createContact({
				owner: account.user.uri,
				name: 'Cara Chen',
				emails: [
					{ email: cara.home, is_primary: true },
					{ email: cara.work, is_primary: false },
				],
				company: 'Chen & Co',
			});
			await sim.book({
				eventType: account.eventType.uri,
				invitee: { email: cara.work, name: 'Cara Chen' },
				startTime: day(3, 9),
			});

			// Dan books under two emails: two cards. The host then merges his two Calendly contacts into
			// one listing both, and "Multiple Matches" (merge, the default) makes the cards one.
			for (const [email, days] of [
				[dan.home, 4],
				[dan.work, 5],
			])
				await sim.book({
					eventType: account.eventType.uri,
					invitee: { email, name: 'Dan Dorn' },
					startTime: day(days, 9),
				});
			await sim.deleteContact(contactOf(mine(), dan.work));
			await sim.updateContact(contactOf(mine(), dan.home), {
				emails: [
					{ email: dan.home, is_primary: true },
					{ email: dan.work, is_primary: false },
				],
				company: 'Dorn GmbH',
			});

			const live = mine();
			assert.ok(
				live.every((d) => d.status === 200),
				`statuses: ${live.map((d) => d.status)}`,
			);
			const kinds = new Set(live.map((d) => JSON.parse(d.body).event));
			for (const event of ['contact.created', 'contact.updated', 'meeting_recap.updated'])
				assert.ok(kinds.has(event), `Calendly sent ${event}`);
			const executions = await settled(stack, inOrder, live.length);

			const cards = byEmail(
				await readCards(stack.api, (await findBoard(stack.api, boards.inOrder)).id),
			);
			assert.deepEqual(
				Object.keys(cards).sort(),
				[ann, bob, cara.work, dan.home, erin.work].sort(),
			);
			assert.equal(cards[ann].eventName, account.eventType.name);
			assert.equal(cards[ann].company, 'Acme');
			assert.equal(cards[ann].jobTitle, 'CTO');
			assert.equal(cards[ann].contactLocation, 'Berlin, DE');
			assert.equal(cards[ann].linkedin, 'https://www.linkedin.com/in/ann-lee');
			assert.equal(cards[ann].recapSummary, 'Ann wants a demo for her team of ten.');
			assert.equal(cards[ann].recapActionItems, '- Send the contract');
			assert.equal(cards[ann].recapLink, 'https://calendly.com/recaps/ann');
			assert.match(cards[ann].activityColumn, /Meeting recap of .* is ready/);
			assert.match(cards[ann].activityColumn, /Booked /);
			assert.equal(cards[bob].recapSummary, null);
			assert.match(cards[bob].activityColumn, /Meeting recap of .* deleted/);
			assert.equal(cards[erin.work].recapLink, 'https://calendly.com/recaps/erin');
			// Cara's contact came before her booking: it waited beside the board and her card took it in.
			assert.equal(cards[cara.work].company, 'Chen & Co');
			assert.equal(cards[cara.home], undefined, 'no card for an email that never booked');
			assert.equal(cards[dan.home].company, 'Dorn GmbH');
			assert.equal(cards[dan.home].calendlyEmails, `|${dan.work}|`);
			assert.equal(Object.keys(cards[dan.home].bookings).length, 2, "both of Dan's bookings");

			// Each delivery on its output: recaps and contact changes on Updated, never on Created or Canceled.
			const outputs = itemsByOutput(executions);
			const about = (items, key) => items.filter((item) => item[key] !== undefined);
			assert.equal(
				about(outputs.Created, 'recap').length + about(outputs.Canceled, 'recap').length,
				0,
			);
			assert.ok(
				about(outputs.Updated, 'recap').some(
					(item) => item.recap.discussion === '## Needs\nA shared board.',
				),
			);
			assert.ok(about(outputs.Updated, 'contact').some((item) => item.contact.company === 'Acme'));
			// One Created per card made: Dan's work booking makes a second card only when it is handled
			// before his merged contact (executions run as deliveries arrive).
			const created = outputs.Created.map((item) => item.card.email).sort();
			assert.deepEqual(
				created.filter((email) => !email.startsWith('dan.')),
				[ann, bob, cara.work, erin.work].sort(),
			);
			assert.ok(created.filter((email) => email.startsWith('dan.')).length >= 1, created.join());

			const replays = shuffle([...live, ...live.filter((_, i) => i % 3 === 0)], 11);
			const statuses = await Promise.all(replays.map(replay));
			assert.ok(
				statuses.every((status) => status === 200),
				`statuses: ${statuses.join(',')}`,
			);
			await settled(stack, shuffled, replays.length);
			const again = byEmail(
				await readCards(stack.api, (await findBoard(stack.api, boards.shuffled)).id),
			);
			assert.deepEqual(again, cards);
		},
	);
}
