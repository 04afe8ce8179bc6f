// Contract tests of the simulator's Contacts and Notetaker (meeting recaps) APIs, their webhooks and set-up
// methods, against /work/shared/reference/calendly-contacts-recaps.md.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { CalendlySimulator } from './index';
import type { ContactFieldDefinition, SimUser } from './index';

interface Received {
	path: string;
	headers: http.IncomingHttpHeaders;
	rawBody: string;
	body: any;
}

/** One HTTP receiver; each subscription gets its own path on it. */
async function startReceiver() {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (c: string) => (raw += c));
		req.on('end', () => {
			received.push({
				path: req.url ?? '',
				headers: req.headers,
				rawBody: raw,
				body: JSON.parse(raw),
			});
			res.writeHead(200).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		base: `http://127.0.0.1:${port}`,
		received,
		at: (path: string) => received.filter((r) => r.path === path),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

function verify(key: string, header: string | string[] | undefined, rawBody: string) {
	const parts = Object.fromEntries(
		String(header ?? '')
			.split(',')
			.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]),
	);
	const expected = crypto.createHmac('sha256', key).update(`${parts.t}.${rawBody}`).digest('hex');
	return parts.v1 === expected;
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const SIGNING_KEY = 'contacts-recaps-key';

/** Keys of the contact in contact.created / contact.updated payloads (REST Contact minus app_url, plus creation_source). */
const WEBHOOK_CONTACT_KEYS = [
	'uri',
	'creation_source',
	'name',
	'emails',
	'phone_numbers',
	'timezone',
	'job_title',
	'company',
	'country',
	'state',
	'city',
	'linkedin',
	'custom_fields',
	'created_at',
	'updated_at',
	'first_email_date',
	'last_email_date',
	'next_meeting_date',
	'last_meeting_date',
	'last_interaction_date',
].sort();
const REST_CONTACT_KEYS = [
	...WEBHOOK_CONTACT_KEYS.filter((k) => k !== 'creation_source'),
	'app_url',
].sort();
const RECAP_LIST_KEYS = [
	'uri',
	'app_url',
	'event',
	'status',
	'name',
	'location',
	'start_time',
	'end_time',
	'created_at',
	'updated_at',
	'attendees',
	'transcript',
].sort();
const RECAP_KEYS = [
	...RECAP_LIST_KEYS,
	'summary_md',
	'action_items_md',
	'discussion_md',
	'share_link',
].sort();
const WEBHOOK_RECAP_KEYS = [
	'uri',
	'summary_md',
	'action_items_md',
	'discussion_md',
	'transcript',
	'share_link',
	'created_at',
	'updated_at',
].sort();

describe('Calendly simulator: Contacts and Notetaker', () => {
	let sim: CalendlySimulator;
	let owner: SimUser;
	let member: SimUser;
	let other: SimUser;
	let ownerToken: string;
	let memberToken: string;
	let receiver: Awaited<ReturnType<typeof startReceiver>>;

	async function api(method: string, endpoint: string, token: string | null, body?: unknown) {
		const res = await fetch(sim.baseUrl + endpoint, {
			method,
			headers: {
				...(token ? { authorization: `Bearer ${token}` } : {}),
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
			},
			body: body !== undefined ? JSON.stringify(body) : undefined,
		});
		const text = await res.text();
		return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
	}

	/** A subscription posting to `receiver.base + path`. */
	async function subscribe(
		path: string,
		token: string,
		events: string[],
		target: { scope: 'organization' | 'user' | 'group'; user?: string; group?: string },
		organization = sim.organization,
	) {
		const res = await api('POST', '/webhook_subscriptions', token, {
			url: receiver.base + path,
			events,
			organization,
			signing_key: SIGNING_KEY,
			...target,
		});
		expect(res.status).toBe(201);
		return res.json.resource;
	}

	const id = (uri: string) => uri.split('/').pop() as string;

	beforeEach(async () => {
		sim = new CalendlySimulator();
		await sim.start();
		sim.setNow('2030-05-01T08:00:00Z');
		owner = sim.createUser({ name: 'Olivia Owner', email: 'olivia@example.com' });
		member = sim.createUser({ name: 'Mark Member', email: 'mark@example.com' });
		other = sim.createUser({
			name: 'Otto Other',
			email: 'otto@other.example.com',
			organization: 'new',
		});
		ownerToken = sim.issueToken({ user: owner.uri });
		memberToken = sim.issueToken({ user: member.uri });
		receiver = await startReceiver();
	});

	afterEach(async () => {
		expect(sim.errors).toEqual([]);
		await sim.stop();
		await receiver.close();
	});

	describe('contacts REST', () => {
		let tier: ContactFieldDefinition;
		let tags: ContactFieldDefinition;
		let budget: ContactFieldDefinition;

		beforeEach(() => {
			tier = sim.createContactFieldDefinition({
				label: 'Tier',
				field_type: 'single_select',
				options: ['Gold', { label: 'Silver', color: '#c0c0c0' }],
			});
			tags = sim.createContactFieldDefinition({ label: 'Tags', field_type: 'tags' });
			budget = sim.createContactFieldDefinition({
				label: 'Budget',
				field_type: 'currency',
				currency: 'eur',
			});
		});

		it('creates a contact (201) with the documented shape and reads it back', async () => {
			const created = await api('POST', '/contacts', memberToken, {
				name: 'Ada Lovelace',
				emails: [
					{ email: 'ada@example.com', is_primary: true },
					{ email: 'ada@work.example.com', is_primary: false },
				],
				phone_numbers: [{ phone_number: '+15551234567' }],
				company: 'Analytical Engines',
				job_title: 'Programmer',
				timezone: 'Europe/London',
				country: 'GB',
				linkedin: 'https://www.linkedin.com/in/ada',
				custom_fields: [
					{ uuid: id(tier.uri), value: 'Gold' },
					{ uuid: id(budget.uri), value: 85000 },
				],
			});
			expect(created.status).toBe(201);
			const contact = created.json.resource;
			expect(Object.keys(contact).sort()).toEqual(REST_CONTACT_KEYS);
			expect(contact).toMatchObject({
				uri: expect.stringMatching(new RegExp(`^${sim.baseUrl}/contacts/[0-9a-f-]{36}$`)),
				name: 'Ada Lovelace',
				phone_numbers: [{ phone_number: '+15551234567' }],
				state: null,
				city: null,
				first_email_date: null,
				next_meeting_date: null,
				last_interaction_date: null,
				app_url: `https://calendly.com/app/contacts/${id(contact.uri)}`,
			});
			expect(contact.created_at).toMatch(ISO);
			// Every definition is listed; the single_select label was stored as the option uuid.
			expect(contact.custom_fields).toEqual([
				{ uri: tier.uri, label: 'Tier', value: tier.options![0].uuid },
				{ uri: tags.uri, label: 'Tags', value: [] },
				{ uri: budget.uri, label: 'Budget', value: 85000 },
			]);
			const read = await api('GET', `/contacts/${id(contact.uri)}`, memberToken);
			expect(read.json.resource).toEqual(contact);
			const slim = await api(
				'GET',
				`/contacts/${id(contact.uri)}?exclude=custom_fields`,
				memberToken,
			);
			expect(slim.json.resource).not.toHaveProperty('custom_fields');
			expect(
				(await api('GET', `/contacts/${id(contact.uri)}?exclude=name`, memberToken)).status,
			).toBe(400);
		});

		it('validates POST bodies: required fields, one primary email, unknown keys, custom fields', async () => {
			const post = (body: unknown) => api('POST', '/contacts', ownerToken, body);
			const empty = await post({});
			expect(empty.status).toBe(400);
			expect(empty.json).toMatchObject({
				title: 'Invalid Argument',
				message: 'The supplied parameters are invalid.',
			});
			expect(empty.json.details.map((d: any) => d.parameter)).toEqual(['name', 'emails']);
			const email = (n: number, primary = false) => ({
				email: `p${n}@example.com`,
				is_primary: primary,
			});
			const details = async (body: unknown) =>
				(await post(body)).json.details.map((d: any) => d.parameter);
			expect(await details({ name: 'X', emails: [email(1, true), email(2, true)] })).toEqual([
				'emails',
			]);
			expect(await details({ name: 'X', emails: [email(1)] })).toEqual(['emails']);
			expect(await details({ name: 'X', emails: [] })).toEqual(['emails']);
			expect(
				await details({
					name: 'X',
					emails: Array.from({ length: 11 }, (_, i) => email(i, i === 0)),
				}),
			).toEqual(['emails']);
			expect(await details({ name: 'X', emails: [{ email: 'nope', is_primary: true }] })).toEqual([
				'emails[0].email',
			]);
			expect(
				await details({ name: 'X', emails: [email(1, true)], owner: owner.uri, user: 'u' }),
			).toEqual(['owner', 'user']);
			expect(await details({ name: 'X', emails: [email(1, true)], timezone: 'Mars/Base' })).toEqual(
				['timezone'],
			);
			expect(
				await details({
					name: 'X',
					emails: [email(1, true)],
					custom_fields: [
						{ uuid: 'unknown', value: 'x' },
						{ uuid: id(tags.uri), value: 'not-an-array' },
						{ uuid: id(budget.uri), value: '85000' },
					],
				}),
			).toEqual(['custom_fields[0].uuid', 'custom_fields[1].value', 'custom_fields[2].value']);
			const badOption = await post({
				name: 'X',
				emails: [email(1, true)],
				custom_fields: [{ uuid: id(tier.uri), value: 'gold' }],
			});
			expect(badOption.json.details[0].message).toContain('Gold');
			expect(badOption.json.details[0].message).toContain('Silver');
			const question = sim.createContactFieldDefinition({
				label: 'Goal',
				field_type: 'invitee_question',
			});
			expect(
				await details({
					name: 'X',
					emails: [email(1, true)],
					custom_fields: [{ uuid: id(question.uri), value: 'grow' }],
				}),
			).toEqual(['custom_fields[0].value']);
			expect((await post([1, 2])).status).toBe(400);
			// Nothing was stored by any refused request.
			expect((await api('GET', '/contacts', ownerToken)).json.collection).toEqual([]);
		});

		it('answers 409 for an email another contact of the same user has', async () => {
			const body = { name: 'Ada', emails: [{ email: 'ada@example.com', is_primary: true }] };
			expect((await api('POST', '/contacts', ownerToken, body)).status).toBe(201);
			const again = await api('POST', '/contacts', ownerToken, {
				...body,
				emails: [{ email: 'ADA@example.com', is_primary: true }],
			});
			expect(again.status).toBe(409);
			expect(again.json).toMatchObject({
				title: 'Already Exists',
				message: 'The resource already exists',
				details: [{ parameter: 'emails' }],
			});
			// Contact books are per user: another user may have the same person.
			expect((await api('POST', '/contacts', memberToken, body)).status).toBe(201);
		});

		it('PATCH replaces emails and phone numbers, merges custom fields, refuses unknown keys', async () => {
			const { contact } = await sim.createContact({
				owner: owner.uri,
				name: 'Ada',
				emails: [
					{ email: 'ada@example.com', is_primary: true },
					{ email: 'ada@old.example.com', is_primary: false },
				],
				phone_numbers: [{ phone_number: '+1555' }],
				custom_fields: [
					{ uuid: tier.uri, value: tier.options![1].uuid },
					{ uuid: id(tags.uri), value: ['vip'] },
				],
			});
			const path = `/contacts/${id(contact.uri)}`;
			sim.setNow('2030-05-01T09:00:00Z');
			const patched = await api('PATCH', path, ownerToken, {
				emails: [{ email: 'ada@new.example.com', is_primary: true }],
				phone_numbers: [],
				company: 'Engines Ltd',
				custom_fields: [{ uuid: id(tags.uri), value: null }],
			});
			expect(patched.status).toBe(200);
			expect(patched.json.resource).toMatchObject({
				name: 'Ada',
				emails: [{ email: 'ada@new.example.com', is_primary: true }],
				phone_numbers: [],
				company: 'Engines Ltd',
				created_at: '2030-05-01T08:00:00.000000Z',
				updated_at: '2030-05-01T09:00:00.000000Z',
			});
			expect(patched.json.resource.custom_fields).toEqual([
				{ uri: tier.uri, label: 'Tier', value: tier.options![1].uuid },
				{ uri: tags.uri, label: 'Tags', value: [] },
				{ uri: budget.uri, label: 'Budget', value: null },
			]);

			const refused = await api('PATCH', path, ownerToken, {
				company: 'Never stored',
				custom_fields: [{ uuid: id(budget.uri), value: 'a lot' }],
			});
			expect(refused.status).toBe(400);
			expect(refused.json.details).toEqual([
				{ parameter: 'custom_fields[0].value', message: expect.stringContaining('number') },
			]);
			const unknownKey = await api('PATCH', path, ownerToken, { nickname: 'A' });
			expect(unknownKey.json.details.map((d: any) => d.parameter)).toEqual(['nickname', 'body']);
			expect((await api('PATCH', path, ownerToken, {})).status).toBe(400);
			expect((await api('GET', path, ownerToken)).json.resource.company).toBe('Engines Ltd');

			sim.setNow('2030-05-01T10:00:00Z');
			const same = await api('PATCH', path, ownerToken, { company: 'Engines Ltd' });
			expect(same.json.resource.updated_at).toBe('2030-05-01T09:00:00.000000Z');
			expect((await api('PATCH', '/contacts/nope', ownerToken, { company: 'x' })).status).toBe(404);
		});

		it('DELETE answers 204, then 404', async () => {
			const { contact } = await sim.createContact({
				owner: owner.uri,
				name: 'Ada',
				email: 'ada@example.com',
			});
			const path = `/contacts/${id(contact.uri)}`;
			const res = await api('DELETE', path, ownerToken);
			expect(res.status).toBe(204);
			expect(res.text).toBe('');
			expect((await api('GET', path, ownerToken)).status).toBe(404);
			expect((await api('DELETE', path, ownerToken)).status).toBe(404);
		});

		it('filters the list: exact CSV, partial case-insensitive CSV, AND across filters, sort', async () => {
			const add = async (
				name: string,
				email: string,
				extra: Record<string, unknown> = {},
				at = '2030-05-01T08:00:00Z',
			) => {
				sim.setNow(at);
				return (await sim.createContact({ owner: owner.uri, name, email, ...extra })).contact;
			};
			const ada = await add('Ada Lovelace', 'ada@example.com', {
				company: 'Analytical Engines',
				job_title: 'Programmer',
				city: 'London',
				country: 'GB',
				state: 'England',
				timezone: 'Europe/London',
				phone_numbers: [{ phone_number: '+441' }],
			});
			await add(
				'Grace Hopper',
				'grace@navy.example.com',
				{
					company: 'US Navy',
					job_title: 'Rear Admiral',
					city: 'Arlington',
					country: 'US',
					state: 'VA',
					timezone: 'America/New_York',
					phone_numbers: [{ phone_number: '+1703' }],
				},
				'2030-05-01T08:01:00Z',
			);
			await add(
				'Alan Turing',
				'alan@example.com',
				{ company: 'Bletchley Park', city: 'London', country: 'GB' },
				'2030-05-01T08:02:00Z',
			);
			const list = async (query: string) => {
				const res = await api('GET', `/contacts?${query}`, ownerToken);
				expect(res.status).toBe(200);
				return res.json.collection.map((c: any) => c.name);
			};
			expect(await list('')).toEqual(['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
			expect(await list('email=ADA@example.com,alan@example.com')).toEqual([
				'Ada Lovelace',
				'Alan Turing',
			]);
			expect(await list('email=ada@')).toEqual([]);
			expect(await list('phone_number=%2B1703')).toEqual(['Grace Hopper']);
			expect(await list('timezone=Europe/London,America/New_York')).toEqual([
				'Ada Lovelace',
				'Grace Hopper',
			]);
			expect(await list('name=lovelace,TURING')).toEqual(['Ada Lovelace', 'Alan Turing']);
			expect(await list('company=engine')).toEqual(['Ada Lovelace']);
			expect(await list('job_title=admiral')).toEqual(['Grace Hopper']);
			expect(await list('city=lond')).toEqual(['Ada Lovelace', 'Alan Turing']);
			expect(await list('country=GB&city=london&name=alan')).toEqual(['Alan Turing']);
			expect(await list('state=VA,England')).toEqual(['Ada Lovelace', 'Grace Hopper']);
			expect(await list('sort=created_at:desc')).toEqual([
				'Alan Turing',
				'Grace Hopper',
				'Ada Lovelace',
			]);
			sim.setNow('2030-05-01T09:00:00Z');
			await sim.updateContact(ada.uri, { city: 'Cambridge' });
			expect(await list('sort=updated_at:desc')).toEqual([
				'Ada Lovelace',
				'Alan Turing',
				'Grace Hopper',
			]);
			const badSort = await api('GET', '/contacts?sort=name:asc', ownerToken);
			expect(badSort.json.details[0].parameter).toBe('sort');
			const slim = await api('GET', '/contacts?exclude=custom_fields', ownerToken);
			expect(slim.json.collection[0]).not.toHaveProperty('custom_fields');
		});

		it('paginates with the standard pagination object', async () => {
			for (let i = 0; i < 5; i += 1)
				await sim.createContact({
					owner: owner.uri,
					name: `Person ${i}`,
					email: `p${i}@example.com`,
				});
			const first = await api('GET', '/contacts?count=2&name=person', ownerToken);
			expect(first.json.collection.map((c: any) => c.name)).toEqual(['Person 0', 'Person 1']);
			expect(first.json.pagination).toMatchObject({
				count: 2,
				previous_page: null,
				previous_page_token: null,
			});
			const next = new URL(first.json.pagination.next_page);
			expect(next.pathname).toBe('/contacts');
			expect(next.searchParams.get('name')).toBe('person');
			expect(next.searchParams.get('count')).toBe('2');
			const second = await api('GET', next.pathname + next.search, ownerToken);
			expect(second.json.collection.map((c: any) => c.name)).toEqual(['Person 2', 'Person 3']);
			const third = await api(
				'GET',
				`/contacts?count=2&name=person&page_token=${second.json.pagination.next_page_token}`,
				ownerToken,
			);
			expect(third.json.collection.map((c: any) => c.name)).toEqual(['Person 4']);
			expect(third.json.pagination.next_page).toBeNull();
			const mismatch = await api(
				'GET',
				`/contacts?count=2&name=other&page_token=${first.json.pagination.next_page_token}`,
				ownerToken,
			);
			expect(mismatch.json.details[0].parameter).toBe('page_token');
			expect((await api('GET', '/contacts?count=101', ownerToken)).json.details[0].parameter).toBe(
				'count',
			);
		});

		it('lists custom-field definitions unpaginated and reads one', async () => {
			const list = await api('GET', '/contacts/custom_field_definitions', memberToken);
			expect(list.status).toBe(200);
			expect(Object.keys(list.json)).toEqual(['collection']);
			expect(list.json.collection).toEqual([tier, tags, budget]);
			expect(tier).toEqual({
				uri: `${sim.baseUrl}/contacts/custom_field_definitions/${id(tier.uri)}`,
				label: 'Tier',
				field_type: 'single_select',
				options: [
					{ uuid: expect.any(String), label: 'Gold', color: null, is_active: true },
					{ uuid: expect.any(String), label: 'Silver', color: '#c0c0c0', is_active: true },
				],
				created_at: expect.stringMatching(ISO),
				updated_at: expect.stringMatching(ISO),
			});
			expect(budget).toMatchObject({ field_type: 'currency', currency: 'EUR' });
			expect(budget).not.toHaveProperty('options');
			const one = await api(
				'GET',
				`/contacts/custom_field_definitions/${id(budget.uri)}`,
				ownerToken,
			);
			expect(one.json.resource).toEqual(budget);
			expect((await api('GET', '/contacts/custom_field_definitions/nope', ownerToken)).status).toBe(
				404,
			);
			const otherToken = sim.issueToken({ user: other.uri });
			expect(
				(await api('GET', `/contacts/custom_field_definitions/${id(budget.uri)}`, otherToken))
					.status,
			).toBe(403);
			expect(
				(await api('GET', '/contacts/custom_field_definitions', otherToken)).json.collection,
			).toEqual([]);
			expect(() => sim.createContactFieldDefinition({ label: 'tier', field_type: 'text' })).toThrow(
				/already exists/,
			);
		});

		it('needs contacts:read / contacts:write (write implies read)', async () => {
			const { contact } = await sim.createContact({
				owner: owner.uri,
				name: 'Ada',
				email: 'ada@example.com',
			});
			const path = `/contacts/${id(contact.uri)}`;
			const none = sim.issueToken({ user: owner.uri, scopes: ['users:read'] });
			const read = sim.issueToken({ user: owner.uri, scopes: ['contacts:read'] });
			const write = sim.issueToken({ user: owner.uri, scopes: ['contacts:write'] });
			const insufficient = (scope: string) => ({
				title: 'Insufficient scope',
				message: "This operation requires the scopes listed in the 'required_scopes' array.",
				required_scopes: [scope],
			});
			for (const endpoint of ['/contacts', path, '/contacts/custom_field_definitions']) {
				const res = await api('GET', endpoint, none);
				expect(res.status).toBe(403);
				expect(res.json).toEqual(insufficient('contacts:read'));
				expect((await api('GET', endpoint, read)).status).toBe(200);
				expect((await api('GET', endpoint, write)).status).toBe(200);
			}
			const body = { name: 'B', emails: [{ email: 'b@example.com', is_primary: true }] };
			expect((await api('POST', '/contacts', read, body)).json).toEqual(
				insufficient('contacts:write'),
			);
			expect((await api('PATCH', path, read, { name: 'A' })).json).toEqual(
				insufficient('contacts:write'),
			);
			expect((await api('DELETE', path, read)).json).toEqual(insufficient('contacts:write'));
			expect((await api('POST', '/contacts', write, body)).status).toBe(201);
			expect((await api('PATCH', path, write, { name: 'A' })).status).toBe(200);
			expect((await api('DELETE', path, write)).status).toBe(204);
		});

		it('shows a token its own contacts, an owner or admin the whole organization', async () => {
			const mine = (
				await sim.createContact({ owner: member.uri, name: 'M', email: 'm@x.example.com' })
			).contact;
			const boss = (
				await sim.createContact({ owner: owner.uri, name: 'O', email: 'o@x.example.com' })
			).contact;
			const elsewhere = (
				await sim.createContact({ owner: other.uri, name: 'E', email: 'e@x.example.com' })
			).contact;
			const names = async (token: string) =>
				(await api('GET', '/contacts', token)).json.collection.map((c: any) => c.name);
			expect(await names(memberToken)).toEqual(['M']);
			expect(await names(ownerToken)).toEqual(['M', 'O']);
			const admin = sim.createUser({ name: 'Ann Admin', email: 'ann@example.com', role: 'admin' });
			expect(await names(sim.issueToken({ user: admin.uri }))).toEqual(['M', 'O']);
			expect(await names(sim.issueToken({ user: other.uri }))).toEqual(['E']);

			const denied = await api('GET', `/contacts/${id(boss.uri)}`, memberToken);
			expect(denied.status).toBe(403);
			expect(denied.json).toEqual({
				title: 'Permission Denied',
				message: 'You do not have permission to access this resource.',
			});
			expect(
				(await api('PATCH', `/contacts/${id(boss.uri)}`, memberToken, { name: 'x' })).status,
			).toBe(403);
			expect((await api('DELETE', `/contacts/${id(elsewhere.uri)}`, ownerToken)).status).toBe(403);
			expect((await api('GET', `/contacts/${id(mine.uri)}`, ownerToken)).status).toBe(200);
			// An admin's change of a member's contact is announced for the member.
			await subscribe('/member', ownerToken, ['contact.updated'], {
				scope: 'user',
				user: member.uri,
			});
			expect(
				(await api('PATCH', `/contacts/${id(mine.uri)}`, ownerToken, { city: 'Oslo' })).status,
			).toBe(200);
			expect(receiver.at('/member')[0].body.payload.user_uuid).toBe(id(member.uri));
		});

		it('works on a free plan, contact webhooks included', async () => {
			const freeOrg = sim.createOrganization({ plan: 'free' });
			const fay = sim.createUser({
				name: 'Fay Free',
				email: 'fay@free.example.com',
				organization: freeOrg,
			});
			const token = sim.issueToken({ user: fay.uri });
			const body = { name: 'Ada', emails: [{ email: 'ada@example.com', is_primary: true }] };
			expect((await api('POST', '/contacts', token, body)).status).toBe(201);
			expect((await api('GET', '/contacts', token)).json.collection).toHaveLength(1);
			expect((await api('GET', '/contacts/custom_field_definitions', token)).status).toBe(200);
			await subscribe(
				'/free',
				token,
				['contact.created', 'contact.updated', 'contact.deleted'],
				{ scope: 'organization' },
				freeOrg,
			);
		});
	});

	describe('contact webhooks', () => {
		it('delivers contact.created / .updated / .deleted with the documented payloads, signed', async () => {
			const def = sim.createContactFieldDefinition({ label: 'Score', field_type: 'number' });
			await subscribe(
				'/user',
				ownerToken,
				['contact.created', 'contact.updated', 'contact.deleted'],
				{
					scope: 'user',
					user: owner.uri,
				},
			);
			const created = await sim.createContact({
				owner: owner.uri,
				name: 'Ada',
				emails: [{ email: 'ada@example.com', is_primary: true }],
				company: 'Engines',
				custom_fields: [{ uuid: id(def.uri), value: 7 }],
			});
			expect(created.deliveries).toHaveLength(1);
			expect(created.deliveries[0]).toMatchObject({ event: 'contact.created', ok: true });
			const [first] = receiver.at('/user');
			expect(verify(SIGNING_KEY, first.headers['calendly-webhook-signature'], first.rawBody)).toBe(
				true,
			);
			expect(first.body).toEqual({
				event: 'contact.created',
				created_at: '2030-05-01T08:00:00.000000Z',
				created_by: owner.uri,
				payload: {
					user_uuid: id(owner.uri),
					contact: {
						uri: created.contact.uri,
						creation_source: 'manual',
						name: 'Ada',
						emails: [{ email: 'ada@example.com', is_primary: true }],
						phone_numbers: [],
						timezone: null,
						job_title: null,
						company: 'Engines',
						country: null,
						state: null,
						city: null,
						linkedin: null,
						custom_fields: [{ uri: def.uri, label: 'Score', value: 7 }],
						created_at: '2030-05-01T08:00:00.000000Z',
						updated_at: '2030-05-01T08:00:00.000000Z',
						first_email_date: null,
						last_email_date: null,
						next_meeting_date: null,
						last_meeting_date: null,
						last_interaction_date: null,
					},
				},
			});

			// No real change, no delivery.
			expect(
				(await sim.updateContact(created.contact.uri, { company: 'Engines' })).deliveries,
			).toEqual([]);
			sim.setNow('2030-05-01T09:00:00Z');
			const updated = await sim.updateContact(created.contact.uri, {
				job_title: 'Programmer',
				custom_fields: [{ uuid: def.uri, value: null }],
			});
			expect(updated.deliveries).toHaveLength(1);
			const second = receiver.at('/user')[1].body;
			expect(second.event).toBe('contact.updated');
			expect(Object.keys(second.payload)).toEqual(['user_uuid', 'contact']);
			expect(Object.keys(second.payload.contact).sort()).toEqual(WEBHOOK_CONTACT_KEYS);
			expect(second.payload.contact).toMatchObject({
				job_title: 'Programmer',
				custom_fields: [{ uri: def.uri, label: 'Score', value: null }],
				updated_at: '2030-05-01T09:00:00.000000Z',
			});

			sim.setNow('2030-05-01T10:00:00Z');
			const deleted = await sim.deleteContact(created.contact.uri);
			expect(deleted.contact).toEqual({
				uri: created.contact.uri,
				deleted_at: '2030-05-01T10:00:00.000000Z',
			});
			expect(receiver.at('/user')[2].body.payload).toEqual({
				user_uuid: id(owner.uri),
				contact: { uri: created.contact.uri, deleted_at: '2030-05-01T10:00:00.000000Z' },
			});
			await expect(sim.deleteContact(created.contact.uri)).rejects.toThrow(/not found/);
		});

		it('routes to the owner, the owner’s organization and groups with the owner', async () => {
			const events = ['contact.created'];
			const team = sim.createGroup({ name: 'Team', members: [member.uri] });
			const solo = sim.createGroup({ name: 'Solo', members: [owner.uri] });
			await subscribe('/org', ownerToken, events, { scope: 'organization' });
			await subscribe('/member', memberToken, events, { scope: 'user', user: member.uri });
			await subscribe('/owner', ownerToken, events, { scope: 'user', user: owner.uri });
			await subscribe('/team', ownerToken, events, { scope: 'group', group: team.uri });
			await subscribe('/solo', ownerToken, events, { scope: 'group', group: solo.uri });
			await subscribe('/recaps', memberToken, ['meeting_recap.created'], {
				scope: 'user',
				user: member.uri,
			});
			const otherToken = sim.issueToken({ user: other.uri });
			await subscribe(
				'/elsewhere',
				otherToken,
				events,
				{ scope: 'organization' },
				other.current_organization,
			);
			const { deliveries } = await sim.createContact({
				owner: member.uri,
				name: 'Ada',
				email: 'ada@example.com',
			});
			expect(deliveries.map((d) => new URL(d.url).pathname)).toEqual(['/org', '/member', '/team']);
		});

		it('POST /contacts delivers contact.created with creation_source api', async () => {
			await subscribe('/org', ownerToken, ['contact.created'], { scope: 'organization' });
			await api('POST', '/contacts', memberToken, {
				name: 'Ada',
				emails: [{ email: 'ada@example.com', is_primary: true }],
			});
			const [delivery] = receiver.at('/org');
			expect(delivery.body.payload.user_uuid).toBe(id(member.uri));
			expect(delivery.body.payload.contact.creation_source).toBe('api');
		});
	});

	describe('contacts added by bookings', () => {
		it('adds the invitee to the host’s contacts once, after invitee.created', async () => {
			await subscribe('/both', ownerToken, ['invitee.created', 'contact.created'], {
				scope: 'organization',
			});
			await subscribe('/invitees', ownerToken, ['invitee.created'], { scope: 'organization' });
			const et = sim.createEventType({ owner: owner.uri, name: 'Intro' });
			const first = await sim.book({
				eventType: et.uri,
				invitee: { email: 'ina@example.com', name: 'Ina Invitee', timezone: 'Europe/Paris' },
				startTime: '2030-05-06T10:00:00Z',
			});
			expect(first.deliveries.map((d) => [d.event, new URL(d.url).pathname])).toEqual([
				['invitee.created', '/both'],
				['invitee.created', '/invitees'],
				['contact.created', '/both'],
			]);
			const payload = receiver.at('/both')[1].body.payload;
			expect(payload.user_uuid).toBe(id(owner.uri));
			expect(payload.contact).toMatchObject({
				creation_source: 'scheduling',
				name: 'Ina Invitee',
				emails: [{ email: 'ina@example.com', is_primary: true }],
				timezone: 'Europe/Paris',
				next_meeting_date: null,
			});
			// A second booking by the same person (any case) adds no contact.
			const second = await sim.book({
				eventType: et.uri,
				invitee: { email: 'INA@example.com', name: 'Ina' },
				startTime: '2030-05-07T10:00:00Z',
			});
			expect(second.deliveries.map((d) => d.event)).toEqual(['invitee.created', 'invitee.created']);
			const contacts = (await api('GET', '/contacts', ownerToken)).json.collection;
			expect(contacts).toHaveLength(1);
			// REST reads carry the meeting dates (the next meeting is after sim.now()).
			expect(contacts[0].next_meeting_date).toBe('2030-05-06T10:00:00.000000Z');
			expect(contacts[0].last_meeting_date).toBeNull();
			sim.setNow('2030-05-06T12:00:00Z');
			const later = (await api('GET', `/contacts/${id(contacts[0].uri)}`, ownerToken)).json
				.resource;
			expect(later.next_meeting_date).toBe('2030-05-07T10:00:00.000000Z');
			expect(later.last_meeting_date).toBe('2030-05-06T10:00:00.000000Z');
		});

		it('adds a contact for every host of a collective meeting and each group invitee', async () => {
			await subscribe('/contacts', ownerToken, ['contact.created'], { scope: 'organization' });
			const collective = sim.createEventType({
				owner: owner.uri,
				name: 'Panel',
				pooling_type: 'collective',
				hosts: [owner.uri, member.uri],
			});
			const { deliveries } = await sim.book({
				eventType: collective.uri,
				invitee: { email: 'ina@example.com', name: 'Ina' },
				startTime: '2030-05-06T10:00:00Z',
			});
			expect(deliveries.map((d) => d.event)).toEqual(['contact.created', 'contact.created']);
			expect(receiver.at('/contacts').map((r) => r.body.payload.user_uuid)).toEqual([
				id(owner.uri),
				id(member.uri),
			]);

			const roundRobin = sim.createEventType({
				owner: owner.uri,
				name: 'Sales',
				pooling_type: 'round_robin',
				hosts: [member.uri, owner.uri],
			});
			const rr = await sim.book({
				eventType: roundRobin.uri,
				invitee: { email: 'rob@example.com', name: 'Rob' },
				startTime: '2030-05-06T11:00:00Z',
				hosts: [member.uri],
			});
			expect(rr.deliveries).toHaveLength(1);

			const group = sim.createEventType({
				owner: owner.uri,
				name: 'Class',
				kind: 'group',
				seats: 5,
			});
			for (const email of ['a@example.com', 'b@example.com', 'a@example.com'])
				await sim.book({
					eventType: group.uri,
					invitee: { email },
					startTime: '2030-05-08T10:00:00Z',
				});
			const emails = (await api('GET', '/contacts?email=a@example.com,b@example.com', ownerToken))
				.json.collection;
			expect(emails.map((c: any) => [c.emails[0].email, c.name])).toEqual([
				['a@example.com', null],
				['b@example.com', null],
			]);
		});
	});

	describe('meeting recaps REST', () => {
		async function bookedRecap(options: Record<string, unknown> = {}) {
			const et = sim.createEventType({
				owner: owner.uri,
				name: 'Intro call',
				locations: [{ kind: 'zoom_conference' }],
			});
			const booking = await sim.book({
				eventType: et.uri,
				invitee: { email: 'ina@example.com', name: 'Ina Invitee' },
				startTime: '2030-04-30T10:00:00Z',
			});
			const created = await sim.createRecap({
				event: booking.event.uri,
				summary_md: '## Summary',
				action_items_md: '- follow up',
				discussion_md: 'We talked.',
				transcript_text: 'Olivia Owner: Hello\nIna Invitee: Hi',
				...options,
			});
			return { ...created, booking };
		}

		it('lists, reads and serves the transcript with the documented shapes', async () => {
			const { recap, booking } = await bookedRecap({ share_link: 'https://calendly.com/s/abc' });
			expect(Object.keys(recap).sort()).toEqual(RECAP_KEYS);
			expect(recap).toEqual({
				uri: expect.stringMatching(new RegExp(`^${sim.baseUrl}/meeting_recaps/[0-9a-f-]{36}$`)),
				app_url: expect.stringMatching(/^https:\/\/calendly\.com\/app\//),
				event: booking.event.uri,
				status: 'Available',
				name: 'Intro call',
				location: booking.event.location,
				start_time: '2030-04-30T10:00:00.000000Z',
				end_time: '2030-04-30T10:30:00.000000Z',
				created_at: '2030-05-01T08:00:00.000000Z',
				updated_at: '2030-05-01T08:00:00.000000Z',
				attendees: [
					{ host: true, user_email: 'olivia@example.com', user_name: 'Olivia Owner' },
					{ host: false, user_email: 'ina@example.com', user_name: 'Ina Invitee' },
				],
				transcript: `${recap.uri}/transcript`,
				summary_md: '## Summary',
				action_items_md: '- follow up',
				discussion_md: 'We talked.',
				share_link: 'https://calendly.com/s/abc',
			});
			const list = await api('GET', '/meeting_recaps', ownerToken);
			expect(list.status).toBe(200);
			expect(list.json.collection).toHaveLength(1);
			expect(Object.keys(list.json.collection[0]).sort()).toEqual(RECAP_LIST_KEYS);
			expect(list.json.pagination).toMatchObject({ count: 1, next_page: null });
			const one = await api('GET', `/meeting_recaps/${id(recap.uri)}`, ownerToken);
			expect(one.json.resource).toEqual(recap);
			const transcript = await api(
				'GET',
				`/meeting_recaps/${id(recap.uri)}/transcript`,
				ownerToken,
			);
			expect(transcript.json).toEqual({
				resource: { uri: recap.transcript, text: 'Olivia Owner: Hello\nIna Invitee: Hi' },
			});
			expect((await api('GET', '/meeting_recaps/nope', ownerToken)).status).toBe(404);
		});

		it('filters by event, overlap window, status (default available) and attendee; paginates', async () => {
			const { recap: booked, booking } = await bookedRecap();
			const external = (
				await sim.createRecap({
					event: null,
					name: 'Vendor sync',
					startTime: '2030-04-29T15:00:00Z',
					endTime: '2030-04-29T16:00:00Z',
					attendees: [
						{ host: true, user_email: 'olivia@example.com', user_name: 'Olivia Owner' },
						{ host: false, user_email: 'vera@vendor.example.com', user_name: 'Vera' },
					],
					summary_md: 'External',
				})
			).recap;
			const processing = (
				await sim.createRecap({
					event: null,
					hosts: [owner.uri],
					name: 'Still processing',
					startTime: '2030-04-30T12:00:00Z',
					status: 'processing',
				})
			).recap;
			expect(external.event).toBeNull();
			expect(processing.status).toBe('Processing');
			const names = async (query: string) => {
				const res = await api('GET', `/meeting_recaps?${query}`, ownerToken);
				expect(res.status).toBe(200);
				return res.json.collection.map((r: any) => r.name);
			};
			expect(await names('')).toEqual(['Vendor sync', 'Intro call']);
			expect(await names('status=processing')).toEqual(['Still processing']);
			expect(await names(`event=${encodeURIComponent(booking.event.uri)}`)).toEqual(['Intro call']);
			expect(await names('attendee=VERA@vendor.example.com')).toEqual(['Vendor sync']);
			// start_time: meetings ending at/after it; end_time: meetings starting at/before it.
			expect(await names('start_time=2030-04-29T16:00:00Z')).toEqual(['Vendor sync', 'Intro call']);
			expect(await names('start_time=2030-04-29T16:00:01Z')).toEqual(['Intro call']);
			expect(await names('end_time=2030-04-30T09:59:59Z')).toEqual(['Vendor sync']);
			expect(await names('start_time=2030-04-30T10:15:00Z&end_time=2030-04-30T10:15:00Z')).toEqual([
				'Intro call',
			]);
			const page = await api('GET', '/meeting_recaps?count=1', ownerToken);
			expect(page.json.collection.map((r: any) => r.uri)).toEqual([external.uri]);
			const next = new URL(page.json.pagination.next_page);
			expect(
				(await api('GET', next.pathname + next.search, ownerToken)).json.collection.map(
					(r: any) => r.uri,
				),
			).toEqual([booked.uri]);
			const bad = async (query: string) =>
				(await api('GET', `/meeting_recaps?${query}`, ownerToken)).json.details[0].parameter;
			expect(await bad('status=Available')).toBe('status');
			expect(await bad('start_time=yesterday')).toBe('start_time');
			expect(await bad('event=abc')).toBe('event');
			expect(await bad('count=0')).toBe('count');
			// A recap still processing has no transcript yet.
			expect(
				(await api('GET', `/meeting_recaps/${id(processing.uri)}/transcript`, ownerToken)).status,
			).toBe(404);
		});

		it('PATCH changes the highlights, refuses other keys; DELETE answers 204', async () => {
			const { recap } = await bookedRecap();
			const path = `/meeting_recaps/${id(recap.uri)}`;
			sim.setNow('2030-05-01T09:00:00Z');
			const patched = await api('PATCH', path, ownerToken, {
				summary_md: 'New summary',
				discussion_md: null,
			});
			expect(patched.status).toBe(200);
			expect(patched.json.resource).toMatchObject({
				summary_md: 'New summary',
				action_items_md: '- follow up',
				discussion_md: null,
				updated_at: '2030-05-01T09:00:00.000000Z',
			});
			const refused = await api('PATCH', path, ownerToken, { summary_md: 5, share_link: 'x' });
			expect(refused.status).toBe(400);
			expect(refused.json.details.map((d: any) => d.parameter)).toEqual([
				'summary_md',
				'share_link',
			]);
			expect((await api('PATCH', path, ownerToken, {})).status).toBe(400);
			expect((await api('GET', path, ownerToken)).json.resource.summary_md).toBe('New summary');
			const deleted = await api('DELETE', path, ownerToken);
			expect(deleted.status).toBe(204);
			expect((await api('GET', path, ownerToken)).status).toBe(404);
			expect((await api('DELETE', path, ownerToken)).status).toBe(404);
		});

		it('shows a recap to the meeting’s hosts only', async () => {
			const { recap } = await bookedRecap();
			const admin = sim.createUser({ name: 'Ann Admin', email: 'ann@example.com', role: 'admin' });
			for (const token of [memberToken, sim.issueToken({ user: admin.uri })]) {
				expect((await api('GET', '/meeting_recaps', token)).json.collection).toEqual([]);
				for (const [method, suffix] of [
					['GET', ''],
					['GET', '/transcript'],
					['PATCH', ''],
					['DELETE', ''],
				]) {
					const res = await api(
						method,
						`/meeting_recaps/${id(recap.uri)}${suffix}`,
						token,
						method === 'PATCH' ? { summary_md: 'x' } : undefined,
					);
					expect(res.status).toBe(403);
					expect(res.json).toEqual({
						title: 'Permission Denied',
						message: 'You do not have permission to access this resource',
					});
				}
			}
		});

		it('needs meeting_recaps:read / meeting_recaps:write', async () => {
			const { recap } = await bookedRecap();
			const path = `/meeting_recaps/${id(recap.uri)}`;
			const none = sim.issueToken({ user: owner.uri, scopes: ['contacts:write'] });
			const read = sim.issueToken({ user: owner.uri, scopes: ['meeting_recaps:read'] });
			const write = sim.issueToken({ user: owner.uri, scopes: ['meeting_recaps:write'] });
			for (const endpoint of ['/meeting_recaps', path, `${path}/transcript`]) {
				const res = await api('GET', endpoint, none);
				expect(res.status).toBe(403);
				expect(res.json).toMatchObject({
					title: 'Insufficient scope',
					required_scopes: ['meeting_recaps:read'],
				});
				expect((await api('GET', endpoint, read)).status).toBe(200);
				expect((await api('GET', endpoint, write)).status).toBe(200);
			}
			const patch = await api('PATCH', path, read, { summary_md: 'x' });
			expect(patch.json).toMatchObject({
				title: 'Insufficient scope',
				required_scopes: ['meeting_recaps:write'],
			});
			expect((await api('DELETE', path, read)).json.required_scopes).toEqual([
				'meeting_recaps:write',
			]);
			expect((await api('PATCH', path, write, { summary_md: 'x' })).status).toBe(200);
			expect((await api('DELETE', path, write)).status).toBe(204);
		});

		it('needs a paid plan (403 without a final period); recap webhooks too', async () => {
			const freeOrg = sim.createOrganization({ plan: 'free' });
			const fay = sim.createUser({
				name: 'Fay Free',
				email: 'fay@free.example.com',
				organization: freeOrg,
			});
			const token = sim.issueToken({ user: fay.uri });
			const { recap } = await sim.createRecap({ event: null, hosts: [fay.uri], summary_md: 'x' });
			const upgrade = {
				title: 'Permission Denied',
				message: 'Please upgrade to a paid Calendly account',
			};
			for (const [method, endpoint] of [
				['GET', '/meeting_recaps'],
				['GET', `/meeting_recaps/${id(recap.uri)}`],
				['GET', `/meeting_recaps/${id(recap.uri)}/transcript`],
				['DELETE', `/meeting_recaps/${id(recap.uri)}`],
				['GET', '/meeting_recaps/unknown'],
			]) {
				const res = await api(method, endpoint, token);
				expect([endpoint, res.status, res.json]).toEqual([endpoint, 403, upgrade]);
			}
			const hook = await api('POST', '/webhook_subscriptions', token, {
				url: `${receiver.base}/free-recaps`,
				events: ['meeting_recap.created'],
				organization: freeOrg,
				scope: 'user',
				user: fay.uri,
			});
			expect(hook.status).toBe(403);
			// The webhook endpoint words it as for every paid webhook event.
			expect(hook.json).toEqual({
				title: 'Permission Denied',
				message: 'Please upgrade to a paid Calendly account.',
			});
		});
	});

	describe('meeting recap webhooks', () => {
		it('delivers meeting_recap.created / .updated / .deleted with the documented payloads', async () => {
			await subscribe(
				'/owner',
				ownerToken,
				['meeting_recap.created', 'meeting_recap.updated', 'meeting_recap.deleted'],
				{ scope: 'user', user: owner.uri },
			);
			const et = sim.createEventType({ owner: owner.uri, name: 'Intro call' });
			const booking = await sim.book({
				eventType: et.uri,
				invitee: { email: 'ina@example.com', name: 'Ina' },
				startTime: '2030-04-30T10:00:00Z',
				location: 'Cafe',
			});
			const created = await sim.createRecap({
				event: booking.event.uri,
				summary_md: 'S',
				action_items_md: 'A',
				discussion_md: 'D',
			});
			expect(created.deliveries.map((d) => d.event)).toEqual(['meeting_recap.created']);
			const [first] = receiver.at('/owner');
			expect(verify(SIGNING_KEY, first.headers['calendly-webhook-signature'], first.rawBody)).toBe(
				true,
			);
			const meeting = {
				uri: booking.event.uri,
				name: 'Intro call',
				start_time: '2030-04-30T10:00:00.000000Z',
				end_time: '2030-04-30T10:30:00.000000Z',
				location: { type: 'physical', location: 'Cafe', additional_info: '' },
				attendees: [
					{ host: true, user_email: 'olivia@example.com', user_name: 'Olivia Owner' },
					{ host: false, user_email: 'ina@example.com', user_name: 'Ina' },
				],
			};
			expect(first.body).toEqual({
				event: 'meeting_recap.created',
				created_at: '2030-05-01T08:00:00.000000Z',
				created_by: owner.uri,
				payload: {
					created_at: '2030-05-01T08:00:00.000000Z',
					event: meeting,
					recap: {
						uri: created.recap.uri,
						summary_md: 'S',
						action_items_md: 'A',
						discussion_md: 'D',
						transcript: `${created.recap.uri}/transcript`,
						share_link: null,
						created_at: '2030-05-01T08:00:00.000000Z',
						updated_at: '2030-05-01T08:00:00.000000Z',
					},
				},
			});

			expect((await sim.updateRecap(created.recap.uri, { summary_md: 'S' })).deliveries).toEqual(
				[],
			);
			sim.setNow('2030-05-01T09:00:00Z');
			await sim.updateRecap(created.recap.uri, { share_link: 'https://calendly.com/s/x' });
			const updated = receiver.at('/owner')[1].body;
			expect(updated.event).toBe('meeting_recap.updated');
			expect(updated.payload).toEqual({
				event: meeting,
				recap: expect.objectContaining({
					share_link: 'https://calendly.com/s/x',
					updated_at: '2030-05-01T09:00:00.000000Z',
				}),
			});
			expect(Object.keys(updated.payload.recap).sort()).toEqual(WEBHOOK_RECAP_KEYS);

			sim.setNow('2030-05-01T10:00:00Z');
			const deleted = await sim.deleteRecap(created.recap.uri);
			expect(deleted.recap).toEqual({
				uri: created.recap.uri,
				deleted_at: '2030-05-01T10:00:00.000000Z',
			});
			expect(receiver.at('/owner')[2].body.payload).toEqual({
				event: { uri: booking.event.uri },
				recap: { uri: created.recap.uri, deleted_at: '2030-05-01T10:00:00.000000Z' },
			});
		});

		it('goes to user-scope subscriptions of the hosts only; external meetings carry no event uri', async () => {
			const recapEvents = [
				'meeting_recap.created',
				'meeting_recap.updated',
				'meeting_recap.deleted',
			];
			await subscribe('/owner', ownerToken, recapEvents, { scope: 'user', user: owner.uri });
			await subscribe('/member', memberToken, recapEvents, { scope: 'user', user: member.uri });
			await subscribe('/org', ownerToken, ['contact.created', 'invitee.created'], {
				scope: 'organization',
			});
			const refused = await api('POST', '/webhook_subscriptions', ownerToken, {
				url: `${receiver.base}/org-recaps`,
				events: ['meeting_recap.created'],
				organization: sim.organization,
				scope: 'organization',
			});
			expect(refused.status).toBe(400);
			const { recap, deliveries } = await sim.createRecap({
				event: null,
				name: 'Vendor sync',
				startTime: '2030-04-29T15:00:00Z',
				attendees: [
					{ host: true, user_email: 'olivia@example.com', user_name: 'Olivia Owner' },
					{ host: false, user_email: 'mark@example.com', user_name: 'Mark Member' },
				],
				summary_md: 'x',
			});
			expect(deliveries.map((d) => new URL(d.url).pathname)).toEqual(['/owner']);
			const payload = receiver.at('/owner')[0].body.payload;
			expect(payload.event).toEqual({
				name: 'Vendor sync',
				start_time: '2030-04-29T15:00:00.000000Z',
				end_time: '2030-04-29T15:30:00.000000Z',
				location: null,
				attendees: [
					{ host: true, user_email: 'olivia@example.com', user_name: 'Olivia Owner' },
					{ host: false, user_email: 'mark@example.com', user_name: 'Mark Member' },
				],
			});
			const gone = await sim.deleteRecap(recap.uri);
			expect(gone.deliveries).toHaveLength(1);
			expect(receiver.at('/owner')[1].body.payload).toEqual({
				recap: { uri: recap.uri, deleted_at: '2030-05-01T08:00:00.000000Z' },
			});
			await expect(sim.createRecap({ event: null, summary_md: 'x' })).rejects.toThrow(/hosts/);
		});

		it('announces a processing recap when it becomes available', async () => {
			await subscribe('/owner', ownerToken, ['meeting_recap.created', 'meeting_recap.updated'], {
				scope: 'user',
				user: owner.uri,
			});
			const { recap, deliveries } = await sim.createRecap({
				event: null,
				hosts: [owner.uri],
				status: 'processing',
			});
			expect(deliveries).toEqual([]);
			expect((await sim.updateRecap(recap.uri, { summary_md: 'draft' })).deliveries).toEqual([]);
			sim.setNow('2030-05-01T08:05:00Z');
			const ready = await sim.updateRecap(recap.uri, {
				status: 'available',
				transcript_text: 'A: hi',
			});
			expect(ready.deliveries.map((d) => d.event)).toEqual(['meeting_recap.created']);
			expect(receiver.at('/owner')[0].body.payload).toMatchObject({
				created_at: '2030-05-01T08:05:00.000000Z',
				recap: { summary_md: 'draft', created_at: '2030-05-01T08:00:00.000000Z' },
			});
			expect(
				(await api('GET', `/meeting_recaps/${id(recap.uri)}/transcript`, ownerToken)).json.resource
					.text,
			).toBe('A: hi');
			await expect(sim.updateRecap(recap.uri, { name: 'x' } as never)).rejects.toThrow(
				/unsupported/,
			);
		});
	});

	describe('sample webhook data', () => {
		it('has the shapes of real contact and recap deliveries', async () => {
			sim.createContactFieldDefinition({ label: 'Score', field_type: 'number' });
			const all = [
				'contact.created',
				'contact.updated',
				'contact.deleted',
				'meeting_recap.created',
				'meeting_recap.updated',
				'meeting_recap.deleted',
			];
			await subscribe('/real', ownerToken, all, { scope: 'user', user: owner.uri });
			const { contact } = await sim.createContact({
				owner: owner.uri,
				name: 'A',
				email: 'a@example.com',
			});
			await sim.updateContact(contact.uri, { city: 'Oslo' });
			await sim.deleteContact(contact.uri);
			const et = sim.createEventType({ owner: owner.uri, name: 'Intro' });
			const { event } = await sim.book({
				eventType: et.uri,
				invitee: { email: 'i@example.com' },
				startTime: '2030-04-30T10:00:00Z',
				location: 'Cafe',
			});
			const { recap } = await sim.createRecap({ event: event.uri, summary_md: 'S' });
			await sim.updateRecap(recap.uri, { summary_md: 'T' });
			await sim.deleteRecap(recap.uri);
			const real = Object.fromEntries(
				receiver
					.at('/real')
					.filter((r) => r.body.event !== 'contact.created' || r.body.payload.contact.name === 'A')
					.map((r) => [r.body.event, r.body]),
			);
			/** Keys at every depth (arrays by their first item); leaves and nulls become 0. */
			const shape = (value: any): any =>
				Array.isArray(value)
					? value.length
						? [shape(value[0])]
						: []
					: value && typeof value === 'object'
						? Object.fromEntries(
								Object.keys(value)
									.sort()
									.map((k) => [k, shape(value[k])]),
							)
						: 0;
			const org = encodeURIComponent(sim.organization!);
			for (const name of all) {
				const res = await api(
					'GET',
					`/sample_webhook_data?event=${name}&organization=${org}&scope=user&user=${encodeURIComponent(owner.uri)}`,
					ownerToken,
				);
				expect(res.status).toBe(200);
				expect(Object.keys(res.json)).toEqual(['event', 'created_at', 'created_by', 'payload']);
				const sample = res.json.payload;
				const delivered = real[name].payload;
				expect([name, shape(sample)]).toEqual([name, shape(delivered)]);
			}
			const contactSample = (
				await api(
					'GET',
					`/sample_webhook_data?event=contact.created&organization=${org}&scope=organization`,
					ownerToken,
				)
			).json.payload;
			expect(contactSample.user_uuid).toBe(id(owner.uri));
			expect(Object.keys(contactSample.contact).sort()).toEqual(WEBHOOK_CONTACT_KEYS);
			expect(contactSample.contact.custom_fields).toEqual([
				{ uri: expect.any(String), label: 'Score', value: null },
			]);
			const recapSample = (
				await api(
					'GET',
					`/sample_webhook_data?event=meeting_recap.created&organization=${org}&scope=user&user=${encodeURIComponent(owner.uri)}`,
					ownerToken,
				)
			).json.payload;
			expect(Object.keys(recapSample)).toEqual(['created_at', 'event', 'recap']);
			expect(recapSample.recap.transcript).toBe(`${recapSample.recap.uri}/transcript`);
		});
	});

	describe('control endpoints', () => {
		it('creates, changes and deletes contacts, definitions and recaps over /__sim/', async () => {
			const control = async (path: string, body: unknown) => {
				const res = await fetch(`${sim.baseUrl}/__sim/${path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				return { status: res.status, json: (await res.json()) as any };
			};
			await subscribe('/all', ownerToken, ['contact.created', 'meeting_recap.created'], {
				scope: 'user',
				user: owner.uri,
			});
			const def = await control('contact_field_definitions', {
				label: 'Score',
				field_type: 'number',
			});
			expect(def.status).toBe(201);
			expect(def.json.definition).toMatchObject({ label: 'Score', field_type: 'number' });
			const created = await control('contacts', {
				owner: owner.uri,
				name: 'Ada',
				email: 'ada@example.com',
				custom_fields: [{ uuid: def.json.definition.uri, value: 3 }],
			});
			expect(created.status).toBe(201);
			expect(created.json.contact.custom_fields[0].value).toBe(3);
			expect(created.json.deliveries).toHaveLength(1);
			const updated = await control('contacts/update', {
				uri: created.json.contact.uri,
				changes: { company: 'Engines' },
			});
			expect(updated.json.contact.company).toBe('Engines');
			const deleted = await control('contacts/delete', { uri: created.json.contact.uri });
			expect(deleted.json.contact).toEqual({
				uri: created.json.contact.uri,
				deleted_at: expect.any(String),
			});
			const bad = await control('contacts', { owner: owner.uri, name: 'No email' });
			expect(bad).toEqual({ status: 400, json: { error: expect.stringContaining('emails') } });

			const recap = await control('recaps', { event: null, hosts: [owner.uri], summary_md: 'S' });
			expect(recap.status).toBe(201);
			expect(recap.json.deliveries).toHaveLength(1);
			const changed = await control('recaps/update', {
				uri: recap.json.recap.uri,
				changes: { summary_md: 'T' },
			});
			expect(changed.json.recap.summary_md).toBe('T');
			const removed = await control('recaps/delete', { uri: recap.json.recap.uri });
			expect(removed.json.recap).toEqual({
				uri: recap.json.recap.uri,
				deleted_at: expect.any(String),
			});
		});
	});
});
