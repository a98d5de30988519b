import { startSandbox, Sandbox } from '../../sandbox';
import { graphClient } from './sandboxTestKit';

// The sandbox rejects what Meta's Cloud API rejects, with Meta's error shape and the field named,
// and accepts every message right at the limits of CLOUD-API.md.

let sandbox: Sandbox;
let api: ReturnType<typeof graphClient>;
const to = '4915112345678';

beforeAll(async () => {
	sandbox = await startSandbox({ statusDelaysMs: [5, 10, 15] });
	api = graphClient(sandbox);
});
afterAll(() => sandbox.stop());

const send = (body: Record<string, unknown>) => api.post(`${sandbox.credentials.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to, ...body });
const chars = (n: number, c = 'x') => c.repeat(n);
const buttons = (n: number, title = (i: number) => `Option ${i}`) =>
	Array.from({ length: n }, (_, i) => ({ type: 'reply', reply: { id: `opt-${i}`, title: title(i) } }));
const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));
const buttonMessage = (action: unknown, extra: Record<string, unknown> = {}) => ({
	type: 'interactive',
	interactive: { type: 'button', body: { text: 'Pick one' }, action, ...extra },
});
const listMessage = (action: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	type: 'interactive',
	interactive: { type: 'list', body: { text: 'Our menu' }, action: { button: 'See menu', ...action }, ...extra },
});

describe('a send that Meta rejects gets HTTP 400 with the error code and names the field', () => {
	const rejected: Array<[string, Record<string, unknown>, number, string]> = [
		['messaging_product missing', { messaging_product: undefined, type: 'text', text: { body: 'hi' } }, 131008, 'messaging_product'],
		['messaging_product not whatsapp', { messaging_product: 'sms', type: 'text', text: { body: 'hi' } }, 131009, 'messaging_product'],
		['to missing', { to: undefined, type: 'text', text: { body: 'hi' } }, 131008, 'to'],
		['to not a phone number', { to: 'ana@example.com', type: 'text', text: { body: 'hi' } }, 131009, 'to'],
		['unknown type', { type: 'carrier_pigeon' }, 100, 'type'],
		[
			'biz_opaque_callback_data over 512 characters',
			{ type: 'text', text: { body: 'hi' }, biz_opaque_callback_data: chars(513) },
			131009,
			'biz_opaque_callback_data',
		],
		['text body missing', { type: 'text', text: {} }, 131008, "text['body']"],
		['text body over 4096 characters', { type: 'text', text: { body: chars(4097) } }, 131009, "text['body']"],
		['image with neither id nor link', { type: 'image', image: { caption: 'hi' } }, 131008, 'image'],
		['image with both id and link', { type: 'image', image: { id: '1', link: 'https://example.com/a.png' } }, 131009, 'image'],
		['image link not a URL', { type: 'image', image: { link: 'not a url' } }, 131009, "image['link']"],
		['caption over 1024 characters', { type: 'image', image: { link: 'https://example.com/a.png', caption: chars(1025) } }, 131009, "image['caption']"],
		['audio with a caption', { type: 'audio', audio: { link: 'https://example.com/a.ogg', caption: 'no' } }, 131009, "audio['caption']"],
		['unknown media id', { type: 'image', image: { id: '999999999' } }, 100, "image['id']"],
		['location latitude out of range', { type: 'location', location: { latitude: 91, longitude: 0 } }, 131009, "location['latitude']"],
		['location longitude missing', { type: 'location', location: { latitude: 10 } }, 131008, "location['longitude']"],
		['reaction without message_id', { type: 'reaction', reaction: { emoji: '👍' } }, 131008, "reaction['message_id']"],
		['reaction emoji that is text', { type: 'reaction', reaction: { message_id: 'wamid.x', emoji: 'ok' } }, 131009, "reaction['emoji']"],
		['interactive type unknown', { type: 'interactive', interactive: { type: 'carousel' } }, 131009, "interactive['type']"],
		['buttons: none', buttonMessage({ buttons: [] }), 131009, "interactive['action']['buttons']"],
		['buttons: four', buttonMessage({ buttons: buttons(4) }), 131009, "interactive['action']['buttons']"],
		[
			'button title over 20 characters',
			buttonMessage({ buttons: buttons(1, () => chars(21)) }),
			131009,
			"interactive['action']['buttons'][0]['reply']['title']",
		],
		[
			'button title missing',
			buttonMessage({ buttons: [{ type: 'reply', reply: { id: 'a' } }] }),
			131008,
			"interactive['action']['buttons'][0]['reply']['title']",
		],
		[
			'button id over 256 characters',
			buttonMessage({ buttons: [{ type: 'reply', reply: { id: chars(257), title: 'A' } }] }),
			131009,
			"interactive['action']['buttons'][0]['reply']['id']",
		],
		['button titles repeated', buttonMessage({ buttons: buttons(2, () => 'Same') }), 131009, "interactive['action']['buttons'][1]['reply']['title']"],
		[
			'button ids repeated',
			buttonMessage({
				buttons: [
					{ type: 'reply', reply: { id: 'a', title: 'A' } },
					{ type: 'reply', reply: { id: 'a', title: 'B' } },
				],
			}),
			131009,
			"interactive['action']['buttons'][1]['reply']['id']",
		],
		[
			'button body over 1024 characters',
			{ type: 'interactive', interactive: { type: 'button', body: { text: chars(1025) }, action: { buttons: buttons(1) } } },
			131009,
			"interactive['body']['text']",
		],
		['button body missing', { type: 'interactive', interactive: { type: 'button', action: { buttons: buttons(1) } } }, 131008, "interactive['body']['text']"],
		['footer over 60 characters', buttonMessage({ buttons: buttons(1) }, { footer: { text: chars(61) } }), 131009, "interactive['footer']['text']"],
		[
			'header text over 60 characters',
			buttonMessage({ buttons: buttons(1) }, { header: { type: 'text', text: chars(61) } }),
			131009,
			"interactive['header']['text']",
		],
		['list button label over 20 characters', listMessage({ button: chars(21), sections: [{ rows: rows(1) }] }), 131009, "interactive['action']['button']"],
		['list button label missing', listMessage({ button: undefined, sections: [{ rows: rows(1) }] }), 131008, "interactive['action']['button']"],
		[
			'list with eleven sections',
			listMessage({ sections: Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: rows(1, `s${i}r`) })) }),
			131009,
			"interactive['action']['sections']",
		],
		[
			'list with eleven rows in total',
			listMessage({
				sections: [
					{ title: 'A', rows: rows(6, 'a') },
					{ title: 'B', rows: rows(5, 'b') },
				],
			}),
			131009,
			"interactive['action']['sections']",
		],
		['list with no rows', listMessage({ sections: [{ title: 'A', rows: [] }] }), 131009, "interactive['action']['sections']"],
		[
			'two sections without titles',
			listMessage({ sections: [{ rows: rows(1, 'a') }, { rows: rows(1, 'b') }] }),
			131008,
			"interactive['action']['sections'][0]['title']",
		],
		[
			'section title over 24 characters',
			listMessage({ sections: [{ title: chars(25), rows: rows(1) }] }),
			131009,
			"interactive['action']['sections'][0]['title']",
		],
		[
			'row id over 200 characters',
			listMessage({ sections: [{ rows: [{ id: chars(201), title: 'A' }] }] }),
			131009,
			"interactive['action']['sections'][0]['rows'][0]['id']",
		],
		[
			'row title over 24 characters',
			listMessage({ sections: [{ rows: [{ id: 'a', title: chars(25) }] }] }),
			131009,
			"interactive['action']['sections'][0]['rows'][0]['title']",
		],
		[
			'row description over 72 characters',
			listMessage({ sections: [{ rows: [{ id: 'a', title: 'A', description: chars(73) }] }] }),
			131009,
			"interactive['action']['sections'][0]['rows'][0]['description']",
		],
		[
			'row ids repeated',
			listMessage({
				sections: [
					{ title: 'A', rows: [{ id: 'same', title: 'A' }] },
					{ title: 'B', rows: [{ id: 'same', title: 'B' }] },
				],
			}),
			131009,
			"interactive['action']['sections'][1]['rows'][0]['id']",
		],
		[
			'CTA display text over 20 characters',
			{
				type: 'interactive',
				interactive: {
					type: 'cta_url',
					body: { text: 'Open' },
					action: { name: 'cta_url', parameters: { display_text: chars(21), url: 'https://example.com' } },
				},
			},
			131009,
			"interactive['action']['parameters']['display_text']",
		],
		[
			'CTA URL not a URL',
			{
				type: 'interactive',
				interactive: { type: 'cta_url', body: { text: 'Open' }, action: { name: 'cta_url', parameters: { display_text: 'Open', url: 'example' } } },
			},
			131009,
			"interactive['action']['parameters']['url']",
		],
		['template name missing', { type: 'template', template: { language: { code: 'en_US' } } }, 131008, "template['name']"],
		['template language missing', { type: 'template', template: { name: 'hello_world' } }, 131008, "template['language']['code']"],
		['template that does not exist', { type: 'template', template: { name: 'no_such_template', language: { code: 'en_US' } } }, 132001, 'no_such_template'],
		['template in a language it lacks', { type: 'template', template: { name: 'hello_world', language: { code: 'de' } } }, 132001, 'hello_world'],
		[
			'template with too few body parameters',
			{
				type: 'template',
				template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] },
			},
			132000,
			'body',
		],
		[
			'template URL button without its parameter',
			{
				type: 'template',
				template: { name: 'delivery_tracking', language: { code: 'en_US' }, components: [{ type: 'header', parameters: [{ type: 'text', text: '#1' }] }] },
			},
			132000,
			'button 0',
		],
		[
			'template coupon code over 20 characters',
			{
				type: 'template',
				template: {
					name: 'hello_world',
					language: { code: 'en_US' },
					components: [{ type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: chars(21) }] }],
				},
			},
			131009,
			"template['components'][0]['parameters'][0]['coupon_code']",
		],
	];

	test.each(rejected.map(([name, body, code, field]) => [name, code, field, body] as const))('%s → code %i naming %s', async (_name, code, field, body) => {
		const response = await send(body);
		expect(response.status).toBe(400);
		const { error } = response.data;
		expect(error.code).toBe(code);
		expect(error.type).toBe('OAuthException');
		expect(error.message.startsWith(`(#${code}) `)).toBe(true);
		expect(typeof error.fbtrace_id).toBe('string');
		expect(error.error_data.messaging_product).toBe('whatsapp');
		expect(error.error_data.details).toContain(field);
	});
});

describe('a send right at a limit is accepted', () => {
	const accepted: Array<[string, Record<string, unknown>]> = [
		['text body of 4096 characters', { type: 'text', text: { body: chars(4096), preview_url: false } }],
		['type left out (Meta defaults to text)', { text: { body: 'hi' } }],
		['to with a plus and spaces', { to: '+49 151 1234 5678', type: 'text', text: { body: 'hi' } }],
		['caption of 1024 characters', { type: 'image', image: { link: 'https://example.com/a.png', caption: chars(1024) } }],
		[
			'three buttons with 20-character titles',
			buttonMessage({ buttons: buttons(3, (i) => chars(19) + i) }, { footer: { text: chars(60) }, header: { type: 'text', text: chars(60) } }),
		],
		['ten rows in one untitled section', listMessage({ sections: [{ rows: rows(10) }] })],
		[
			'ten sections of one row each',
			listMessage({
				sections: Array.from({ length: 10 }, (_, i) => ({ title: chars(24), rows: [{ id: chars(199) + i, title: chars(24), description: chars(72) }] })),
			}),
		],
		[
			'CTA URL button',
			{
				type: 'interactive',
				interactive: {
					type: 'cta_url',
					body: { text: 'Open' },
					action: { name: 'cta_url', parameters: { display_text: chars(20), url: 'https://example.com/a?b=c' } },
				},
			},
		],
		['reaction removal (empty emoji)', { type: 'reaction', reaction: { message_id: 'wamid.abc', emoji: '' } }],
		['reaction with a composed emoji', { type: 'reaction', reaction: { message_id: 'wamid.abc', emoji: '👍🏽' } }],
		['location as numeric strings', { type: 'location', location: { latitude: '52.52', longitude: '13.405', name: 'Office' } }],
		[
			'template with all its parameters',
			{
				type: 'template',
				template: {
					name: 'order_update',
					language: { code: 'en_US' },
					components: [
						{
							type: 'body',
							parameters: [
								{ type: 'text', text: 'Ana' },
								{ type: 'text', text: '#1042' },
								{ type: 'text', text: 'shipped' },
							],
						},
					],
				},
			},
		],
		['template without parameters', { type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }],
		['quoting a message with context', { type: 'text', text: { body: 'hi' }, context: { message_id: 'wamid.quoted' } }],
	];

	test.each(accepted)('%s', async (_name, body) => {
		const response = await send(body);
		expect(response.status).toBe(200);
		expect(response.data.messaging_product).toBe('whatsapp');
		expect(response.data.contacts).toEqual([{ input: (body.to as string) ?? to, wa_id: to }]);
		expect(response.data.messages[0].id).toMatch(/^wamid\./);
		expect(response.data.messages[0].message_status).toBe('accepted');
	});
});

describe('bad input never crashes the sandbox', () => {
	test('a body that is not JSON gets a code-100 error', async () => {
		const response = await api.post(`${sandbox.credentials.phoneNumberId}/messages`, '{"messaging_product": "whatsapp", ', {
			headers: { 'Content-Type': 'application/json' },
			transformRequest: (d) => d,
		});
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(100);
		expect(response.data.error.error_data.details).toContain('not valid JSON');
	});

	test('a JSON array body gets a code-100 error', async () => {
		const response = await api.post(`${sandbox.credentials.phoneNumberId}/messages`, [1, 2]);
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(100);
	});

	test('interactive given as a string gets a field error', async () => {
		const response = await send({ type: 'interactive', interactive: 'button' });
		expect(response.status).toBe(400);
		expect(response.data.error.error_data.details).toContain('interactive');
	});

	test('the sandbox still answers after all of the above', async () => {
		const response = await send({ type: 'text', text: { body: 'still here' } });
		expect(response.status).toBe(200);
	});
});
