#!/usr/bin/env node
// `npm test`: lint, build, then every test layer in order, stopping at the first failure.
// The engine layer first makes sure the pinned n8n runtime is installed (minutes on first use).
const { spawnSync } = require('child_process');

const steps = [
	['lint', 'npx', ['eslint', 'nodes', 'credentials', 'package.json']],
	['build', 'npm', ['run', 'build']],
	['unit and integration tests', 'npx', ['jest', '--selectProjects', 'unit', 'integration', '--ci']],
	['n8n runtime', 'node', ['test/engine/ensureRuntime.js']],
	['real-engine tests', 'npx', ['jest', '--selectProjects', 'engine', '--ci', '--runInBand']],
];

for (const [title, command, args] of steps) {
	console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
	const started = Date.now();
	const result = spawnSync(command, args, { stdio: 'inherit' });
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	if (result.status !== 0) {
		console.error(`\n=== ${title} failed after ${seconds}s (exit ${result.status ?? result.signal})`);
		process.exit(result.status || 1);
	}
	console.log(`=== ${title} passed in ${seconds}s`);
}
