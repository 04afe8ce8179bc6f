// @ts-check
// Routing forms and their submissions.
'use strict';
const { paginate, sorter } = require('../pagination');
const { permissionDenied } = require('../errors');
const { required, resolveUri, byPathId } = require('./common');

/** @param {import('../simulator').CalendlySimulator} sim @param {any} form */
function serializeRoutingForm(sim, form) {
	return {
		uri: sim.uri('routing_forms', form.id),
		organization: sim.uri('organizations', form.orgId),
		name: form.name,
		status: form.status,
		questions: form.questions,
		created_at: form.createdAt,
		updated_at: form.updatedAt,
	};
}

/** @param {import('../simulator').CalendlySimulator} sim @param {any} sub */
function serializeSubmission(sim, sub) {
	return {
		uri: sim.uri('routing_form_submissions', sub.id),
		routing_form: sim.uri('routing_forms', sub.formId),
		questions_and_answers: sub.questionsAndAnswers,
		tracking: sub.tracking,
		result: sub.result,
		submitter: sub.submitterInviteeId ? sim.inviteeUri(sub.submitterInviteeId) : null,
		submitter_type: sub.submitterInviteeId ? 'Invitee' : null,
		created_at: sub.createdAt,
		updated_at: sub.updatedAt,
	};
}

const byCreated = (/** @type {string | undefined} */ sort) =>
	sorter(sort, 'created_at:asc', { created_at: (/** @type {any} */ r) => r.seq });

/** @type {Array<{ method: string, path: string, scope: string, handler: (ctx: import('./common').Ctx) => import('./common').Reply }>} */
const routes = [
	{
		method: 'GET',
		path: '/routing_forms',
		scope: 'routing_forms:read',
		handler: (ctx) => {
			const org = resolveUri(
				ctx,
				'organization',
				required(ctx.query, 'organization'),
				'organizations',
				ctx.sim.store.orgs,
			);
			if (org.id !== ctx.user.orgId) throw permissionDenied();
			const list = [...ctx.sim.store.routingForms.values()]
				.filter((f) => f.orgId === org.id)
				.sort(byCreated(ctx.query.sort));
			return {
				status: 200,
				body: paginate(
					ctx,
					list.map((f) => serializeRoutingForm(ctx.sim, f)),
				),
			};
		},
	},
	{
		method: 'GET',
		path: '/routing_forms/:uuid',
		scope: 'routing_forms:read',
		handler: (ctx) => {
			const form = byPathId(ctx.sim.store.routingForms, ctx.params.uuid);
			if (form.orgId !== ctx.user.orgId) throw permissionDenied();
			return { status: 200, body: { resource: serializeRoutingForm(ctx.sim, form) } };
		},
	},
	{
		method: 'GET',
		path: '/routing_form_submissions',
		scope: 'routing_forms:read',
		handler: (ctx) => {
			const form = resolveUri(
				ctx,
				'form',
				required(ctx.query, 'form'),
				'routing_forms',
				ctx.sim.store.routingForms,
			);
			if (form.orgId !== ctx.user.orgId) throw permissionDenied();
			const list = [...ctx.sim.store.submissions.values()]
				.filter((s) => s.formId === form.id)
				.sort(byCreated(ctx.query.sort));
			return {
				status: 200,
				body: paginate(
					ctx,
					list.map((s) => serializeSubmission(ctx.sim, s)),
				),
			};
		},
	},
	{
		method: 'GET',
		path: '/routing_form_submissions/:uuid',
		scope: 'routing_forms:read',
		handler: (ctx) => {
			const sub = byPathId(ctx.sim.store.submissions, ctx.params.uuid);
			if (ctx.sim.store.routingForms.get(sub.formId).orgId !== ctx.user.orgId)
				throw permissionDenied();
			return { status: 200, body: { resource: serializeSubmission(ctx.sim, sub) } };
		},
	},
];

module.exports = { routes, serializeRoutingForm, serializeSubmission };
