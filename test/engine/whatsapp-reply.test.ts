// The WhatsApp Reply node inside a real n8n 2.40.7, answering through the project's Cloud API
// sandbox. Each workflow: Webhook (the test posts items) → Split Out (one item each, shaped like the
// WhatsApp Trigger's or the MCP Client's output) → WhatsApp Reply; the webhook answers with the
// Reply node's output items.
import * as path from 'path';

import { startSandbox, type Sandbox } from '../../sandbox';
import { projectRoot } from '../../n8n-harness/installPackage';
import { startN8n, type N8nInstance, type N8nWorkflow } from '../../n8n-harness/n8nInstance';
import { WHATSAPP_CREDENTIAL_TYPE } from '../../nodes/shared/whatsapp/cloudApiCredential';
import type { IRunExecutionData } from 'n8n-workflow';

// The same flatted n8n uses to store run data.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- n8n's own flatted, from the pinned runtime in .cache, found at run time
const flatted = require(path.join(projectRoot, '.cache', 'n8n-runtime', 'node_modules', 'flatted')) as { parse(text: string): IRunExecutionData };

const REPLY_TYPE = 'n8n-nodes-whatsapp-mcp.whatsAppReply';
const CUSTOMER = '4915112345678';
const CREDENTIAL = { id: 'waReplyCred00001', name: 'WhatsApp sandbox' };
const BAD_CREDENTIAL = { id: 'waReplyCredBad01', name: 'WhatsApp expired token' };

function replyWorkflow(
	id: string,
	hook: string,
	reply: Record<string, unknown>,
	options: { continueOnFail?: boolean; credential?: typeof CREDENTIAL } = {},
): N8nWorkflow {
	return {
		id,
		name: `WhatsApp Reply ${hook}`,
		nodes: [
			{
				id: `${id}-w`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: hook,
				parameters: { httpMethod: 'POST', path: hook, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: `${id}-s`,
				name: 'Items',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			{
				id: `${id}-r`,
				name: 'WhatsApp Reply',
				type: REPLY_TYPE,
				typeVersion: 1,
				position: [400, 0],
				parameters: reply,
				credentials: { [WHATSAPP_CREDENTIAL_TYPE]: options.credential ?? CREDENTIAL },
				...(options.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'WhatsApp Reply', type: 'main', index: 0 }]] },
		},
	};
}

const workflows = [
	replyWorkflow('waReplyText00001', 'reply-text', {
		resource: 'message',
		operation: 'sendText',
		text: '={{ $json.reply }}',
		options: { quoteMessageId: '={{ $json.messageId }}' },
	}),
	replyWorkflow(
		'waReplyButtons01',
		'reply-buttons',
		{ resource: 'message', operation: 'sendButtons', body: '={{ $json.question }}', choicesSource: 'input', choicesArray: '={{ $json.options }}' },
		{ continueOnFail: true },
	),
	replyWorkflow(
		'waReplyTemplate1',
		'reply-template',
		{
			resource: 'message',
			operation: 'sendTemplate',
			templateName: '={{ $json.template }}',
			languageCode: 'en_US',
			templateParameters: {
				parameter: [
					{ component: 'body', type: 'text', value: '={{ $json.name }}' },
					{ component: 'body', type: 'text', value: '={{ $json.order }}' },
					{ component: 'body', type: 'text', value: 'packed' },
				],
			},
		},
		{ continueOnFail: true },
	),
	replyWorkflow('waReplyStrict001', 'reply-strict', {
		resource: 'message',
		operation: 'sendTemplate',
		templateName: '={{ $json.template }}',
		languageCode: 'en_US',
	}),
	{
		id: 'waReplyBinary001',
		name: 'WhatsApp Reply binary',
		nodes: [
			{
				id: 'b-w',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'reply-binary',
				parameters: { httpMethod: 'POST', path: 'reply-binary', responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: 'b-s',
				name: 'Items',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			{
				id: 'b-f',
				name: 'To File',
				type: 'n8n-nodes-base.convertToFile',
				typeVersion: 1.1,
				position: [400, 0],
				parameters: { operation: 'toBinary', sourceProperty: 'png', binaryPropertyName: 'chart', options: { fileName: 'chart.png', mimeType: 'image/png' } },
			},
			{
				id: 'b-r',
				name: 'WhatsApp Reply',
				type: REPLY_TYPE,
				typeVersion: 1,
				position: [600, 0],
				parameters: {
					resource: 'message',
					operation: 'sendMedia',
					to: CUSTOMER,
					mediaType: 'image',
					mediaSource: 'binary',
					binaryPropertyName: 'chart',
					caption: 'Your chart',
				},
				credentials: { [WHATSAPP_CREDENTIAL_TYPE]: CREDENTIAL },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'To File', type: 'main', index: 0 }]] },
			'To File': { main: [[{ node: 'WhatsApp Reply', type: 'main', index: 0 }]] },
		},
	},
	replyWorkflow('waReplyMcp000001', 'reply-mcp', { resource: 'message', operation: 'sendMcpResult' }),
	replyWorkflow('waReplyRead00001', 'reply-typing', { resource: 'message', operation: 'showTyping' }),
	replyWorkflow('waReplyMedia0001', 'reply-download', { resource: 'media', operation: 'download' }),
	replyWorkflow('waReplyBatch0001', 'reply-batch', {
		resource: 'message',
		operation: 'sendText',
		text: '={{ "Your code is " + $json.code }}',
		sendingSettings: { messagesPerSecond: 80, concurrency: 20 },
	}),
	replyWorkflow('waReplyLocation1', 'reply-location', {
		resource: 'message',
		operation: 'sendLocation',
		latitude: '={{ $json.lat }}',
		longitude: '={{ $json.lng }}',
		locationName: 'Harbor Home Goods',
		locationAddress: '418 Lavaca St, Austin, TX',
	}),
	replyWorkflow('waReplyContacts1', 'reply-contacts', {
		resource: 'message',
		operation: 'sendContacts',
		contacts: { contact: [{ name: 'Harbor Support', phone: '+1 555 010 0001', email: 'help@example.com' }] },
	}),
	replyWorkflow('waReplyCtaUrl001', 'reply-cta', {
		resource: 'message',
		operation: 'sendCtaUrl',
		body: 'Your order is on its way.',
		displayText: 'Track order',
		url: '={{ "https://example.com/track/" + $json.order }}',
	}),
	replyWorkflow('waReplyList00001', 'reply-list', {
		resource: 'message',
		operation: 'sendList',
		body: 'Pick a delivery slot',
		buttonText: 'Slots',
		choicesSource: 'fields',
		rows: {
			row: [
				{ title: 'Tue 9-12', id: 'slot:1', description: 'Morning' },
				{ title: 'Tue 13-17', id: 'slot:2' },
			],
		},
	}),
	replyWorkflow('waReplyReact0001', 'reply-react', { resource: 'message', operation: 'react', emoji: '👍' }),
	replyWorkflow(
		'waReplyBadToken1',
		'reply-bad-token',
		{ resource: 'message', operation: 'sendText', text: 'hello' },
		{ continueOnFail: true, credential: BAD_CREDENTIAL },
	),
];

describe('WhatsApp Reply in a real n8n, sending through the Cloud API sandbox', () => {
	let n8n: N8nInstance;
	let sandbox: Sandbox;

	const post = async (hook: string, items: unknown[]) => {
		await n8n.waitForWebhook(hook);
		const response = await fetch(n8n.webhookUrl(hook), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }) });
		const text = await response.text();
		return { status: response.status, items: (text ? JSON.parse(text) : []) as Array<Record<string, any>> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- the node's items, read by path in assertions
	};
	const sendRequests = () => sandbox.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));

	beforeAll(async () => {
		sandbox = await startSandbox({ statusDelaysMs: [5, 10, 15], autoRead: false, throughputPerSecond: 80 });
		const data = { ...sandbox.credentials };
		n8n = await startN8n({
			workflows,
			credentials: [
				{ ...CREDENTIAL, type: WHATSAPP_CREDENTIAL_TYPE, data },
				{ ...BAD_CREDENTIAL, type: WHATSAPP_CREDENTIAL_TYPE, data: { ...data, accessToken: 'EAAGexpiredTokenForTheTest' } },
			],
		});
	}, 300_000);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
	});

	beforeEach(() => sandbox.reset());

	it('answers each trigger item to its sender, quoting the customer, with defaults alone', async () => {
		const first = sandbox.customerSendsText(CUSTOMER, 'Where is my order?');
		const second = sandbox.customerSendsText('4915199999999', 'Hi');
		const { status, items } = await post('reply-text', [
			{ from: CUSTOMER, messageId: first.messageId, reply: 'It **ships** today.' },
			{ from: '+49 151 99999999', messageId: second.messageId, reply: 'Hello!' },
		]);
		expect(status).toBe(200);
		expect(items.map((i) => i.waId)).toEqual([CUSTOMER, '4915199999999']);
		expect(items[0].messageId).toMatch(/^wamid\./);
		const [sent] = sandbox.messagesTo(CUSTOMER);
		expect(sent.body).toMatchObject({ to: CUSTOMER, context: { message_id: first.messageId }, text: { body: 'It *ships* today.' } });
		expect(items[0].messages[0].body.text.body).toBe('It *ships* today.');
	});

	it('sends a location, a contact card, a link button, a list and a reaction as the Cloud API expects them', async () => {
		const inbound = sandbox.customerSendsText(CUSTOMER, 'Where are you?');
		const item = { from: CUSTOMER, messageId: inbound.messageId, lat: 30.2672, lng: -97.7431, order: 'ORD-10042' };
		for (const hook of ['reply-location', 'reply-contacts', 'reply-cta', 'reply-list', 'reply-react']) {
			const { status, items } = await post(hook, [item]);
			expect({ hook, status, sent: items[0].messageId !== undefined }).toEqual({ hook, status: 200, sent: true });
		}
		const bodies = sandbox.messagesTo(CUSTOMER).map((message) => message.body as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any -- Graph request bodies, read by path in assertions
		expect(bodies.map((body) => body.type)).toEqual(['location', 'contacts', 'interactive', 'interactive', 'reaction']);
		expect(bodies[0].location).toEqual({ latitude: 30.2672, longitude: -97.7431, name: 'Harbor Home Goods', address: '418 Lavaca St, Austin, TX' });
		expect(bodies[1].contacts[0]).toMatchObject({ name: { formatted_name: 'Harbor Support' }, phones: [{ phone: '+1 555 010 0001' }] });
		expect(bodies[2].interactive).toMatchObject({
			type: 'cta_url',
			action: { name: 'cta_url', parameters: { display_text: 'Track order', url: 'https://example.com/track/ORD-10042' } },
		});
		expect(bodies[3].interactive.action.sections[0].rows).toEqual([
			{ id: 'slot:1', title: 'Tue 9-12', description: 'Morning' },
			{ id: 'slot:2', title: 'Tue 13-17' },
		]);
		expect(bodies[4].reaction).toEqual({ message_id: inbound.messageId, emoji: '👍' });
	});

	it('splits a long answer into several messages', async () => {
		const { items } = await post('reply-text', [{ from: CUSTOMER, reply: 'A sentence of the answer. '.repeat(400) }]);
		expect(items[0].messageCount).toBe(3);
		expect(sandbox.messagesTo(CUSTOMER)).toHaveLength(3);
	});

	it('checks limits before sending: a bad item becomes an error item naming the field, the others are sent', async () => {
		const { items } = await post('reply-buttons', [
			{ from: CUSTOMER, question: 'Which size?', options: ['Small', 'Medium', 'Large'] },
			{ from: CUSTOMER, question: 'Which size?', options: ['XS', 'S', 'M', 'L'] },
			{ from: CUSTOMER, question: 'Which colour?', options: ['A very long colour name'] },
		]);
		expect(items[0].messageId).toMatch(/^wamid\./);
		expect(items[1].error).toContain('action.buttons has 4 entries; WhatsApp allows 1 to 3');
		expect(items[2].error).toContain('action.buttons[0].reply.title "A very long colour name" (23 characters)');
		expect(items[2].error).toContain('20 characters');
		expect(sendRequests()).toHaveLength(1);
	});

	it('sends a template, and reports an unknown one with its Graph code and hint', async () => {
		const { items } = await post('reply-template', [
			{ from: CUSTOMER, template: 'order_update', name: 'Ana', order: '#1042' },
			{ from: CUSTOMER, template: 'no_such_template', name: 'Ana', order: '#1042' },
		]);
		expect(items[0].messageId).toMatch(/^wamid\./);
		expect(items[1]).toMatchObject({ error: expect.stringContaining('132001'), details: { code: 132001, hint: expect.stringMatching(/APPROVED template/) } });
	});

	it('fails the execution with the Graph code in the message and the hint in the description', async () => {
		const { status } = await post('reply-strict', [{ from: CUSTOMER, template: 'no_such_template' }]);
		expect(status).toBe(500);
		const [latest] = await n8n.executions('waReplyStrict001');
		const execution = await n8n.rest<{ data: string }>('GET', `/executions/${latest.id}`);
		const error = flatted.parse(execution.data).resultData.error;
		expect(error?.message).toContain('Graph error 132001');
		expect(error?.description).toMatch(/APPROVED template/);
		expect(error?.description).toContain('fbtrace_id');
	});

	it("the editor's template picker lists the approved templates, then the chosen one's languages", async () => {
		const ask = (methodName: string, currentNodeParameters: Record<string, unknown>) =>
			n8n.rest<Array<{ name: string; value: string }>>('POST', '/dynamic-node-parameters/options', {
				path: `parameters.${methodName === 'getTemplateNames' ? 'templateName' : 'languageCode'}`,
				nodeTypeAndVersion: { name: REPLY_TYPE, version: 1 },
				methodName,
				currentNodeParameters: { resource: 'message', operation: 'sendTemplate', ...currentNodeParameters },
				credentials: { [WHATSAPP_CREDENTIAL_TYPE]: CREDENTIAL },
			});
		const names = await ask('getTemplateNames', {});
		expect(names.map((option) => option.value)).toEqual([
			'answer_ready',
			'appointment_reminder',
			'delivery_tracking',
			'hello_world',
			'order_update',
			'welcome_back_offer',
		]);
		const languages = await ask('getTemplateLanguages', { templateName: 'order_update' });
		expect(languages.map((option) => option.value)).toEqual(['en_US', 'es']);
	});

	it('answers with an MCP tool result: choices become reply buttons', async () => {
		const { items } = await post('reply-mcp', [
			{
				from: CUSTOMER,
				text: 'Which **size** do you want?',
				structuredContent: {
					options: [
						{ id: 'S', title: 'Small' },
						{ id: 'M', title: 'Medium' },
					],
				},
				content: [{ type: 'text', text: 'Which **size** do you want?' }],
				isError: false,
			},
		]);
		expect(items[0].type).toBe('interactive');
		expect(sandbox.messagesTo(CUSTOMER)[0].body).toMatchObject({
			interactive: {
				type: 'button',
				body: { text: 'Which *size* do you want?' },
				action: { buttons: [{ reply: { id: 'S', title: 'Small' } }, { reply: { id: 'M', title: 'Medium' } }] },
			},
		});
	});

	it('uploads an n8n binary file first, then sends it by media id with its caption', async () => {
		const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
		const { items } = await post('reply-binary', [{ png: png.toString('base64') }]);
		expect(items[0].messageId).toMatch(/^wamid\./);
		const upload = sandbox.requests().find((r) => r.method === 'POST' && r.path.endsWith('/media'));
		expect(upload?.status).toBe(200);
		const [sent] = sandbox.messagesTo(CUSTOMER);
		const mediaId = (sent.body.image as { id: string }).id;
		expect(sent.body.image).toEqual({ id: mediaId, caption: 'Your chart' });
		const stored = await fetch(`${sandbox.baseUrl}/${sandbox.apiVersion}/${mediaId}`, {
			headers: { Authorization: `Bearer ${sandbox.credentials.accessToken}` },
		});
		expect(await stored.json()).toMatchObject({ mime_type: 'image/png', file_size: png.length });
	});

	it("shows the typing indicator on the customer's message", async () => {
		const { messageId } = sandbox.customerSendsText(CUSTOMER, 'Hello?');
		const { items } = await post('reply-typing', [{ from: CUSTOMER, messageId }]);
		expect(items[0]).toMatchObject({ success: true, messageId, typing: true });
		expect(sendRequests()[0].body).toMatchObject({ status: 'read', message_id: messageId, typing_indicator: { type: 'text' } });
	});

	it('downloads the image a customer sent into binary data', async () => {
		sandbox.customerSendsImage(CUSTOMER, { caption: 'receipt' });
		const inbound = sandbox.conversation(CUSTOMER).find((entry) => entry.direction === 'in');
		const mediaId = inbound?.direction === 'in' ? (inbound.message.image as { id: string }).id : '';
		const { items } = await post('reply-download', [{ from: CUSTOMER, media: { id: mediaId } }]);
		expect(items[0]).toMatchObject({ mediaId, mimeType: 'image/png' });
		expect(items[0].fileSize).toBeGreaterThan(0);
	});

	it('outside the 24-hour window a text is accepted but then fails with 131047, while a template is delivered', async () => {
		sandbox.customerSendsText(CUSTOMER, 'Hi, yesterday I asked about my order');
		sandbox.advanceClock(25 * 60 * 60 * 1000);
		const text = await post('reply-text', [{ from: CUSTOMER, reply: 'Sorry for the wait!' }]);
		const template = await post('reply-template', [{ from: CUSTOMER, template: 'order_update', name: 'Ana', order: '#1042' }]);
		expect(text.items[0].messageId).toMatch(/^wamid\./);
		expect(template.items[0].messageId).toMatch(/^wamid\./);
		const settled = async (id: string) => {
			for (let i = 0; i < 50; i++) {
				const message = sandbox.messagesTo(CUSTOMER).find((m) => m.id === id);
				if (message && message.status !== 'accepted' && message.status !== 'sent') return message;
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
			return sandbox.messagesTo(CUSTOMER).find((m) => m.id === id);
		};
		const failed = await settled(text.items[0].messageId);
		expect(failed?.status).toBe('failed');
		expect(failed?.errors?.[0].code).toBe(131047);
		expect((await settled(template.items[0].messageId))?.status).toBe('delivered');
	});

	it('retries a rate-limited send and the customer gets it once', async () => {
		sandbox.injectFault({ status: 429, count: 2, path: '/messages' });
		const { items } = await post('reply-text', [{ from: CUSTOMER, reply: 'Only once' }]);
		expect(items[0].messageId).toMatch(/^wamid\./);
		expect(sendRequests()).toHaveLength(3);
		expect(sandbox.messagesTo(CUSTOMER)).toHaveLength(1);
	});

	it('reports an expired token as Graph error 190 with the hint, never the token', async () => {
		const { items } = await post('reply-bad-token', [{ from: CUSTOMER }]);
		expect(items[0]).toMatchObject({ details: { code: 190, httpStatus: 401, hint: expect.stringMatching(/new system-user token/) } });
		expect(JSON.stringify(items)).not.toContain('EAAGexpiredTokenForTheTest');
		expect(n8n.logs()).not.toContain('EAAGexpiredTokenForTheTest');
	});

	it('sends a batch of 1000 items under the rate limit without one 130429', async () => {
		const batch = Array.from({ length: 1000 }, (_, i) => ({ from: `1555${String(i).padStart(7, '0')}`, code: i }));
		const { status, items } = await post('reply-batch', batch);
		expect(status).toBe(200);
		expect(items).toHaveLength(1000);
		expect(items.filter((i) => !i.messageId)).toEqual([]);
		const statuses = sendRequests().map((r) => r.status);
		expect(statuses).toHaveLength(1000);
		expect(statuses.filter((s) => s !== 200)).toEqual([]);
	}, 120_000);
});
