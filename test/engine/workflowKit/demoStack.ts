// The sample workflows running as `npm run demo` runs them (demo/run.ts): the demo shop's MCP
// server over Streamable HTTP, one sandbox WhatsApp number per workflow, and one real n8n with the
// package installed, the credentials created and the three workflows published. The wiring
// (credentials, ids) is demo/demoSetup.ts itself; only the ports and the shop's database differ
// (free ports, a fresh shop in memory).
import * as fs from 'fs';
import * as path from 'path';

import { startSandbox } from '../../../sandbox';
import type { Sandbox } from '../../../sandbox/Sandbox';
import { demoBusinesses, prepareDemoWorkflows, type DemoBusiness } from '../../../demo/demoSetup';
import { startDemoServer, type RunningDemoServer } from '../../../demo/server/startDemoServer';
import { startN8n, type N8nInstance, type N8nWorkflow } from '../harness/n8nInstance';

export const WORKFLOWS_DIR = path.resolve(__dirname, '..', '..', '..', 'workflows');

export const SAMPLE_FLOWS = {
	support: 'customer-support.json',
	sales: 'sales-assistant.json',
	tracking: 'order-tracking.json',
} as const;

export type FlowName = keyof typeof SAMPLE_FLOWS;

export interface DemoFlow {
	business: DemoBusiness;
	sandbox: Sandbox;
	workflowId: string;
}

export interface DemoStack {
	n8n: N8nInstance;
	shopServer: RunningDemoServer;
	flows: Record<FlowName, DemoFlow>;
	stop(): Promise<void>;
}

export async function startDemoStack(): Promise<DemoStack> {
	const stoppers: Array<() => Promise<void>> = [];
	const stop = async () => {
		for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
	};
	try {
		const shopServer = await startDemoServer({ transport: 'http', port: 0, log: () => undefined });
		stoppers.push(() => shopServer.close());

		// The files in the order demo/run.ts reads them, so each gets the demo's number and ids.
		const workflowFiles = fs
			.readdirSync(WORKFLOWS_DIR)
			.filter((file) => file.endsWith('.json'))
			.sort();
		const businesses = demoBusinesses(WORKFLOWS_DIR, workflowFiles);
		const sandboxes: Sandbox[] = [];
		for (const business of businesses) {
			const sandbox = await startSandbox({
				port: 0,
				verifiedName: business.displayName,
				displayPhoneNumber: business.displayPhoneNumber,
				phoneNumberId: business.phoneNumberId,
			});
			sandboxes.push(sandbox);
			stoppers.push(() => sandbox.stop());
		}

		const { workflows, credentials } = prepareDemoWorkflows({
			workflowsDir: WORKFLOWS_DIR,
			workflowFiles,
			businesses,
			sandboxes,
			mcpUrl: shopServer.url!,
		});
		const n8n = await startN8n({ workflows: workflows as N8nWorkflow[], credentials });
		stoppers.push(() => n8n.stop());

		// As the demo does: Meta's verify handshake against the trigger's production URL, then subscribe.
		for (const [index, sandbox] of sandboxes.entries()) {
			const webhookPath = `${businesses[index].webhookId}/webhook`;
			await n8n.waitForWebhook(webhookPath, 'GET');
			await sandbox.setCallback(n8n.webhookUrl(webhookPath), sandbox.credentials.verifyToken);
		}

		const flow = (file: string): DemoFlow => {
			const index = workflowFiles.indexOf(file);
			if (index < 0) throw new Error(`workflows/${file} is missing`);
			return { business: businesses[index], sandbox: sandboxes[index], workflowId: businesses[index].workflowId };
		};
		const flows = Object.fromEntries(Object.entries(SAMPLE_FLOWS).map(([name, file]) => [name, flow(file)])) as Record<FlowName, DemoFlow>;
		return { n8n, shopServer, flows, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
