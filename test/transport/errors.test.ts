import { getCalendlyCredential, resourceUri, uuidFromUri } from '../../nodes/shared/transport';
import { describeCalendlyError } from '../../nodes/shared/transport/errors';
import { executeContext, patCredential } from '../harness';
import { CalendlyProbeNode } from '../helpers/calendlyNode';

describe('describeCalendlyError', () => {
	const what = 'GET /scheduled_events';

	it('names every missing scope from required_scopes', () => {
		const { message, description } = describeCalendlyError(
			403,
			{
				title: 'Insufficient scope',
				message: "This operation requires the scopes listed in the 'required_scopes' array.",
				required_scopes: ['scheduled_events:read', 'users:read'],
			},
			what,
		);
		expect(message).toContain('scheduled_events:read, users:read');
		expect(message).toContain(what);
		expect(description).toMatch(/Scope field|personal access token/);
	});

	it('tells a bad or expired token apart', () => {
		expect(
			describeCalendlyError(
				401,
				{ title: 'Unauthenticated', message: 'The access token is invalid' },
				what,
			).message,
		).toMatch(/wrong, expired or revoked/);
	});

	it('turns plan refusals into a plan message', () => {
		const { message } = describeCalendlyError(
			403,
			{ title: 'Permission Denied', message: 'Please upgrade your Calendly account to Standard' },
			what,
		);
		expect(message).toMatch(/plan/);
		expect(message).toContain('Please upgrade your Calendly account to Standard');
	});

	it('explains other permission refusals with the role hint', () => {
		const { message, description } = describeCalendlyError(
			403,
			{ title: 'Permission Denied', message: 'You do not have permission' },
			what,
		);
		expect(message).toContain('You do not have permission');
		expect(description).toMatch(/owner or admin/);
	});

	it('lists the parameters Calendly found invalid', () => {
		const { description } = describeCalendlyError(
			400,
			{
				title: 'Invalid Argument',
				message: 'The supplied parameters are invalid.',
				details: [{ parameter: 'count', message: 'must be <= 100' }],
			},
			what,
		);
		expect(description).toContain('count: must be <= 100');
	});

	it('passes Calendly’s own words through for 403s such as "Event in the past"', () => {
		expect(
			describeCalendlyError(
				403,
				{ title: 'Permission Denied', message: 'Event in the past' },
				'POST /scheduled_events/X/cancellation',
			).message,
		).toContain('Event in the past');
	});

	it('covers 404, 409, 429 and 5xx', () => {
		expect(
			describeCalendlyError(
				404,
				{
					title: 'Resource Not Found',
					message: 'The server could not find the requested resource.',
				},
				what,
			).message,
		).toMatch(/found nothing/);
		expect(
			describeCalendlyError(
				409,
				{ title: 'Already Exists', message: 'Hook with this url already exists' },
				what,
			).message,
		).toContain('Hook with this url already exists');
		expect(describeCalendlyError(429, undefined, what).message).toMatch(/rate limit/);
		expect(describeCalendlyError(503, undefined, what).message).toMatch(
			/server error \(HTTP 503\)/,
		);
	});
});

describe("the credential's API Base URL", () => {
	const credentialOf = async (baseUrl: string | undefined) =>
		await getCalendlyCredential.call(
			executeContext(new CalendlyProbeNode(), {
				parameters: { authentication: 'accessToken' },
				credentials: {
					calendlyCardsApi: {
						...patCredential('', 'a-token').calendlyCardsApi,
						...(baseUrl === undefined ? {} : { baseUrl }),
					},
				},
			}),
		);

	it('defaults to Calendly and strips trailing slashes', async () => {
		await expect(credentialOf('')).resolves.toMatchObject({ baseUrl: 'https://api.calendly.com' });
		await expect(credentialOf(undefined)).resolves.toMatchObject({
			baseUrl: 'https://api.calendly.com',
		});
		await expect(credentialOf('http://127.0.0.1:4010/')).resolves.toMatchObject({
			baseUrl: 'http://127.0.0.1:4010',
		});
	});

	it('says what is wrong with a base URL that is not a URL', async () => {
		await expect(credentialOf('api.calendly')).rejects.toThrow(/"api\.calendly" is not a URL/);
		await expect(credentialOf('ftp://x.example')).rejects.toThrow(/must start with https:\/\//);
	});
});

describe('Calendly URIs', () => {
	it('takes the UUID from a URI or keeps a UUID', () => {
		expect(uuidFromUri('https://api.calendly.com/scheduled_events/ABC123')).toBe('ABC123');
		expect(uuidFromUri('https://api.calendly.com/scheduled_events/ABC123/')).toBe('ABC123');
		expect(uuidFromUri('ABC123')).toBe('ABC123');
		expect(resourceUri('https://api.calendly.com', 'users', 'U1')).toBe(
			'https://api.calendly.com/users/U1',
		);
		expect(
			resourceUri('https://api.calendly.com', 'users', 'https://api.calendly.com/users/U1'),
		).toBe('https://api.calendly.com/users/U1');
	});
});
