import {
	mediaTypeOf,
	parseDelivery,
	rawBodyUnavailable,
} from '../../nodes/CalendlyTrigger/delivery/body';

describe('mediaTypeOf', () => {
	it.each([
		[undefined, ''],
		['', ''],
		['application/json', 'application/json'],
		['Application/JSON; charset=UTF-8', 'application/json'],
		[' text/plain ;charset=utf-8', 'text/plain'],
		[['application/json', 'text/plain'], 'application/json'],
	] as const)('%j -> %j', (header, expected) => {
		expect(mediaTypeOf(header as string | string[] | undefined)).toBe(expected);
	});
});

describe('rawBodyUnavailable', () => {
	it('refuses every multipart type with 415 naming the type and the fix', () => {
		for (const type of ['multipart/form-data', 'multipart/mixed']) {
			const refusal = rawBodyUnavailable(type);
			expect(refusal).toMatchObject({ ok: false, status: 415 });
			expect(refusal?.message).toContain(`Content-Type "${type}"`);
			expect(refusal?.message).toMatch(/Send it as application\/json\.$/);
		}
	});

	it('lets every other type through, including none', () => {
		for (const type of [
			'',
			'application/json',
			'text/plain',
			'application/x-www-form-urlencoded',
			'application/xml',
			'application/octet-stream',
		]) {
			expect(rawBodyUnavailable(type)).toBeUndefined();
		}
	});
});

describe('parseDelivery', () => {
	const envelope = {
		event: 'invitee.created',
		payload: { email: 'ada@example.com', name: 'Ada Ł' },
	};

	it('parses the UTF-8 JSON object whatever the media type, with or without a byte order mark', () => {
		const raw = Buffer.from(JSON.stringify(envelope), 'utf8');
		for (const type of [
			'application/json',
			'',
			'text/plain',
			'application/x-www-form-urlencoded',
		]) {
			expect(parseDelivery(raw, type)).toEqual({ ok: true, envelope });
		}
		expect(
			parseDelivery(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), raw]), 'application/json'),
		).toEqual({ ok: true, envelope });
	});

	it('refuses a body that is not JSON with 415, naming the content type (or its absence)', () => {
		expect(
			parseDelivery(Buffer.from('event=invitee.created'), 'application/x-www-form-urlencoded'),
		).toEqual({
			ok: false,
			status: 415,
			message: expect.stringContaining(
				'(Content-Type "application/x-www-form-urlencoded") has a body that is not JSON',
			),
		});
		expect(parseDelivery(Buffer.alloc(0), '')).toMatchObject({
			status: 415,
			message: expect.stringContaining('(no Content-Type)'),
		});
		const long = `text/${'x'.repeat(200)}`;
		expect(parseDelivery(Buffer.from('x'), long)).toMatchObject({
			message: expect.stringContaining(`(Content-Type "${long.slice(0, 80)}…")`),
		});
	});

	it('refuses JSON that is not an object with 400', () => {
		for (const body of ['[]', '"text"', '42', 'null', 'true']) {
			expect(parseDelivery(Buffer.from(body), 'application/json')).toMatchObject({
				ok: false,
				status: 400,
			});
		}
	});
});
