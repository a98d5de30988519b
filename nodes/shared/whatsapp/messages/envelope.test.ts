import type { OutgoingMessage } from '../CloudApiClient';
import { buildContactsMessage } from './contacts';
import { envelope, withoutQuote, type Recipient } from './envelope';
import { buildContactInfoRequest, buildCtaUrl, buildFlowMessage, buildInteractiveList, buildLocationRequest, buildReplyButtons } from './interactive';
import { MessageLimitError } from './limits';
import { buildLocationMessage } from './location';
import { buildMediaMessage } from './media';
import { buildReactionMessage } from './reaction';
import { buildTemplateMessage } from './template';
import { buildTextMessages } from './text';

const BSUID = 'US.10000000000000000001';

describe('envelope', () => {
	it('sends a phone as `to`, digits only by default (what Reply 1 sends)', () => {
		expect(envelope({ to: '+49 151 23456789' }, 'text', {})).toMatchObject({ recipient_type: 'individual', to: '4915123456789' });
	});

	it('keeps the "+" when asked (Reply 1.1)', () => {
		expect(envelope({ to: '0049 151 23456789', phoneWithPlus: true }, 'text', {}).to).toBe('+4915123456789');
	});

	it('sends a user ID as `recipient`, verbatim, with recipient_type individual', () => {
		const body = envelope({ userId: BSUID, replyToMessageId: 'wamid.IN' }, 'text', { body: 'Hi' });
		expect(body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			recipient: BSUID,
			type: 'text',
			text: { body: 'Hi' },
			context: { message_id: 'wamid.IN' },
		});
		expect(envelope({ userId: 'US.ENT.20000000000000000002' }, 'text', {}).recipient).toBe('US.ENT.20000000000000000002');
	});

	it('sends both when given both (Meta then uses `to`)', () => {
		expect(envelope({ to: '4915123456789', userId: BSUID }, 'text', {})).toMatchObject({ to: '4915123456789', recipient: BSUID });
	});

	it('refuses a user ID that is not one, and a BSUID given as phone', () => {
		expect(() => envelope({ userId: '4915123456789' }, 'text', {})).toThrow(MessageLimitError);
		expect(() => envelope({ userId: '4915123456789' }, 'text', {})).toThrow('recipient "4915123456789" is not a business-scoped user ID');
		expect(() => envelope({ to: BSUID }, 'text', {})).toThrow('business-scoped user ID (BSUID), which is sent as recipient');
	});

	it('refuses no recipient at all, as before', () => {
		expect(() => envelope({}, 'text', {})).toThrow('it is empty');
	});

	it('withoutQuote keeps whom and how, drops the quote', () => {
		expect(withoutQuote({ userId: BSUID, phoneWithPlus: true, replyToMessageId: 'wamid.IN' })).toEqual({ userId: BSUID, phoneWithPlus: true });
	});
});

describe('every builder addresses a user ID as recipient', () => {
	const recipient: Recipient = { userId: BSUID, replyToMessageId: 'wamid.IN' };
	const builders: Array<[string, (r: Recipient) => OutgoingMessage[]]> = [
		['text', (r) => buildTextMessages(r, { body: `${'a'.repeat(3000)}\n\n${'b'.repeat(3000)}` })],
		['media', (r) => [buildMediaMessage(r, { mediaType: 'image', link: 'https://e.com/a.png' })]],
		['location', (r) => [buildLocationMessage(r, { latitude: 1, longitude: 2 })]],
		['contacts', (r) => [buildContactsMessage(r, [{ name: 'Ana' }])]],
		['buttons', (r) => [buildReplyButtons(r, { body: 'b', buttons: ['a'] })]],
		['list', (r) => [buildInteractiveList(r, { body: 'b', buttonText: 'Open', rows: ['a'] })]],
		['link button', (r) => [buildCtaUrl(r, { body: 'b', displayText: 'Go', url: 'https://e.com' })]],
		['template', (r) => [buildTemplateMessage(r, { name: 'hello_world', languageCode: 'en_US' })]],
		['reaction', (r) => [buildReactionMessage(r, { messageId: 'wamid.1', emoji: '👍' })]],
		['contact info request', (r) => [buildContactInfoRequest(r, { body: 'b' })]],
		['location request', (r) => [buildLocationRequest(r, { body: 'b' })]],
		['flow', (r) => [buildFlowMessage(r, { body: 'b', flowId: '1', cta: 'Open' })]],
	];

	it.each(builders)('%s', (_name, build) => {
		const bodies = build(recipient);
		for (const body of bodies) {
			expect(body).toMatchObject({ recipient_type: 'individual', recipient: BSUID });
			expect(body).not.toHaveProperty('to');
		}
	});

	it.each(builders)('%s keeps the "+" of a phone on every part', (_name, build) => {
		for (const body of build({ to: '4915123456789', phoneWithPlus: true })) expect(body.to).toBe('+4915123456789');
	});
});
