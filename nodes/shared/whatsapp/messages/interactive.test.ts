import {
	buildContactInfoRequest,
	buildCtaUrl,
	buildFlowMessage,
	buildInteractiveList,
	buildLocationRequest,
	buildReplyButtons,
	choicesFromInput,
	type FlowMessageInput,
} from './interactive';
import { MessageLimitError } from './limits';

const to = { to: '+49 151 23456789', replyToMessageId: 'wamid.IN' };
const limitError = (fn: () => unknown): MessageLimitError => {
	let caught: unknown;
	try {
		fn();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(MessageLimitError);
	return caught as MessageLimitError;
};

describe('buildReplyButtons', () => {
	it("builds Meta's button body with the recipient normalized and the customer's message quoted", () => {
		expect(buildReplyButtons(to, { body: 'Pick one', footer: 'Shop', buttons: [{ id: 'yes', title: 'Yes' }, 'No'] })).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '4915123456789',
			type: 'interactive',
			context: { message_id: 'wamid.IN' },
			interactive: {
				type: 'button',
				body: { text: 'Pick one' },
				footer: { text: 'Shop' },
				action: {
					buttons: [
						{ type: 'reply', reply: { id: 'yes', title: 'Yes' } },
						{ type: 'reply', reply: { id: 'No', title: 'No' } },
					],
				},
			},
		});
	});

	it('accepts a title of exactly 20 characters', () => {
		expect(() => buildReplyButtons(to, { body: 'b', buttons: ['x'.repeat(20)] })).not.toThrow();
	});

	it('rejects a title over 20 characters naming the field, the value and the limit', () => {
		const error = limitError(() => buildReplyButtons(to, { body: 'b', buttons: ['ok', 'Tell me more about it'] }));
		expect(error.field).toBe('action.buttons[1].reply.title');
		expect(error.message).toContain('"Tell me more about it"');
		expect(error.message).toContain('21 characters');
		expect(error.message).toContain('20');
	});

	it('counts an emoji as one character', () => {
		expect(() => buildReplyButtons(to, { body: 'b', buttons: ['👍'.repeat(20)] })).not.toThrow();
	});

	it.each([0, 4])('rejects %i buttons', (count) => {
		const error = limitError(() => buildReplyButtons(to, { body: 'b', buttons: Array.from({ length: count }, (_, i) => `B${i}`) }));
		expect(error.field).toBe('action.buttons');
		expect(error.message).toContain('1 to 3');
	});

	it('rejects two buttons with the same title', () => {
		expect(
			limitError(() =>
				buildReplyButtons(to, {
					body: 'b',
					buttons: [
						{ id: 'a', title: 'Same' },
						{ id: 'b', title: 'Same' },
					],
				}),
			).field,
		).toBe('action.buttons.reply.title[1]');
	});

	it('rejects a body over 1024 characters', () => {
		expect(limitError(() => buildReplyButtons(to, { body: 'x'.repeat(1025), buttons: ['a'] })).field).toBe('body.text');
	});

	it('rejects a footer over 60 characters', () => {
		expect(limitError(() => buildReplyButtons(to, { body: 'b', footer: 'f'.repeat(61), buttons: ['a'] })).field).toBe('footer.text');
	});

	it('accepts an image header by link', () => {
		const body = buildReplyButtons(to, { body: 'b', buttons: ['a'], header: { type: 'image', link: 'https://example.com/a.png' } });
		expect((body.interactive as Record<string, unknown>).header).toEqual({ type: 'image', image: { link: 'https://example.com/a.png' } });
	});
});

describe('buildInteractiveList', () => {
	it('builds a single untitled section from rows', () => {
		const body = buildInteractiveList(to, { body: 'Menu', buttonText: 'Open', rows: [{ id: 'p1', title: 'Pizza', description: 'Hot' }, 'Salad'] });
		expect(body.interactive).toEqual({
			type: 'list',
			body: { text: 'Menu' },
			action: {
				button: 'Open',
				sections: [
					{
						rows: [
							{ id: 'p1', title: 'Pizza', description: 'Hot' },
							{ id: 'Salad', title: 'Salad' },
						],
					},
				],
			},
		});
	});

	it('requires section titles when there are several sections', () => {
		const error = limitError(() => buildInteractiveList(to, { body: 'b', buttonText: 'Open', sections: [{ rows: ['a'] }, { title: 'Two', rows: ['b'] }] }));
		expect(error.field).toBe('action.sections[0].title');
	});

	it('rejects more than 10 rows across sections', () => {
		const sections = [
			{ title: 'One', rows: Array.from({ length: 6 }, (_, i) => `a${i}`) },
			{ title: 'Two', rows: Array.from({ length: 5 }, (_, i) => `b${i}`) },
		];
		expect(limitError(() => buildInteractiveList(to, { body: 'b', buttonText: 'Open', sections })).message).toContain('11 rows');
	});

	it('rejects a row description over 72 characters', () => {
		const error = limitError(() => buildInteractiveList(to, { body: 'b', buttonText: 'Open', rows: [{ title: 'a', description: 'd'.repeat(73) }] }));
		expect(error.field).toBe('action.sections[0].rows[0].description');
	});

	it('rejects a button label over 20 characters', () => {
		expect(limitError(() => buildInteractiveList(to, { body: 'b', buttonText: 'x'.repeat(21), rows: ['a'] })).field).toBe('action.button');
	});

	it('allows a body of up to 4096 characters', () => {
		expect(() => buildInteractiveList(to, { body: 'x'.repeat(4096), buttonText: 'Open', rows: ['a'] })).not.toThrow();
	});

	it('rejects an image header, which lists do not support', () => {
		expect(
			limitError(() => buildInteractiveList(to, { body: 'b', buttonText: 'Open', rows: ['a'], header: { type: 'image', link: 'https://e.com/a.png' } })).field,
		).toBe('header.type');
	});
});

describe('buildCtaUrl', () => {
	it('builds a cta_url action', () => {
		expect(buildCtaUrl(to, { body: 'Track it', displayText: 'Track order', url: 'https://shop.example/t/1' }).interactive).toEqual({
			type: 'cta_url',
			body: { text: 'Track it' },
			action: { name: 'cta_url', parameters: { display_text: 'Track order', url: 'https://shop.example/t/1' } },
		});
	});

	it('rejects a URL that is not http(s)', () => {
		expect(limitError(() => buildCtaUrl(to, { body: 'b', displayText: 'Go', url: 'javascript:alert(1)' })).field).toBe('action.parameters.url');
	});
});

describe.each([
	['buildContactInfoRequest', buildContactInfoRequest, { type: 'request_contact_info', action: { name: 'request_contact_info' } }],
	['buildLocationRequest', buildLocationRequest, { type: 'location_request_message', action: { name: 'send_location' } }],
])('%s', (_name, build, shape) => {
	it("builds Meta's request with the body, quoting the customer", () => {
		expect(build(to, { body: 'Please share it' })).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '4915123456789',
			type: 'interactive',
			context: { message_id: 'wamid.IN' },
			interactive: { ...shape, body: { text: 'Please share it' } },
		});
	});

	it('accepts a body of exactly 1024 characters', () => {
		expect(() => build(to, { body: 'x'.repeat(1024) })).not.toThrow();
	});

	it('refuses a body of 1025 characters, naming the field and the limit', () => {
		const error = limitError(() => build(to, { body: 'x'.repeat(1025) }));
		expect(error.field).toBe('body.text');
		expect(error.message).toMatch(/body\.text .*1025 characters.*1024/);
	});

	it('refuses an empty body', () => {
		expect(limitError(() => build(to, { body: ' ' })).message).toBe('body.text is required and must not be empty');
	});
});

describe('buildFlowMessage', () => {
	const flow = (input: Partial<FlowMessageInput> = {}) => buildFlowMessage(to, { body: 'Book a table', flowId: '1234', cta: 'Book', ...input });
	const parameters = (input: Partial<FlowMessageInput> = {}) =>
		((flow(input).interactive as Record<string, unknown>).action as { parameters: Record<string, unknown> }).parameters;

	it("builds Meta's flow message with its defaults", () => {
		expect(flow({ header: { type: 'text', text: 'Table' }, footer: 'Shop' }).interactive).toEqual({
			type: 'flow',
			header: { type: 'text', text: 'Table' },
			body: { text: 'Book a table' },
			footer: { text: 'Shop' },
			action: {
				name: 'flow',
				parameters: { flow_message_version: '3', flow_id: '1234', flow_cta: 'Book', flow_token: 'unused', mode: 'published', flow_action: 'navigate' },
			},
		});
	});

	it('takes a name instead of an id, and one of the two only', () => {
		expect(parameters({ flowId: undefined, flowName: 'booking' })).toMatchObject({ flow_name: 'booking' });
		expect(parameters({ flowId: undefined, flowName: 'booking' })).not.toHaveProperty('flow_id');
		expect(limitError(() => flow({ flowName: 'booking' })).field).toBe('action.parameters.flow_id / flow_name');
		expect(limitError(() => flow({ flowId: ' ' })).message).toContain('either its ID or its name');
	});

	it('accepts a button text of exactly 30 characters', () => {
		expect(parameters({ cta: 'x'.repeat(30) }).flow_cta).toBe('x'.repeat(30));
	});

	it('refuses a button text of 31 characters, naming the field and the limit', () => {
		const error = limitError(() => flow({ cta: 'x'.repeat(31) }));
		expect(error.field).toBe('action.parameters.flow_cta');
		expect(error.message).toMatch(/flow_cta .*31 characters.*30/);
	});

	it.each(['Book 📅', 'Go ❤️', '🇩🇪 Termin', 'Pick 1️⃣'])('refuses emoji in the button text: %s', (cta) => {
		const error = limitError(() => flow({ cta }));
		expect(error.field).toBe('action.parameters.flow_cta');
		expect(error.message).toContain('must not contain emoji');
	});

	it('accepts text symbols and other scripts in the button text', () => {
		expect(() => flow({ cta: 'Termin → buchen © ü 中文' })).not.toThrow();
	});

	it.each([
		['header.text', { header: { type: 'text' as const, text: 'h'.repeat(60) } }, { header: { type: 'text' as const, text: 'h'.repeat(61) } }],
		['body.text', { body: 'b'.repeat(1024) }, { body: 'b'.repeat(1025) }],
		['footer.text', { footer: 'f'.repeat(60) }, { footer: 'f'.repeat(61) }],
	])('%s: accepted at the limit, refused one over', (field, atLimit, overLimit) => {
		expect(() => flow(atLimit)).not.toThrow();
		const error = limitError(() => flow(overLimit));
		expect(error.field).toBe(field);
		expect(error.message).toContain(field);
	});

	it('refuses a media header', () => {
		expect(limitError(() => flow({ header: { type: 'image', link: 'https://e.com/a.png' } })).field).toBe('header.type');
	});

	it('opens a screen with data (an object, or its JSON text) when navigating', () => {
		expect(parameters({ screen: 'DATE', data: { guests: 2 } }).flow_action_payload).toEqual({ screen: 'DATE', data: { guests: 2 } });
		expect(parameters({ data: '{"guests": 2}' }).flow_action_payload).toEqual({ screen: 'FIRST_ENTRY_SCREEN', data: { guests: 2 } });
		expect(parameters({ screen: 'DATE' }).flow_action_payload).toEqual({ screen: 'DATE' });
	});

	it.each([[{}], ['{}'], [[1]], ['[1]'], ['not json']])('refuses screen data %p: a non-empty object is needed', (data) => {
		const error = limitError(() => flow({ data: data as FlowMessageInput['data'] }));
		expect(error.field).toBe('action.parameters.flow_action_payload.data');
	});

	it('sends a screen and data with navigate only', () => {
		expect(parameters({ flowAction: 'data_exchange' })).toMatchObject({ flow_action: 'data_exchange' });
		expect(parameters({ flowAction: 'data_exchange' })).not.toHaveProperty('flow_action_payload');
		expect(limitError(() => flow({ flowAction: 'data_exchange', screen: 'DATE' })).field).toBe('action.parameters.flow_action_payload');
	});

	it('takes a token and draft mode, and refuses unknown modes and actions', () => {
		expect(parameters({ flowToken: 'order-1042', mode: 'draft' })).toMatchObject({ flow_token: 'order-1042', mode: 'draft' });
		expect(limitError(() => flow({ mode: 'test' as FlowMessageInput['mode'] })).field).toBe('action.parameters.mode');
		expect(limitError(() => flow({ flowAction: 'jump' as FlowMessageInput['flowAction'] })).field).toBe('action.parameters.flow_action');
	});
});

describe('choicesFromInput', () => {
	it('reads strings, and objects by id/title, label, name or value', () => {
		expect(choicesFromInput(['A', { id: '2', label: 'B' }, { value: 'c', name: 'C', description: 'd' }])).toEqual([
			{ title: 'A' },
			{ id: '2', title: 'B' },
			{ id: 'c', title: 'C', description: 'd' },
		]);
	});

	it('reads a JSON array given as text', () => {
		expect(choicesFromInput('[{"id":"x","title":"X"}]')).toEqual([{ id: 'x', title: 'X' }]);
	});

	it('names the entry without a title', () => {
		expect(limitError(() => choicesFromInput([{ id: 'x' }], 'options')).field).toBe('options[0].title');
	});
});
