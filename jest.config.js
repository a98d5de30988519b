// Two layers: fast unit tests of pure modules, and tests that run real servers (MCP servers from
// npm, the Cloud API sandbox, a real n8n). `npm test` runs both; see scripts/test-all.js.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];
// The pinned n8n runtime's spec; its installed copy in .cache has the same package name, which
// jest would report as a module naming collision. Nothing requires the spec.
const modulePathIgnorePatterns = ['<rootDir>/n8n-harness/runtime/'];
module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			modulePathIgnorePatterns,
			transform: { '^.+\\.ts$': tsJest },
			testMatch: [
				'<rootDir>/nodes/**/*.test.ts',
				'<rootDir>/credentials/**/*.test.ts',
				'<rootDir>/test/unit/**/*.test.ts',
				'<rootDir>/test/support/**/*.test.ts',
			],
		},
		{
			displayName: 'integration',
			testEnvironment: 'node',
			modulePathIgnorePatterns,
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
		},
		{
			displayName: 'engine',
			testEnvironment: 'node',
			modulePathIgnorePatterns,
			globalSetup: '<rootDir>/n8n-harness/jestGlobalSetup.js',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/engine/**/*.test.ts'],
		},
	],
};
