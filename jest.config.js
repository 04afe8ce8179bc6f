/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	// n8n-core writes its instance settings into the user folder; keep that out of $HOME.
	globalSetup: '<rootDir>/test/harness/globalSetup.js',
	setupFiles: ['<rootDir>/test/harness/env.js'],
	testTimeout: 30000,
};
