import { createHmac, randomBytes } from 'node:crypto';

import {
	DEFAULT_TOLERANCE_SECONDS,
	verifyCalendlySignature,
} from '../../nodes/CalendlyTrigger/signature';
import { derivePatSigningKey, patKeyId } from '../../nodes/shared/subscription/patKey';

const key = randomBytes(32).toString('hex');
const now = 1_800_000_000;
const body = Buffer.from(
	JSON.stringify({
		event: 'invitee.created',
		created_at: '2027-01-15T10:00:00.000000Z',
		payload: { email: 'ada@example.com' },
	}),
);

function sign(t: number, raw: Buffer, signingKey = key): string {
	return createHmac('sha256', signingKey).update(`${t}.`).update(raw).digest('hex');
}

function check(
	header: string | string[] | undefined,
	raw: Buffer | undefined = body,
	keys = [key],
	nowSeconds = now,
) {
	return verifyCalendlySignature({
		header,
		rawBody: raw,
		signingKeys: keys,
		nowSeconds,
		toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
	});
}

describe('verifyCalendlySignature', () => {
	it('accepts a delivery signed with the key over t.rawBody', () => {
		expect(check(`t=${now},v1=${sign(now, body)}`)).toEqual({ valid: true });
	});

	it('accepts upper-case hex and spaces after commas', () => {
		expect(check(`t=${now}, v1=${sign(now, body).toUpperCase()}`)).toEqual({ valid: true });
	});

	it('refuses a body changed by one byte', () => {
		const tampered = Buffer.from(body);
		tampered[tampered.length - 3] ^= 1;
		expect(check(`t=${now},v1=${sign(now, body)}`, tampered)).toEqual({
			valid: false,
			reason: 'mismatch',
		});
	});

	it('refuses re-serialised JSON that differs from the bytes sent', () => {
		const pretty = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2));
		expect(check(`t=${now},v1=${sign(now, body)}`, pretty)).toEqual({
			valid: false,
			reason: 'mismatch',
		});
	});

	it('refuses a signature made with another key', () => {
		const other = randomBytes(32).toString('hex');
		expect(check(`t=${now},v1=${sign(now, body, other)}`)).toEqual({
			valid: false,
			reason: 'mismatch',
		});
	});

	it('refuses a signature whose timestamp was changed after signing', () => {
		expect(check(`t=${now - 1},v1=${sign(now, body)}`)).toEqual({
			valid: false,
			reason: 'mismatch',
		});
	});

	it('accepts the edges of the replay window and refuses one second beyond', () => {
		const old = now - DEFAULT_TOLERANCE_SECONDS;
		expect(check(`t=${old},v1=${sign(old, body)}`)).toEqual({ valid: true });
		const stale = old - 1;
		expect(check(`t=${stale},v1=${sign(stale, body)}`)).toEqual({ valid: false, reason: 'stale' });
		const ahead = now + DEFAULT_TOLERANCE_SECONDS;
		expect(check(`t=${ahead},v1=${sign(ahead, body)}`)).toEqual({ valid: true });
		const future = ahead + 1;
		expect(check(`t=${future},v1=${sign(future, body)}`)).toEqual({
			valid: false,
			reason: 'future',
		});
	});

	it('uses the tolerance it is given', () => {
		const t = now - 600;
		const header = `t=${t},v1=${sign(t, body)}`;
		const input = { header, rawBody: body, signingKeys: [key], nowSeconds: now };
		expect(verifyCalendlySignature({ ...input, toleranceSeconds: 300 })).toEqual({
			valid: false,
			reason: 'stale',
		});
		expect(verifyCalendlySignature({ ...input, toleranceSeconds: 900 })).toEqual({ valid: true });
	});

	it('refuses a missing or empty header', () => {
		expect(check(undefined)).toEqual({ valid: false, reason: 'missing_header' });
		expect(check('')).toEqual({ valid: false, reason: 'missing_header' });
		expect(check('   ')).toEqual({ valid: false, reason: 'missing_header' });
	});

	it.each([
		['no v1', `t=${now}`],
		['no t', `v1=${'a'.repeat(64)}`],
		['non-numeric t', `t=abc,v1=${'a'.repeat(64)}`],
		['t in milliseconds-sized garbage', `t=${'9'.repeat(20)},v1=${'a'.repeat(64)}`],
		['two timestamps', `t=${now},t=${now - 1},v1=${'a'.repeat(64)}`],
		['no separators', 'garbage'],
		['only a scheme name', 'v1'],
	])('refuses a malformed header (%s)', (_name, header) => {
		expect(check(header)).toEqual({ valid: false, reason: 'malformed_header' });
	});

	it('refuses v1 values that are not a SHA-256 hex digest without throwing', () => {
		const good = sign(now, body);
		for (const v1 of [
			good.slice(0, 62),
			`${good}00`,
			`${good.slice(0, 63)}z`,
			'',
			'0x' + good.slice(2),
		]) {
			expect(check(`t=${now},v1=${v1}`)).toEqual({ valid: false, reason: 'mismatch' });
		}
	});

	it('accepts when any of several v1 values matches (key rotation) and refuses when none does', () => {
		const other = randomBytes(32).toString('hex');
		const header = `t=${now},v1=${sign(now, body, other)},v1=${sign(now, body)}`;
		expect(check(header)).toEqual({ valid: true });
		const none = `t=${now},v1=${sign(now, body, other)},v1=${'0'.repeat(64)}`;
		expect(check(none)).toEqual({ valid: false, reason: 'mismatch' });
	});

	it('accepts when the delivery matches any of the keys it is given', () => {
		const other = randomBytes(32).toString('hex');
		expect(check(`t=${now},v1=${sign(now, body)}`, body, [other, key])).toEqual({ valid: true });
	});

	it('ignores unknown schemes next to v1', () => {
		expect(check(`t=${now},v0=zzz,v1=${sign(now, body)}`)).toEqual({ valid: true });
	});

	it('reads a header that arrived as an array', () => {
		expect(check([`t=${now}`, `v1=${sign(now, body)}`])).toEqual({ valid: true });
	});

	it('verifies a 1 MB body, and refuses it after a change in the middle', () => {
		const big = Buffer.from(
			JSON.stringify({ event: 'invitee.created', payload: { notes: 'x'.repeat(1024 * 1024) } }),
		);
		expect(big.length).toBeGreaterThan(1024 * 1024);
		const header = `t=${now},v1=${sign(now, big)}`;
		expect(check(header, big)).toEqual({ valid: true });
		const tampered = Buffer.from(big);
		tampered[Math.floor(tampered.length / 2)] = 'y'.charCodeAt(0);
		expect(check(header, tampered)).toEqual({ valid: false, reason: 'mismatch' });
	});

	it('verifies bytes that are not valid UTF-8 exactly as received', () => {
		const raw = Buffer.concat([
			Buffer.from('{"name":"'),
			Buffer.from([0xc3, 0x28]),
			Buffer.from('"}'),
		]);
		expect(check(`t=${now},v1=${sign(now, raw)}`, raw)).toEqual({ valid: true });
		const decoded = Buffer.from(raw.toString('utf8'));
		expect(check(`t=${now},v1=${sign(now, raw)}`, decoded)).toEqual({
			valid: false,
			reason: 'mismatch',
		});
	});

	it('refuses when no key is known, whatever the header says', () => {
		expect(check(`t=${now},v1=${sign(now, body, '')}`, body, [])).toEqual({
			valid: false,
			reason: 'missing_key',
		});
		expect(check(`t=${now},v1=${sign(now, body, '')}`, body, [''])).toEqual({
			valid: false,
			reason: 'missing_key',
		});
	});

	it('refuses when the raw body is missing', () => {
		const header = `t=${now},v1=${sign(now, body)}`;
		expect(
			verifyCalendlySignature({
				header,
				rawBody: undefined,
				signingKeys: [key],
				nowSeconds: now,
				toleranceSeconds: 180,
			}),
		).toEqual({ valid: false, reason: 'missing_body' });
	});
});

describe('reading the signature header', () => {
	it('splits each part on its first "=" only and keeps every v1', () => {
		expect(check(`t=${now},v1=ab=cd,v1=${sign(now, body)}`)).toEqual({ valid: true });
		expect(check(`t=${now}=1,v1=${sign(now, body)}`)).toEqual({
			valid: false,
			reason: 'malformed_header',
		});
	});
});

describe('derivePatSigningKey / patKeyId', () => {
	const webhookId = '7b0bd5d2-5f6e-4d53-9a4c-3c8c1f3e2a10';

	it('is pinned: changing the derivation would leave every existing subscription with a key nobody has', () => {
		// HMAC-SHA256("example-token", "n8n-nodes-calendly-cards|webhook-signing-key|v1|" + webhook id), as in docs/design.md ("The derived signing key").
		expect(derivePatSigningKey('example-token', webhookId)).toBe(
			'4ab4813718a07987d7b4fa207b5b1f9242d074e9eadac13baf561c07d19ed3b3',
		);
		expect(patKeyId(derivePatSigningKey('example-token', webhookId))).toBe('92c85b240b00cfb1');
	});

	it('differs per token and per webhook id, and is the same on every call (two mains agree)', () => {
		const key = derivePatSigningKey('token-a', webhookId);
		expect(derivePatSigningKey('token-a', webhookId)).toBe(key);
		expect(derivePatSigningKey('token-b', webhookId)).not.toBe(key);
		expect(derivePatSigningKey('token-a', 'other-webhook')).not.toBe(key);
	});

	it('the key id is short and does not contain the key', () => {
		const key = derivePatSigningKey('token-a', webhookId);
		expect(patKeyId(key)).toMatch(/^[0-9a-f]{16}$/);
		expect(key).not.toContain(patKeyId(key));
	});
});
