// End-to-end latency of the sample workflows: a customer's message leaves the sandbox phone, n8n
// runs the workflow (trigger → MCP → reply) and the first reply reaches the sandbox. Measured at
// 1, 10 and 50 concurrent customers, against the floor of the same n8n in the same run: a bare
// Webhook → Respond to Webhook workflow driven with the same concurrency.
//   npx tsx bench/e2e-workflows.ts [--samples 20]
import * as path from 'path';

import { startSandbox } from '../sandbox';
import type { Sandbox } from '../sandbox/Sandbox';
import { startDemoServer } from '../demo/server/startDemoServer';
import { demoBusinesses, prepareDemoWorkflows, sampleWorkflowFiles } from '../demo/demoSetup';
import { startN8n, type N8nWorkflow } from '../n8n-harness/n8nInstance';
import { chain, webhookNode } from '../n8n-harness/workflowNodes';
import { ms, percentile, printTable, ratio, timeConcurrently } from './lib/measure';

const projectRoot = path.resolve(__dirname, '..');
const workflowsDir = path.join(projectRoot, 'workflows');
const samplesArg = process.argv.indexOf('--samples');
const samplesPerLevel = samplesArg > 0 ? Number(process.argv[samplesArg + 1]) : 50;
const levels = [1, 10, 50];

/** The first thing a customer writes in each flow (what the demo suggests). */
const OPENERS: Record<string, string> = {
	'customer-support.json': 'hi',
	'sales-assistant.json': 'lamp',
	'order-tracking.json': 'where is ORD-10042?',
};

const floorWorkflow: N8nWorkflow = {
	id: 'benchFloor000001',
	name: 'Floor: webhook → respond',
	nodes: [
		webhookNode({ path: 'bench-floor', responseMode: 'responseNode' }),
		{
			id: 'f2',
			name: 'Respond to Webhook',
			type: 'n8n-nodes-base.respondToWebhook',
			typeVersion: 1.1,
			position: [200, 0],
			parameters: { respondWith: 'json', responseBody: '={{ { "ok": true } }}', options: {} },
		},
	],
	connections: chain('Webhook', 'Respond to Webhook'),
};

async function main() {
	const workflowFiles = sampleWorkflowFiles(workflowsDir);
	const shop = await startDemoServer({ transport: 'http', port: 0, log: () => undefined });
	const businesses = demoBusinesses(workflowsDir, workflowFiles);
	const sandboxes: Sandbox[] = [];
	for (const business of businesses) {
		sandboxes.push(
			await startSandbox({
				port: 0,
				verifiedName: business.displayName,
				phoneNumberId: business.phoneNumberId,
				throughputPerSecond: 1000,
				statusDelaysMs: [60_000, 60_000, 60_000], // statuses would add executions that are not the reply path
			}),
		);
	}
	const { workflows, credentials } = prepareDemoWorkflows({ workflowsDir, workflowFiles, businesses, sandboxes, mcpUrl: shop.url! });
	const n8n = await startN8n({ workflows: [...(workflows as N8nWorkflow[]), floorWorkflow], credentials });
	try {
		for (const [index, sandbox] of sandboxes.entries()) {
			await n8n.waitForWebhook(`${businesses[index].webhookId}/webhook`, 'GET');
			await sandbox.setCallback(n8n.webhookUrl(`${businesses[index].webhookId}/webhook`), sandbox.credentials.verifyToken);
		}
		await n8n.waitForWebhook('bench-floor');

		const floorCall = async () => {
			const response = await fetch(n8n.webhookUrl('bench-floor'), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ hello: 'floor' }),
			});
			if (response.status !== 200) throw new Error(`floor webhook answered ${response.status}`);
			await response.text();
		};
		let customerSerial = 0;
		const rows: Array<Array<string | number>> = [];
		for (const level of levels) {
			await timeConcurrently(level, level, floorCall); // warm-up
			const floor = await timeConcurrently(samplesPerLevel, level, floorCall);
			for (const [index, sandbox] of sandboxes.entries()) {
				const opener = OPENERS[workflowFiles[index]] ?? 'hi';
				let unanswered = 0;
				const conversation = async () => {
					const waId = `1555${String(7_000_000 + customerSerial++).padStart(7, '0')}`;
					const { delivery } = await sandbox.customerSendsText(waId, opener, { name: 'Bench Customer' });
					await delivery;
					// Counted, not thrown: a reply that never comes is a finding to report, not a crash.
					await sandbox.waitForMessagesTo(waId, 1, 180_000).catch(() => unanswered++);
				};
				await timeConcurrently(level, level, conversation); // warm-up: pooled MCP connections, JIT
				unanswered = 0;
				const ours = await timeConcurrently(samplesPerLevel, level, conversation);
				rows.push([
					workflowFiles[index].replace('.json', ''),
					level,
					ms(percentile(ours, 50)),
					ms(percentile(ours, 95)),
					ms(percentile(floor, 50)),
					ms(percentile(floor, 95)),
					ratio(percentile(ours, 50), percentile(floor, 50)),
					unanswered,
				]);
			}
		}
		console.log(`\nEnd-to-end: customer message → first reply at the sandbox (${samplesPerLevel} conversations per cell)\n`);
		printTable(['workflow', 'concurrent customers', 'p50', 'p95', 'floor p50', 'floor p95', 'p50 / floor p50', 'unanswered'], rows);
		const failed = [];
		for (const business of businesses) {
			for (const execution of await n8n.executions(business.workflowId))
				if (execution.status === 'error' || execution.status === 'crashed') failed.push(execution);
		}
		console.log(
			`\nExecutions that failed: ${failed.length}${
				failed.length
					? ` (e.g. ${failed
							.slice(0, 3)
							.map((execution) => execution.id)
							.join(', ')})`
					: ''
			}`,
		);
	} finally {
		await n8n.stop();
		for (const sandbox of sandboxes) await sandbox.stop();
		await shop.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
