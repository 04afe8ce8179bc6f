// The n8n versions the e2e tests run on, and everything the test library does differently between them,
// in one place. Each entry says what was seen on the versions this repository tests (1.123.81, 2.20.12,
// 2.41.1); a version in between is given the behaviour of the nearest tested one below it.

/** The full suite runs on this one (install-n8n.sh's default). */
export const SUITE_N8N = '2.41.1';
/** The `compat` group runs on these too, each after the full suite (`npm test`, test/e2e/compat.mjs). */
export const COMPAT_N8N = ['1.123.81', '2.20.12'];

const parts = (version) => version.split('.').map(Number);
/** version >= minimum, comparing major.minor(.patch) numerically. */
export function atLeast(version, minimum) {
	const [a, b] = [parts(version), parts(minimum)];
	for (let i = 0; i < b.length; i++) if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > b[i];
	return true;
}

/**
 * What the test library needs to know about one n8n version.
 * @param {string} version e.g. '2.20.12'
 */
export function n8nFeatures(version) {
	return {
		version,
		/**
		 * The owner is created at start-up from N8N_INSTANCE_OWNER_* (2.20.12, 2.41.1: n8n's instance-settings
		 * loader). 1.123.81 has no such loader: the owner is set up once through POST /rest/owner/setup (the
		 * setup screen's call), which answers 400 "Instance owner already setup" on a later start.
		 */
		ownerFromEnv: atLeast(version, '2.20'),
		/**
		 * The public API publishes with POST /workflows/{id}/publish and /unpublish (2.41.1). 1.123.81 and
		 * 2.20.12 have only /activate and /deactivate (2.41.1 keeps them as deprecated aliases).
		 */
		publishRoute: atLeast(version, '2.41')
			? { on: 'publish', off: 'unpublish' }
			: { on: 'activate', off: 'deactivate' },
		/**
		 * 2.41.1's publish returns before the webhooks exist; GET /rest/workflows/{id}/publication-status says
		 * when they do (or that activating failed). 1.123.81 and 2.20.12 have no such route: their /activate
		 * returns once the triggers are activated, and answers 400 with the reason when one fails.
		 */
		publicationStatus: atLeast(version, '2.41'),
		/**
		 * 1.123.81's and 2.20.12's public API checks a new credential's data against a schema that includes the HTTP
		 * Request domain restriction fields n8n adds to every credential: without
		 * `allowedHttpRequestDomains` its if/then rule requires `allowedDomains` ("request.body.data requires
		 * property allowedDomains"), and `allowedDomains` is allowed only with 'domains'. So the credential
		 * says 'all' and leaves `allowedDomains` out. 2.41.1 checks no such fields.
		 */
		credentialDomainFields: !atLeast(version, '2.41'),
		/**
		 * n8n's public data-table API with its columns routes (2.20.12, 2.41.1), and the dataTable* scopes for
		 * API keys. 1.123.81 has neither: creating a key with those scopes answers 400.
		 */
		dataTables: atLeast(version, '2.20'),
		/**
		 * POST /rest/workflows/{id}/run takes { triggerToStartFrom } and reads the workflow from the database
		 * (2.20.12, 2.41.1); 1.123.81 wants the workflow itself in the body as well (`workflowData`).
		 */
		manualRunTakesWorkflow: !atLeast(version, '2.0'),
	};
}
