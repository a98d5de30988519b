// Two layers: fast unit tests of pure modules, and tests that run real servers (MCP servers from
// npm, the Cloud API sandbox, a real n8n). `npm test` runs both; see scripts/test-all.js.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];
module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
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
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
		},
		{
			displayName: 'engine',
			testEnvironment: 'node',
			transform: { '^.+\\.ts$': tsJest },
			testMatch: ['<rootDir>/test/engine/**/*.test.ts'],
		},
	],
};
