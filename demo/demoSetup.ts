// What the demo imports into n8n: the sample workflows as shipped, each bound to its own sandbox
// number's credential, and one credential for the demo shop's MCP server. The shipped files name
// their credentials only; the demo fills in the ids of the credentials it creates.
import * as fs from 'fs';
import * as path from 'path';

import type { Sandbox } from '../sandbox/Sandbox';
import type { N8nCredential } from '../test/engine/harness/n8nInstance';

export interface DemoBusiness {
	workflowFile: string;
	workflowId: string;
	displayName: string;
	displayPhoneNumber: string;
	phoneNumberId: string;
	credentialId: string;
	webhookId: string;
	tryThis: string;
}

const KNOWN_FLOWS: Record<string, { displayName: string; tryThis: string }> = {
	'customer-support.json': { displayName: 'Harbor Home Goods Support', tryThis: '"hi", then pick from the menu' },
	'sales-assistant.json': { displayName: 'Harbor Home Goods Sales', tryThis: '"lamp" or "espresso"' },
	'order-tracking.json': { displayName: 'Harbor Home Goods Orders', tryThis: '"where is ORD-10042?"' },
};

export const MCP_CREDENTIAL = { id: 'demoShopMcp00001', name: 'Demo shop MCP' };

interface WorkflowNode {
	type: string;
	webhookId?: string;
	credentials?: Record<string, { id?: string; name: string }>;
}

function readWorkflow(workflowsDir: string, file: string) {
	return JSON.parse(fs.readFileSync(path.join(workflowsDir, file), 'utf8')) as {
		id?: string;
		name: string;
		nodes: WorkflowNode[];
		[key: string]: unknown;
	};
}

export function demoBusinesses(workflowsDir: string, workflowFiles: string[]): DemoBusiness[] {
	return workflowFiles.map((file, index) => {
		const workflow = readWorkflow(workflowsDir, file);
		const trigger = workflow.nodes.find((node) => node.type.endsWith('.whatsAppTrigger'));
		if (!trigger?.webhookId) throw new Error(`${file} has no WhatsApp Trigger with a webhookId`);
		const known = KNOWN_FLOWS[file] ?? { displayName: workflow.name, tryThis: '"hi"' };
		const serial = String(index + 1).padStart(2, '0');
		return {
			workflowFile: file,
			workflowId: (workflow.id ?? `demoWorkflow${serial}`).padEnd(16, '0').slice(0, 16),
			displayName: known.displayName,
			displayPhoneNumber: `+1 555 010 00${serial}`,
			phoneNumberId: `1065550100${serial}`,
			credentialId: `demoWhatsApp00${serial}`,
			webhookId: trigger.webhookId,
			tryThis: known.tryThis,
		};
	});
}

export function prepareDemoWorkflows(options: {
	workflowsDir: string;
	workflowFiles: string[];
	businesses: DemoBusiness[];
	sandboxes: Sandbox[];
	mcpUrl: string;
}) {
	const credentials: N8nCredential[] = [
		{
			...MCP_CREDENTIAL,
			type: 'mcpServerApi',
			data: { transport: 'streamableHttp', url: options.mcpUrl },
		},
	];
	const workflows = options.workflowFiles.map((file, index) => {
		const business = options.businesses[index];
		const sandbox = options.sandboxes[index];
		const credentialName = `WhatsApp sandbox: ${business.displayName}`;
		credentials.push({
			id: business.credentialId,
			name: credentialName,
			type: 'whatsAppCloudApi',
			data: { ...sandbox.credentials },
		});
		const workflow = readWorkflow(options.workflowsDir, file);
		for (const node of workflow.nodes) {
			if (node.credentials?.whatsAppCloudApi) {
				node.credentials.whatsAppCloudApi = { id: business.credentialId, name: credentialName };
			}
			if (node.credentials?.mcpServerApi) node.credentials.mcpServerApi = { ...MCP_CREDENTIAL };
		}
		return { ...workflow, id: business.workflowId };
	});
	return { workflows, credentials };
}
