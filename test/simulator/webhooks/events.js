// @ts-check
// The webhook event catalogue: which subscription scopes each event allows, which read
// scope a token needs to subscribe to it, and which events need a plan with the feature (see plans.js;
// contact.* work on every plan since 2026-11-19).
'use strict';

const ALL_SCOPES = ['organization', 'user', 'group'];

/** @type {Record<string, { readScope: string, scopes: string[], paidFeature: boolean }>} */
const WEBHOOK_EVENTS = {
	'invitee.created': { readScope: 'scheduled_events:read', scopes: ALL_SCOPES, paidFeature: false },
	'invitee.canceled': {
		readScope: 'scheduled_events:read',
		scopes: ALL_SCOPES,
		paidFeature: false,
	},
	'invitee_no_show.created': {
		readScope: 'scheduled_events:read',
		scopes: ALL_SCOPES,
		paidFeature: false,
	},
	'invitee_no_show.deleted': {
		readScope: 'scheduled_events:read',
		scopes: ALL_SCOPES,
		paidFeature: false,
	},
	'event_type.created': { readScope: 'event_types:read', scopes: ALL_SCOPES, paidFeature: false },
	'event_type.updated': { readScope: 'event_types:read', scopes: ALL_SCOPES, paidFeature: false },
	'event_type.deleted': { readScope: 'event_types:read', scopes: ALL_SCOPES, paidFeature: false },
	'routing_form_submission.created': {
		readScope: 'routing_forms:read',
		scopes: ['organization'],
		paidFeature: true,
	},
	'meeting_recap.created': {
		readScope: 'meeting_recaps:read',
		scopes: ['user'],
		paidFeature: true,
	},
	'meeting_recap.updated': {
		readScope: 'meeting_recaps:read',
		scopes: ['user'],
		paidFeature: true,
	},
	'meeting_recap.deleted': {
		readScope: 'meeting_recaps:read',
		scopes: ['user'],
		paidFeature: true,
	},
	'contact.created': { readScope: 'contacts:read', scopes: ALL_SCOPES, paidFeature: false },
	'contact.updated': { readScope: 'contacts:read', scopes: ALL_SCOPES, paidFeature: false },
	'contact.deleted': { readScope: 'contacts:read', scopes: ALL_SCOPES, paidFeature: false },
};

module.exports = { WEBHOOK_EVENTS };
