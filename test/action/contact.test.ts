// Contact → Get, Get Many, Create, Update, Delete, the contact list search and the custom field loader,
// run through n8n's real execution context against the Calendly simulator.
import type { IDataObject, INodeListSearchResult, INodeProperties } from 'n8n-workflow';

import { loadOptionsContext, patCredential } from '../harness';
import { CalendlySimulator, type ContactFieldDefinition, type SimUser } from '../simulator';
import { byId, byUrl, fromList, json, node, run, runError, uuidOf } from './setup';

const contactProperties = () =>
	node.description.properties.filter((p) => p.displayOptions?.show?.resource?.includes('contact'));

describe('Contact description', () => {
	it('offers create, delete, get, get many and update, each with an action', () => {
		const operation = contactProperties().find((p) => p.name === 'operation') as INodeProperties;
		expect(operation.options?.map((o) => ('action' in o ? o.action : undefined))).toEqual([
			'Create a contact',
			'Delete a contact',
			'Get a contact',
			'Get many contacts',
			'Update a contact',
		]);
	});

	it('picks the contact from a list, by URI (API or web app link) or by ID', () => {
		const locator = contactProperties().find((p) => p.name === 'contact') as INodeProperties;
		expect(locator.modes?.map((m) => m.name)).toEqual(['list', 'url', 'id']);
		expect(locator.modes?.[0].typeOptions?.searchListMethod).toBe('searchContacts');
		const regex = new RegExp(String(locator.modes?.[1].extractValue?.regex));
		expect(regex.exec('https://api.calendly.com/contacts/AAAA')?.[1]).toBe('AAAA');
		expect(regex.exec('https://calendly.com/app/contacts/AAAA')?.[1]).toBe('AAAA');
		expect(regex.test('https://api.calendly.com/contacts/custom_field_definitions/X')).toBe(false);
	});

	it('loads custom field names from the definitions', () => {
		const custom = contactProperties().find(
			(p) => p.name === 'customFields' && p.displayOptions?.show?.operation?.includes('create'),
		) as INodeProperties;
		const values = (custom.options?.[0] as { values: INodeProperties[] }).values;
		expect(values[0].typeOptions?.loadOptionsMethod).toBe('getContactCustomFields');
	});
});

describe('Contact operations', () => {
	const sim = new CalendlySimulator();
	let ada: SimUser;
	let token: string;
	let grace: string; // contact URIs
	let linus: string;
	let tier: ContactFieldDefinition;
	let deal: ContactFieldDefinition;
	let interests: ContactFieldDefinition;
	let renewal: ContactFieldDefinition;
	let question: ContactFieldDefinition;

	const requests = (method: string, path?: string) =>
		sim.requests.filter((r) => r.method === method && (path === undefined || r.path === path));

	beforeAll(async () => {
		await sim.start();
		ada = sim.createUser({ name: 'Ada Host', email: 'ada@example.com', role: 'owner' });
		token = sim.issueToken({ user: ada.uri, scopes: 'all' });
		tier = sim.createContactFieldDefinition({
			label: 'Tier',
			field_type: 'single_select',
			options: ['Gold', 'Silver'],
		});
		deal = sim.createContactFieldDefinition({
			label: 'Deal Size',
			field_type: 'currency',
			currency: 'USD',
		});
		interests = sim.createContactFieldDefinition({ label: 'Interests', field_type: 'tags' });
		renewal = sim.createContactFieldDefinition({ label: 'Renewal', field_type: 'date' });
		sim.createContactFieldDefinition({ label: 'Notes', field_type: 'text' });
		question = sim.createContactFieldDefinition({
			label: 'Referral',
			field_type: 'invitee_question',
			source: { question: 'How did you hear of us?' },
		});
		// A minute apart, so sorting by creation time has one answer (created in the same millisecond,
		// the two would tie).
		const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
		sim.setNow(minutesAgo(3));
		grace = (
			await sim.createContact({
				owner: ada.uri,
				name: 'Grace Hopper',
				emails: [
					{ email: 'grace@navy.example', is_primary: true },
					{ email: 'grace@home.example', is_primary: false },
				],
				phone_numbers: [{ phone_number: '+1 555 0100' }],
				company: 'US Navy',
				job_title: 'Rear Admiral',
				city: 'Arlington',
				state: 'VA',
				country: 'US',
				timezone: 'America/New_York',
				custom_fields: [{ uuid: uuidOf(tier.uri), value: 'Gold' }],
			})
		).contact.uri;
		sim.setNow(minutesAgo(2));
		linus = (
			await sim.createContact({
				owner: ada.uri,
				name: 'Linus Torvalds',
				email: 'linus@kernel.example',
				company: 'Linux Foundation',
				job_title: 'Fellow',
				city: 'Portland',
				state: 'OR',
				country: 'US',
				timezone: 'America/Los_Angeles',
			})
		).contact.uri;
		sim.setNow(minutesAgo(1));
		await sim.createContact({
			owner: ada.uri,
			name: 'Margaret Hamilton',
			email: 'margaret@mit.example',
			company: 'MIT',
			city: 'Cambridge',
			country: 'US',
			state: 'MA',
			timezone: 'America/New_York',
		});
		sim.setNow(null);
	});
	afterAll(async () => sim.stop());
	beforeEach(() => {
		sim.clearFaults();
		sim.requests.length = 0;
	});

	describe('Get', () => {
		it.each([
			['ID', () => byId(uuidOf(grace))],
			['URL', () => byUrl(grace)],
			['list value', () => fromList(grace)],
			['web app link', () => byUrl(`https://calendly.com/app/contacts/${uuidOf(grace)}`)],
		])('gets a contact chosen by %s', async (_mode, contact) => {
			const [found] = json(
				await run(sim, token, { resource: 'contact', operation: 'get', contact: contact() }),
			);
			expect(found).toMatchObject({ uri: grace, name: 'Grace Hopper', company: 'US Navy' });
			expect(found.custom_fields).toEqual(
				expect.arrayContaining([{ uri: tier.uri, label: 'Tier', value: expect.any(String) }]),
			);
			expect(requests('GET').map((r) => r.path)).toEqual([`/contacts/${uuidOf(grace)}`]);
		});

		it('leaves out custom fields when asked', async () => {
			const [found] = json(
				await run(sim, token, {
					resource: 'contact',
					operation: 'get',
					contact: byId(uuidOf(grace)),
					options: { excludeCustomFields: true },
				}),
			);
			expect(found).not.toHaveProperty('custom_fields');
			expect(requests('GET')[0].query).toEqual({ exclude: 'custom_fields' });
		});

		it('refuses a link that is not a contact URI before calling Calendly', async () => {
			const error = await runError(sim, token, {
				resource: 'contact',
				operation: 'get',
				contact: byId('https://api.calendly.com/users/AAAA'),
			});
			expect(error.message).toBe(
				"'https://api.calendly.com/users/AAAA' is not a Calendly contact URI",
			);
			expect(sim.requests).toHaveLength(0);
		});

		it('404: says nothing was found and to check the ID', async () => {
			const error = await runError(sim, token, {
				resource: 'contact',
				operation: 'get',
				contact: byId('NOSUCHCONTACT000'),
			});
			expect(error.httpCode).toBe('404');
			expect(error.message).toMatch(
				/^Calendly found nothing at GET \/contacts\/NOSUCHCONTACT000\./,
			);
			expect(error.description).toMatch(/Check the ID or URI/);
		});
	});

	describe('Get Many', () => {
		const getMany = (parameters: IDataObject) =>
			run(sim, token, { resource: 'contact', operation: 'getAll', returnAll: true, ...parameters });

		it('sends every filter under Calendly’s name and returns the matches', async () => {
			const rows = json(
				await getMany({
					filters: {
						email: 'grace@home.example',
						phoneNumber: '+1 555 0100',
						name: 'hopper',
						company: 'navy',
						jobTitle: 'admiral',
						city: 'arling',
						country: 'US',
						state: 'VA',
						timezone: 'America/New_York',
					},
					options: { sort: 'created_at:desc', excludeCustomFields: true },
				}),
			);
			expect(rows.map((c) => c.uri)).toEqual([grace]);
			expect(rows[0]).not.toHaveProperty('custom_fields');
			expect(requests('GET', '/contacts')[0].query).toEqual({
				email: 'grace@home.example',
				phone_number: '+1 555 0100',
				name: 'hopper',
				company: 'navy',
				job_title: 'admiral',
				city: 'arling',
				country: 'US',
				state: 'VA',
				timezone: 'America/New_York',
				sort: 'created_at:desc',
				exclude: 'custom_fields',
				count: '100',
			});
		});

		it('matches any of several comma-separated values, sorted as asked', async () => {
			const rows = json(
				await getMany({
					filters: { company: 'navy, linux' },
					options: { sort: 'created_at:desc' },
				}),
			);
			expect(rows.map((c) => c.name)).toEqual(['Linus Torvalds', 'Grace Hopper']);
		});

		it('reads every page with Return All and stops at the limit otherwise', async () => {
			const owner = sim.createUser({ name: 'Pat Pages', email: 'pat@example.com' });
			const patToken = sim.issueToken({ user: owner.uri, scopes: 'all' });
			for (let i = 0; i < 230; i++) {
				await sim.createContact({
					owner: owner.uri,
					name: `Lead ${String(i).padStart(3, '0')}`,
					email: `lead${i}@example.com`,
				});
			}
			const all = await run(sim, patToken, {
				resource: 'contact',
				operation: 'getAll',
				returnAll: true,
				filters: { name: 'lead' },
			});
			expect(all).toHaveLength(230);
			const pages = requests('GET', '/contacts');
			expect(pages).toHaveLength(3);
			expect(pages.every((r) => r.query.name === 'lead' && r.query.count === '100')).toBe(true);
			expect(pages[1].query.page_token).toBeTruthy();
			// Every output item is paired with the one input item.
			expect(all.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);

			sim.requests.length = 0;
			const some = json(
				await run(sim, patToken, {
					resource: 'contact',
					operation: 'getAll',
					returnAll: false,
					limit: 5,
				}),
			);
			expect(some.map((c) => c.name)).toEqual([
				'Lead 000',
				'Lead 001',
				'Lead 002',
				'Lead 003',
				'Lead 004',
			]);
			expect(requests('GET', '/contacts')).toHaveLength(1);
		});
	});

	describe('Create', () => {
		it('creates a contact: primary email first, further emails and phones deduplicated, custom fields typed', async () => {
			const [created] = json(
				await run(sim, token, {
					resource: 'contact',
					operation: 'create',
					name: ' Katherine Johnson ',
					email: 'katherine@nasa.example',
					additionalFields: {
						otherEmails: 'kj@home.example, KATHERINE@nasa.example',
						phoneNumbers: '+1 555 0101\n+1 (555) 0101, +1 555 0102',
						company: 'NASA',
						jobTitle: 'Mathematician',
						city: 'Hampton',
						state: 'VA',
						country: 'us',
						timezone: 'America/New_York',
						linkedin: 'https://www.linkedin.com/in/katherine-johnson',
					},
					customFields: {
						field: [
							{ field: uuidOf(tier.uri), value: 'silver' },
							{ field: 'Deal Size', value: '85000' },
							{ field: deal.uri, value: '85000.5' },
							{ field: uuidOf(interests.uri), value: 'orbits, re-entry' },
							{ field: uuidOf(renewal.uri), value: '2027-03-01T00:00:00.000Z' },
							{ field: 'notes', value: '' },
						],
					},
				}),
			);
			const silver = tier.options?.find((o) => o.label === 'Silver')?.uuid;
			expect(requests('POST', '/contacts')[0].body).toEqual({
				name: 'Katherine Johnson',
				emails: [
					{ email: 'katherine@nasa.example', is_primary: true },
					{ email: 'kj@home.example', is_primary: false },
				],
				phone_numbers: [{ phone_number: '+1 555 0101' }, { phone_number: '+1 555 0102' }],
				company: 'NASA',
				job_title: 'Mathematician',
				city: 'Hampton',
				state: 'VA',
				country: 'US',
				timezone: 'America/New_York',
				linkedin: 'https://www.linkedin.com/in/katherine-johnson',
				custom_fields: [
					{ uuid: uuidOf(tier.uri), value: silver },
					{ uuid: uuidOf(deal.uri), value: 85000 },
					{ uuid: uuidOf(deal.uri), value: 85000.5 },
					{ uuid: uuidOf(interests.uri), value: ['orbits', 're-entry'] },
					{ uuid: uuidOf(renewal.uri), value: '2027-03-01' },
				],
			});
			expect(created).toMatchObject({ name: 'Katherine Johnson', company: 'NASA', country: 'US' });
			expect(created.uri).toMatch(/\/contacts\//);
			// The definitions are read once for the run, not per item.
			expect(requests('GET', '/contacts/custom_field_definitions')).toHaveLength(1);
		});

		it('reads the custom field definitions once per run, however many items', async () => {
			const input = [0, 1, 2].map((i) => ({ json: { email: `batch${i}@example.com` } }));
			const items = await run(
				sim,
				token,
				{
					resource: 'contact',
					operation: 'create',
					name: 'Batch',
					email: '={{ $json.email }}',
					customFields: { field: [{ field: 'Tier', value: 'Gold' }] },
				},
				{ input },
			);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(requests('GET', '/contacts/custom_field_definitions')).toHaveLength(1);
			expect(requests('POST', '/contacts')).toHaveLength(3);
		});

		it.each([
			[
				'an email that is not one',
				{ email: 'not-an-email' },
				"'not-an-email' is not an email address",
			],
			[
				'a bad country code',
				{ email: 'x@example.com', additionalFields: { country: 'USA' } },
				"Country 'USA' is not a two-letter country code",
			],
			[
				'an unknown time zone',
				{ email: 'x@example.com', additionalFields: { timezone: 'Mars/Olympus' } },
				"Timezone 'Mars/Olympus' is not a known time zone",
			],
			[
				'more than 10 emails',
				{
					email: 'x@example.com',
					additionalFields: {
						otherEmails: Array.from({ length: 10 }, (_, i) => `o${i}@example.com`).join(','),
					},
				},
				'The contact would have 11 emails; Calendly allows at most 10',
			],
		])('refuses %s before creating anything', async (_case, parameters, message) => {
			const error = await runError(sim, token, {
				resource: 'contact',
				operation: 'create',
				name: 'Someone',
				...parameters,
			});
			expect(error.message).toBe(message);
			expect(error.description).toBeTruthy();
			expect(requests('POST')).toHaveLength(0);
		});

		it.each([
			[
				'an unknown custom field',
				{ field: 'Shoe Size', value: '44' },
				"No contact custom field 'Shoe Size'",
				/Fields in this Calendly account: 'Tier', 'Deal Size', 'Interests', 'Renewal', 'Notes', 'Referral'/,
			],
			[
				'a number field given text',
				{ field: 'Deal Size', value: 'lots' },
				"Custom field 'Deal Size' takes an amount in whole USD units, like 85000; 'lots' is not",
				/Change the value given for 'Deal Size'/,
			],
			[
				'an option that does not exist',
				{ field: 'Tier', value: 'Bronze' },
				"Custom field 'Tier' takes one of 'Gold', 'Silver'; 'Bronze' is not",
				/Custom Fields/,
			],
			[
				'a date that is not one',
				{ field: 'Renewal', value: 'next spring' },
				"Custom field 'Renewal' takes a date like 2026-12-31; 'next spring' is not",
				/Renewal/,
			],
		])('names %s before calling Calendly', async (_case, entry, message, description) => {
			const error = await runError(sim, token, {
				resource: 'contact',
				operation: 'create',
				name: 'Someone',
				email: 'someone@example.com',
				customFields: { field: [entry] },
			});
			expect(error.message).toBe(message);
			expect(error.description).toMatch(description);
			expect(requests('POST')).toHaveLength(0);
		});

		it('400: passes on what Calendly rejected, parameter by parameter', async () => {
			const error = await runError(sim, token, {
				resource: 'contact',
				operation: 'create',
				name: 'Someone',
				email: 'someone@example.com',
				customFields: { field: [{ field: question.uri, value: 'A friend' }] },
			});
			expect(error.httpCode).toBe('400');
			expect(error.message).toMatch(
				/^Calendly rejected the request \(POST \/contacts\) as invalid\./,
			);
			expect(error.description).toMatch(/^Fix these parameters: custom_fields\[0\]\.value: /);
		});

		it('409: a second contact with the same email is a conflict Calendly explains', async () => {
			const error = await runError(sim, token, {
				resource: 'contact',
				operation: 'create',
				name: 'Grace Again',
				email: 'grace@navy.example',
			});
			expect(error.httpCode).toBe('409');
			expect(error.message).toMatch(/conflict for POST \/contacts/);
			expect(error.description).toMatch(/emails: .*grace@navy\.example/);
		});
	});

	describe('Update', () => {
		let target: string;
		beforeEach(async () => {
			target = (
				await sim.createContact({
					owner: ada.uri,
					name: 'Dorothy Vaughan',
					emails: [
						{ email: 'dorothy@nasa.example', is_primary: true },
						{ email: 'dv@home.example', is_primary: false },
					],
					phone_numbers: [{ phone_number: '+1 555 0200' }, { phone_number: '+1 555 0201' }],
					company: 'NACA',
					city: 'Hampton',
					custom_fields: [
						{ uuid: uuidOf(tier.uri), value: 'Gold' },
						{ uuid: uuidOf(interests.uri), value: ['FORTRAN'] },
					],
				})
			).contact.uri;
			sim.requests.length = 0;
		});
		afterEach(async () => {
			await sim.deleteContact(target);
		});

		const update = (parameters: IDataObject) =>
			run(sim, token, {
				resource: 'contact',
				operation: 'update',
				contact: byUrl(target),
				...parameters,
			});

		it('adds an email and a phone number to the ones the contact has', async () => {
			const [updated] = json(
				await update({
					updateFields: {
						addEmails: 'dorothy@work.example, DV@home.example',
						addPhoneNumbers: '+1 555 0202',
					},
				}),
			);
			// Calendly replaces these lists as a whole: the contact is read first and the merged list sent.
			expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
				`GET /contacts/${uuidOf(target)}`,
				`PATCH /contacts/${uuidOf(target)}`,
			]);
			expect(requests('PATCH')[0].body).toEqual({
				emails: [
					{ email: 'dorothy@nasa.example', is_primary: true },
					{ email: 'dv@home.example', is_primary: false },
					{ email: 'dorothy@work.example', is_primary: false },
				],
				phone_numbers: [
					{ phone_number: '+1 555 0200' },
					{ phone_number: '+1 555 0201' },
					{ phone_number: '+1 555 0202' },
				],
			});
			expect((updated.emails as IDataObject[]).map((e) => e.email)).toEqual([
				'dorothy@nasa.example',
				'dv@home.example',
				'dorothy@work.example',
			]);
		});

		it('removes emails and phone numbers and moves the primary flag', async () => {
			const [updated] = json(
				await update({
					updateFields: {
						primaryEmail: 'dv@home.example',
						removeEmails: 'dorothy@nasa.example',
						removePhoneNumbers: '+15550200',
					},
				}),
			);
			expect(updated.emails).toEqual([{ email: 'dv@home.example', is_primary: true }]);
			expect(updated.phone_numbers).toEqual([{ phone_number: '+1 555 0201' }]);
		});

		it('adds a new primary email and keeps the former one as a further email', async () => {
			const [updated] = json(await update({ updateFields: { primaryEmail: 'd@new.example' } }));
			expect(updated.emails).toEqual([
				{ email: 'dorothy@nasa.example', is_primary: false },
				{ email: 'dv@home.example', is_primary: false },
				{ email: 'd@new.example', is_primary: true },
			]);
		});

		it('changes profile fields without reading the contact, clears emptied ones, merges custom fields', async () => {
			const [updated] = json(
				await update({
					updateFields: { name: 'Dorothy J. Vaughan', company: 'NASA', city: '' },
					customFields: {
						field: [
							{ field: 'Tier', value: 'Silver' },
							{ field: 'Deal Size', value: '1200' },
							{ field: 'Interests', value: '' },
						],
					},
				}),
			);
			expect(sim.requests.map((r) => r.method)).toEqual(['GET', 'PATCH']);
			expect(requests('GET')[0].path).toBe('/contacts/custom_field_definitions');
			expect(requests('PATCH')[0].body).toEqual({
				name: 'Dorothy J. Vaughan',
				company: 'NASA',
				city: null,
				custom_fields: [
					{ uuid: uuidOf(tier.uri), value: tier.options?.find((o) => o.label === 'Silver')?.uuid },
					{ uuid: uuidOf(deal.uri), value: 1200 },
					{ uuid: uuidOf(interests.uri), value: null },
				],
			});
			expect(updated).toMatchObject({ name: 'Dorothy J. Vaughan', company: 'NASA', city: null });
			const values = Object.fromEntries(
				(updated.custom_fields as Array<{ label: string; value: unknown }>).map((f) => [
					f.label,
					f.value,
				]),
			);
			// Renewal was not listed and keeps its (empty) value; Interests was cleared.
			expect(values).toMatchObject({
				Tier: tier.options?.find((o) => o.label === 'Silver')?.uuid,
				'Deal Size': 1200,
				Interests: [],
				Renewal: null,
			});
			expect(updated.emails).toHaveLength(2);
		});

		it('refuses to remove the primary email without a new one, before changing anything', async () => {
			const error = await runError(sim, token, {
				resource: 'contact',
				operation: 'update',
				contact: byUrl(target),
				updateFields: { removeEmails: 'dorothy@nasa.example' },
			});
			expect(error.message).toBe("The contact's primary email would be removed without a new one");
			expect(error.description).toMatch(/Primary Email/);
			expect(requests('PATCH')).toHaveLength(0);
		});

		it('says there is nothing to update when no field is given', async () => {
			const error = await runError(sim, token, {
				resource: 'contact',
				operation: 'update',
				contact: byUrl(target),
				updateFields: {},
			});
			expect(error.message).toBe('Nothing to update');
			expect(sim.requests).toHaveLength(0);
		});
	});

	describe('Delete', () => {
		it('deletes a contact; a second delete finds nothing', async () => {
			const { contact } = await sim.createContact({
				owner: ada.uri,
				name: 'Temp',
				email: 'temp@example.com',
			});
			const [result] = json(
				await run(sim, token, {
					resource: 'contact',
					operation: 'delete',
					contact: byUrl(contact.uri),
				}),
			);
			expect(result).toEqual({ deleted: true, id: uuidOf(contact.uri) });
			expect(requests('DELETE')[0].status).toBe(204);
			const error = await runError(sim, token, {
				resource: 'contact',
				operation: 'delete',
				contact: byId(uuidOf(contact.uri)),
			});
			expect(error.httpCode).toBe('404');
		});
	});

	describe('Scopes', () => {
		it('names contacts:read when the token lacks it', async () => {
			const narrow = sim.issueToken({ user: ada.uri, scopes: ['users:read'] });
			const error = await runError(sim, narrow, {
				resource: 'contact',
				operation: 'getAll',
				returnAll: true,
			});
			expect(error.httpCode).toBe('403');
			expect(error.message).toBe(
				'The Calendly token lacks the scope contacts:read needed for GET /contacts.',
			);
		});

		it('names contacts:write for changes with a read-only token', async () => {
			const readOnly = sim.issueToken({ user: ada.uri, scopes: ['users:read', 'contacts:read'] });
			const error = await runError(sim, readOnly, {
				resource: 'contact',
				operation: 'update',
				contact: byUrl(linus),
				updateFields: { company: 'Kernel.org' },
			});
			expect(error.message).toMatch(/lacks the scope contacts:write needed for PATCH \/contacts\//);
			expect(error.description).toMatch(/Calendly tokens only carry the scopes/);
		});

		it('with Continue On Fail, outputs the error on the failing item and goes on', async () => {
			const items = await run(
				sim,
				token,
				{ resource: 'contact', operation: 'get', contact: byId('={{ $json.id }}') },
				{
					continueOnFail: true,
					input: [{ json: { id: uuidOf(linus) } }, { json: { id: 'NOSUCHCONTACT000' } }],
				},
			);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(items[0].json.name).toBe('Linus Torvalds');
			expect(String(items[1].json.error)).toMatch(/Calendly found nothing/);
		});
	});

	describe('List search and custom field options', () => {
		const context = () =>
			loadOptionsContext(node, {
				parameters: { authentication: 'accessToken', resource: 'contact', operation: 'get' },
				credentials: patCredential(sim.baseUrl, token),
			});
		const search = (filter?: string) =>
			(
				node.methods.listSearch as Record<
					string,
					(this: unknown, f?: string) => Promise<INodeListSearchResult>
				>
			).searchContacts.call(context(), filter);

		it('searches contacts by name, or by email when the search has an @', async () => {
			const byName = await search('hopper');
			expect(byName.results).toEqual([
				{
					name: 'Grace Hopper (grace@navy.example)',
					value: grace,
					url: `https://calendly.com/app/contacts/${uuidOf(grace)}`,
				},
			]);
			expect(requests('GET', '/contacts')[0].query).toMatchObject({ name: 'hopper' });
			const byEmail = await search('linus@kernel.example');
			expect(byEmail.results.map((r) => r.value)).toEqual([linus]);
			expect(requests('GET', '/contacts')[1].query).toMatchObject({
				email: 'linus@kernel.example',
			});
		});

		it('lists custom fields by label, valued by ID, with what each takes', async () => {
			const options = await node.methods.loadOptions.getContactCustomFields.call(context());
			expect(options.map((o) => o.name)).toEqual([
				'Deal Size',
				'Interests',
				'Notes',
				'Referral',
				'Renewal',
				'Tier',
			]);
			expect(options.find((o) => o.name === 'Tier')).toEqual({
				name: 'Tier',
				value: uuidOf(tier.uri),
				description: 'One of: Gold, Silver',
			});
			expect(options.find((o) => o.name === 'Deal Size')?.description).toMatch(/USD/);
		});
	});
});
