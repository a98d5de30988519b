#!/usr/bin/env node
// n8n's community-package scan (@n8n/scan-community-package), offline. Its CLI only scans a
// published version (registry metadata, npm provenance, the attested GitHub source), so this runs
// its two legs locally with its own ESLint config (buildScanConfig, inline disables ignored as
// there): the sources it would fetch (package.json, nodes/, credentials/) and the `npm pack`
// tarball (compiled .js and the published package.json). Findings under a rule listed in ACCEPTED
// are expected (README.md, "n8n's package scan", says why); any other finding fails. Needs dist/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SOURCE_FILE_PATTERNS, buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';

// The ESLint and fast-glob the scanner itself uses.
const scannerRequire = createRequire(createRequire(import.meta.url).resolve('@n8n/scan-community-package/scanner/scanner.mjs'));
const { ESLint } = scannerRequire('eslint');
const glob = scannerRequire('fast-glob');

const ACCEPTED = {
	'@n8n/community-nodes/no-runtime-dependencies': 'by design: the MCP SDK, axios, ajv, ioredis, libphonenumber-js are what the nodes are made of',
	'@n8n/community-nodes/no-restricted-imports': 'by design: those dependencies, and Node built-ins for stdio MCP servers, files and HTTP',
	'@n8n/community-nodes/no-restricted-globals': 'by design: process (stdio servers, process groups, shutdown) and timers (pool expiry, rate limits, timeouts)',
	'@n8n/community-nodes/valid-author': "open until published: author name and email are the publisher's to set",
	'n8n-nodes-base/community-package-json-author-missing': 'open until published: same as valid-author',
	'@n8n/community-nodes/require-homepage': 'open until published: the homepage is the published repository',
};
// Test files sit beside their modules under nodes/, so the node-description rules and the secret
// check also read their made-up data.
const ACCEPTED_IN_TESTS = /^(n8n-nodes-base\/node-param-|@n8n\/community-nodes\/no-hardcoded-secrets$)/;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!fs.existsSync(path.join(projectRoot, 'dist'))) {
	console.error('dist/ is missing: run `npm run build` first');
	process.exit(1);
}

async function lint(dir, patterns) {
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	return (await eslint.lintFiles(files)).flatMap((result) => result.messages.map((message) => ({ file: path.relative(dir, result.filePath), ...message })));
}

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-package-'));
let unexpected = 0;
try {
	const packOutput = execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], {
		cwd: projectRoot,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const packed = JSON.parse(packOutput)[0];
	execFileSync('tar', ['xzf', path.join(workDir, packed.filename), '-C', workDir]);
	const legs = [
		['sources', await lint(projectRoot, SOURCE_FILE_PATTERNS)],
		[packed.filename, await lint(path.join(workDir, 'package'), ['**/*.js', 'package.json'])],
	];
	for (const [leg, findings] of legs) {
		const accepted = new Map();
		for (const finding of findings) {
			const reason = ACCEPTED[finding.ruleId] ?? (/\.test\.ts$/.test(finding.file) && ACCEPTED_IN_TESTS.test(finding.ruleId ?? '') ? 'test data' : undefined);
			if (reason) {
				accepted.set(finding.ruleId, (accepted.get(finding.ruleId) ?? 0) + 1);
			} else if (finding.severity === 2 || finding.fatal) {
				unexpected++;
				console.log(`  ${leg}: ${finding.file}:${finding.line}:${finding.column} ${finding.message} (${finding.ruleId ?? 'parse error'})`);
			}
		}
		console.log(`${leg}: ${findings.length} finding(s), accepted:`);
		for (const [rule, count] of accepted) console.log(`  ${count} × ${rule}: ${ACCEPTED[rule] ?? 'test data'}`);
	}
} finally {
	fs.rmSync(workDir, { recursive: true, force: true });
}
if (unexpected > 0) {
	console.error(`${unexpected} finding(s) not accepted: fix them, or add the rule to ACCEPTED with the reason (and to README.md)`);
	process.exit(1);
}
