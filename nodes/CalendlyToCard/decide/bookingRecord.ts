import type { NormalizedBooking } from '../../shared/booking/normalizeBooking';

/**
 * What the card remembers about one booking (one Calendly invitee URI). Records from different
 * deliveries of the same invitee are combined with joinBookings, which is commutative, associative
 * and idempotent, so any order or repetition of deliveries gives the same record.
 */
export interface BookingRecord {
	uri: string;
	/** The invitee's created_at: when the booking was made (used to pick the card's current event). */
	bookedAt: string;
	/** Becomes 'canceled' once any delivery says so; an invitee is never re-activated. */
	status: 'active' | 'canceled';
	/** This invitee was replaced by newInvitee (a reschedule), which is not a cancellation. */
	rescheduled: boolean;
	newInvitee: string | null;
	oldInvitee: string | null;
	cancellation: {
		by: string | null;
		reason: string | null;
		cancelerType: 'host' | 'invitee' | null;
		at: string | null;
	} | null;
	/** Latest no-show mark and latest removal of one; marked when the mark is the later of the two. */
	noShowMarkedAt: string | null;
	noShowClearedAt: string | null;
	/** The most recent view of the booking's details, chosen by snapshotKey. */
	snapshotKey: string;
	snapshot: BookingSnapshot;
	/** A routing form submission (a lead), not a booking: never the card's current event. */
	lead?: true;
}

export interface BookingSnapshot {
	email: string;
	name: string;
	firstName: string | null;
	lastName: string | null;
	phone: string | null;
	inviteeTimeZone: string | null;
	eventName: string | null;
	eventUri: string;
	eventTypeUri: string | null;
	startTime: string;
	endTime: string;
	location: string | null;
	joinUrl: string | null;
	hostName: string | null;
	hostEmail: string | null;
	/** On a guest's booking: the invitee who added them, as "Name <email>". */
	guestOf: string | null;
	questions: Array<{ question: string; answer: string; position: number }>;
	tracking: {
		utmSource: string | null;
		utmMedium: string | null;
		utmCampaign: string | null;
		utmContent: string | null;
		utmTerm: string | null;
	};
	cancelUrl: string | null;
	rescheduleUrl: string | null;
}

/** Later events in a booking's life win a tie on updated_at. */
const EVENT_RANK: Record<NormalizedBooking['event'], number> = {
	'invitee.created': 0,
	'invitee_no_show.created': 1,
	'invitee_no_show.deleted': 1,
	'invitee.canceled': 2,
	'routing_form_submission.created': 0,
};

const maxText = (a: string | null, b: string | null): string | null =>
	a === null ? b : b === null ? a : a >= b ? a : b;
const minText = (a: string, b: string): string => (a <= b ? a : b);

export function bookingFromDelivery(booking: NormalizedBooking): BookingRecord {
	const fallbackTime = booking.bookedAt ?? booking.deliveredAt ?? booking.startTime;
	let noShowMarkedAt: string | null = null;
	let noShowClearedAt: string | null = null;
	if (booking.event === 'invitee_no_show.deleted') {
		noShowClearedAt = booking.deliveredAt ?? booking.updatedAt ?? fallbackTime;
	} else if (booking.noShow) {
		noShowMarkedAt = booking.noShow.createdAt ?? booking.deliveredAt ?? fallbackTime;
	} else if (booking.event === 'invitee_no_show.created') {
		noShowMarkedAt = booking.deliveredAt ?? fallbackTime;
	}
	return {
		uri: booking.inviteeUri,
		bookedAt: fallbackTime,
		status: booking.status,
		rescheduled: booking.rescheduled,
		newInvitee: booking.newInviteeUri,
		oldInvitee: booking.oldInviteeUri,
		cancellation:
			booking.status === 'canceled' && booking.cancellation
				? {
						by: booking.cancellation.canceledBy,
						reason: booking.cancellation.reason,
						cancelerType: booking.cancellation.cancelerType,
						at: booking.cancellation.createdAt,
					}
				: null,
		noShowMarkedAt,
		noShowClearedAt,
		snapshotKey: `${booking.updatedAt ?? fallbackTime}|${EVENT_RANK[booking.event]}`,
		snapshot: {
			email: booking.email,
			name: booking.name,
			firstName: booking.firstName,
			lastName: booking.lastName,
			phone: booking.phone,
			inviteeTimeZone: booking.inviteeTimeZone,
			eventName: booking.eventName,
			eventUri: booking.eventUri,
			eventTypeUri: booking.eventTypeUri,
			startTime: booking.startTime,
			endTime: booking.endTime,
			location: booking.location.text,
			joinUrl: booking.location.joinUrl,
			hostName: booking.hostName,
			hostEmail: booking.hostEmail,
			guestOf: booking.guestOf && `${booking.guestOf.name} <${booking.guestOf.email}>`,
			questions: booking.questions.map(({ question, answer, position }) => ({
				question,
				answer,
				position,
			})),
			tracking: {
				utmSource: booking.tracking.utmSource,
				utmMedium: booking.tracking.utmMedium,
				utmCampaign: booking.tracking.utmCampaign,
				utmContent: booking.tracking.utmContent,
				utmTerm: booking.tracking.utmTerm,
			},
			cancelUrl: booking.cancelUrl,
			rescheduleUrl: booking.rescheduleUrl,
		},
		...(booking.event === 'routing_form_submission.created' ? { lead: true as const } : {}),
	};
}

/** Orders two values by a key, then by their JSON text, so ties never depend on arrival order. */
function later<T>(a: T, b: T, keyA: string, keyB: string): T {
	if (keyA !== keyB) return keyA > keyB ? a : b;
	return JSON.stringify(a) >= JSON.stringify(b) ? a : b;
}

export function joinBookings(a: BookingRecord, b: BookingRecord): BookingRecord {
	const snapshot = later(a.snapshot, b.snapshot, a.snapshotKey, b.snapshotKey);
	const cancellation =
		a.cancellation && b.cancellation
			? later(a.cancellation, b.cancellation, a.cancellation.at ?? '', b.cancellation.at ?? '')
			: (a.cancellation ?? b.cancellation);
	return {
		uri: a.uri,
		bookedAt: minText(a.bookedAt, b.bookedAt),
		status: a.status === 'canceled' || b.status === 'canceled' ? 'canceled' : 'active',
		rescheduled: a.rescheduled || b.rescheduled,
		newInvitee: maxText(a.newInvitee, b.newInvitee),
		oldInvitee: maxText(a.oldInvitee, b.oldInvitee),
		cancellation,
		noShowMarkedAt: maxText(a.noShowMarkedAt, b.noShowMarkedAt),
		noShowClearedAt: maxText(a.noShowClearedAt, b.noShowClearedAt),
		snapshotKey: a.snapshotKey >= b.snapshotKey ? a.snapshotKey : b.snapshotKey,
		snapshot,
		...(a.lead || b.lead ? { lead: true as const } : {}),
	};
}

/** Bookings in the order they were made (ties by URI): which one a card shows, which answer wins. */
export const byBookedThenUri = (a: BookingRecord, b: BookingRecord) =>
	a.bookedAt < b.bookedAt
		? -1
		: a.bookedAt > b.bookedAt
			? 1
			: a.uri < b.uri
				? -1
				: a.uri > b.uri
					? 1
					: 0;

export const isNoShow = (record: BookingRecord): boolean =>
	record.noShowMarkedAt !== null &&
	(record.noShowClearedAt === null || record.noShowMarkedAt > record.noShowClearedAt);

/** The URIs a delivery is linked to through a reschedule (itself included). */
export function linkedUris(record: BookingRecord): string[] {
	return [record.uri, record.oldInvitee, record.newInvitee].filter(
		(uri): uri is string => uri !== null,
	);
}
