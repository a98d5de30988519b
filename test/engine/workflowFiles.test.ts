// Every shipped workflow imports into a real n8n as it is, uses only node types that n8n knows
// (ours under the package's prefix) and only parameters those nodes declare, and carries no secret.
import * as fs from 'fs';
import * as path from 'path';
import { startN8n, type N8nInstance, type N8nWorkflow } from '../../n8n-harness/n8nInstance';

const workflowsDir = path.resolve(__dirname, '..', '..', 'workflows');
const files = fs.existsSync(workflowsDir)
	? fs
			.readdirSync(workflowsDir)
			.filter((file) => file.endsWith('.json'))
			.sort()
	: [];

interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id?: string; name: string }>;
}

interface NodeTypeDescription {
	name: string;
	version: number | number[];
	properties: Array<{ name: string }>;
}

interface ShippedWorkflow {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
}

const loadWorkflow = (file: string) => JSON.parse(fs.readFileSync(path.join(workflowsDir, file), 'utf8')) as ShippedWorkflow;

describe('the shipped workflows', () => {
	let n8n: N8nInstance;
	let nodeTypes: NodeTypeDescription[];

	beforeAll(async () => {
		expect(files).toEqual(['ai-assistant.json', 'customer-support.json', 'order-tracking.json', 'sales-assistant.json']);
		n8n = await startN8n({
			// Imported exactly as shipped (credentials by name only) and left inactive: the check is the import.
			workflows: files.map((file, index): N8nWorkflow => ({ ...loadWorkflow(file), id: `shippedFlow${index}`.padEnd(16, '0'), active: false })),
		});
		nodeTypes = await n8n.getJson<NodeTypeDescription[]>('/types/nodes.json');
	}, 240_000);

	afterAll(async () => {
		await n8n?.stop();
	});

	it.each(files)('%s imports into n8n with all its nodes', async (file) => {
		const index = files.indexOf(file);
		const stored = await n8n.rest<{ nodes: WorkflowNode[] }>('GET', `/workflows/${`shippedFlow${index}`.padEnd(16, '0')}`);
		expect(stored.nodes.map((node) => node.name).sort()).toEqual(
			loadWorkflow(file)
				.nodes.map((node) => node.name)
				.sort(),
		);
	});

	it.each(files)('%s uses only node types and parameters that exist', (file) => {
		for (const node of loadWorkflow(file).nodes) {
			const description = nodeTypes.find(
				(type) => type.name === node.type && (Array.isArray(type.version) ? type.version.includes(node.typeVersion) : type.version === node.typeVersion),
			);
			if (!description) throw new Error(`${file}: node "${node.name}" has unknown type ${node.type} v${node.typeVersion}`);
			const declared = new Set(description.properties.map((property) => property.name));
			const unknown = Object.keys(node.parameters ?? {}).filter((key) => !declared.has(key));
			expect({ node: node.name, unknown }).toEqual({ node: node.name, unknown: [] });
		}
	});

	it.each(files)('%s uses the package type names and names its credentials without ids or secrets', (file) => {
		const workflow = loadWorkflow(file);
		const types = workflow.nodes.map((node) => node.type);
		for (const ours of ['whatsAppTrigger', 'whatsAppReply']) {
			expect(types).toContain(`n8n-nodes-whatsapp-mcp.${ours}`);
		}
		// The shop is reached through the MCP Client (rule-based flows) or MCP Tools (the agent).
		expect(types.some((type) => type === 'n8n-nodes-whatsapp-mcp.mcpClient' || type === 'n8n-nodes-whatsapp-mcp.mcpTools')).toBe(true);
		expect(types.filter((type) => type.startsWith('CUSTOM.'))).toEqual([]);
		for (const node of workflow.nodes) {
			for (const reference of Object.values(node.credentials ?? {})) expect(Object.keys(reference)).toEqual(['name']);
		}
		const text = JSON.stringify(workflow);
		expect(text).not.toMatch(/EAA[A-Za-z0-9]{20,}|Bearer\s+[A-Za-z0-9._-]{16,}/);
	});
});
