#!/usr/bin/env node
// `npm test`: lint, typecheck, build, then every test layer in order, stopping at the first failure.
// The engine layer first makes sure the pinned n8n runtime is installed (minutes on first use),
// and the browser tests need Debian's Chromium, the queue-mode tests Debian's Redis and Postgres
// (installed with apt-get when missing and root).
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-report-'));
const totals = { passed: 0, failed: 0, skipped: 0 };

function jestStep(title, projects, extra = []) {
	const report = path.join(reportDir, `${projects.join('-')}.json`);
	return [title, 'npx', ['jest', '--selectProjects', ...projects, '--ci', '--json', `--outputFile=${report}`, ...extra], report];
}

const steps = [
	['lint (eslint, prettier --check)', 'npm', ['run', 'lint']],
	['typecheck', 'npm', ['run', 'typecheck']],
	['build', 'npm', ['run', 'build']],
	["n8n's community-package scan of the packed package", 'node', ['scripts/scan-package.mjs']],
	['chromium for browser tests', 'bash', ['scripts/ensure-chromium.sh']],
	['redis and postgres for queue-mode tests', 'bash', ['scripts/ensure-queue-services.sh']],
	jestStep('unit and integration tests', ['unit', 'integration']),
	['n8n runtime', 'node', ['n8n-harness/ensureRuntime.js']],
	jestStep('real-engine tests', ['engine'], ['--runInBand']),
];

for (const [title, command, args, report] of steps) {
	console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
	const started = Date.now();
	const result = spawnSync(command, args, { stdio: 'inherit' });
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	if (report && fs.existsSync(report)) {
		const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
		totals.passed += summary.numPassedTests;
		totals.failed += summary.numFailedTests;
		totals.skipped += summary.numPendingTests + summary.numTodoTests;
	}
	if (result.status !== 0) {
		console.error(`\n=== ${title} failed after ${seconds}s (exit ${result.status ?? result.signal})`);
		console.log(`tests: ${totals.passed} passed, ${Math.max(totals.failed, 1)} failed, ${totals.skipped} skipped`);
		process.exit(result.status || 1);
	}
	console.log(`=== ${title} passed in ${seconds}s`);
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
