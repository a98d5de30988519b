// n8n's own AI Agent answering on WhatsApp: the shipped AI assistant workflow (WhatsApp Trigger →
// AI Agent with n8n's OpenAI Chat Model, Simple Memory and our MCP Tools → WhatsApp Reply) in a real
// n8n, the chat model pointed at a scripted OpenAI-compatible server, the tools on the demo shop
// over Streamable HTTP and over stdio, customers writing through the sandbox.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../../sandbox/Sandbox';
import { demoBusinesses, prepareDemoWorkflows, type DemoModel } from '../../demo/demoSetup';
import { startDemoServer, type RunningDemoServer } from '../../demo/server/startDemoServer';
import { SHOP_TOOLS } from '../integration/demo-server-support/demoShopClient';
import { processesWithMarker } from '../integration/mcp-support/servers';
import { startScriptedModel, type ScriptHelpers, type ScriptedModel, type ScriptedTurn } from '../support/scriptedModel';
import { sleep, startN8n, waitUntil, type N8nCredential, type N8nInstance, type N8nWorkflow } from '../../n8n-harness/n8nInstance';
import { Customer, seen, type SeenMessage } from './workflowKit/conversation';
import { ASSISTANT_FLOW, WORKFLOWS_DIR } from './workflowKit/demoStack';

jest.setTimeout(600_000);

const MARIA = { waId: '15551230001', name: 'Maria Garcia' }; // owns ORD-10042 (shipped)
const JAMES = { waId: '15551230002', name: 'James Okafor' };
const ERIN = { waId: '15551230011', name: 'Erin Walsh' }; // asks to be forgotten
const OLIVER = { waId: '15551230012', name: 'Oliver Brandt' };

const REPO = path.resolve(__dirname, '..', '..');
const TSX = path.join(REPO, 'node_modules', '.bin', 'tsx');
// The stdio server's data folder doubles as a marker to find its processes in /proc.
const stdioDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-agent-stdio-shop-'));

const LONG_ANSWER = [
	'# Care guide for your Harbor lamp',
	...Array.from({ length: 14 }, (_, index) =>
		[
			`## Step ${index + 1}: **check part ${index + 1}**`,
			`Unplug the lamp first. Then look at part ${index + 1} closely: ${'it should sit firmly and show no cracks, scorch marks or loose wires. '.repeat(6)}`,
			`- **Do** use a soft cloth\n- *Never* use water on the socket\n1. Tighten gently\n2. Test with a [new bulb](https://example.com/bulbs)`,
		].join('\n\n'),
	),
].join('\n\n');

/** A tool result as the agent passes it on: n8n's engine sends the tool node's items as JSON. */
function toolAnswer(content: string): string {
	try {
		const items = JSON.parse(content) as Array<{ response?: string }>;
		return Array.isArray(items) ? items.map((item) => item.response ?? JSON.stringify(item)).join('\n') : content;
	} catch {
		return content;
	}
}

/** Set by a test: runs while the model "thinks", e.g. to let a day pass. */
let lateAnswer: (() => void) | undefined;

/** What the scripted model does, from what the customer wrote last and what the tools answered. */
function assistantScript(request: { messages: unknown[] }, h: ScriptHelpers): ScriptedTurn {
	// n8n's agent sends a picture as a user message of its own, after the one with the caption.
	const last = request.messages.at(-1) as { role: string; content?: unknown };
	const image = Array.isArray(last.content)
		? (last.content as Array<{ type: string; image_url?: { url: string } }>).find((part) => part.type === 'image_url')
		: undefined;
	if (image?.image_url) {
		const url = image.image_url.url;
		return { content: `I received ${url.slice(0, 22)}… (${url.length} characters) with: ${h.userTexts().filter(Boolean).at(-1)}` };
	}
	const text = h.lastUserText();
	const results = h.toolResultsSinceLastUser();
	const tool = (name: string) => h.toolNamed(name) ?? name;
	if (results.length > 0) {
		const answer = toolAnswer(results[results.length - 1].content);
		if (/check stock of 42/.test(text) && results.length === 1) {
			// The model gets its own mistake back and corrects it.
			return { toolCalls: [{ name: tool('check_stock'), arguments: { sku: 'KIT-ESP-01' } }] };
		}
		return { content: `From the shop: ${answer}` };
	}
	const order = /ORD-\d{5}/.exec(text)?.[0];
	if (/as maria/i.test(text)) return { toolCalls: [{ name: tool('get_order_status'), arguments: { orderNumber: 'ORD-10042', from: MARIA.waId } }] };
	if (order) return { toolCalls: [{ name: tool('get_order_status'), arguments: { orderNumber: order } }] };
	if (/check stock of 42/.test(text)) return { toolCalls: [{ name: tool('check_stock'), arguments: { sku: 42 } }] };
	if (/what did i ask/i.test(text)) return { content: `You asked: ${h.userTexts()[0]}` };
	if (/care guide/i.test(text)) return { content: LONG_ANSWER };
	if (/answer me tomorrow/i.test(text)) {
		lateAnswer?.();
		return { content: 'Here is your answer, a day late.' };
	}
	if (/delete my data/i.test(text)) return { content: 'That erases your profile, tickets and quotes; orders stay, without your name. Shall I go ahead?' };
	if (/yes, erase/i.test(text)) return { toolCalls: [{ name: tool('erase_my_data'), arguments: { confirm: true } }] };
	if (/^ping \d+$/.test(text)) return { toolCalls: [{ name: tool('check_stock'), arguments: { sku: 'KIT-ESP-01' } }] };
	return { content: `You wrote: ${text}` };
}

const textOf = (messages: SeenMessage[]) => messages.map((message) => ('text' in message ? message.text : JSON.stringify(message))).join('\n');

describe('the AI assistant workflow with n8n’s AI Agent and MCP Tools', () => {
	let n8n: N8nInstance;
	let model: ScriptedModel;
	let shop: RunningDemoServer;
	const sandboxes: Sandbox[] = [];
	const flows: Record<'http' | 'stdio', { sandbox: Sandbox; workflowId: string }> = {} as never;

	beforeAll(async () => {
		model = await startScriptedModel(assistantScript, { apiKey: 'sk-scripted-test' });
		shop = await startDemoServer({ transport: 'http', port: 0, log: () => undefined });
		const demoModel: DemoModel = { apiKey: 'sk-scripted-test', baseUrl: model.baseUrl };
		const [business] = demoBusinesses(WORKFLOWS_DIR, [ASSISTANT_FLOW]);
		// The same shipped workflow twice: its MCP Tools on Streamable HTTP, and a copy on stdio.
		const variants = [
			{ name: 'http' as const, business, phoneNumberId: business.phoneNumberId },
			{
				name: 'stdio' as const,
				business: { ...business, workflowId: 'aiAssistantStdio', webhookId: `${business.webhookId.slice(0, -4)}5d10`, credentialId: 'aiStdioWhatsApp1' },
				phoneNumberId: '106555010099',
			},
		];
		const workflows: N8nWorkflow[] = [];
		const credentials: N8nCredential[] = [];
		for (const variant of variants) {
			const sandbox = await startSandbox({ port: 0, verifiedName: `Assistant (${variant.name})`, phoneNumberId: variant.phoneNumberId });
			sandboxes.push(sandbox);
			const prepared = prepareDemoWorkflows({
				workflowsDir: WORKFLOWS_DIR,
				workflowFiles: [ASSISTANT_FLOW],
				businesses: [variant.business],
				sandboxes: [sandbox],
				mcpUrl: shop.url!,
				model: demoModel,
			});
			const workflow = prepared.workflows[0] as N8nWorkflow & {
				nodes: Array<{ type: string; webhookId?: string; credentials?: Record<string, { id?: string; name: string }> }>;
			};
			if (variant.name === 'stdio') {
				for (const node of workflow.nodes) {
					if (node.webhookId) node.webhookId = variant.business.webhookId;
					if (node.credentials?.mcpServerApi) node.credentials.mcpServerApi = { id: 'aiStdioShopMcp01', name: 'Demo shop MCP (stdio)' };
				}
				workflow.name = `${workflow.name} (stdio)`;
			}
			workflows.push(workflow);
			credentials.push(...prepared.credentials.filter((credential) => !credentials.some((known) => known.id === credential.id)));
			flows[variant.name] = { sandbox, workflowId: variant.business.workflowId };
		}
		credentials.push({
			id: 'aiStdioShopMcp01',
			name: 'Demo shop MCP (stdio)',
			type: 'mcpServerApi',
			data: {
				transport: 'stdio',
				command: TSX,
				args: {
					arg: [
						{ value: path.join(REPO, 'demo/server/main.ts') },
						{ value: '--transport' },
						{ value: 'stdio' },
						{ value: '--data-dir' },
						{ value: stdioDataDir },
					],
				},
			},
		});
		n8n = await startN8n({ workflows, credentials });
		for (const [index, variant] of variants.entries()) {
			const webhookPath = `${variant.business.webhookId}/webhook`;
			await n8n.waitForWebhook(webhookPath, 'GET');
			await sandboxes[index].setCallback(n8n.webhookUrl(webhookPath), sandboxes[index].credentials.verifyToken);
		}
	}, 300_000);

	afterAll(async () => {
		await n8n?.stop();
		for (const sandbox of sandboxes) await sandbox.stop();
		await shop?.close().catch(() => undefined);
		await model?.stop();
		fs.rmSync(stdioDataDir, { recursive: true, force: true });
	});

	const customer = (variant: 'http' | 'stdio', who: { waId: string; name: string }) =>
		new Customer(n8n, flows[variant].sandbox, flows[variant].workflowId, who.waId, who.name);

	it('offers the agent every shop tool under its own name, with its schema', async () => {
		await customer('http', MARIA).says('hello there');
		const offered = model.requests.at(-1)!.tools!.map((tool) => tool.function);
		expect(offered.map((tool) => tool.name).sort()).toEqual(SHOP_TOOLS);
		const status = offered.find((tool) => tool.name === 'get_order_status')!;
		expect(status.description).toMatch(/Status of one order/);
		expect(status.parameters).toMatchObject({ type: 'object', properties: { orderNumber: expect.anything(), eventLimit: expect.anything() } });
	});

	it.each(['http', 'stdio'] as const)('answers with the shop’s data over %s, and only the customer’s own', async (variant) => {
		const [mariaAnswer, jamesAnswer] = await Promise.all([
			customer(variant, MARIA).says('Where is ORD-10042?'),
			customer(variant, JAMES).says('Where is ORD-10042 please?'),
		]);
		expect(textOf(mariaAnswer)).toMatch(/From the shop: .*ORD-10042[\s\S]*shipped/i);
		// The same order asked by another customer: the call carried James's context, the shop refused.
		expect(textOf(jamesAnswer)).toMatch(/From the shop: Error: .*ORD-10042 was not found/);
		expect(textOf(jamesAnswer)).not.toMatch(/shipped/i);
	});

	it('serves a customer who hides their phone behind a username: her BSUID is her key, the answer goes to recipient', async () => {
		const { sandbox } = flows.http;
		const aiko = sandbox.createCustomer({ phone: '+15551230003', name: 'Aiko Tanaka', username: 'aiko.t', phoneShared: false }); // seeded: ORD-10045
		const answer = await customer('http', { waId: aiko.userId, name: 'Aiko Tanaka' }).says('Where is ORD-10045?');
		expect(textOf(answer)).toMatch(/From the shop: .*ORD-10045/);
		expect(sandbox.messagesTo(aiko.userId).every((message) => message.addressedBy === 'userId' && message.body.recipient === aiko.userId)).toBe(true);
	});

	it('keeps each customer’s conversation apart', async () => {
		const [maria, james] = await Promise.all([customer('http', MARIA).says('What did I ask before?'), customer('http', JAMES).says('what did I ask first?')]);
		expect(textOf(maria)).toBe('You asked: hello there');
		expect(textOf(james)).toBe('You asked: Where is ORD-10042 please?');
	});

	it('forgets a customer’s conversation once the agent has erased their data, and only theirs', async () => {
		const erin = customer('http', ERIN);
		const oliver = customer('http', OLIVER);
		await erin.says('My name is Erin, remember me');
		await oliver.says('I am Oliver');
		expect(textOf(await erin.says('what did I ask first?'))).toBe('You asked: My name is Erin, remember me');
		expect(textOf(await erin.says('Please delete my data'))).toMatch(/Shall I go ahead\?$/);
		// The turn's execution ends only after its memory branch ran (says() waits for it).
		expect(textOf(await erin.says('Yes, erase it'))).toMatch(/^From the shop: (\*Your data is erased\.\*|There is nothing left to erase)/);
		expect(textOf(await erin.says('what did I ask first?'))).toBe('You asked: what did I ask first?');
		expect(textOf(await oliver.says('what did I ask first?'))).toBe('You asked: I am Oliver');
	});

	it('refuses a call in which the model names another customer', async () => {
		const answer = await customer('http', JAMES).says('show me ORD-10042 as Maria');
		expect(textOf(answer)).toMatch(
			/From the shop: Error: from is not an argument of this tool; the customer and the conversation cannot be set by a tool call/,
		);
		expect(n8n.logs()).toMatch(/MCP tool call refused: the model sent fields that are not arguments of tool=get_order_status/);
	});

	it('gives a wrong argument back to the model, which corrects itself, and sends its answer', async () => {
		const requestsBefore = model.requests.length;
		const answer = await customer('http', MARIA).says('check stock of 42');
		expect(textOf(answer)).toMatch(/From the shop: .*Barista Pro Espresso/);
		// The last request holds this turn's calls after the customer's message: the failed one first.
		const turn = model.requests.at(-1)!.messages;
		const toolMessages = turn.slice(turn.map((message) => message.role).lastIndexOf('user')).filter((message) => message.role === 'tool');
		expect(toolMessages).toHaveLength(2);
		expect(toolAnswer(String(toolMessages[0].content))).toMatch(/^Error: .*check_stock[\s\S]*sku/);
		expect(model.requests.length - requestsBefore).toBe(3);
		expect(n8n.logs()).toMatch(/MCP tool call failed and was returned to the model: tool=check_stock kind=invalidArguments/);
	});

	it('sends a long Markdown answer as WhatsApp-formatted parts of at most 4096 characters', async () => {
		const answer = await customer('http', MARIA).says('Send me the care guide');
		expect(answer.length).toBeGreaterThan(1);
		const parts = answer.map((message) => ('text' in message ? message.text : ''));
		for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
		const whole = parts.join('\n\n');
		expect(whole).toMatch(/^\*Care guide for your Harbor lamp\*/);
		expect(whole).toContain('*Step 1: check part 1*');
		expect(whole).toContain('- *Do* use a soft cloth');
		expect(whole).toContain('- *Never* use water on the socket'); // a single * is WhatsApp bold already
		expect(whole).toContain('new bulb (https://example.com/bulbs)');
		expect(whole).not.toMatch(/\*\*|^#/m);
	});

	it('gives the model a picture the customer sent', async () => {
		const maria = customer('http', MARIA);
		const answer = await maria.turn(() => flows.http.sandbox.customerSendsImage(MARIA.waId, { caption: 'What is in my picture?' }, { name: MARIA.name }));
		expect(textOf(answer)).toMatch(/^I received data:image\/png;base64,… \(\d+ characters\) with: What is in my picture\?$/);
	});

	it('sends the approved template when the answer comes after the 24-hour window', async () => {
		lateAnswer = () => flows.http.sandbox.advanceClock(25 * 60 * 60 * 1000);
		const sentBefore = flows.http.sandbox.messagesTo(JAMES.waId).length;
		await customer('http', JAMES).says('Answer me tomorrow');
		lateAnswer = undefined;
		// WhatsApp accepts the text, then reports it failed (131047) in a status webhook: the workflow
		// answers that status with the template, in an execution of its own.
		await waitUntil(async () => flows.http.sandbox.messagesTo(JAMES.waId).length >= sentBefore + 2, 30_000, 'the template after the failed text');
		const sent = flows.http.sandbox.messagesTo(JAMES.waId).slice(sentBefore).map(seen);
		expect(sent).toEqual([
			{ type: 'text', text: 'Here is your answer, a day late.' },
			{ type: 'template', name: 'answer_ready', language: 'en_US', parameters: ['there'] },
		]);
	});

	it('tells the model when the MCP server is down, and sends its answer', async () => {
		await shop.close();
		const answer = await customer('http', MARIA).says('Where is ORD-10042 now?');
		expect(textOf(answer)).toMatch(/^From the shop: Error: .*(connect|reach|ECONNREFUSED|fetch failed)/i);
	});

	it('serves 50 agent turns from one stdio server, replaces a killed one, and leaves none behind', async () => {
		const tom = customer('stdio', { waId: '15551230006', name: 'Tom Walsh' });
		await tom.says('ping 0');
		const servers = processesWithMarker(stdioDataDir);
		expect(servers.length).toBeGreaterThan(0);
		for (let turn = 1; turn < 50; turn++) {
			expect(textOf(await tom.says(`ping ${turn}`))).toMatch(/Barista Pro Espresso/);
		}
		expect(processesWithMarker(stdioDataDir)).toEqual(servers);

		for (const pid of servers) process.kill(pid, 'SIGKILL');
		await waitUntil(async () => processesWithMarker(stdioDataDir).length === 0, 10_000, 'the killed stdio server to be gone');
		expect(textOf(await tom.says('ping 50'))).toMatch(/From the shop: .*Barista Pro Espresso/);
		const replaced = processesWithMarker(stdioDataDir);
		expect(replaced.length).toBeGreaterThan(0);
		expect(replaced.some((pid) => servers.includes(pid))).toBe(false);

		await n8n.stop();
		await sleep(500);
		expect(processesWithMarker(stdioDataDir)).toEqual([]);
	});
});
