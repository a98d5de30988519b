// n8n's community-node rules (the set for packages that n8n Cloud cannot verify, because we
// ship runtime dependencies) plus eslint-plugin-n8n-nodes-base's node and credential rules.
import tsParser from '@typescript-eslint/parser';
import * as jsoncParser from 'jsonc-eslint-parser';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**'] },
	n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport,
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		rules: {
			// The SDK, axios and zod are what the nodes are made of; see README "Dependencies".
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
	},
	{
		// Tests hold made-up secrets on purpose; shipped code is still checked.
		files: ['**/*.test.ts', 'test/**/*.ts'],
		rules: { '@n8n/community-nodes/no-hardcoded-secrets': 'off' },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// This rule wants a slug of n8n's own docs site; ours point at Meta's and the MCP spec's docs.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.node.ts', 'nodes/**/*Description.ts', 'nodes/**/descriptions/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These want the literal 'main'; the newer community rule node-connection-type-literal
			// forbids it in favour of NodeConnectionTypes.Main. The community rule wins.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
];
