// The environment handed to every program the e2e suite, the sandbox and the benchmarks start (the n8n
// installer, n8n itself). It is built from an allowlist, not from process.env minus a few names, because a
// caller's settings leak in through the environment: npm passes the project's .npmrc (ignore-scripts=true)
// to every script as npm_config_*, which once turned the installer's native build into a silent no-op, and
// a developer's shell or an n8n Docker image may carry N8N_*, DB_*, QUEUE_* or NODE_OPTIONS meant for
// another n8n. Whatever a child needs beyond this list is passed to it explicitly.
const PASSED_THROUGH = [
	'PATH',
	'HOME',
	'USER',
	'LOGNAME',
	'SHELL',
	'TMPDIR',
	'LANG',
	'LC_ALL',
	'TZ',
	'TERM',
	'NODE_EXTRA_CA_CERTS',
	'CI',
];

/** The caller's environment reduced to PASSED_THROUGH, plus `extra`. */
export function childEnvironment(extra = {}) {
	const env = {};
	for (const name of PASSED_THROUGH)
		if (process.env[name] !== undefined) env[name] = process.env[name];
	// The installer's own inputs (see install-n8n.sh).
	for (const [name, value] of Object.entries(process.env))
		if (name.startsWith('CALENDLY_CARDS_')) env[name] = value;
	return { ...env, ...extra };
}
