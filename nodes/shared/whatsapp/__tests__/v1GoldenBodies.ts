/**
 * Every body whose version-1 items are pinned in v1Items.golden.json: the documented examples of
 * metaWebhookExamples.ts, a mixed batch, an errors-only delivery, and all 2026 examples (which the
 * WhatsApp Trigger 1 and 1.1 must keep turning into exactly the items they gave before 1.2).
 * The golden file was written by the normalizer of commit 64d1089 (before item shape '2026').
 */
import { examples2026 } from './meta2026Examples';
import {
	DISPLAY_PHONE_NUMBER,
	PHONE_NUMBER_ID,
	envelope,
	messageExamples,
	messageWebhooks,
	messagesValue,
	statusExamples,
	statusWebhooks,
	statusesValue,
	templateStatusUpdate,
} from './metaWebhookExamples';

export const v1GoldenBodies: Record<string, unknown> = {
	...Object.fromEntries(Object.entries(messageWebhooks).map(([name, body]) => [`message.${name}`, body])),
	...Object.fromEntries(Object.entries(statusWebhooks).map(([name, body]) => [`status.${name}`, body])),
	templateStatusUpdate,
	batch: {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: '102290129340398',
				changes: [
					{ field: 'messages', value: messagesValue([messageExamples.text, messageExamples.image]) },
					{ field: 'messages', value: statusesValue([statusExamples.sent, statusExamples.read]) },
				],
			},
			{ id: '999', time: 1739321024, changes: [{ field: 'messages', value: messagesValue([messageExamples.reaction, messageExamples.system]) }] },
		],
	},
	errorsOnly: envelope([
		{
			value: {
				messaging_product: 'whatsapp',
				metadata: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: PHONE_NUMBER_ID },
				errors: [{ code: 131000, title: 'Something went wrong' }],
			},
		},
	]),
	...Object.fromEntries(Object.entries(examples2026).map(([name, body]) => [`2026.${name}`, body])),
};
