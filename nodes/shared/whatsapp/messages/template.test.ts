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

	it('rejects media parameters in the body', () => {
		expect(() => buildTemplateMessage(to, { name: 't', languageCode: 'en', body: [{ type: 'image', id: '1' }] })).toThrow('belong in the template header');
	});
});
