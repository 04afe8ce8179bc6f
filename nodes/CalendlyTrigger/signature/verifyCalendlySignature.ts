import { createHmac, timingSafeEqual } from 'crypto';

/** Why a delivery was refused; safe to log (never contains the key or the signature). */
type SignatureFailure =
	| 'missing_key'
	| 'missing_body'
	| 'missing_header'
	| 'malformed_header'
	| 'stale'
	| 'future'
	| 'mismatch';

type SignatureCheck = { valid: true } | { valid: false; reason: SignatureFailure };

interface SignatureInput {
	/** The `Calendly-Webhook-Signature` header as received (Node lower-cases the name). */
	header: string | string[] | undefined;
	/** The request body exactly as received: the signature covers these bytes, not re-serialised JSON. */
	rawBody: Buffer | undefined;
	/** Every key the delivery may be signed with; a match with any of them is enough. */
	signingKeys: string[];
	/** Current time in Unix seconds. */
	nowSeconds: number;
	/** Largest accepted distance between `t` and now, both into the past and the future. */
	toleranceSeconds: number;
}

export const DEFAULT_TOLERANCE_SECONDS = 180;

const SHA256_HEX_LENGTH = 64;

interface ParsedHeader {
	timestamp: string;
	signatures: string[];
}

/**
 * Parses `t=<unix seconds>,v1=<hex>[,v1=<hex>...]`: split on ',' then on the first '='.
 * Unknown keys are ignored so that Calendly can add schemes later; a second `t` is ambiguous and refused.
 */
function parseSignatureHeader(header: string): ParsedHeader | undefined {
	let timestamp: string | undefined;
	const signatures: string[] = [];
	for (const part of header.split(',')) {
		const separator = part.indexOf('=');
		if (separator === -1) continue;
		const key = part.slice(0, separator).trim();
		const value = part.slice(separator + 1).trim();
		if (key === 't') {
			if (timestamp !== undefined) return undefined;
			timestamp = value;
		} else if (key === 'v1') {
			signatures.push(value);
		}
	}
	if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) {
		return undefined;
	}
	return { timestamp, signatures };
}

function sameDigest(expected: Buffer, candidateHex: string): boolean {
	// Buffer.from(..., 'hex') silently drops bad characters, so check the text before decoding.
	if (candidateHex.length !== SHA256_HEX_LENGTH || !/^[0-9a-fA-F]+$/.test(candidateHex))
		return false;
	const candidate = Buffer.from(candidateHex, 'hex');
	return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/** Checks a Calendly webhook delivery: HMAC-SHA256 over `t + '.' + raw body`, within the replay window. */
export function verifyCalendlySignature(input: SignatureInput): SignatureCheck {
	const keys = input.signingKeys.filter((key) => key.length > 0);
	if (keys.length === 0) return { valid: false, reason: 'missing_key' };
	if (!input.rawBody) return { valid: false, reason: 'missing_body' };

	// Node joins repeated unknown headers with ', '; an array only comes from hand-built requests.
	const header = Array.isArray(input.header) ? input.header.join(',') : input.header;
	if (header === undefined || header.trim() === '')
		return { valid: false, reason: 'missing_header' };

	const parsed = parseSignatureHeader(header);
	if (!parsed) return { valid: false, reason: 'malformed_header' };

	const age = input.nowSeconds - Number(parsed.timestamp);
	if (age > input.toleranceSeconds) return { valid: false, reason: 'stale' };
	if (-age > input.toleranceSeconds) return { valid: false, reason: 'future' };

	for (const key of keys) {
		const expected = createHmac('sha256', key)
			.update(`${parsed.timestamp}.`)
			.update(input.rawBody)
			.digest();
		if (parsed.signatures.some((signature) => sameDigest(expected, signature))) {
			return { valid: true };
		}
	}
	return { valid: false, reason: 'mismatch' };
}
