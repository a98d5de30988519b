import type { OutgoingMessage } from '../CloudApiClient';
import { definedOnly, envelope, type Recipient } from './envelope';
import { checkHttpUrl, checkText, MESSAGE_LIMITS as L, MessageLimitError } from './limits';

/** Template messages: the only kind allowed outside the 24-hour customer-service window. */

export type TemplateParameter =
	| string
	| { type: 'text'; text: string; parameterName?: string }
	| { type: 'currency'; fallbackValue: string; code: string; amount1000: number; parameterName?: string }
	| { type: 'date_time'; fallbackValue: string; parameterName?: string }
	| { type: 'image' | 'video' | 'document'; link?: string; id?: string; filename?: string }
	| { type: 'location'; latitude: number; longitude: number; name?: string; address?: string };

export interface TemplateButtonParameter {
	subType: 'quick_reply' | 'url' | 'copy_code';
	/** Position of the button in the template, from 0. */
	index: number;
	/** Payload (quick_reply), URL suffix (url) or coupon code (copy_code). */
	value: string;
}

export interface TemplateMessageInput {
	name: string;
	/** e.g. en_US, de. */
	languageCode: string;
	header?: TemplateParameter[];
	body?: TemplateParameter[];
	buttons?: TemplateButtonParameter[];
}

export function buildTemplateMessage(recipient: Recipient, input: TemplateMessageInput): OutgoingMessage {
	const name = checkText('template.name', input.name, L.templateName, { required: true })!;
	if (!/^[a-z0-9_]+$/.test(name)) {
		throw new MessageLimitError(
			'template.name',
			name,
			'lowercase letters, digits and _',
			`template.name "${name}" is not a template name: names use lowercase letters, digits and underscores only`,
		);
	}
	const languageCode = checkText('template.language.code', input.languageCode, L.templateLanguageCode, { required: true })!;
	const components: Array<Record<string, unknown>> = [];
	if (input.header?.length) {
		components.push({ type: 'header', parameters: input.header.map((p, i) => parameter(p, `template.header.parameters[${i}]`, 'header')) });
	}
	if (input.body?.length) {
		components.push({ type: 'body', parameters: input.body.map((p, i) => parameter(p, `template.body.parameters[${i}]`, 'body')) });
	}
	if (input.buttons?.length) {
		if (input.buttons.length > L.templateButtonsMax) {
			throw new MessageLimitError('template.buttons', input.buttons, `at most ${L.templateButtonsMax}`);
		}
		components.push(...input.buttons.map((button, i) => buttonComponent(button, `template.buttons[${i}]`)));
	}
	return envelope(recipient, 'template', definedOnly({ name, language: { code: languageCode }, components: components.length ? components : undefined }));
}

function parameter(input: TemplateParameter, field: string, component: 'header' | 'body'): Record<string, unknown> {
	const p = typeof input === 'string' ? { type: 'text' as const, text: input } : input;
	switch (p.type) {
		case 'text':
			return definedOnly({
				type: 'text',
				text: checkText(`${field}.text`, p.text, component === 'header' ? L.templateHeaderTextParameter : L.interactiveBody, { required: true }),
				parameter_name: p.parameterName,
			});
		case 'currency':
			return definedOnly({
				type: 'currency',
				currency: { fallback_value: p.fallbackValue, code: p.code, amount_1000: p.amount1000 },
				parameter_name: p.parameterName,
			});
		case 'date_time':
			return definedOnly({ type: 'date_time', date_time: { fallback_value: p.fallbackValue }, parameter_name: p.parameterName });
		case 'image':
		case 'video':
		case 'document': {
			if (component !== 'header')
				throw new MessageLimitError(`${field}.type`, p.type, 'header only', `${field}: ${p.type} parameters belong in the template header`);
			if (!!p.link === !!p.id)
				throw new MessageLimitError(
					`${field}.${p.type}`,
					p.link ?? p.id,
					'exactly one of link or id',
					`${field}: give the ${p.type} either a link or a media id`,
				);
			return {
				type: p.type,
				[p.type]: definedOnly({
					link: p.link ? checkHttpUrl(`${field}.${p.type}.link`, p.link) : undefined,
					id: p.id,
					filename: p.type === 'document' ? p.filename : undefined,
				}),
			};
		}
		case 'location':
			return { type: 'location', location: definedOnly({ latitude: p.latitude, longitude: p.longitude, name: p.name, address: p.address }) };
		default:
			throw new MessageLimitError(`${field}.type`, (p as { type?: unknown }).type, 'text, currency, date_time, image, video, document or location');
	}
}

function buttonComponent(button: TemplateButtonParameter, field: string): Record<string, unknown> {
	if (!Number.isInteger(button.index) || button.index < 0 || button.index >= L.templateButtonsMax) {
		throw new MessageLimitError(`${field}.index`, button.index, `0 to ${L.templateButtonsMax - 1}`);
	}
	// A copy_code button carries a coupon (≤ 20). An authentication template's copy-code OTP (≤ 15) is
	// sent as a url button's text, which only the approved template tells apart from a URL suffix, so
	// the builder holds it to the URL suffix's limit and leaves the OTP's to Meta.
	const max = button.subType === 'copy_code' ? L.templateCouponCode : L.templateButtonValue;
	const value = checkText(`${field}.value`, button.value, max, { required: true })!;
	const parameterBySubType = {
		quick_reply: { type: 'payload', payload: value },
		url: { type: 'text', text: value },
		copy_code: { type: 'coupon_code', coupon_code: value },
	} as const;
	const param = parameterBySubType[button.subType];
	if (!param) throw new MessageLimitError(`${field}.subType`, button.subType, 'quick_reply, url or copy_code');
	return { type: 'button', sub_type: button.subType, index: String(button.index), parameters: [param] };
}
