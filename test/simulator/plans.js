// @ts-check
// The one plan policy of the simulator: an organization on the `free` plan lacks the paid features, every
// other plan has them all. Paid features: routing-form and meeting-recap webhooks (webhooks/events.js
// `paidFeature`) and the Notetaker API (/meeting_recaps). Contacts work on every plan (since 2026-11-19).
// Each API family words the refusal its own way: the recap family's messages have no final period.
'use strict';
const { permissionDenied } = require('./errors');

const UPGRADE_MESSAGES = {
	webhooks: 'Please upgrade to a paid Calendly account.',
	meeting_recaps: 'Please upgrade to a paid Calendly account',
};

/** @param {import('./store').OrgRecord} org */
function hasPaidFeatures(org) {
	return org.plan !== 'free';
}

/**
 * 403 Permission Denied with the family's upgrade message when the organization's plan lacks paid features.
 * @param {import('./store').OrgRecord} org
 * @param {keyof typeof UPGRADE_MESSAGES} family
 */
function requirePaidPlan(org, family) {
	if (!hasPaidFeatures(org)) throw permissionDenied(UPGRADE_MESSAGES[family]);
}

module.exports = { hasPaidFeatures, requirePaidPlan, UPGRADE_MESSAGES };
