import type { MarkdownToWhatsAppOptions } from '../../shared/whatsapp/markdownToWhatsApp';

/**
 * Version 1.1 takes an AI Agent's answer as it comes: Text defaults to `{{ $json.output }}`; an
 * empty To (quote, sender number) means the WhatsApp Trigger message the item comes from; a single
 * *x* stays bold; long answers are not cut inside formatting. Version 1 keeps behaving as it did
 * when workflows were saved with it.
 */
export const AGENT_READY_VERSION = 1.1;

export const isAgentReady = (version: number): boolean => version >= AGENT_READY_VERSION;

/** How text is formatted and split, per node version. */
export function textFormatting(version: number): { markdownOptions: MarkdownToWhatsAppOptions; keepFormattingWhole: boolean } {
	const agentReady = isAgentReady(version);
	return { markdownOptions: { singleAsteriskIsBold: agentReady }, keepFormattingWhole: agentReady };
}
