/**
 * The one event-type filter rule, used by the Calendly Trigger's filter and Calendly to Card: an empty
 * list enables every type; a type is enabled by its URI or by its UUID alone.
 */
export function isEnabledEventType(eventTypeUri: string | null, eventTypes: string[]): boolean {
	if (eventTypes.length === 0) return true;
	const uri = eventTypeUri ?? '';
	return eventTypes.some(
		(wanted) => wanted === uri || (wanted !== '' && uri.endsWith(`/${wanted}`)),
	);
}
