import { MESSAGE_LIMITS } from './limits';
import { buildTemplateMessage } from './template';

const to = { to: '15550001111' };

describe('buildTemplateMessage', () => {
	it('builds name and language alone for a template without parameters', () => {
		expect(buildTemplateMessage(to, { name: 'hello_world', languageCode: 'en_US' }).template).toEqual({ name: 'hello_world', language: { code: 'en_US' } });
	});

	it('builds header, body and button components', () => {
		const body = buildTemplateMessage(to, {
			name: 'order_update',
			languageCode: 'en_US',
			header: [{ type: 'image', link: 'https://e.com/h.png' }],
			body: ['Ana', { type: 'text', text: '#123', parameterName: 'order_id' }],
			buttons: [
				{ subType: 'url', index: 0, value: 'track/123' },
				{ subType: 'quick_reply', index: 1, value: 'STOP' },
			],
		});
		expect(body.template).toEqual({
			name: 'order_update',
			language: { code: 'en_US' },
			components: [
				{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://e.com/h.png' } }] },
				{
					type: 'body',
					parameters: [
						{ type: 'text', text: 'Ana' },
						{ type: 'text', text: '#123', parameter_name: 'order_id' },
					],
				},
				{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'track/123' }] },
				{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'STOP' }] },
			],
		});
	});

	it('rejects a name that is not a template name', () => {
		expect(() => buildTemplateMessage(to, { name: 'Hello World', languageCode: 'en' })).toThrow('template.name "Hello World"');
	});

	it('rejects a header text parameter over 60 characters', () => {
		expect(() => buildTemplateMessage(to, { name: 't', languageCode: 'en', header: ['h'.repeat(61)] })).toThrow('template.header.parameters[0].text');
	});

	it(`builds a copy_code button with a coupon of ${MESSAGE_LIMITS.templateCouponCode} characters and refuses one longer, naming the field`, () => {
		const coupon = (code: string) =>
			buildTemplateMessage(to, { name: 'winter_sale', languageCode: 'en_US', buttons: [{ subType: 'copy_code', index: 1, value: code }] });
		const twenty = 'WINTER2026SALE20OFF!';
		expect(twenty).toHaveLength(20);
		expect(coupon(twenty).template).toEqual({
			name: 'winter_sale',
			language: { code: 'en_US' },
			components: [{ type: 'button', sub_type: 'copy_code', index: '1', parameters: [{ type: 'coupon_code', coupon_code: twenty }] }],
		});
		expect(() => coupon(`${twenty}X`)).toThrow(
			'template.buttons[0].value "WINTER2026SALE20OFF!X" (21 characters) is longer than WhatsApp\'s limit of 20 characters',
		);
	});

	it("holds quick-reply payloads and URL suffixes to their own limit, not the coupon's", () => {
		const button = (subType: 'quick_reply' | 'url', value: string) =>
			buildTemplateMessage(to, { name: 't', languageCode: 'en', buttons: [{ subType, index: 0, value }] });
		expect(() => button('url', 'x'.repeat(MESSAGE_LIMITS.templateButtonValue))).not.toThrow();
		expect(() => button('quick_reply', 'x'.repeat(MESSAGE_LIMITS.templateButtonValue + 1))).toThrow('template.buttons[0].value');
	});

	it(`rejects a language code over ${MESSAGE_LIMITS.templateLanguageCode} characters`, () => {
		expect(() => buildTemplateMessage(to, { name: 't', languageCode: 'x'.repeat(MESSAGE_LIMITS.templateLanguageCode + 1) })).toThrow('template.language.code');
	});

	it('rejects media parameters in the body', () => {
		expect(() => buildTemplateMessage(to, { name: 't', languageCode: 'en', body: [{ type: 'image', id: '1' }] })).toThrow('belong in the template header');
	});
});
