// What `npm run lint` checks, on every file that ships or runs: typescript-eslint's recommended
// rules, floating promises (type-aware, TypeScript only), import cycles, and on nodes/ and
// credentials/ n8n's community-node rules (the set for packages that n8n Cloud cannot verify,
// because we ship runtime dependencies) plus eslint-plugin-n8n-nodes-base's node and credential rules.
import tsParser from '@typescript-eslint/parser';
import * as jsoncParser from 'jsonc-eslint-parser';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const n8nRules = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', 'coverage/**'] },
	{
		files: ['**/*.{ts,js,mjs,cjs}'],
		extends: [tseslint.configs.recommended],
		plugins: { 'import-x': importX },
		settings: {
			'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
			'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.js', '.mjs', '.cjs'] },
			'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] })],
		},
		rules: {
			'import-x/no-cycle': ['error', { ignoreExternal: true }],
			// `_name` marks a parameter an interface requires but this implementation does not read;
			// `{ dropped, ...kept }` is how an object is copied without some of its fields.
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
		},
	},
	{
		files: ['**/*.ts'],
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		rules: { '@typescript-eslint/no-floating-promises': 'error' },
	},
	{
		// Node scripts in CommonJS (jest and gulp configs, the runtime installer, npm test).
		files: ['**/*.js'],
		ignores: ['sandbox/phone/**'],
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
	{ ...n8nRules, files: ['package.json', 'nodes/**/*.ts', 'credentials/**/*.ts'] },
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
		files: ['**/*.test.ts'],
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
);
