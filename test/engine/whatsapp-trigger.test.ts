// The WhatsApp Trigger inside a real n8n 2.40.7, fed by the Cloud API sandbox, which signs and
// posts webhooks exactly as Meta does (raw bytes escaped like Meta's, X-Hub-Signature-256).
import * as path from 'path';

import { startSandbox, serializeLikeMeta, signatureHeader, type Sandbox } from '../../sandbox';
import {
	envelope,
	messageExamples,
	messageWebhooks,
	messagesValue,
	statusExamples,
	statusWebhooks,
	statusesValue,
	templateStatusUpdate,
} from '../fixtures/metaWebhookExamples';
import { examples2026 } from '../fixtures/meta2026Examples';
import {
	ANY_OTHER,
	EVENTS_2026,
	MESSAGE_TYPES_2026,
	OTHER_CHANGE_FIELDS_2026,
	STATUS_VALUES_2026,
} from '../../nodes/WhatsAppTrigger/descriptions/WhatsAppTriggerDescription';
import { projectRoot } from '../../n8n-harness/installPackage';
import { startN8n, waitUntil, type N8nInstance, type N8nWorkflow } from '../../n8n-harness/n8nInstance';
import { WHATSAPP_CREDENTIAL_TYPE } from '../../nodes/shared/whatsapp/cloudApiCredential';
import type { IRunExecutionData } from 'n8n-workflow';

// The same flatted n8n uses to store run data.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- n8n's own flatted, from the pinned runtime in .cache, found at run time
const flatted = require(path.join(projectRoot, '.cache', 'n8n-runtime', 'node_modules', 'flatted')) as { parse(text: string): IRunExecutionData };

const TRIGGER_TYPE = 'n8n-nodes-whatsapp-mcp.whatsAppTrigger';
const CUSTOMER = '4915112345678';

interface OutputItem {
	json: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the trigger's items, read by path in assertions
	binary?: Record<string, { mimeType: string; fileSize?: string | number; fileName?: string }>;
}

function triggerWorkflow(
	id: string,
	hook: string,
	credentialId: string,
	parameters: Record<string, unknown>,
	next: Record<string, unknown> = { type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
	typeVersion = 1.1,
): N8nWorkflow {
	return {
		id,
		name: `WhatsApp Trigger ${hook}`,
		nodes: [
			{
				id: `${id}-t`,
				name: 'WhatsApp Trigger',
				type: TRIGGER_TYPE,
				typeVersion,
				position: [0, 0],
				webhookId: hook,
				parameters,
				credentials: { [WHATSAPP_CREDENTIAL_TYPE]: { id: credentialId, name: credentialId } },
			},
			{ id: `${id}-n`, name: 'Done', position: [220, 0], ...next },
		],
		connections: { 'WhatsApp Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
	};
}

const WF = {
	all: 'waTriggerAll0001',
	media: 'waTriggerMedia01',
	defaults: 'waTriggerDflt001',
	noSecret: 'waTriggerNoSec01',
	automatic: 'waTriggerAuto001',
	meta2026: 'waTrigger2026001',
};

describe('WhatsApp Trigger in a real n8n, fed by the Cloud API sandbox', () => {
	let n8n: N8nInstance;
	let sandbox: Sandbox;
	let registrationSandbox: Sandbox;
	const hookUrl = (hook: string) => n8n.webhookUrl(`${hook}/webhook`);

	/** Output of a node (the trigger by default) in every finished execution of a workflow, oldest first. */
	async function triggerOutputs(workflowId: string, nodeName = 'WhatsApp Trigger'): Promise<OutputItem[][]> {
		const executions = await n8n.executions(workflowId);
		const outputs: OutputItem[][] = [];
		for (const summary of [...executions].reverse()) {
			const execution = await n8n.rest<{ data: string }>('GET', `/executions/${summary.id}`);
			const runData = flatted.parse(execution.data).resultData.runData;
			const items = runData[nodeName][0].data?.main[0];
			if (!items) throw new Error(`${nodeName} has no output in execution ${summary.id}`);
			outputs.push(items as OutputItem[]);
		}
		return outputs;
	}

	/** Waits until the workflow has `count` finished executions. */
	async function waitForExecutions(workflowId: string, count: number, nodeName?: string): Promise<OutputItem[][]> {
		await waitUntil(
			async () => {
				const executions = await n8n.executions(workflowId);
				return executions.length >= count && executions.every((e) => e.status !== 'running' && e.status !== 'new');
			},
			60_000,
			`${count} executions of ${workflowId}`,
		);
		return await triggerOutputs(workflowId, nodeName);
	}

	/** Posts a body to a trigger as Meta would, or with a chosen signature header. */
	async function post(hook: string, body: unknown, options: { signature?: string | null; contentType?: string; raw?: string } = {}) {
		const raw = options.raw ?? serializeLikeMeta(body);
		const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
		const signature = options.signature === undefined ? signatureHeader(Buffer.from(raw), sandbox.credentials.appSecret) : options.signature;
		if (signature !== null) headers['x-hub-signature-256'] = signature;
		const response = await fetch(hookUrl(hook), { method: 'POST', headers, body: raw });
		const text = await response.text();
		let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the trigger's JSON answer, read by path in assertions
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, text, json };
	}

	beforeAll(async () => {
		sandbox = await startSandbox({ maxDeliveryAttempts: 1, autoRead: false });
		registrationSandbox = await startSandbox({ maxDeliveryAttempts: 1, appSecret: 'registration-app-secret', verifyToken: 'registration-verify-token' });
		const credential = (id: string, data: Record<string, unknown>) => ({ id, name: id, type: WHATSAPP_CREDENTIAL_TYPE, data });
		n8n = await startN8n({
			credentials: [
				credential('waSandboxCred001', { ...sandbox.credentials }),
				credential('waNoSecretCred01', { ...sandbox.credentials, appSecret: '' }),
				credential('waRegistration01', { ...registrationSandbox.credentials }),
			],
			workflows: [
				triggerWorkflow(WF.all, 'wa-all', 'waSandboxCred001', {
					events: ['message', 'status', 'messages', 'message_template_status_update'],
					statuses: ['sent', 'delivered', 'read', 'failed'],
					options: { maxBodySizeKb: 64 },
				}),
				triggerWorkflow(
					WF.media,
					'wa-media',
					'waSandboxCred001',
					{ events: ['message'], options: { downloadMedia: true, markAsRead: true, showTyping: true } },
					{
						// Reads the downloaded bytes back from n8n's binary data store.
						type: 'n8n-nodes-base.code',
						typeVersion: 2,
						parameters: {
							jsCode:
								"const bytes = await this.helpers.getBinaryDataBuffer(0, 'data');\nreturn [{ json: { size: bytes.length, hex: bytes.toString('hex') } }];",
						},
					},
				),
				// Version 1, as workflows saved before 1.1 have it: the same behaviour.
				triggerWorkflow(WF.defaults, 'wa-defaults', 'waSandboxCred001', {}, undefined, 1),
				triggerWorkflow(WF.noSecret, 'wa-nosecret', 'waNoSecretCred01', {}),
				// Version 1.2 with every event, type and status ticked: nothing Meta sends is dropped.
				triggerWorkflow(
					WF.meta2026,
					'wa-2026',
					'waSandboxCred001',
					{
						events: [...EVENTS_2026.map((event) => String(event.value)), ...OTHER_CHANGE_FIELDS_2026.map((field) => field.value), ANY_OTHER],
						messageTypes: [...MESSAGE_TYPES_2026, ANY_OTHER],
						statuses: [...STATUS_VALUES_2026, ANY_OTHER],
						options: { dedupeWindowMinutes: 0 },
					},
					undefined,
					1.2,
				),
				triggerWorkflow(WF.automatic, 'wa-auto', 'waRegistration01', { registration: 'automatic' }),
			],
		});
		await n8n.waitForWebhook('wa-all/webhook', 'GET');
		await n8n.waitForWebhook('wa-media/webhook', 'GET');
		await n8n.waitForWebhook('wa-defaults/webhook', 'GET');
		await n8n.waitForWebhook('wa-2026/webhook', 'GET');
	}, 300_000);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.stop();
		await registrationSandbox?.stop();
	}, 60_000);

	describe('the verification handshake', () => {
		it('echoes hub.challenge as text/plain when the verify token matches', async () => {
			const url = `${hookUrl('wa-all')}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(sandbox.credentials.verifyToken)}&hub.challenge=1158201444`;
			const response = await fetch(url);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
			expect(await response.text()).toBe('1158201444');
		});

		it('answers 403 to a wrong verify token', async () => {
			const response = await fetch(`${hookUrl('wa-all')}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=challenge-7731`);
			expect(response.status).toBe(403);
			expect(await response.text()).not.toContain('challenge-7731');
		});

		it("passes the sandbox's dashboard-style callback verification", async () => {
			await expect(sandbox.setCallback(hookUrl('wa-all'))).resolves.toBeUndefined();
		});
	});

	describe('signed deliveries', () => {
		it('turns every documented message type and status into one item each, with the documented fields', async () => {
			await sandbox.setCallback(hookUrl('wa-all'));
			const before = (await n8n.executions(WF.all)).length;
			const bodies = [...Object.values(messageWebhooks), ...Object.values(statusWebhooks), templateStatusUpdate];
			for (const body of bodies) {
				const outcome = await sandbox.deliverWebhook(body).delivery;
				expect(outcome).toMatchObject({ state: 'delivered', lastStatus: 200 });
			}
			const outputs = (await waitForExecutions(WF.all, before + bodies.length)).slice(before);
			expect(outputs.every((items) => items.length === 1)).toBe(true);
			const byId = new Map(outputs.map(([item]) => [`${item.json.event}:${item.json.messageId}:${item.json.status}`, item.json]));
			const message = (example: Record<string, unknown>) => byId.get(`message:${String(example.id)}:null`);

			expect(message(messageExamples.text)).toMatchObject({
				type: 'text',
				text: 'Does it come in another color?',
				contactName: 'Sheena Nelson',
				sessionId: '106540352242922:16505551234',
			});
			expect(message(messageExamples.image)).toMatchObject({
				type: 'image',
				text: 'This is a caption',
				media: { id: '2754859441498128', mimeType: 'image/jpeg' },
			});
			expect(message(messageExamples.document)?.media).toMatchObject({ filename: 'lucky-shrub-invoice.pdf' });
			expect(message(messageExamples.audio)?.media).toMatchObject({ mimeType: 'audio/ogg; codecs=opus' });
			expect(message(messageExamples.video)).toMatchObject({ type: 'video', text: 'Nice set!' });
			expect(message(messageExamples.sticker)).toMatchObject({ type: 'sticker', media: { mimeType: 'image/webp' } });
			expect(message(messageExamples.location)?.location).toMatchObject({ name: 'Philz Coffee', latitude: 37.44211676562361 });
			expect(message(messageExamples.contacts)?.contacts).toHaveLength(1);
			expect(message(messageExamples.buttonReply)).toMatchObject({
				type: 'interactive',
				text: 'Cancel',
				replyId: 'cancel-button',
				context: { from: '15550783881' },
			});
			expect(message(messageExamples.listReply)).toMatchObject({ type: 'interactive', text: 'Priority Mail Express', replyId: 'priority_express' });
			expect(message(messageExamples.templateQuickReply)).toMatchObject({
				type: 'button',
				text: 'Unsubscribe from Promos',
				replyId: 'Unsubscribe from Promos',
			});
			expect(message(messageExamples.reaction)?.reaction).toEqual({
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI4NTMzOTQ4RjYyMkVBQzAzNkEA',
				emoji: '\u{1F44D}',
			});
			expect(message(messageExamples.reactionRemoved)?.reaction).toMatchObject({ emoji: null });
			expect(message(messageExamples.order)?.order).toMatchObject({ catalogId: '194836987003835', productItems: [{ quantity: 2, itemPrice: 7.99 }] });
			expect(message(messageExamples.system)).toMatchObject({ type: 'system', text: expect.stringContaining('changed') });
			expect(message(messageExamples.unsupported)).toMatchObject({ type: 'unsupported', errorCode: 131051 });
			const status = (name: string) => byId.get(`status:${statusExamples.sent.id}:${name}`);
			expect(status('sent')).toMatchObject({ recipientId: '16505551234', conversation: { originType: 'service' }, pricing: { category: 'service' } });
			expect(status('delivered')).toMatchObject({ event: 'status' });
			expect(status('read')).toMatchObject({ event: 'status' });
			expect(status('failed')).toMatchObject({ errorCode: 131047, errors: [{ title: 'Re-engagement message' }] });
			expect(byId.get('message_template_status_update:null:null')).toMatchObject({ raw: { event: 'APPROVED' } });
			for (const json of byId.values()) expect(json.raw).not.toBeNull();
		}, 180_000);

		it('version 1.2 turns every 2026 payload into items without an error: BSUIDs, pricing, identity changes, new fields', async () => {
			await sandbox.setCallback(hookUrl('wa-2026'));
			const before = (await n8n.executions(WF.meta2026)).length;
			const bodies = Object.values(examples2026);
			for (const body of bodies) {
				const outcome = await sandbox.deliverWebhook(body).delivery;
				expect(outcome).toMatchObject({ state: 'delivered', lastStatus: 200 });
			}
			// Every body has something in it for a trigger that takes everything: one execution each.
			const outputs = (await waitForExecutions(WF.meta2026, before + bodies.length)).slice(before);
			expect((await n8n.executions(WF.meta2026)).every((execution) => execution.status === 'success')).toBe(true);
			const items = outputs.flat().map((item) => item.json);
			expect(items.length).toBeGreaterThanOrEqual(bodies.length);
			for (const json of items) for (const value of Object.values(json)) expect(value).not.toBe('');
			const byMessage = (id: string) => items.find((json) => json.messageId === id);
			// A username customer without a phone: keyed on the BSUID, from is null.
			expect(items.find((json) => json.event === 'message' && json.userId === 'BR.1000000000000000001' && json.type === 'text')).toMatchObject({
				from: null,
				username: 'ana.g',
				sessionId: 'PNID:BR.1000000000000000001',
			});
			expect(byMessage('wamid.X7')).toMatchObject({
				event: 'status',
				pricingModel: 'PMP',
				pricingType: 'regular',
				pricingCategory: 'marketing',
				billable: true,
				recipientUserId: expect.stringMatching(/^US\./),
			});
			expect(items.find((json) => json.systemType === 'user_changed_number')).toMatchObject({
				previousUserId: expect.stringMatching(/^US\./),
				userId: 'US.1000000000000000099',
				text: null,
			});
			expect(items.some((json) => json.event === 'user_preferences')).toBe(true);
			expect(items.some((json) => json.event === 'message_echo')).toBe(true);
			await sandbox.setCallback(hookUrl('wa-all')); // the other tests deliver to the version 1.1 workflow
		}, 180_000);

		it('runs one execution with several items for a batched body', async () => {
			const before = (await n8n.executions(WF.all)).length;
			const body = {
				object: 'whatsapp_business_account',
				entry: [
					{
						id: '102290129340398',
						changes: [
							{
								field: 'messages',
								value: messagesValue([
									{ ...messageExamples.text, id: 'wamid.batch1' },
									{ ...messageExamples.image, id: 'wamid.batch2' },
								]),
							},
							{ field: 'messages', value: statusesValue([{ ...statusExamples.delivered, id: 'wamid.batch-sent' }]) },
						],
					},
					{ id: '102290129340398', changes: [{ field: 'messages', value: messagesValue([{ ...messageExamples.location, id: 'wamid.batch3' }]) }] },
				],
			};
			const response = await post('wa-all', body);
			expect(response).toMatchObject({ status: 200, json: { received: 4, accepted: 4, duplicates: 0 } });
			const outputs = (await waitForExecutions(WF.all, before + 1)).slice(before);
			expect(outputs).toHaveLength(1);
			expect(outputs[0].map((item) => item.json.messageId)).toEqual(['wamid.batch1', 'wamid.batch2', 'wamid.batch-sent', 'wamid.batch3']);
		});

		it('starts no second execution when Meta delivers the same message again', async () => {
			const before = (await n8n.executions(WF.all)).length;
			const body = envelope([{ value: messagesValue([{ ...messageExamples.text, id: 'wamid.retried' }]) }]);
			expect(await sandbox.deliverWebhook(body).delivery).toMatchObject({ state: 'delivered', lastStatus: 200 });
			expect(await sandbox.deliverWebhook(body).delivery).toMatchObject({ state: 'delivered', lastStatus: 200 });
			const third = await post('wa-all', body);
			expect(third).toMatchObject({ status: 200, json: { received: 1, duplicates: 1, accepted: 0 } });
			await post('wa-all', envelope([{ value: messagesValue([{ ...messageExamples.text, id: 'wamid.after-retries' }]) }]));
			const outputs = (await waitForExecutions(WF.all, before + 2)).slice(before);
			expect(outputs.map(([item]) => item.json.messageId)).toEqual(['wamid.retried', 'wamid.after-retries']);
		});

		it('accepts a signed webhook whatever its content type, reading the raw bytes itself', async () => {
			const before = (await n8n.executions(WF.all)).length;
			const body = envelope([{ value: messagesValue([{ ...messageExamples.text, id: 'wamid.octets' }]) }]);
			const response = await post('wa-all', body, { contentType: 'application/octet-stream' });
			expect(response).toMatchObject({ status: 200, json: { accepted: 1 } });
			const outputs = (await waitForExecutions(WF.all, before + 1)).slice(before);
			expect(outputs.map(([item]) => item.json.messageId)).toEqual(['wamid.octets']);
		});

		it('leaves statuses out by default and starts nothing when nothing is left', async () => {
			const before = (await n8n.executions(WF.defaults)).length;
			const statusOnly = await post('wa-defaults', statusWebhooks.read);
			expect(statusOnly).toMatchObject({ status: 200, json: { received: 1, ignored: 1, accepted: 0 } });
			await post('wa-defaults', envelope([{ value: messagesValue([{ ...messageExamples.text, id: 'wamid.defaults' }]) }]));
			const outputs = (await waitForExecutions(WF.defaults, before + 1)).slice(before);
			expect(outputs.map(([item]) => [item.json.messageId, item.json.raw?.id])).toEqual([['wamid.defaults', 'wamid.defaults']]);
		});
	});

	describe('deliveries it refuses, executing nothing', () => {
		const marker = (id: string) => envelope([{ value: messagesValue([{ ...messageExamples.text, id }]) }]);

		/** Sends the refused requests, then a genuine marker; the marker must be the only new execution. */
		async function expectOnlyMarkerExecutes(send: () => Promise<void>, markerId: string) {
			const before = (await n8n.executions(WF.all)).length;
			await send();
			expect((await post('wa-all', marker(markerId))).status).toBe(200);
			const outputs = (await waitForExecutions(WF.all, before + 1)).slice(before);
			expect(outputs.map(([item]) => item.json.messageId)).toEqual([markerId]);
		}

		it('answers 401 to a missing or wrong signature and to a tampered body, and logs why', async () => {
			await expectOnlyMarkerExecutes(async () => {
				const body = marker('wamid.forged');
				const missing = await post('wa-all', body, { signature: null });
				expect(missing).toMatchObject({ status: 401, json: { error: expect.stringMatching(/no x-hub-signature-256 header/) } });
				const wrong = await post('wa-all', body, { signature: signatureHeader(Buffer.from(serializeLikeMeta(body)), 'not-the-app-secret') });
				expect(wrong).toMatchObject({ status: 401, json: { error: expect.stringMatching(/does not match/) } });
				const raw = serializeLikeMeta(body);
				const tampered = await post('wa-all', undefined, {
					raw: raw.replace('another color', 'a refund'),
					signature: signatureHeader(Buffer.from(raw), sandbox.credentials.appSecret),
				});
				expect(tampered.status).toBe(401);
			}, 'wamid.after-forgeries');
			expect(n8n.logs()).toMatch(/rejected a webhook POST with 401, nothing executed: signature check failed: the request has no x-hub-signature-256 header/);
			expect(n8n.logs()).not.toContain(sandbox.credentials.appSecret);
		});

		it('answers 400 with the reason to a signed body that is not a WhatsApp webhook', async () => {
			await expectOnlyMarkerExecutes(async () => {
				const response = await post('wa-all', { object: 'page', entry: [] });
				expect(response).toMatchObject({ status: 400, json: { error: expect.stringMatching(/"object" is "page", expected "whatsapp_business_account"/) } });
				const noEntries = await post('wa-all', { object: 'whatsapp_business_account' });
				expect(noEntries).toMatchObject({ status: 400, json: { error: '"entry" is undefined, expected an array' } });
			}, 'wamid.after-not-whatsapp');
		});

		it('refuses malformed JSON: n8n answers 422 itself; signed non-JSON text gets 400', async () => {
			await expectOnlyMarkerExecutes(async () => {
				const garbage = '{"object": "whatsapp_business_account", "entry": [';
				const asJson = await post('wa-all', undefined, { raw: garbage });
				expect(asJson.status).toBe(422);
				const asText = await post('wa-all', undefined, { raw: garbage, contentType: 'text/plain' });
				expect(asText).toMatchObject({ status: 400, json: { error: expect.stringMatching(/not valid JSON/) } });
			}, 'wamid.after-malformed');
		});

		it('refuses a body over the size limit with 413', async () => {
			await expectOnlyMarkerExecutes(async () => {
				const big = envelope([{ value: messagesValue([{ ...messageExamples.text, id: 'wamid.big', text: { body: 'x'.repeat(70 * 1024) } }]) }]);
				const response = await post('wa-all', big);
				expect(response).toMatchObject({ status: 413, json: { error: expect.stringMatching(/Max Body Size/) } });
			}, 'wamid.after-oversized');
		});
	});

	describe('on arrival', () => {
		it('downloads media into binary data and marks the message read with the typing indicator', async () => {
			await sandbox.setCallback(hookUrl('wa-media'));
			const before = (await n8n.executions(WF.media)).length;
			const picture = Buffer.from('89504e470d0a1a0a' + 'ab'.repeat(3000), 'hex');
			const sent = sandbox.customerSendsImage(CUSTOMER, { caption: 'my broken lamp', mimeType: 'image/png', data: picture }, { name: 'Jonas' });
			expect(await sent.delivery).toMatchObject({ state: 'delivered', lastStatus: 200 });
			const [[item]] = (await waitForExecutions(WF.media, before + 1)).slice(before);
			expect(item.json).toMatchObject({ type: 'image', text: 'my broken lamp', contactName: 'Jonas', from: CUSTOMER, messageId: sent.messageId });
			expect(item.json.mediaDownloadError).toBeUndefined();
			expect(item.binary?.data).toMatchObject({ mimeType: 'image/png' });
			const [[bytes]] = (await triggerOutputs(WF.media, 'Done')).slice(before);
			expect(bytes.json).toEqual({ size: picture.length, hex: picture.toString('hex') });
			const readReceipts = sandbox.requests().filter((r) => r.method === 'POST' && (r.body as { status?: unknown } | undefined)?.status === 'read');
			expect(readReceipts.map((r) => r.body)).toContainEqual(expect.objectContaining({ message_id: sent.messageId, typing_indicator: { type: 'text' } }));
		});
	});

	describe('activation', () => {
		it('refuses to activate without an app secret, says what to set, and executes nothing', async () => {
			await waitUntil(async () => /The WhatsApp Trigger needs "App Secret"/.test(n8n.logs()), 60_000, 'the activation error');
			const body = envelope([{ value: messagesValue([{ ...messageExamples.text, id: 'wamid.nosecret' }]) }]);
			const response = await post('wa-nosecret', body);
			// n8n 2.x publishes asynchronously and may keep the path registered while the activation
			// is reported as failed; either way the delivery must not run the workflow.
			expect([401, 404]).toContain(response.status);
			expect(await n8n.executions(WF.noSecret)).toEqual([]);
		}, 90_000);

		it("with automatic registration, points the Meta app's callback at the workflow and receives from it", async () => {
			await waitUntil(async () => registrationSandbox.callbackUrl() === hookUrl('wa-auto'), 60_000, 'automatic subscription');
			const before = (await n8n.executions(WF.automatic)).length;
			const sent = registrationSandbox.customerSendsText(CUSTOMER, 'hello from the other app');
			expect(await sent.delivery).toMatchObject({ state: 'delivered', lastStatus: 200 });
			const [[item]] = (await waitForExecutions(WF.automatic, before + 1)).slice(before);
			expect(item.json).toMatchObject({ text: 'hello from the other app', messageId: sent.messageId });
		});

		// Publication changes run asynchronously in n8n 2.x: the REST call returns before the
		// webhook hooks have run, so these tests wait for what the hooks do.
		it('removes its own subscription on deactivation and subscribes again on activation', async () => {
			await n8n.rest('POST', `/workflows/${WF.automatic}/deactivate`, {});
			await waitUntil(async () => registrationSandbox.callbackUrl() === undefined, 60_000, 'the subscription to be removed');
			expect(n8n.logs()).toContain(`removed the Meta app's webhook subscription to ${hookUrl('wa-auto')} on deactivation`);
			const { versionId } = await n8n.rest<{ versionId: string }>('GET', `/workflows/${WF.automatic}`);
			await n8n.rest('POST', `/workflows/${WF.automatic}/activate`, { versionId });
			await waitUntil(async () => registrationSandbox.callbackUrl() === hookUrl('wa-auto'), 60_000, 'the subscription to come back');
		}, 150_000);

		it('leaves the subscription alone on deactivation once it points elsewhere, and will not take it over on activation', async () => {
			// Someone points the Meta app at another workflow in the dashboard.
			await registrationSandbox.setCallback(hookUrl('wa-all'), sandbox.credentials.verifyToken);
			await n8n.rest('POST', `/workflows/${WF.automatic}/deactivate`, {});
			await waitUntil(async () => /left the Meta app's webhook subscription alone on deactivation/.test(n8n.logs()), 60_000, 'deactivation');
			expect(registrationSandbox.callbackUrl()).toBe(hookUrl('wa-all'));
			const { versionId } = await n8n.rest<{ versionId: string }>('GET', `/workflows/${WF.automatic}`);
			await n8n.rest('POST', `/workflows/${WF.automatic}/activate`, { versionId }).catch((error: Error) => error);
			await waitUntil(async () => /already sends its WhatsApp webhooks to/.test(n8n.logs()), 60_000, 'the activation warning');
			expect(n8n.logs()).toContain(`already sends its WhatsApp webhooks to ${hookUrl('wa-all')}`);
			expect(registrationSandbox.callbackUrl()).toBe(hookUrl('wa-all'));
		}, 150_000);
	});
});
