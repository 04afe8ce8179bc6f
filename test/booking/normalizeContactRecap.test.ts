// Contact and meeting recap deliveries as the card reads them: Calendly's shapes (from the simulator,
// which follows the reference) and the edge cases the schema allows.
import { CalendlySimulator } from '../simulator';
import {
	CUSTOM_FIELD_MAX,
	CUSTOM_FIELDS_KEPT,
	normalizeContact,
} from '../../nodes/shared/booking/normalizeContact';
import { normalizeRecap } from '../../nodes/shared/booking/normalizeRecap';

let sim: CalendlySimulator;
let token: string;
let ownerUri: string;

beforeAll(async () => {
	sim = new CalendlySimulator();
	await sim.start();
	ownerUri = sim.createUser({ name: 'Olivia Owner', email: 'olivia@example.com' }).uri;
	token = sim.issueToken({ user: ownerUri, scopes: 'all', kind: 'pat' });
});
afterAll(async () => await sim.stop());

async function sample(event: string): Promise<Record<string, any>> {
	const response = await fetch(
		`${sim.baseUrl}/sample_webhook_data?event=${event}&scope=user&user=${ownerUri}&organization=${sim.organization}`,
		{ headers: { authorization: `Bearer ${token}` } },
	);
	expect(response.status).toBe(200);
	return (await response.json()) as Record<string, any>;
}

describe('normalizeContact', () => {
	it("reads Calendly's contact.created and contact.updated", async () => {
		for (const event of ['contact.created', 'contact.updated']) {
			const delivery = await sample(event);
			const contact = normalizeContact(delivery);
			expect(contact).toMatchObject({
				event,
				contactUri: delivery.payload.contact.uri,
				ownerUuid: ownerUri.split('/').pop(),
				deleted: false,
				emails: ['contact@example.com'],
				name: 'Sample Contact',
				timeZone: 'UTC',
			});
			expect(contact.updatedAt).toBe(new Date(delivery.payload.contact.updated_at).toISOString());
		}
	});

	it('reads a deletion, which names only the contact', async () => {
		const delivery = await sample('contact.deleted');
		expect(normalizeContact(delivery)).toMatchObject({
			contactUri: delivery.payload.contact.uri,
			deleted: true,
			emails: [],
			updatedAt: new Date(delivery.payload.contact.deleted_at).toISOString(),
		});
	});

	const contactDelivery = (contact: Record<string, unknown>) => ({
		event: 'contact.updated',
		payload: {
			user_uuid: 'U1',
			contact: {
				uri: 'https://api.calendly.com/contacts/C1',
				updated_at: '2030-01-01T00:00:00.000000Z',
				...contact,
			},
		},
	});

	it('puts the primary email first and keys every email', () => {
		const contact = normalizeContact(
			contactDelivery({
				emails: [
					{ email: 'Work@Example.com', is_primary: false },
					{ email: ' ADA@example.com ', is_primary: true },
					{ email: 'work@example.com', is_primary: false },
				],
				phone_numbers: [{ phone_number: '+44 20 1234' }, { phone_number: ' ' }],
				city: 'London',
				country: 'GB',
				company: '  ',
			}),
		);
		expect(contact.emails).toEqual(['ada@example.com', 'work@example.com']);
		expect(contact.phones).toEqual(['+44 20 1234']);
		expect(contact.location).toBe('London, GB');
		expect(contact.company).toBeNull();
		expect(contact.ownerUuid).toBe('U1');
	});

	it('keeps set custom fields as text, sorted by label and bounded', () => {
		const fields = [
			{ uri: 'f/tags', label: 'Tags', value: ['vip', 'emea'] },
			{ uri: 'f/score', label: 'Score', value: 7 },
			{ uri: 'f/unset', label: 'Unset', value: null },
			{ uri: 'f/long', label: 'Notes', value: 'x'.repeat(CUSTOM_FIELD_MAX + 10) },
			...Array.from({ length: CUSTOM_FIELDS_KEPT }, (_, i) => ({
				uri: `f/${i}`,
				label: `Z${String(i).padStart(2, '0')}`,
				value: 'v',
			})),
		];
		const contact = normalizeContact(
			contactDelivery({ emails: [{ email: 'a@x.com', is_primary: true }], custom_fields: fields }),
		);
		expect(contact.customFields).toHaveLength(CUSTOM_FIELDS_KEPT);
		expect(contact.customFields.slice(0, 3)).toEqual([
			{ label: 'Notes', value: 'x'.repeat(CUSTOM_FIELD_MAX) },
			{ label: 'Score', value: '7' },
			{ label: 'Tags', value: 'vip, emea' },
		]);
	});

	it('names what is wrong with an unusable delivery', () => {
		expect(() => normalizeContact({ event: 'invitee.created', payload: {} })).toThrow(/^event/);
		expect(() => normalizeContact({ event: 'contact.created', payload: {} })).toThrow(
			/payload\.contact is missing/,
		);
		expect(() => normalizeContact(contactDelivery({ uri: '' }))).toThrow(/contact\.uri/);
		expect(() => normalizeContact(contactDelivery({ updated_at: 'soon', emails: [] }))).toThrow(
			/updated_at is missing or not a time/,
		);
		expect(() => normalizeContact(contactDelivery({ emails: [] }))).toThrow(/no email/);
	});
});

describe('normalizeRecap', () => {
	it("reads Calendly's meeting_recap.created and .updated", async () => {
		for (const event of ['meeting_recap.created', 'meeting_recap.updated']) {
			const delivery = await sample(event);
			const recap = normalizeRecap(delivery);
			expect(recap).toMatchObject({
				event,
				recapUri: delivery.payload.recap.uri,
				deleted: false,
				meetingName: 'Sample Meeting',
				summary: 'Sample summary',
				actionItems: '- Sample action item',
			});
			expect(recap.updatedAt).not.toBeNull();
			expect(recap.attendees).toContainEqual({
				email: 'invitee@example.com',
				name: 'Sample Invitee',
				host: false,
			});
		}
	});

	it('reads a deletion, which names only the recap', async () => {
		const delivery = await sample('meeting_recap.deleted');
		const recap = normalizeRecap(delivery);
		expect(recap).toMatchObject({ recapUri: delivery.payload.recap.uri, deleted: true });
		expect(recap.updatedAt).toBe(new Date(delivery.payload.recap.deleted_at).toISOString());
	});

	it('tells content left out of an update (unknown) from content that is empty', () => {
		const recap = normalizeRecap({
			event: 'meeting_recap.updated',
			payload: {
				event: { name: 'Intro' },
				recap: { uri: 'https://api.calendly.com/meeting_recaps/R1', share_link: null },
			},
		});
		expect(recap.shareLink).toBeNull();
		expect(recap.summary).toBeUndefined();
		expect(recap.eventUri).toBeNull();
		expect(recap.updatedAt).toBeNull();
	});

	it('names what is wrong with an unusable delivery', () => {
		expect(() => normalizeRecap({ event: 'meeting_recap.created', payload: {} })).toThrow(
			/payload\.recap is missing/,
		);
		expect(() =>
			normalizeRecap({ event: 'meeting_recap.created', payload: { recap: { uri: ' ' } } }),
		).toThrow(/recap\.uri/);
	});
});
