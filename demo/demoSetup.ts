// What the demo imports into n8n: the sample workflows as shipped, each bound to its own sandbox
// number's credential, and one credential for the demo shop's MCP server. The shipped files name
// their credentials only; the demo fills in the ids of the credentials it creates.
import * as fs from 'fs';
import * as path from 'path';

import type { Sandbox } from '../sandbox/Sandbox';
import type { N8nCredential } from '../n8n-harness/n8nInstance';
import { WHATSAPP_CREDENTIAL_TYPE } from '../nodes/shared/whatsapp/cloudApiCredential';

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

// Each sample keeps its number and ids whichever others are demoed (the AI assistant only with a model).
const KNOWN_FLOWS: Record<string, { serial: number; displayName: string; tryThis: string }> = {
	'customer-support.json': { serial: 1, displayName: 'Harbor Home Goods Support', tryThis: '"hi", then pick from the menu' },
	'order-tracking.json': { serial: 2, displayName: 'Harbor Home Goods Orders', tryThis: '"where is ORD-10042?"' },
	'sales-assistant.json': { serial: 3, displayName: 'Harbor Home Goods Sales', tryThis: '"lamp" or "espresso"' },
	'ai-assistant.json': { serial: 4, displayName: 'Harbor Home Goods Assistant', tryThis: '"my lamp arrived broken, what can I do?"' },
};

export const MCP_CREDENTIAL = { id: 'demoShopMcp00001', name: 'Demo shop MCP' };
export const MODEL_CREDENTIAL = { id: 'demoOpenAiApi001', name: 'OpenAI' };

/** An OpenAI-compatible chat endpoint for the workflows with an AI Agent (OpenAI, a local Ollama…). */
export interface DemoModel {
	apiKey: string;
	/** e.g. http://localhost:11434/v1 for Ollama; OpenAI's when absent. */
	baseUrl?: string;
	/** The model the Chat Model nodes use; the workflow's own when absent. */
	model?: string;
}

/** OPENAI_API_KEY (required), OPENAI_BASE_URL and OPENAI_MODEL; undefined without a key. */
export function demoModelFromEnv(env: Record<string, string | undefined>): DemoModel | undefined {
	const apiKey = env.OPENAI_API_KEY?.trim();
	if (!apiKey) return undefined;
	return { apiKey, baseUrl: env.OPENAI_BASE_URL?.trim() || undefined, model: env.OPENAI_MODEL?.trim() || undefined };
}

const needsModel = (workflow: { nodes: WorkflowNode[] }) => workflow.nodes.some((node) => node.credentials?.openAiApi);

/** The workflow files to demo, sorted: those that need a chat model only when one is given. */
export function sampleWorkflowFiles(workflowsDir: string, model?: DemoModel): string[] {
	return fs
		.readdirSync(workflowsDir)
		.filter((file) => file.endsWith('.json'))
		.filter((file) => model !== undefined || !needsModel(readWorkflow(workflowsDir, file)))
		.sort();
}

interface WorkflowNode {
	type: string;
	parameters?: Record<string, unknown>;
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
	const firstFreeSerial = Math.max(...Object.values(KNOWN_FLOWS).map((flow) => flow.serial)) + 1;
	return workflowFiles.map((file, index) => {
		const workflow = readWorkflow(workflowsDir, file);
		const trigger = workflow.nodes.find((node) => node.type.endsWith('.whatsAppTrigger'));
		if (!trigger?.webhookId) throw new Error(`${file} has no WhatsApp Trigger with a webhookId`);
		const known = KNOWN_FLOWS[file] ?? { serial: firstFreeSerial + index, displayName: workflow.name, tryThis: '"hi"' };
		const serial = String(known.serial).padStart(2, '0');
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
	/** Needed when a workflow has a chat model node (see sampleWorkflowFiles). */
	model?: DemoModel;
}) {
	const credentials: N8nCredential[] = [
		{
			...MCP_CREDENTIAL,
			type: 'mcpServerApi',
			data: { transport: 'streamableHttp', url: options.mcpUrl },
		},
	];
	const { model } = options;
	if (model) {
		credentials.push({ ...MODEL_CREDENTIAL, type: 'openAiApi', data: { apiKey: model.apiKey, url: model.baseUrl ?? 'https://api.openai.com/v1' } });
	}
	const workflows = options.workflowFiles.map((file, index) => {
		const business = options.businesses[index];
		const sandbox = options.sandboxes[index];
		const credentialName = `WhatsApp sandbox: ${business.displayName}`;
		credentials.push({
			id: business.credentialId,
			name: credentialName,
			type: WHATSAPP_CREDENTIAL_TYPE,
			data: { ...sandbox.credentials },
		});
		const workflow = readWorkflow(options.workflowsDir, file);
		for (const node of workflow.nodes) {
			if (node.credentials?.[WHATSAPP_CREDENTIAL_TYPE]) {
				node.credentials[WHATSAPP_CREDENTIAL_TYPE] = { id: business.credentialId, name: credentialName };
			}
			if (node.credentials?.mcpServerApi) node.credentials.mcpServerApi = { ...MCP_CREDENTIAL };
			if (node.credentials?.openAiApi) {
				if (!model) throw new Error(`${file} needs a chat model: set OPENAI_API_KEY (and OPENAI_BASE_URL for another OpenAI-compatible server)`);
				node.credentials.openAiApi = { ...MODEL_CREDENTIAL };
				if (model.model && node.parameters) node.parameters.model = { __rl: true, mode: 'id', value: model.model };
			}
		}
		return { ...workflow, id: business.workflowId };
	});
	return { workflows, credentials };
}
