import type { IDataObject } from 'n8n-workflow';

import { isInviteeEventName, normalizeBooking } from '../../shared/booking/normalizeBooking';

export type OutputFormat = 'envelope' | 'flatBooking';

/**
 * The item a delivery becomes. Flat booking applies to invitee events only; other events (routing
 * forms, event types) have no booking and are output as sent. A delivery that cannot be flattened is
 * output as sent with `flatBookingError` naming the field, so nothing Calendly sent is lost.
 */
export function deliveryToJson(
	envelope: IDataObject,
	format: OutputFormat,
	timeZone?: string,
): IDataObject {
	if (format !== 'flatBooking' || !isInviteeEventName(envelope.event)) return envelope;
	try {
		return normalizeBooking(envelope, timeZone ? { timeZone } : {}) as unknown as IDataObject;
	} catch (error) {
		return {
			...envelope,
			flatBookingError: `Could not flatten this delivery: ${(error as Error).message}`,
		};
	}
}
