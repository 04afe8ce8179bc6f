import type { NormalizedBooking } from './normalizeBooking';
import { emailKey } from './emailKey';

const EMPTY_TRACKING: NormalizedBooking['tracking'] = {
	utmSource: null,
	utmMedium: null,
	utmCampaign: null,
	utmContent: null,
	utmTerm: null,
	salesforceUuid: null,
};

/** A guest's booking URI: the invitee's, with the guest's email in the fragment. */
const guestUri = (uri: string, email: string): string =>
	`${uri}#guest=${encodeURIComponent(email)}`;

/**
 * The bookings of the guests an invitee added (Calendly lists them only as emails, in the scheduled
 * event's event_guests), one per distinct guest email that is not the invitee's own, so each guest can
 * have a card of their own that follows the invitee's booking, cancellation and reschedule.
 *
 * A guest's booking keeps the delivery's event, action, status, times, cancellation and the scheduled
 * event's fields. It drops what describes the invitee alone: name parts, phone, time zone, answers,
 * UTM tracking, payment, routing form, scheduling method and the invitee's personal cancel and
 * reschedule links. Its name is the guest's email (Calendly knows nothing else about a guest). Its
 * inviteeUri, oldInviteeUri and newInviteeUri are the invitee's with '#guest=<email>' appended, so a
 * guest's bookings are told apart from the invitee's and a reschedule links the guest's old and new
 * booking; inviteeUuid stays the Calendly invitee's.
 *
 * No-show deliveries give no guest bookings: Calendly marks the invitee, which says nothing about
 * whether the guests came.
 */
export function guestBookings(booking: NormalizedBooking): NormalizedBooking[] {
	if (booking.event !== 'invitee.created' && booking.event !== 'invitee.canceled') return [];
	const emails = new Set<string>();
	for (const raw of booking.guests) {
		const email = emailKey(raw);
		if (/^[^\s@]+@[^\s@]+$/.test(email) && email !== booking.email) emails.add(email);
	}
	return [...emails].map((email) => ({
		...booking,
		inviteeUri: guestUri(booking.inviteeUri, email),
		oldInviteeUri: booking.oldInviteeUri === null ? null : guestUri(booking.oldInviteeUri, email),
		newInviteeUri: booking.newInviteeUri === null ? null : guestUri(booking.newInviteeUri, email),
		email,
		name: email,
		guestOf: { name: booking.name, email: booking.email },
		firstName: null,
		lastName: null,
		phone: null,
		inviteeTimeZone: null,
		schedulingMethod: null,
		questions: [],
		answers: {},
		tracking: { ...EMPTY_TRACKING },
		routingFormSubmission: null,
		payment: null,
		cancelUrl: null,
		rescheduleUrl: null,
		noShow: null,
	}));
}
