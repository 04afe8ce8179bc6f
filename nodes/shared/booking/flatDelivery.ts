import type { IDataObject } from 'n8n-workflow';

import { isInviteeEventName, normalizeBooking } from './normalizeBooking';
import { isContactEventName, normalizeContact } from './normalizeContact';
import { isRecapEventName, normalizeRecap } from './normalizeRecap';

export type OutputFormat = 'envelope' | 'flatBooking';

/** How each kind of delivery is flattened; other events (routing forms, event types) are output as sent. */
function flatten(envelope: IDataObject, timeZone?: string): IDataObject {
	if (isInviteeEventName(envelope.event))
		return normalizeBooking(envelope, timeZone ? { timeZone } : {}) as unknown as IDataObject;
	if (isContactEventName(envelope.event))
		return normalizeContact(envelope) as unknown as IDataObject;
	if (isRecapEventName(envelope.event)) return normalizeRecap(envelope) as unknown as IDataObject;
	return envelope;
}

/**
 * The item a delivery becomes: as sent, or flat (a booking for invitee events, a contact or a meeting
 * recap for theirs). A delivery that cannot be flattened is output as sent with `flatBookingError`
 * naming the field, so nothing Calendly sent is lost.
 */
export function deliveryToJson(
	envelope: IDataObject,
	format: OutputFormat,
	timeZone?: string,
): IDataObject {
	if (format !== 'flatBooking') return envelope;
	try {
		return flatten(envelope, timeZone);
	} catch (error) {
		return {
			...envelope,
			flatBookingError: `Could not flatten this delivery: ${(error as Error).message}`,
		};
	}
}
