import type { OutboundMessage } from './conversations';
import type { renderTemplate } from './templates';

// What a business message offers the customer to tap: reply buttons, list rows, template quick
// replies. The customer actions only tap what was really offered, as on a phone.

export interface OfferedChoice {
	id: string;
	title: string;
	description?: string;
}

type Interactive = {
	type?: string;
	action?: { buttons?: Array<{ reply: { id: string; title: string } }>; sections?: Array<{ rows?: OfferedChoice[] }> };
};

const interactiveOf = (m: OutboundMessage, type: string): Interactive | undefined => {
	const interactive = m.body.interactive as Interactive | undefined;
	return m.type === 'interactive' && interactive?.type === type ? interactive : undefined;
};

export const replyButtonsOf = (m: OutboundMessage): OfferedChoice[] => (interactiveOf(m, 'button')?.action?.buttons ?? []).map((b) => b.reply);

export const listRowsOf = (m: OutboundMessage): OfferedChoice[] => (interactiveOf(m, 'list')?.action?.sections ?? []).flatMap((s) => s.rows ?? []);

/** Quick replies of a template, with the payload Meta will echo as the choice's id. */
export const templateQuickRepliesOf = (m: OutboundMessage): OfferedChoice[] =>
	m.type === 'template' && m.rendered
		? (m.rendered as ReturnType<typeof renderTemplate>).buttons.filter((b) => b.type === 'QUICK_REPLY').map((b) => ({ id: b.payload, title: b.text }))
		: [];

/** The newest message (or the given one) offering a choice with this id or title. */
export function findOffered(messages: OutboundMessage[], choicesOf: (m: OutboundMessage) => OfferedChoice[], idOrTitle: string, messageId?: string) {
	const candidates = messageId ? messages.filter((m) => m.id === messageId) : [...messages].reverse();
	for (const message of candidates) {
		const choice = choicesOf(message).find((c) => c.id === idOrTitle || c.title === idOrTitle);
		if (choice) return { message, choice };
	}
	return undefined;
}
