// The suite's groups of scenarios (run.mjs --only=<groups>). `queue` runs n8n in queue mode, the others
// share one regular-mode n8n. `compat` is not run by default: it repeats a few checks for other n8n
// versions (run.mjs --n8n=<version> --only=compat).
export const DEFAULT_GROUPS = [
	'subscriptions',
	'cards',
	'handEdits',
	'contacts',
	'actions',
	'examples',
	'health',
	'reconcile',
	'browser',
	'leads',
	'removal',
	'burst',
	'queue',
];
export const GROUPS = [...DEFAULT_GROUPS, 'compat'];
