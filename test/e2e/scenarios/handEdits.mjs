// A board a person edits by hand between deliveries, as in n8n's data-table screen: values typed into
// cards, card columns deleted, renamed and moved, columns of their own added. The rule under test: a
// delivery writes a visible field only when the node's own value for it changes (or the row has no
// value for it, e.g. its column was re-created); typed values stay otherwise; deleted or renamed card
// columns come back under the node's name; the person's columns are never touched; and nothing the
// card knows (bookings, activity) lives only in a visible column, so none of it is lost.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { cardsFor, findBoard, sameInstant } from '../lib/board.mjs';
import { executionError, startedDeliveries, waitForExecutions } from '../lib/executions.mjs';
import { calendlyAccount, dataTableCredential, publishedCardWorkflow } from '../lib/fixtures.mjs';

const day = (n, hour = 10) => {
	const date = new Date(Date.now() + n * 86400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date;
};

const BOARD = 'Hand-edited cards';
const ALICE = 'alice.anders@example.com';
const BOB = 'bob.berg@example.com';
const TOPIC = 'What should we talk about?';
const TOPIC_COLUMN = 'q_What_should_we_talk_about';
const typed = {
	alice: {
		stage: 'Qualified',
		name: 'Alice Anders (VIP)',
		description: 'Met at the fair, wants a demo',
		q_Company: 'Acme Corp (verified)',
	},
	bob: { stage: 'Qualified', eventWhen: 'call him first', activity: 'Left him a voicemail' },
};
/** The first two lines of a description the node wrote: the event's name and "When: <eventWhen>". */
const headOf = (description) => String(description).split('\n').slice(0, 2).join('\n');
const own = {
	alice: { notes: 'Send the price list', priority: 1 },
	bob: { notes: 'Prefers mornings', priority: 2 },
};

export function handEditScenarios(ctx) {
	describe('Calendly to Card on a board edited by hand', () => {
		let wf;
		let board;
		let account;
		const invitees = {}; // a1..a3 (Alice's bookings), b1, b2 (Bob's) -> invitee URI
		let columnsAfterEdits; // column names in order, right after the person's edits
		let phoneBeforeRename; // email -> phone shown when the person renamed the column

		before(async () => {
			account = await calendlyAccount(ctx.stack, {
				name: 'Edda Editor',
				email: 'edda.editor@host.test',
				eventTypes: [
					{ name: 'Intro Call', custom_questions: [{ name: 'Company' }, { name: TOPIC }] },
					{ name: 'Demo', custom_questions: [{ name: 'Company' }, { name: TOPIC }] },
				],
			});
			// Updated Card Stage is left at Booked, like New Card Stage: a second booking does not change the
			// node's stage. A Canceled Stage makes a cancellation change it; no No-Show Stage, so a no-show does not.
			wf = await publishedCardWorkflow(ctx.stack, account, {
				name: 'Hand-edited board',
				board: BOARD,
				n8nCredentialId: await dataTableCredential(ctx.stack),
				cardParameters: {
					cancelPolicy: 'removeEvent',
					timeZone: 'Europe/Berlin',
					options: { canceledStage: 'Canceled' },
				},
			});
		});

		/** This workflow's accepted deliveries, parsed: each started one execution. */
		const delivered = () =>
			startedDeliveries(ctx.stack.sim, wf.webhookUrl).map((body) => JSON.parse(body));

		/** Waits for every delivery's execution and asserts none failed. */
		async function settle() {
			const executions = await waitForExecutions(ctx.stack.api, wf.id, delivered().length, {
				timeoutMs: 60_000,
			});
			for (const execution of executions) {
				assert.equal(
					execution.status,
					'success',
					`execution ${execution.id}: ${JSON.stringify(executionError(execution))}`,
				);
			}
		}

		const card = async (email) => {
			const cards = await cardsFor(ctx.stack.api, board.id, email);
			assert.equal(cards.length, 1, `${email} has one card`);
			return cards[0];
		};
		const columnNamed = async (name) =>
			(await ctx.stack.api.columns(board.id)).find((column) => column.name === name);

		const book = (eventType, email, name, startTime, { phone, location, company, topic }) =>
			ctx.stack.sim.book({
				eventType: eventType.uri,
				invitee: { email, name, timezone: 'Europe/Vienna', text_reminder_number: phone },
				startTime,
				location,
				questionsAndAnswers: [
					{ question: 'Company', answer: company, position: 0 },
					{ question: TOPIC, answer: topic, position: 1 },
				],
			});

		test('bookings make two cards, one with two bookings and question columns', async () => {
			const [intro] = account.eventTypes;
			const alice = {
				phone: '+43 660 1111111',
				location: 'Cafe Central, Vienna',
				company: 'Acme',
				topic: 'Pricing',
			};
			invitees.a1 = (await book(intro, ALICE, 'Alice Anders', day(2, 9), alice)).invitee.uri;
			invitees.a2 = (await book(intro, ALICE, 'Alice Anders', day(3, 9), alice)).invitee.uri;
			invitees.b1 = (
				await book(intro, BOB, 'Bob Berg', day(4, 11), {
					phone: '+43 660 2222222',
					location: 'Berg Office, Graz',
					company: 'Bergbau',
					topic: 'Support',
				})
			).invitee.uri;
			await settle();
			board = await findBoard(ctx.stack.api, BOARD);
			const [a, b] = [await card(ALICE), await card(BOB)];
			assert.deepEqual(Object.keys(a.bookings).sort(), [invitees.a1, invitees.a2].sort());
			assert.deepEqual(
				[a.stage, a.eventName, a.location, a.phone, a.q_Company, a[TOPIC_COLUMN]],
				['Booked', 'Intro Call', 'Cafe Central, Vienna', '+43 660 1111111', 'Acme', 'Pricing'],
			);
			assert.deepEqual(
				[b.stage, b.eventName, b.phone, b.q_Company],
				['Booked', 'Intro Call', '+43 660 2222222', 'Bergbau'],
			);
		});

		test('a person edits values, deletes, renames and moves card columns, and adds columns of their own', async () => {
			const api = ctx.stack.api;
			const [a, b] = [await card(ALICE), await card(BOB)];
			phoneBeforeRename = { [ALICE]: a.phone, [BOB]: b.phone };
			await api.addColumn(board.id, 'notes', 'string');
			await api.addColumn(board.id, 'priority', 'number');
			await api.updateRow(board.id, a.id, { ...typed.alice, ...own.alice });
			await api.updateRow(board.id, b.id, { ...typed.bob, ...own.bob });
			for (const name of ['location', 'eventName', TOPIC_COLUMN])
				await api.deleteColumn(board.id, (await columnNamed(name)).id);
			await api.renameColumn(board.id, (await columnNamed('phone')).id, 'mobile');
			await api.moveColumn(board.id, (await columnNamed('notes')).id, 0);
			await api.moveColumn(board.id, (await columnNamed('stage')).id, 1);

			// The board now looks as the person left it.
			columnsAfterEdits = (await api.columns(board.id)).map((column) => column.name);
			assert.deepEqual(columnsAfterEdits.slice(0, 2), ['notes', 'stage']);
			for (const gone of ['location', 'eventName', TOPIC_COLUMN, 'phone'])
				assert.ok(!columnsAfterEdits.includes(gone), columnsAfterEdits.join(', '));
			const [a2, b2] = [await card(ALICE), await card(BOB)];
			assert.deepEqual(
				[a2.stage, a2.name, a2.mobile, a2.notes, a2.priority],
				[
					'Qualified',
					typed.alice.name,
					phoneBeforeRename[ALICE],
					own.alice.notes,
					own.alice.priority,
				],
			);
			assert.deepEqual(
				[b2.eventWhen, b2.activityColumn, b2.mobile],
				[typed.bob.eventWhen, typed.bob.activity, phoneBeforeRename[BOB]],
			);
		});

		test("a new booking keeps what the person typed where the node's own value did not change", async () => {
			const demo = account.eventTypes[1];
			invitees.a3 = (
				await book(demo, ALICE, 'Alice Anders', day(5, 14), {
					phone: '+43 660 1111111',
					location: 'Hofburg, Vienna',
					company: 'Acme',
					topic: 'Hiring',
				})
			).invitee.uri;
			await settle();
			// The node's stage (Booked both times), the contact's name and the Company answer are unchanged.
			const { stage, name, q_Company } = await card(ALICE);
			assert.deepEqual(
				{ stage, name, q_Company },
				{ stage: typed.alice.stage, name: typed.alice.name, q_Company: typed.alice.q_Company },
			);
		});

		test("where the node's own value changed, the new booking writes over the typed one", async () => {
			const a = await card(ALICE);
			assert.ok(sameInstant(a.eventTime, day(5, 14)), `eventTime ${a.eventTime}`);
			assert.ok(a.eventWhen, `eventWhen ${a.eventWhen}`);
			assert.equal(headOf(a.description), `Demo\nWhen: ${a.eventWhen}`);
		});

		test("deleted and renamed card columns are back under the node's names with the current values", async () => {
			const a = await card(ALICE);
			assert.deepEqual(
				{
					eventName: a.eventName,
					location: a.location,
					[TOPIC_COLUMN]: a[TOPIC_COLUMN],
					phone: a.phone,
				},
				{
					eventName: 'Demo',
					location: 'Hofburg, Vienna',
					[TOPIC_COLUMN]: 'Hiring',
					phone: '+43 660 1111111',
				},
			);
		});

		let moved; // Bob's rescheduled event
		test('a reschedule writes over the event time and last activity the person typed', async () => {
			const result = await ctx.stack.sim.reschedule(invitees.b1, day(6, 15), {
				order: 'canceled-first',
			});
			invitees.b2 = result.newInvitee.uri;
			moved = result.event;
			await settle();
			const b = await card(BOB);
			assert.ok(sameInstant(b.eventTime, moved.start_time), `eventTime ${b.eventTime}`);
			assert.notEqual(b.eventWhen, typed.bob.eventWhen);
			assert.equal(
				headOf(b.description),
				`Intro Call\nWhen: ${b.eventWhen}`,
				"eventWhen is the node's text for the new time",
			);
			const newestLine = {
				booked: '· Rescheduled Intro Call to ',
				rescheduled: '· Moved Intro Call from ',
			};
			assert.ok(
				String(b.activityColumn).split('\n')[0].includes(newestLine[b.activity.at(-1).type]),
				'the Activity Log column starts with the newest entry',
			);
		});

		test("the reschedule keeps the typed stage (no Rescheduled Stage: the node's stage stays Booked)", async () => {
			assert.equal((await card(BOB)).stage, typed.bob.stage);
		});

		test('the reschedule fills the empty cells of the re-created columns on the other card', async () => {
			const b = await card(BOB);
			// A reschedule takes the event type's location, not the one Bob's first booking had.
			assert.deepEqual(
				{
					eventName: b.eventName,
					location: b.location,
					[TOPIC_COLUMN]: b[TOPIC_COLUMN],
					phone: b.phone,
				},
				{
					eventName: 'Intro Call',
					location: moved.location?.location ?? null,
					[TOPIC_COLUMN]: 'Support',
					phone: '+43 660 2222222',
				},
			);
		});

		test('a cancellation with a Canceled Stage writes over the typed stage', async () => {
			await ctx.stack.sim.cancelInvitee(invitees.b2, {
				by: 'invitee',
				reason: 'Found another provider',
			});
			await settle();
			const { stage, eventStatus, eventName, eventWhen, location } = await card(BOB);
			// Remove Event clears the event fields.
			assert.deepEqual(
				{ stage, eventStatus, eventName, eventWhen, location },
				{
					stage: 'Canceled',
					eventStatus: 'canceled',
					eventName: null,
					eventWhen: null,
					location: null,
				},
			);
		});

		test('a no-show marks the card and keeps the typed stage (no No-Show Stage set)', async () => {
			await ctx.stack.sim.markNoShow(invitees.a3);
			await settle();
			const { noShow, eventStatus, stage } = await card(ALICE);
			assert.deepEqual(
				{ noShow, eventStatus, stage },
				{ noShow: true, eventStatus: 'no_show', stage: typed.alice.stage },
			);
		});

		/** Per contact: `ofCard(card)` against `ofDeliveries(their deliveries)`, compared as a whole so one diff shows every value lost. */
		async function compareWithDeliveries(ofCard, ofDeliveries) {
			const deliveries = delivered();
			const actual = {};
			const expected = {};
			for (const email of [ALICE, BOB]) {
				actual[email] = ofCard(await card(email));
				expected[email] = ofDeliveries(deliveries.filter((d) => d.payload.email === email));
			}
			assert.deepEqual(actual, expected);
		}

		test('every booking delivered is in calendlyState as Calendly described it, not as the edited row shows it', async () => {
			const held = ({ snapshot }) => ({
				eventName: snapshot.eventName,
				start: new Date(snapshot.startTime).toISOString(),
				location: snapshot.location,
				name: snapshot.name,
				phone: snapshot.phone,
				answers: snapshot.questions.map((qa) => [qa.question, qa.answer]),
			});
			const sent = ({ payload }) => ({
				eventName: payload.scheduled_event.name,
				start: new Date(payload.scheduled_event.start_time).toISOString(),
				location: payload.scheduled_event.location?.location ?? null,
				name: payload.name,
				phone: payload.text_reminder_number,
				answers: payload.questions_and_answers.map((qa) => [qa.question, qa.answer]),
			});
			await compareWithDeliveries(
				({ bookings }) =>
					Object.fromEntries(Object.entries(bookings).map(([uri, record]) => [uri, held(record)])),
				(mine) => Object.fromEntries(mine.map((d) => [d.payload.uri, sent(d)])),
			);
		});

		test('every activity entry delivered is in calendlyState: one per delivery, none lost, each of its kind', async () => {
			const kind = ({ event, payload }) =>
				({
					'invitee.created': 'booked',
					'invitee.canceled': payload.rescheduled ? 'rescheduled' : 'canceled',
					'invitee_no_show.created': 'no_show',
					'invitee_no_show.deleted': 'no_show_cleared',
				})[event];
			await compareWithDeliveries(
				({ activity }) =>
					activity
						.map((entry) => `${entry.key.split('|').slice(0, 2).join('|')} ${entry.type}`)
						.sort(),
				(mine) => mine.map((d) => `${d.event}|${d.payload.uri} ${kind(d)}`).sort(),
			);
		});

		test("the person's own columns, their values, the renamed column and the column order are kept", async () => {
			const columns = await ctx.stack.api.columns(board.id);
			const types = Object.fromEntries(columns.map((column) => [column.name, column.type]));
			assert.deepEqual([types.notes, types.priority, types.mobile], ['string', 'number', 'string']);
			const [a, b] = [await card(ALICE), await card(BOB)];
			assert.deepEqual(
				[a, b].map((c) => ({ notes: c.notes, priority: c.priority, mobile: c.mobile })),
				[
					{ ...own.alice, mobile: phoneBeforeRename[ALICE] },
					{ ...own.bob, mobile: phoneBeforeRename[BOB] },
				],
			);
			// Re-created columns may be put anywhere; the columns the person left keep their order.
			const names = columns.map((column) => column.name);
			assert.deepEqual(
				names.filter((name) => columnsAfterEdits.includes(name)),
				columnsAfterEdits,
			);
		});

		test('the activity column lists the log, newest first, one line per entry', async () => {
			// readCards gives `activity` as the log from calendlyState; the column itself is in the raw row.
			const rows = await ctx.stack.api.rows(board.id);
			for (const email of [ALICE, BOB]) {
				const { id, activity } = await card(email);
				const column = rows.find((row) => row.id === id).activity;
				const lines = String(column ?? '').split('\n');
				assert.equal(
					lines.length,
					activity.length,
					`${email}: activity column ${JSON.stringify(column)}`,
				);
				// Each line says what its entry's delivery did (the node's text, not what a person typed).
				const says = {
					booked: / · (Booked|Rescheduled) (Intro Call|Demo) (for|to) /,
					rescheduled: / · Moved (Intro Call|Demo) from /,
					canceled: / · Canceled (Intro Call|Demo) of /,
					no_show: / · Marked as no-show for (Intro Call|Demo) of /,
					no_show_cleared: / · No-show mark removed for (Intro Call|Demo) of /,
				};
				[...activity]
					.reverse()
					.forEach((entry, i) =>
						assert.match(
							lines[i],
							says[entry.type],
							`${email}: line ${i} is a ${entry.type} entry`,
						),
					);
			}
		});
	});
}
