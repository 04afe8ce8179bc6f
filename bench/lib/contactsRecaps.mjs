// Calendly contact and meeting recap deliveries for the benchmarks, in the envelopes Calendly sends
// (the shapes of test/card/deliveries.ts: contactDelivery, contactDeleted, recapDelivery,
// recapDeleted), filled the way a real sales contact and a real Notetaker recap are: company, job
// title, phone, location and five custom fields; a summary of about 800 characters, action items of
// about 300, a discussion (which the card does not keep) and a share link.

const API = 'https://api.calendly.com';
export const contactUri = (uuid) => `${API}/contacts/${uuid}`;
export const recapUri = (uuid) => `${API}/meeting_recaps/${uuid}`;

/** Five custom fields of about 30 characters each. */
const CUSTOM_FIELDS = [
	{ label: 'Lead source', value: 'Webinar: scaling support teams' },
	{ label: 'Plan of interest', value: 'Business plan, annual, 40 seats' },
	{ label: 'Current tool', value: 'Shared inbox and spreadsheets' },
	{ label: 'Decision timeline', value: 'Before the end of next quarter' },
	{ label: 'Account owner', value: 'Morgan Host (EMEA mid-market)' },
];

/**
 * contact.created or contact.updated ({user_uuid, contact}: the REST contact minus app_url). `jobTitle`
 * lets an update change something.
 */
export function contactDelivery(
	event,
	{ uuid, email, name, createdAt, updatedAt, jobTitle = 'Head of Customer Operations' },
) {
	return {
		event,
		created_at: updatedAt,
		created_by: `${API}/users/HOST`,
		payload: {
			user_uuid: 'HOST',
			contact: {
				uri: contactUri(uuid),
				creation_source: 'booking',
				name,
				emails: [{ email, is_primary: true }],
				phone_numbers: [{ phone_number: '+1 555-0100', is_primary: true }],
				company: 'Northwind Logistics Inc.',
				job_title: jobTitle,
				linkedin: null,
				city: 'Brooklyn',
				state: 'NY',
				country: 'US',
				timezone: 'America/New_York',
				custom_fields: CUSTOM_FIELDS.map((field, i) => ({
					uri: `${API}/contact_custom_fields/F${i}`,
					...field,
				})),
				created_at: createdAt,
				updated_at: updatedAt,
				next_meeting_date: null,
				last_meeting_date: null,
				last_interaction_date: null,
			},
		},
	};
}

export const contactDeleted = (uuid, at) => ({
	event: 'contact.deleted',
	created_at: at,
	created_by: `${API}/users/HOST`,
	payload: { user_uuid: 'HOST', contact: { uri: contactUri(uuid), deleted_at: at } },
});

/** About 800 characters of Markdown; `n` makes each recap's text its own. */
const summary = (n) =>
	`Jordan leads customer operations at Northwind (meeting ${n}) and is evaluating a move of their ` +
	'40-person support team off shared inboxes and spreadsheets before the next quarter starts. The ' +
	'main pain points are lost follow-ups between shifts, no shared view of open conversations, and ' +
	'reporting that takes a full day each week to assemble by hand.\n\n' +
	'- **Goals:** one queue for email and chat, SLA tracking per customer tier, and weekly reports ' +
	'without manual work.\n' +
	'- **Concerns:** the migration of three years of history, single sign-on with their identity ' +
	'provider, and training time for agents during the busy season.\n' +
	'- **Budget:** approved for the Business plan on an annual contract; procurement needs a security ' +
	'questionnaire and a DPA.\n\n' +
	'Overall a strong fit; the decision sits with Jordan and their CFO.';

/** About 300 characters of Markdown. */
const actionItems = (n) =>
	`- **Morgan:** send the pricing sheet for 40 seats and the annual discount (meeting ${n})\n` +
	'- **Morgan:** share the migration guide and the SSO setup notes\n' +
	'- **Jordan:** forward the security questionnaire from procurement\n' +
	'- **Both:** book a technical deep dive with their IT lead and security team next week';

/** The discussion, which the card leaves in the node's output. */
const discussion = (n) =>
	`## Current setup (meeting ${n})\n` +
	'Northwind answers about 1,800 conversations a week across email and chat. Agents work from two ' +
	'shared inboxes and a spreadsheet of escalations; team leads copy numbers into a weekly report.\n\n' +
	'## Requirements\n' +
	'Jordan wants a single queue, tags per customer tier, SLA timers that pause outside business ' +
	'hours, and a dashboard the CFO can read without help. Single sign-on is a must; audit logs are a ' +
	'nice to have.\n\n' +
	'## Migration\n' +
	'Three years of history should come across, at least the last twelve months searchable on day ' +
	'one. We walked through the importer and the sandbox; Jordan asked about running both systems side ' +
	'by side for two weeks, which works with the forwarding rules.\n\n' +
	'## Commercials\n' +
	'Business plan, 40 seats, annual. Procurement needs a security questionnaire, a DPA and a named ' +
	'contact for incidents. The budget is approved; timing depends on the deep dive with IT.';

/**
 * meeting_recap.created or .updated ({created_at, event, recap}) for the meeting `event` (a scheduled
 * event's uri, name, start_time and end_time) with `attendee` as its guest. `withoutTexts` leaves the
 * texts out, as an update that only changes the rest may.
 */
export function recapDelivery(
	eventName,
	{ uuid, meeting, attendee, updatedAt, n = 1, withoutTexts = false },
) {
	const texts = withoutTexts
		? {}
		: {
				summary_md: summary(n),
				action_items_md: actionItems(n),
				discussion_md: discussion(n),
				share_link: `https://calendly.com/recaps/${uuid}`,
			};
	return {
		event: eventName,
		created_at: updatedAt,
		created_by: `${API}/users/HOST`,
		payload: {
			created_at: updatedAt,
			event: {
				uri: meeting.uri,
				name: meeting.name,
				start_time: meeting.start_time,
				end_time: meeting.end_time,
				location: { type: 'zoom' },
				attendees: [
					{ host: true, user_email: 'morgan.host@bench.test', user_name: 'Morgan Host' },
					{ host: false, user_email: attendee.email, user_name: attendee.name },
				],
			},
			recap: {
				uri: recapUri(uuid),
				app_url: `https://calendly.com/app/recaps/${uuid}`,
				status: 'Available',
				created_at: updatedAt,
				updated_at: updatedAt,
				...texts,
				transcript: `${recapUri(uuid)}/transcript`,
			},
		},
	};
}

export const recapDeleted = (uuid, at) => ({
	event: 'meeting_recap.deleted',
	created_at: at,
	created_by: `${API}/users/HOST`,
	payload: { recap: { uri: recapUri(uuid), deleted_at: at } },
});

/** Characters of text a recap brings to the card (summary and action items), and of its discussion. */
export const recapTextLengths = (n = 1) => ({
	summary: summary(n).length,
	actionItems: actionItems(n).length,
	discussion: discussion(n).length,
});
