// What a user can set on "Calendly to Card", as the pure core sees it, and the card's columns.

export type CancelPolicy = 'nothing' | 'removeEvent' | 'archive';
export type CreateMode = 'updateByEmail' | 'newPerBooking';
/** What to do when several cards hold the contact's email (hand-made ones included). */
export type MultipleMatchPolicy = 'merge' | 'updateOldest' | 'error';
export type AssignMode = 'nobody' | 'fixed' | 'host';
export type ColumnType = 'string' | 'number' | 'boolean' | 'date';

/**
 * Card fields whose column the user may rename, or leave empty to not write, in the order a new board
 * gets them: what a person reads first (email goes second, see READING_ORDER), details after.
 */
export const CARD_FIELDS = {
	name: { column: 'name', type: 'string', label: 'Contact Name' },
	stage: { column: 'stage', type: 'string', label: 'Stage' },
	eventName: { column: 'eventName', type: 'string', label: 'Event Name' },
	eventWhen: { column: 'eventWhen', type: 'string', label: 'Event Time (Text, in Time Zone)' },
	eventStatus: { column: 'eventStatus', type: 'string', label: 'Event Status' },
	assignee: { column: 'assignee', type: 'string', label: 'Assignee' },
	guestOf: { column: 'guestOf', type: 'string', label: 'Guest Of' },
	eventTime: { column: 'eventTime', type: 'date', label: 'Event Time' },
	eventEnd: { column: 'eventEnd', type: 'date', label: 'Event End' },
	location: { column: 'location', type: 'string', label: 'Location' },
	joinUrl: { column: 'joinUrl', type: 'string', label: 'Join URL' },
	description: { column: 'description', type: 'string', label: 'Description' },
	activity: { column: 'activity', type: 'string', label: 'Activity Log' },
	recapSummary: { column: 'recapSummary', type: 'string', label: 'Meeting Recap Summary' },
	recapActionItems: {
		column: 'recapActionItems',
		type: 'string',
		label: 'Meeting Recap Action Items',
	},
	recapLink: { column: 'recapLink', type: 'string', label: 'Meeting Recap Link' },
	phone: { column: 'phone', type: 'string', label: 'Phone' },
	company: { column: 'company', type: 'string', label: 'Company' },
	jobTitle: { column: 'jobTitle', type: 'string', label: 'Job Title' },
	linkedin: { column: 'linkedin', type: 'string', label: 'LinkedIn' },
	contactLocation: { column: 'contactLocation', type: 'string', label: 'Contact Location' },
	firstName: { column: 'firstName', type: 'string', label: 'First Name' },
	lastName: { column: 'lastName', type: 'string', label: 'Last Name' },
	contactTimeZone: { column: 'contactTimeZone', type: 'string', label: 'Contact Time Zone' },
	contactType: { column: 'contactType', type: 'string', label: 'Contact Type' },
	calendar: { column: 'calendar', type: 'string', label: 'Calendar' },
	cancelUrl: { column: 'cancelUrl', type: 'string', label: 'Cancel Link' },
	rescheduleUrl: { column: 'rescheduleUrl', type: 'string', label: 'Reschedule Link' },
	utmSource: { column: 'utmSource', type: 'string', label: 'UTM Source' },
	utmMedium: { column: 'utmMedium', type: 'string', label: 'UTM Medium' },
	utmCampaign: { column: 'utmCampaign', type: 'string', label: 'UTM Campaign' },
	utmContent: { column: 'utmContent', type: 'string', label: 'UTM Content' },
	utmTerm: { column: 'utmTerm', type: 'string', label: 'UTM Term' },
	noShow: { column: 'noShow', type: 'boolean', label: 'No-Show' },
	archived: { column: 'archived', type: 'boolean', label: 'Archived' },
} as const satisfies Record<string, { column: string; type: ColumnType; label: string }>;

export type CardField = keyof typeof CARD_FIELDS;
export const CARD_FIELD_KEYS = Object.keys(CARD_FIELDS) as CardField[];

/** Columns the node needs under fixed names: the match key and its own bookkeeping. */
export const SYSTEM_CARD_COLUMNS = {
	email: 'email',
	/** What the card remembers (its bookings and activity log, JSON, see storedState.ts); every other column is derived from it. */
	state: 'calendlyState',
	/** Changes on every write; writes are conditional on it (compare-and-set). */
	revision: 'calendlyRevision',
	/**
	 * The card's other emails (its Calendly contact's, and those of bookings merged into it), as
	 * `|a@x.com|b@y.com|`, so a booking under any of them finds the card (see otherEmails).
	 */
	otherEmails: 'calendlyEmails',
} as const;

/** Columns come in this order on a new board: email second, question columns after the card fields, bookkeeping last. */
function readingRank(column: string, settings: CardSettings): number {
	if (column === settings.columns.name) return 0;
	if (column === SYSTEM_CARD_COLUMNS.email) return 1;
	const field = CARD_FIELD_KEYS.findIndex((key) => settings.columns[key] === column);
	if (field >= 0) return 2 + field;
	if (column === SYSTEM_CARD_COLUMNS.otherEmails) return 1999;
	if (column === SYSTEM_CARD_COLUMNS.state) return 2000;
	if (column === SYSTEM_CARD_COLUMNS.revision) return 2001;
	return 1000;
}

const QUESTION_COLUMN_PREFIX = 'q_';
const CUSTOM_FIELD_COLUMN_PREFIX = 'cf_';
/** Calendly contact fields and recap texts are cut to this many characters in their columns; the node's output has them whole. */
export const CELL_TEXT_MAX = 2000;

/** The automatic contact type: someone who booked, only a guest of others' bookings, or only a routing form lead. */
export const CONTACT_TYPES = { invitee: 'Invitee', guest: 'Guest', lead: 'Prospect' } as const;

/** How many entries of the activity log the Activity Log column shows (newest first); the state keeps "Activity Entries Kept". */
export const ACTIVITY_LINES_SHOWN = 10;

export interface CardSettings {
	createMode: CreateMode;
	multipleMatches: MultipleMatchPolicy;
	/** Empty: what the person is to this calendar (see CONTACT_TYPES). */
	contactType: string;
	/** IANA zone the event is shown in (eventWhen, description). */
	timeZone: string;
	/** Event type URIs to act on; empty means all. */
	eventTypes: string[];
	calendarName: string;
	/** `lead`: the stage of a card made from a routing form submission, until its contact books. */
	stages: {
		new: string;
		updated: string;
		canceled: string;
		rescheduled: string;
		noShow: string;
		lead: string;
	};
	assign: AssignMode;
	fixedAssignee: string;
	cancelPolicy: CancelPolicy;
	/** Used when the host cancels; 'same' means cancelPolicy. */
	hostCancelPolicy: CancelPolicy | 'same';
	/** Column per card field; '' means the field is not written. */
	columns: Record<CardField, string>;
	questionColumns: boolean;
	questionsInDescription: boolean;
	/** Each guest of a booking gets a card of their own, following the booking. */
	guestCards: boolean;
	/** Routing form submissions with an email become (or update) the contact's card. */
	routingFormLeads: boolean;
	/** Each Calendly contact custom field gets a column of its own ('cf_' and its label). */
	customFieldColumns: boolean;
	/** What contact.deleted does to the card: keep the contact's details (Calendly's own contacts are gone, the person is not), or clear them. */
	contactDeleted: 'keep' | 'clear';
	/** A Calendly contact without a booking gets a card (a lead card, as routing form leads do). */
	contactCards: boolean;
	/** How many bookings a card keeps at least (the most recently made); older ones are forgotten once their event is long past (see boundState). */
	bookingsKept: number;
	/** How many entries the activity log keeps (the latest). */
	activityKept: number;
}

export const DEFAULT_SETTINGS: CardSettings = {
	createMode: 'updateByEmail',
	multipleMatches: 'merge',
	contactType: '',
	timeZone: 'UTC',
	eventTypes: [],
	calendarName: '',
	stages: {
		new: 'Booked',
		updated: 'Booked',
		canceled: '',
		rescheduled: '',
		noShow: '',
		lead: 'Lead',
	},
	assign: 'nobody',
	fixedAssignee: '',
	cancelPolicy: 'removeEvent',
	hostCancelPolicy: 'same',
	columns: Object.fromEntries(
		CARD_FIELD_KEYS.map((key) => [key, CARD_FIELDS[key].column]),
	) as Record<CardField, string>,
	questionColumns: true,
	questionsInDescription: false,
	guestCards: false,
	routingFormLeads: false,
	customFieldColumns: false,
	contactDeleted: 'keep',
	contactCards: false,
	bookingsKept: 10,
	activityKept: 20,
};

const COLUMN_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const COLUMN_NAME_MAX = 63;
const RESERVED_COLUMNS = new Set(['id', 'createdat', 'updatedat', 'dryrunstate']);

function isValidColumnName(name: string): boolean {
	return (
		name.length <= COLUMN_NAME_MAX &&
		COLUMN_NAME_PATTERN.test(name) &&
		!RESERVED_COLUMNS.has(name.toLowerCase())
	);
}

/** A question's column: 'q_' plus the text with every run of other characters turned into '_'. */
export function questionColumnName(question: string): string {
	const body = question
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-zA-Z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
	return (QUESTION_COLUMN_PREFIX + (body === '' ? 'question' : body))
		.slice(0, COLUMN_NAME_MAX)
		.replace(/_+$/, '');
}

/** Column names for a contact's custom fields: 'cf_' and the label made a column name, as question columns are. */
export function customFieldColumns(labels: string[]): Map<string, string> {
	const names = questionColumns(labels.map((question) => ({ question })));
	return new Map(
		[...names].map(([label, name]) => [
			label,
			(CUSTOM_FIELD_COLUMN_PREFIX + name.slice(QUESTION_COLUMN_PREFIX.length))
				.slice(0, COLUMN_NAME_MAX)
				.replace(/_+$/, ''),
		]),
	);
}

/**
 * Column names for one booking's questions, in position order. Two questions that sanitize to
 * the same name get '_2', '_3'... suffixes so no answer is dropped.
 */
export function questionColumns(
	questions: ReadonlyArray<{ question: string }>,
): Map<string, string> {
	const byQuestion = new Map<string, string>();
	const taken = new Set<string>();
	for (const { question } of questions) {
		if (byQuestion.has(question)) continue;
		const base = questionColumnName(question);
		let name = base;
		for (let n = 2; taken.has(name); n++) {
			const suffix = `_${n}`;
			name = base.slice(0, COLUMN_NAME_MAX - suffix.length) + suffix;
		}
		taken.add(name);
		byQuestion.set(question, name);
	}
	return byQuestion;
}

/** Problems with the settings, each naming the setting and how to fix it. */
export function validateSettings(settings: CardSettings): string[] {
	const problems: string[] = [];
	const used = new Map<string, string>();
	for (const column of Object.values(SYSTEM_CARD_COLUMNS)) used.set(column.toLowerCase(), column);
	for (const key of CARD_FIELD_KEYS) {
		const column = settings.columns[key];
		if (column === '') continue;
		const label = CARD_FIELDS[key].label;
		if (!isValidColumnName(column)) {
			problems.push(
				`Column for "${label}" is '${column}': use letters, digits and underscores, starting with a letter, at most ${COLUMN_NAME_MAX} characters (not id, createdAt or updatedAt)`,
			);
			continue;
		}
		if (
			column.startsWith(QUESTION_COLUMN_PREFIX) ||
			column.startsWith(CUSTOM_FIELD_COLUMN_PREFIX)
		) {
			problems.push(
				`Column for "${label}" is '${column}': names starting with '${QUESTION_COLUMN_PREFIX}' or '${CUSTOM_FIELD_COLUMN_PREFIX}' are kept for Calendly questions and contact custom fields`,
			);
			continue;
		}
		const clash = used.get(column.toLowerCase());
		if (clash !== undefined) {
			problems.push(
				`Column for "${label}" is '${column}', which is already used for "${clash}": give each field its own column`,
			);
			continue;
		}
		used.set(column.toLowerCase(), label);
	}
	for (const [label, value] of [
		['Bookings Kept per Card', settings.bookingsKept],
		['Activity Entries Kept', settings.activityKept],
	] as const) {
		if (!Number.isInteger(value) || value < 1)
			problems.push(`"${label}" is ${value}: use a whole number of at least 1`);
	}
	if (settings.assign === 'fixed' && settings.fixedAssignee.trim() === '') {
		problems.push(
			'"Assign To" is a fixed user but "Assignee" is empty: enter the user\'s name or email',
		);
	}
	return problems;
}

/** The data-table type of each column a card row may write, in the order a new board gets them. */
export function columnTypesFor(
	settings: CardSettings,
	columns: Iterable<string>,
): Record<string, ColumnType> {
	const byColumn = new Map<string, ColumnType>();
	for (const key of CARD_FIELD_KEYS) {
		if (settings.columns[key] !== '') byColumn.set(settings.columns[key], CARD_FIELDS[key].type);
	}
	const ordered = [...new Set(columns)].sort(
		(a, b) => readingRank(a, settings) - readingRank(b, settings),
	);
	return Object.fromEntries(ordered.map((column) => [column, byColumn.get(column) ?? 'string']));
}
