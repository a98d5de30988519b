// `npm run demo`: the whole thing on one machine, no Meta account, no internet; an LLM key only for the AI assistant.
// Starts the demo shop's MCP server, one sandbox WhatsApp business number per sample workflow
// (a Meta app has one webhook URL, so each workflow gets its own number, as a business would),
// and a real n8n with this package installed as the Community Nodes screen installs it; then
// imports the credentials and the three workflows, activates them and prints where to chat.
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';

import { startSandbox } from '../sandbox';
import type { Sandbox } from '../sandbox/Sandbox';
import { startN8n, type N8nInstance, type N8nWorkflow } from '../n8n-harness/n8nInstance';
import { startDemoServer, type RunningDemoServer } from './server/startDemoServer';
import { demoBusinesses, demoModelFromEnv, prepareDemoWorkflows, sampleWorkflowFiles } from './demoSetup';
import { errorMessage } from '../nodes/shared/caughtError';

const projectRoot = path.resolve(__dirname, '..');
const dataDir = path.join(projectRoot, '.cache', 'demo');
// Another folder of workflows can be demoed the same way (each needs a WhatsApp Trigger).
const workflowsDir = path.resolve(process.env.DEMO_WORKFLOWS_DIR ?? path.join(projectRoot, 'workflows'));
const basePort = Number(process.env.DEMO_PORT ?? 3900);
const n8nPort = Number(process.env.N8N_DEMO_PORT ?? 5678);

function say(line: string) {
	process.stdout.write(`${line}\n`);
}

async function main() {
	const started = Date.now();
	say('WhatsApp + MCP demo: sandbox phone pages, demo shop MCP server and n8n with the sample workflows.');
	say('Step 1/5: n8n runtime (the first run installs n8n 2.40.7 and Node 24: several minutes)');
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- ensureRuntime.js is plain CommonJS that npm test also runs with node
	await (require('../n8n-harness/ensureRuntime.js') as { ensureRuntime(): Promise<unknown> }).ensureRuntime();

	say('Step 2/5: building the package (tsc)');
	const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: projectRoot, stdio: 'inherit' });
	if (build.status !== 0) throw new Error('npm run build failed');

	const stoppers: Array<() => Promise<void>> = [];
	const stopAll = async () => {
		for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
	};
	process.on('SIGINT', () => {
		say('\nStopping everything the demo started…');
		void stopAll().then(() => process.exit(0));
	});
	process.on('SIGTERM', () => void stopAll().then(() => process.exit(0)));

	try {
		say('Step 3/5: demo shop MCP server (SQLite, Streamable HTTP on 127.0.0.1)');
		fs.mkdirSync(dataDir, { recursive: true });
		const shop: RunningDemoServer = await startDemoServer({
			transport: 'http',
			port: basePort + 10,
			dbPath: path.join(dataDir, 'demo-shop.sqlite'),
			log: () => undefined,
		});
		stoppers.push(() => shop.close());

		say('Step 4/5: one sandbox WhatsApp number per workflow');
		const model = demoModelFromEnv(process.env);
		const workflowFiles = sampleWorkflowFiles(workflowsDir, model);
		if (!model) say('  (AI assistant left out: set OPENAI_API_KEY, and OPENAI_BASE_URL for a local Ollama or another OpenAI-compatible server, to add it)');
		const businesses = demoBusinesses(workflowsDir, workflowFiles);
		const sandboxes: Sandbox[] = [];
		for (const [index, business] of businesses.entries()) {
			const sandbox = await startSandbox({
				port: basePort + index,
				verifiedName: business.displayName,
				displayPhoneNumber: business.displayPhoneNumber,
				phoneNumberId: business.phoneNumberId,
			});
			sandboxes.push(sandbox);
			stoppers.push(() => sandbox.stop());
		}

		say('Step 5/5: n8n with the package, credentials and workflows (about a minute)');
		const { workflows, credentials } = prepareDemoWorkflows({
			workflowsDir,
			workflowFiles,
			businesses,
			sandboxes,
			mcpUrl: shop.url!,
			model,
		});
		const n8n: N8nInstance = await startN8n({
			port: n8nPort,
			userFolder: path.join(dataDir, 'n8n'),
			workflows: workflows as N8nWorkflow[],
			credentials,
			onProgress: (line) => say(`  … ${line}`),
		});
		stoppers.push(() => n8n.stop());

		for (const [index, sandbox] of sandboxes.entries()) {
			const webhookUrl = n8n.webhookUrl(`${businesses[index].webhookId}/webhook`);
			await n8n.waitForWebhook(`${businesses[index].webhookId}/webhook`, 'GET').catch(() => undefined);
			await sandbox.setCallback(webhookUrl, sandbox.credentials.verifyToken);
		}

		const seconds = Math.round((Date.now() - started) / 1000);
		say(`\nReady in ${seconds}s. Open a phone page and chat as a customer:`);
		for (const [index, sandbox] of sandboxes.entries()) {
			say(`  ${businesses[index].displayName.padEnd(28)} ${sandbox.pageUrl}   try: ${businesses[index].tryThis}`);
		}
		say(`\n  n8n editor: ${n8n.baseUrl}  (owner@example.com / Owner-passw0rd!)`);
		say(`  demo shop MCP server: ${shop.url}`);
		say('  Seeded customer with orders: +1 555 123 0001 (Maria Garcia, e.g. ORD-10042); any other number is a new customer.');
		say('\nCtrl-C stops everything.');
	} catch (error) {
		await stopAll();
		throw error;
	}
}

main().catch((error) => {
	process.stderr.write(`\nThe demo could not start: ${errorMessage(error)}\n`);
	process.exit(1);
});
