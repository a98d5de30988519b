// What the WhatsApp Trigger does on arrival (media into binary, read receipt, typing), against the
// Cloud API sandbox through the real CloudApiClient. n8n's own part, turning bytes into binary
// data, is played by a plain function that keeps the bytes.
import type { IBinaryData } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../sandbox';
import { normalizeWebhook, validateWebhookEnvelope, type NormalizedWebhookItem } from '../../nodes/shared/whatsapp/normalizeWebhook';
import { cloudApiClientFor, readCloudApiCredential } from '../../nodes/shared/whatsapp/cloudApiCredential';
import { downloadArrivalMedia, sendArrivalReceipts, type ArrivalOptions, type ArrivalTools } from '../../nodes/WhatsAppTrigger/webhook/decorateArrival';

/** Both halves of the arrival, awaited (the trigger itself does not wait for the receipts). */
async function decorateArrival(items: NormalizedWebhookItem[], options: ArrivalOptions, tools: ArrivalTools) {
	const [output] = await Promise.all([downloadArrivalMedia(items, options, tools), sendArrivalReceipts(items, options, tools)]);
	return output;
}

const CUSTOMER = '4915112345678';
const OTHER_CUSTOMER = '4915187654321';

describe('WhatsApp Trigger on arrival, against the sandbox', () => {
	let sandbox: Sandbox;
	const warnings: string[] = [];
	const stored = new Map<string, Buffer>();

	const tools = () => ({
		clientFor: (phoneNumberId: string | null) =>
			cloudApiClientFor(readCloudApiCredential({ ...sandbox.credentials }), { phoneNumberId: phoneNumberId ?? undefined, timeoutMs: 15_000 }),
		toBinary: async (data: Buffer, fileName: string | undefined, mimeType: string): Promise<IBinaryData> => {
			const id = `binary-${stored.size}`;
			stored.set(id, data);
			return { id, data: '', mimeType, fileName, fileSize: String(data.length) };
		},
		warn: (message: string) => warnings.push(message),
	});

	/** The normalized item of the webhook the sandbox produced for a customer action. */
	function itemOf(webhookId: string): NormalizedWebhookItem {
		const record = sandbox.webhooks().find((w) => w.id === webhookId)!;
		const check = validateWebhookEnvelope(record.body);
		if (!check.ok) throw new Error(check.reason);
		return normalizeWebhook(check.envelope)[0];
	}

	const options = (overrides: Partial<ArrivalOptions>): ArrivalOptions => ({
		downloadMedia: false,
		maxMediaBytes: 16 * 1024 * 1024,
		markAsRead: false,
		showTyping: false,
		...overrides,
	});

	const readReceipts = () => sandbox.requests().filter((r) => r.method === 'POST' && (r.body as { status?: string } | undefined)?.status === 'read');

	beforeAll(async () => {
		// No callback: webhooks stay queued in the sandbox, which is all these tests need of them.
		sandbox = await startSandbox({ autoRead: false });
	});

	afterAll(async () => {
		await sandbox?.stop();
	});

	beforeEach(() => {
		warnings.length = 0;
		sandbox.reset();
	});

	it('downloads an image into binary data with its bytes and type', async () => {
		const picture = Buffer.from('89504e470d0a1a0a' + '42'.repeat(500), 'hex');
		const action = sandbox.customerSendsImage(CUSTOMER, { mimeType: 'image/png', data: picture });
		const [output] = await decorateArrival([itemOf(action.webhookId)], options({ downloadMedia: true }), tools());
		expect(output.binary?.data).toMatchObject({ mimeType: 'image/png' });
		expect(stored.get(output.binary!.data.id!)).toEqual(picture);
		expect(output.json.mediaDownloadError).toBeUndefined();
	});

	it('does not download media over the size limit, and says why on the item', async () => {
		const action = sandbox.customerSendsImage(CUSTOMER, { mimeType: 'image/png', data: Buffer.alloc(4096, 1) });
		const [output] = await decorateArrival([itemOf(action.webhookId)], options({ downloadMedia: true, maxMediaBytes: 1024 }), tools());
		expect(output.binary).toBeUndefined();
		expect(output.json.mediaDownloadError).toMatch(/more than the maximum of 1024 bytes/);
		expect(warnings.join('\n')).toMatch(/could not download media/);
	});

	it('keeps the message when its media cannot be found', async () => {
		const action = sandbox.customerSendsImage(CUSTOMER, { mimeType: 'image/png' });
		const item = { ...itemOf(action.webhookId), media: { ...itemOf(action.webhookId).media!, id: '999999999' } };
		const [output] = await decorateArrival([item], options({ downloadMedia: true }), tools());
		expect(output.json.messageId).toBe(action.messageId);
		expect(typeof output.json.mediaDownloadError).toBe('string');
	});

	it('marks only the latest message of each conversation read, with the typing indicator when asked', async () => {
		const first = itemOf(sandbox.customerSendsText(CUSTOMER, 'hello').webhookId);
		const second = itemOf(sandbox.customerSendsText(CUSTOMER, 'are you there?').webhookId);
		const other = itemOf(sandbox.customerSendsText(OTHER_CUSTOMER, 'hi').webhookId);
		await decorateArrival([first, second, other], options({ showTyping: true }), tools());
		expect(readReceipts().map((r) => r.body)).toEqual([
			expect.objectContaining({ message_id: second.messageId, typing_indicator: { type: 'text' } }),
			expect.objectContaining({ message_id: other.messageId, typing_indicator: { type: 'text' } }),
		]);
	});

	it('marks read without typing when only Mark as Read is on', async () => {
		const item = itemOf(sandbox.customerSendsText(CUSTOMER, 'hello').webhookId);
		await decorateArrival([item], options({ markAsRead: true }), tools());
		expect(readReceipts().map((r) => r.body)).toEqual([{ messaging_product: 'whatsapp', status: 'read', message_id: item.messageId }]);
	});

	it('logs a failed read receipt instead of losing the message', async () => {
		const item = itemOf(sandbox.customerSendsText(CUSTOMER, 'hello').webhookId);
		sandbox.injectFault({ status: 400, code: 100, path: '/messages' });
		const [output] = await decorateArrival([item], options({ markAsRead: true }), tools());
		expect(output.json.messageId).toBe(item.messageId);
		expect(warnings.join('\n')).toMatch(/could not mark message .* as read/);
	});

	it('does nothing on arrival when no option asks for it', async () => {
		const item = itemOf(sandbox.customerSendsImage(CUSTOMER, {}).webhookId);
		const before = sandbox.requests().length;
		const [output] = await decorateArrival([item], options({}), tools());
		expect(output).toEqual({ json: item });
		expect(sandbox.requests().length).toBe(before);
	});
});
