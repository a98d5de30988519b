// The package loads in a real n8n the way users install it, and a workflow built on it runs.
import * as path from 'path';

import packageJson from '../../package.json';
import { startN8n, type N8nInstance } from '../../n8n-harness/n8nInstance';
import { chain, webhookNode } from '../../n8n-harness/workflowNodes';

const everythingServer = path.resolve(__dirname, '..', '..', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

// Webhook → MCP Client (our node, over stdio to the reference MCP server) → the webhook's answer.
const mcpEchoWorkflow = {
	id: 'foundationMcp001',
	name: 'Foundation MCP echo',
	nodes: [
		webhookNode({ path: 'foundation-mcp' }),
		{
			id: 'b2',
			name: 'MCP Client',
			type: 'n8n-nodes-whatsapp-mcp.mcpClient',
			typeVersion: 1,
			position: [200, 0],
			parameters: {
				operation: 'callTool',
				tool: { __rl: true, mode: 'name', value: 'echo' },
				argumentsInput: 'json',
				argumentsJson: '={{ JSON.stringify({ message: $json.body.word }) }}',
			},
			credentials: { mcpServerApi: { id: 'foundationMcpCr1', name: 'Everything over stdio' } },
		},
	],
	connections: chain('Webhook', 'MCP Client'),
};

const echoWorkflow = {
	id: 'foundationEcho01',
	name: 'Foundation echo',
	nodes: [
		webhookNode({ path: 'foundation-echo' }),
		{
			id: 'a2',
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: {
				assignments: { assignments: [{ id: 'x', name: 'echoed', type: 'string', value: '={{ $json.body.word }}' }] },
				options: {},
			},
		},
	],
	connections: chain('Webhook', 'Set'),
};

describe('the package inside a real n8n 2.40.7', () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = await startN8n({
			workflows: [echoWorkflow, mcpEchoWorkflow],
			credentials: [
				{
					id: 'foundationMcpCr1',
					name: 'Everything over stdio',
					type: 'mcpServerApi',
					data: { transport: 'stdio', command: 'node', args: { arg: [{ value: everythingServer }, { value: 'stdio' }] } },
				},
			],
		});
	}, 240_000);

	afterAll(async () => {
		await n8n?.stop();
	});

	it('serves an activated workflow through its production webhook', async () => {
		await n8n.waitForWebhook('foundation-echo');
		const response = await fetch(n8n.webhookUrl('foundation-echo'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ word: 'hello' }),
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ echoed: 'hello' });
	});

	it("runs a workflow through the package's MCP Client node against a real MCP server", async () => {
		await n8n.waitForWebhook('foundation-mcp');
		const response = await fetch(n8n.webhookUrl('foundation-mcp'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ word: 'hello from n8n' }),
		});
		const body = (await response.json()) as { text?: string };
		expect({ status: response.status, text: body.text }).toEqual({ status: 200, text: 'Echo: hello from n8n' });
	});

	it('knows the package credentials by their type names', async () => {
		const types = await n8n.getJson<Array<{ name: string }>>('/types/credentials.json');
		expect(types.map((type) => type.name)).toEqual(expect.arrayContaining(['whatsAppCloudApi', 'mcpServerApi']));
	});

	it('knows every node the package declares, under the package prefix', async () => {
		const declared: string[] = packageJson.n8n.nodes;
		expect(declared.length).toBeGreaterThanOrEqual(3);
		const types = await n8n.getJson<Array<{ name: string }>>('/types/nodes.json');
		const ours = types.map((type) => type.name).filter((name) => name.startsWith('n8n-nodes-whatsapp-mcp.'));
		for (const file of declared) {
			const className = file.split('/').pop()!.replace('.node.js', '');
			const typeName = className.charAt(0).toLowerCase() + className.slice(1);
			expect(ours).toContain(`n8n-nodes-whatsapp-mcp.${typeName}`);
		}
	});
});
