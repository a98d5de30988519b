import { graphErrors, GraphError } from './graphError';
import { LIMITS } from './validation/messageRules';

// Approved message templates of the sandbox's WhatsApp Business Account, in the shape
// `GET /{waba-id}/message_templates` returns them, and the checks Meta applies when one is sent.

export interface TemplateButton {
	/**
	 * OTP: the code button of an authentication template (`otp_type` COPY_CODE, ONE_TAP or ZERO_TAP).
	 * COPY_CODE: a marketing coupon template's copy-code button; the send gives the coupon
	 * (`sub_type` copy_code, a `coupon_code` parameter, CLOUD-API-2026.md §5).
	 */
	type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'OTP' | 'COPY_CODE';
	text: string;
	otp_type?: 'COPY_CODE' | 'ONE_TAP' | 'ZERO_TAP';
	url?: string;
	phone_number?: string;
	example?: string[];
}

export interface TemplateComponent {
	type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
	format?: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT';
	text?: string;
	buttons?: TemplateButton[];
	example?: Record<string, unknown>;
}

export interface MessageTemplate {
	name: string;
	parameter_format: 'POSITIONAL';
	components: TemplateComponent[];
	language: string;
	status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED';
	category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
	id: string;
}

export function seedTemplates(): MessageTemplate[] {
	let id = 1_000_000_000_000_000;
	const t = (partial: Omit<MessageTemplate, 'id' | 'parameter_format' | 'status'> & { status?: MessageTemplate['status'] }): MessageTemplate => ({
		parameter_format: 'POSITIONAL',
		status: 'APPROVED',
		...partial,
		id: String(++id),
	});
	return [
		t({
			name: 'hello_world',
			language: 'en_US',
			category: 'UTILITY',
			components: [
				{ type: 'HEADER', format: 'TEXT', text: 'Hello World' },
				{
					type: 'BODY',
					text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.',
				},
				{ type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
			],
		}),
		t({
			name: 'order_update',
			language: 'en_US',
			category: 'UTILITY',
			components: [
				{
					type: 'BODY',
					text: "Hi {{1}}, your order *{{2}}* is now {{3}}. We'll message you again when it is on its way.",
					example: { body_text: [['Ana', '#1042', 'packed']] },
				},
				{ type: 'FOOTER', text: 'Reply to this message to talk to us' },
			],
		}),
		t({
			name: 'order_update',
			language: 'es',
			category: 'UTILITY',
			components: [{ type: 'BODY', text: 'Hola {{1}}, tu pedido *{{2}}* está {{3}}.', example: { body_text: [['Ana', '#1042', 'preparado']] } }],
		}),
		t({
			name: 'answer_ready',
			language: 'en_US',
			category: 'UTILITY',
			components: [
				{ type: 'BODY', text: 'Hi {{1}}, we have an answer to your last message. Reply to this message to read it.', example: { body_text: [['Ana']] } },
				{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Show me' }] },
			],
		}),
		t({
			name: 'appointment_reminder',
			language: 'en_US',
			category: 'UTILITY',
			components: [
				{
					type: 'BODY',
					text: 'Hello {{1}}, this is a reminder of your appointment on {{2}}. Can you make it?',
					example: { body_text: [['Ana', 'Friday 10:00']] },
				},
				{
					type: 'BUTTONS',
					buttons: [
						{ type: 'QUICK_REPLY', text: "Yes, I'll be there" },
						{ type: 'QUICK_REPLY', text: 'Reschedule' },
					],
				},
			],
		}),
		t({
			name: 'delivery_tracking',
			language: 'en_US',
			category: 'UTILITY',
			components: [
				{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}} shipped', example: { header_text: ['#1042'] } },
				{ type: 'BODY', text: 'Your parcel is on its way. Track it with the button below.' },
				{
					type: 'BUTTONS',
					buttons: [{ type: 'URL', text: 'Track parcel', url: 'https://example.com/track/{{1}}', example: ['https://example.com/track/1042'] }],
				},
			],
		}),
		t({
			name: 'welcome_back_offer',
			language: 'en_US',
			category: 'MARKETING',
			components: [
				{ type: 'BODY', text: "Hi {{1}}! We've missed you. Here is {{2}} off your next order.", example: { body_text: [['Ana', '10%']] } },
				{
					type: 'BUTTONS',
					buttons: [
						{ type: 'QUICK_REPLY', text: 'Chat now' },
						{ type: 'QUICK_REPLY', text: 'Stop promotions' },
					],
				},
			],
		}),
	];
}

/**
 * An approved copy-code authentication template (not seeded; pass it in `templates`): body
 * "{{1}} is your verification code." and a COPY_CODE button whose send-time parameter is the code
 * (`{type:'button', sub_type:'url', index:'0', parameters:[{type:'text', text:CODE}]}`).
 */
export function authenticationTemplate(name = 'verification_code', otpType: 'COPY_CODE' | 'ONE_TAP' | 'ZERO_TAP' = 'COPY_CODE'): MessageTemplate {
	return {
		name,
		parameter_format: 'POSITIONAL',
		language: 'en_US',
		status: 'APPROVED',
		category: 'AUTHENTICATION',
		id: '1000000000000099',
		components: [
			{ type: 'BODY', text: '*{{1}}* is your verification code. For your security, do not share this code.', example: { body_text: [['123456']] } },
			{ type: 'FOOTER', text: 'This code expires in 10 minutes.' },
			{ type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: otpType, text: 'Copy code' }] },
		],
	};
}

/** The `template` part of a send of authenticationTemplate(name) with this code, in the body and on the button. */
export function authenticationTemplateSend(code: string, name = 'verification_code') {
	return {
		name,
		language: { code: 'en_US' },
		components: [
			{ type: 'body', parameters: [{ type: 'text', text: code }] },
			{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: code }] },
		],
	};
}

/** One-tap, zero-tap and copy-code authentication templates cannot go to a BSUID (error 131062). */
export const needsPhoneRecipient = (template: MessageTemplate) =>
	template.category === 'AUTHENTICATION' &&
	(template.components.find((c) => c.type === 'BUTTONS')?.buttons ?? []).some(
		(b) => b.type === 'OTP' && ['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'].includes(b.otp_type ?? ''),
	);

export const findTemplate = (templates: MessageTemplate[], send: TemplateSend) =>
	templates.find((t) => t.name === send?.name && t.language === send?.language?.code);

export const placeholderCount = (text = '') => new Set(text.match(/\{\{\d+\}\}/g) ?? []).size;

interface SentComponent {
	type: 'header' | 'body' | 'button' | 'footer';
	sub_type?: string;
	index?: string | number;
	parameters?: Array<{ type: string; text?: string; payload?: string; [k: string]: unknown }>;
}

export interface TemplateSend {
	name: string;
	language: { code: string };
	components?: SentComponent[];
}

/** Meta's checks of a template send against the approved template: name, language, parameter counts. */
export function checkTemplateSend(templates: MessageTemplate[], send: TemplateSend): { template: MessageTemplate } | { error: GraphError } {
	const template = templates.find((t) => t.name === send.name && t.language === send.language.code);
	if (!template || template.status !== 'APPROVED') return { error: graphErrors.templateDoesNotExist(send.name, send.language.code) };
	const sent = send.components ?? [];
	for (const part of ['header', 'body'] as const) {
		const approved = template.components.find((c) => c.type === part.toUpperCase());
		const expected = approved?.format && approved.format !== 'TEXT' ? 1 : placeholderCount(approved?.text);
		const given = sent.filter((c) => c.type === part).reduce((n, c) => n + (c.parameters?.length ?? 0), 0);
		if (given !== expected)
			return {
				error: graphErrors.templateParamCount(`${part}: number of localizable_params (${given}) does not match the expected number of params (${expected})`),
			};
	}
	const buttons = template.components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
	for (const [i, component] of sent.entries()) {
		if (component.type !== 'button') continue;
		const index = Number(component.index);
		const button = buttons[index];
		const label = `template['components'][${i}]`;
		if (component.index === undefined) return { error: graphErrors.missingParameter(`The parameter ${label}['index'] is required.`) };
		if (!button)
			return {
				error: graphErrors.invalidParameterValue(`Param ${label}['index'] is ${component.index} but template ${template.name} has ${buttons.length} buttons.`),
			};
		const expectedSubType =
			button.type === 'QUICK_REPLY'
				? 'quick_reply'
				: button.type === 'URL' || button.type === 'OTP'
					? 'url'
					: button.type === 'COPY_CODE'
						? 'copy_code'
						: 'phone_number';
		if (component.sub_type !== expectedSubType)
			return { error: graphErrors.invalidParameterValue(`Param ${label}['sub_type'] must be ${expectedSubType} for button ${index} ("${button.text}").`) };
		const otpCode = button.type === 'OTP' ? codeOf(button, component) : undefined;
		if (otpCode !== undefined && String(otpCode).length > LIMITS.otpCode)
			return {
				error: graphErrors.invalidParameterValue(
					`Param ${label}['parameters'][0]['text'] is a one-time password of ${String(otpCode).length} characters; at most ${LIMITS.otpCode} are allowed.`,
				),
			};
		const buttonParams = button.type === 'OTP' ? 1 : placeholderCount(button.url);
		if ((button.type === 'URL' || button.type === 'OTP') && (component.parameters?.length ?? 0) !== buttonParams)
			return {
				error: graphErrors.templateParamCount(
					`button ${index}: number of localizable_params (${component.parameters?.length ?? 0}) does not match the expected number of params (${buttonParams})`,
				),
			};
	}
	const urlButtonsNeedingParams = buttons.map((b, i) => ({ b, i })).filter(({ b }) => (b.type === 'URL' && placeholderCount(b.url) > 0) || b.type === 'OTP');
	for (const { i } of urlButtonsNeedingParams)
		if (!sent.some((c) => c.type === 'button' && Number(c.index) === i))
			return { error: graphErrors.templateParamCount(`button ${i}: number of localizable_params (0) does not match the expected number of params (1)`) };
	return { template };
}

const fill = (text: string, params: string[]) => text.replace(/\{\{(\d+)\}\}/g, (m, n) => params[Number(n) - 1] ?? m);
const textParams = (components: SentComponent[] | undefined, type: string) =>
	(components ?? [])
		.filter((c) => c.type === type)
		.flatMap((c) => (c.parameters ?? []).map((p) => String(p.text ?? p.payload ?? (p as { fallback_value?: string }).fallback_value ?? '')));

function codeOf(button: TemplateButton, sent: SentComponent | undefined): string | undefined {
	if (button.type === 'COPY_CODE') return sent?.parameters?.find((p) => p.type === 'coupon_code')?.coupon_code as string | undefined;
	// One-tap and zero-tap buttons fall back to copying the code where the app to fill it in is missing.
	if (button.type === 'OTP') return sent?.parameters?.[0]?.text;
	return undefined;
}

/** What the customer sees: the template with its parameters filled in (used by the phone page). */
export function renderTemplate(template: MessageTemplate, send: TemplateSend) {
	const header = template.components.find((c) => c.type === 'HEADER');
	const body = template.components.find((c) => c.type === 'BODY');
	const footer = template.components.find((c) => c.type === 'FOOTER');
	const buttons = template.components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
	return {
		header: header?.format === 'TEXT' || (header && !header.format) ? fill(header.text ?? '', textParams(send.components, 'header')) : undefined,
		body: fill(body?.text ?? '', textParams(send.components, 'body')),
		footer: footer?.text,
		buttons: buttons.map((b, index) => {
			const sent = send.components?.find((c) => c.type === 'button' && Number(c.index) === index);
			return {
				type: b.type,
				text: b.text,
				url: b.url
					? fill(
							b.url,
							(sent?.parameters ?? []).map((p) => String(p.text ?? '')),
						)
					: undefined,
				// Meta echoes the payload set in the send, else the button text.
				payload: String(sent?.parameters?.find((p) => p.type === 'payload')?.payload ?? b.text),
				// What a copy-code button copies: a coupon's code, or an authentication template's one-time password.
				code: codeOf(b, sent),
			};
		}),
	};
}
