// The sample workflows running as `npm run demo` runs them (demo/run.ts): the demo shop's MCP
// server over Streamable HTTP, one sandbox WhatsApp number per workflow, and one real n8n with the
// package installed, the credentials created and the three workflows published. The wiring
// (credentials, ids) is demo/demoSetup.ts itself; only the ports and the shop's database differ
// (free ports, a fresh shop in memory).
import * as path from 'path';

import { startSandbox } from '../../../sandbox';
import type { Sandbox } from '../../../sandbox/Sandbox';
import { demoBusinesses, prepareDemoWorkflows, sampleWorkflowFiles, type DemoBusiness, type DemoModel } from '../../../demo/demoSetup';
import { startDemoServer, type RunningDemoServer } from '../../../demo/server/startDemoServer';
import { freePort } from '../../../n8n-harness/freePort';
import { startLoadBalancer } from '../../../n8n-harness/loadBalancer';
import { startN8n, type N8nCredential, type N8nEngine, type N8nWorkflow } from '../../../n8n-harness/n8nInstance';
import { startN8nQueue } from '../../../n8n-harness/n8nQueue';

export const WORKFLOWS_DIR = path.resolve(__dirname, '..', '..', '..', 'workflows');

export const SAMPLE_FLOWS = {
	support: 'customer-support.json',
	sales: 'sales-assistant.json',
	tracking: 'order-tracking.json',
} as const;

/** The AI assistant, demoed only with a chat model. */
export const ASSISTANT_FLOW = 'ai-assistant.json';

export type FlowName = keyof typeof SAMPLE_FLOWS;

export interface DemoFlow {
	business: DemoBusiness;
	sandbox: Sandbox;
	workflowId: string;
}

export interface DemoStack {
	n8n: N8nEngine;
	shopServer: RunningDemoServer;
	flows: Record<FlowName, DemoFlow>;
	/** The AI assistant, when a model was given. */
	assistant?: DemoFlow;
	stop(): Promise<void>;
}

const REDIS_CREDENTIAL = { id: 'demoRedisCred001', name: 'Redis (queue mode)' };

/**
 * What README's queue-mode section tells users to change in the sample workflows: the triggers'
 * duplicate memory and the replies' send rate shared through n8n's Redis credential.
 */
function sharedThroughRedis(workflows: N8nWorkflow[]): N8nWorkflow[] {
	for (const workflow of workflows) {
		for (const node of workflow.nodes as Array<{ type: string; parameters: Record<string, unknown>; credentials?: Record<string, unknown> }>) {
			if (node.type.endsWith('.whatsAppTrigger')) node.parameters.duplicateMemory = 'redis';
			else if (node.type.endsWith('.whatsAppReply') && (node.parameters.resource ?? 'message') === 'message') node.parameters.rateLimitStore = 'redis';
			else continue;
			node.credentials = { ...node.credentials, redis: { ...REDIS_CREDENTIAL } };
		}
	}
	return workflows;
}

/** One n8n process (default), or queue mode: main, two webhook processes behind a load balancer, two workers. */
export async function startDemoStack(options: { queueMode?: boolean; model?: DemoModel } = {}): Promise<DemoStack> {
	const stoppers: Array<() => Promise<void>> = [];
	const stop = async () => {
		for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
	};
	try {
		const shopServer = await startDemoServer({ transport: 'http', port: 0, log: () => undefined });
		stoppers.push(() => shopServer.close());

		// The files in the order demo/run.ts reads them, so each gets the demo's number and ids.
		const workflowFiles = sampleWorkflowFiles(WORKFLOWS_DIR, options.model);
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
			model: options.model,
		});
		let n8n: N8nEngine;
		let callbackBase: string;
		if (options.queueMode) {
			const redisPort = await freePort();
			const redisCredential: N8nCredential = { ...REDIS_CREDENTIAL, type: 'redis', data: { host: '127.0.0.1', port: redisPort, database: 0, password: '' } };
			const queue = await startN8nQueue({
				workflows: sharedThroughRedis(workflows as N8nWorkflow[]),
				credentials: [...credentials, redisCredential],
				redisPort,
			});
			stoppers.push(() => queue.stop());
			const balancer = await startLoadBalancer(queue.webhookUrls);
			stoppers.push(() => balancer.close());
			n8n = queue;
			callbackBase = `${balancer.url}/webhook/`;
		} else {
			const single = await startN8n({ workflows: workflows as N8nWorkflow[], credentials });
			stoppers.push(() => single.stop());
			n8n = single;
			callbackBase = single.webhookUrl('');
		}

		// As the demo does: Meta's verify handshake against the trigger's production URL, then subscribe.
		for (const [index, sandbox] of sandboxes.entries()) {
			const webhookPath = `${businesses[index].webhookId}/webhook`;
			await n8n.waitForWebhook(webhookPath, 'GET');
			await sandbox.setCallback(`${callbackBase}${webhookPath}`, sandbox.credentials.verifyToken);
		}

		const flow = (file: string): DemoFlow | undefined => {
			const index = workflowFiles.indexOf(file);
			if (index < 0) return undefined;
			return { business: businesses[index], sandbox: sandboxes[index], workflowId: businesses[index].workflowId };
		};
		const ruleBased = (file: string): DemoFlow => {
			const found = flow(file);
			if (!found) throw new Error(`workflows/${file} is missing`);
			return found;
		};
		const flows = Object.fromEntries(Object.entries(SAMPLE_FLOWS).map(([name, file]) => [name, ruleBased(file)])) as Record<FlowName, DemoFlow>;
		return { n8n, shopServer, flows, assistant: flow(ASSISTANT_FLOW), stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
