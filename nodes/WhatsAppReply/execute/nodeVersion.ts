import type { MarkdownToWhatsAppOptions } from '../../shared/whatsapp/markdownToWhatsApp';

/**
 * Version 1.1 takes an AI Agent's answer as it comes: Text defaults to `{{ $json.output }}`; an
 * empty To (quote, sender number) means the WhatsApp Trigger message the item comes from; a single
 * *x* stays bold; long answers are not cut inside formatting. It also answers customers Meta
 * knows by a business-scoped user ID (BSUID) only: To defaults to `{{ $json.from ?? $json.userId }}`,
 * a BSUID goes out as `recipient`, and a phone number as +E.164 (without "+" Meta prepends the
 * business number's country code). Version 1 keeps behaving as it did when workflows were saved
 * with it: phone numbers only, sent as digits.
 */
export const AGENT_READY_VERSION = 1.1;

export const isAgentReady = (version: number): boolean => version >= AGENT_READY_VERSION;

/** How text is formatted and split, per node version. */
export function textFormatting(version: number): { markdownOptions: MarkdownToWhatsAppOptions; keepFormattingWhole: boolean } {
	const agentReady = isAgentReady(version);
	return { markdownOptions: { singleAsteriskIsBold: agentReady }, keepFormattingWhole: agentReady };
}

/** Whom a send may address, and how a phone is written, per node version. */
export function recipientFormat(version: number): { userIds: boolean; phoneWithPlus: boolean } {
	const agentReady = isAgentReady(version);
	return { userIds: agentReady, phoneWithPlus: agentReady };
}
