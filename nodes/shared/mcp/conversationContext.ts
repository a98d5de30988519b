/**
 * What the client tells the server about the conversation, in the request's `_meta`, so the
 * server can decide what this customer may see and keep per-conversation state:
 *
 *   "_meta": {
 *     "whatsapp": {
 *       "from": "15551234567",          // the customer's phone (wa_id), when WhatsApp shares it
 *       "userId": "US.1000…",           // the customer's business-scoped user id (BSUID), 2026 payloads
 *       "sessionId": "1234567890:US.1000…", // the conversation key the workflow uses
 *       "phoneNumberId": "1234567890",  // the business number that received the message (optional)
 *       "messageId": "wamid.HBg…"       // the message being answered (optional)
 *     },
 *     …anything from "Additional Meta" (JSON object), merged at the top level
 *   }
 *
 * Keys without a value are left out; `whatsapp` is left out when it would be empty.
 */
export interface ConversationContext {
	from?: string;
	userId?: string;
	sessionId?: string;
	phoneNumberId?: string;
	messageId?: string;
}

export function buildContextMeta(context: ConversationContext, additional: Record<string, unknown> = {}): Record<string, unknown> | undefined {
	const whatsapp: Record<string, string> = {};
	for (const key of ['from', 'userId', 'sessionId', 'phoneNumberId', 'messageId'] as const) {
		const value = context[key];
		if (value !== undefined && value !== null && String(value) !== '') whatsapp[key] = String(value);
	}
	const meta: Record<string, unknown> = { ...additional };
	if (Object.keys(whatsapp).length > 0) {
		const given = typeof additional.whatsapp === 'object' && additional.whatsapp !== null ? additional.whatsapp : {};
		meta.whatsapp = { ...given, ...whatsapp };
	}
	// progressToken belongs to the client library; a user-supplied one would hijack progress.
	delete meta.progressToken;
	return Object.keys(meta).length > 0 ? meta : undefined;
}
