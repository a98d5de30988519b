import { normalizeWebhook, validateWebhookEnvelope } from '../../shared/whatsapp/normalizeWebhook';
import { examples2026 } from '../../../test/fixtures/meta2026Examples';
import type { CloudApiClient } from '../../shared/whatsapp/CloudApiClient';
import { sendArrivalReceipts, type ArrivalTools } from './decorateArrival';

function items2026(body: unknown) {
	const check = validateWebhookEnvelope(body);
	if (!check.ok) throw new Error(check.reason);
	return normalizeWebhook(check.envelope, { itemShape: '2026' });
}

function recordingTools(read: string[]): ArrivalTools {
	const client = { markAsRead: async (messageId: string) => void read.push(messageId) } as unknown as CloudApiClient;
	return {
		clientFor: () => client,
		toBinary: async () => {
			throw new Error('unused');
		},
		warn: () => undefined,
	};
}

const options = { downloadMedia: false, maxMediaBytes: 0, markAsRead: true, showTyping: true };

describe('sendArrivalReceipts (version 1.2 items)', () => {
	it('marks a customer message read, keyed on its BSUID session', async () => {
		const read: string[] = [];
		await sendArrivalReceipts(items2026(examples2026.bsuidTextMessage), options, recordingTools(read));
		expect(read).toEqual(['wamid.X1']);
	});

	it("sends no receipt or typing for standby messages: the thread is Meta Business Agent's", async () => {
		const read: string[] = [];
		await sendArrivalReceipts([...items2026(examples2026.standbyValueLevel), ...items2026(examples2026.standbyNested)], options, recordingTools(read));
		expect(read).toEqual([]);
	});

	it('sends none for echoes, which the business sent itself', async () => {
		const read: string[] = [];
		await sendArrivalReceipts(items2026(examples2026.textEcho), options, recordingTools(read));
		expect(read).toEqual([]);
	});
});
