/**
 * The one key an email is stored and matched by: Unicode NFKC-normalised (full-width or otherwise
 * compatible look-alikes, as phone keyboards may type them, become plain characters), lower-cased and
 * trimmed. Calendly keeps an address as the invitee typed it, and n8n's data-table string `eq` is
 * case-sensitive, so every store or comparison of an invitee email goes through this.
 */
export function emailKey(email: string): string {
	return email.normalize('NFKC').toLowerCase().trim();
}
