import type { IDataObject } from 'n8n-workflow';

/**
 * Reading a delivery from the bytes Calendly signed, whatever Content-Type it came with.
 *
 * n8n's webhook server (n8n 2.41 `webhook-helpers.ts` `parseRequestBody`, `middlewares/body-parser.ts`)
 * reads the raw bytes into `req.rawBody` (gzip/deflate decoded) for every non-multipart request to a
 * version-1 node such as this one, and then parses `req.body` by media type: JSON for `application/json`
 * (a `charset` parameter is allowed), a string for `text/plain`, key/value pairs for
 * `application/x-www-form-urlencoded`, XML for `…/xml`, and nothing at all for any other or a missing
 * type. So `getBodyData()` only holds the delivery for `application/json`, while the signed bytes are
 * there for all of them: the trigger always parses those bytes itself. A body n8n cannot parse as its
 * declared JSON or XML is answered 422 by n8n before the node runs. `multipart/form-data` is consumed by
 * n8n's form parser and has no raw bytes left: it is refused with 415 (Calendly never sends it).
 */

type BodyRefusal = { ok: false; status: 400 | 415; message: string };
type ParsedDelivery = { ok: true; envelope: IDataObject } | BodyRefusal;

/** The media type of a Content-Type header, lower-cased, without parameters ('' when missing). */
export function mediaTypeOf(header: string | string[] | undefined): string {
	const value = Array.isArray(header) ? header[0] : header;
	return (value ?? '').split(';')[0].trim().toLowerCase();
}

/** The sender chose this text: it is cut short before it goes into a log line or an answer. */
function describeType(mediaType: string): string {
	const shown = mediaType.length > 80 ? `${mediaType.slice(0, 80)}…` : mediaType;
	return shown === '' ? 'no Content-Type' : `Content-Type "${shown}"`;
}

/** Refuses requests whose exact bytes n8n does not keep, before any signature check is possible. */
export function rawBodyUnavailable(mediaType: string): BodyRefusal | undefined {
	if (!mediaType.startsWith('multipart/')) return undefined;
	return {
		ok: false,
		status: 415,
		message: `The Calendly Trigger only accepts Calendly webhook deliveries, which are JSON; this request has ${describeType(mediaType)}, whose exact bytes n8n does not keep for signature checks. Send it as application/json.`,
	};
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses the signed bytes (UTF-8 JSON, as Calendly sends them) into the delivery envelope. */
export function parseDelivery(rawBody: Buffer, mediaType: string): ParsedDelivery {
	const text = rawBody.toString('utf8').replace(/^\uFEFF/, '');
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return {
			ok: false,
			status: 415,
			message: `The Calendly Trigger only accepts Calendly webhook deliveries, which are JSON; this correctly signed request (${describeType(mediaType)}) has a body that is not JSON. Send the delivery's JSON body unchanged.`,
		};
	}
	if (!isObject(value)) {
		return {
			ok: false,
			status: 400,
			message:
				'The Calendly Trigger received a correctly signed JSON body that is not an object, so it is not a Calendly webhook delivery ({"event": …, "payload": …}). Send the delivery unchanged.',
		};
	}
	return { ok: true, envelope: value };
}
