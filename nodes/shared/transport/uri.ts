/** The trailing UUID of a Calendly resource URI ("https://api.calendly.com/users/AAAA" -> "AAAA"); a bare UUID is returned as is. */
export function uuidFromUri(uriOrUuid: string): string {
	const trimmed = uriOrUuid.trim().replace(/\/+$/, '');
	const uuid = trimmed.slice(trimmed.lastIndexOf('/') + 1);
	return uuid.split(/[?#]/)[0];
}

/** The URI of a Calendly resource of one collection ("users", "event_types", ...) from a URI or a UUID. */
export function resourceUri(baseUrl: string, collection: string, uriOrUuid: string): string {
	if (/^https?:\/\//i.test(uriOrUuid.trim())) return uriOrUuid.trim();
	return `${baseUrl}/${collection}/${uuidFromUri(uriOrUuid)}`;
}
