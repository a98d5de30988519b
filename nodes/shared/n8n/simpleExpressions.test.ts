import { resolveSimpleExpressions } from './simpleExpressions';

const item = { from: '4915112345678', messageId: 'wamid.1', media: { id: '42' }, count: 0, empty: null };

describe('resolveSimpleExpressions', () => {
	it('reads a plain $json property', () => {
		expect(resolveSimpleExpressions('={{ $json.from }}', item)).toEqual({ resolved: true, value: '4915112345678' });
	});

	it('reads a ?? chain of $json properties as JavaScript does', () => {
		const chain = '={{ $json.from ?? $json.userId }}';
		expect(resolveSimpleExpressions(chain, { from: '15551230001', userId: 'US.1' })).toEqual({ resolved: true, value: '15551230001' });
		expect(resolveSimpleExpressions(chain, { from: null, userId: 'US.1' })).toEqual({ resolved: true, value: 'US.1' });
		expect(resolveSimpleExpressions(chain, { userId: 'US.1' })).toEqual({ resolved: true, value: 'US.1' });
		expect(resolveSimpleExpressions(chain, { from: '', userId: 'US.1' })).toEqual({ resolved: true, value: '' });
		expect(resolveSimpleExpressions(chain, { from: null, userId: null })).toEqual({ resolved: true, value: null });
		expect(resolveSimpleExpressions('={{ $json.a ?? $json.b.c ?? $json.d }}', { b: { c: 0 } })).toEqual({ resolved: true, value: 0 });
		expect(resolveSimpleExpressions('={{ $json.a || $json.b }}', { a: 1 })).toEqual({ resolved: false });
		expect(resolveSimpleExpressions("={{ $json.a ?? 'x' }}", { a: 1 })).toEqual({ resolved: false });
	});

	it('reads a nested property and keeps its type', () => {
		expect(resolveSimpleExpressions('={{$json.media.id}}', item)).toEqual({ resolved: true, value: '42' });
		expect(resolveSimpleExpressions('={{ $json.count }}', item)).toEqual({ resolved: true, value: 0 });
	});

	it('gives undefined for a missing property, as n8n does', () => {
		expect(resolveSimpleExpressions('={{ $json.media.url }}', item)).toEqual({ resolved: true, value: undefined });
		expect(resolveSimpleExpressions('={{ $json.empty.id }}', item)).toEqual({ resolved: true, value: undefined });
	});

	it('keeps plain values as they are', () => {
		expect(resolveSimpleExpressions('hello', item)).toEqual({ resolved: true, value: 'hello' });
		expect(resolveSimpleExpressions(3, item)).toEqual({ resolved: true, value: 3 });
	});

	it('resolves every simple expression inside a collection', () => {
		expect(resolveSimpleExpressions({ quoteMessageId: '={{ $json.messageId }}', previewUrl: true }, item)).toEqual({
			resolved: true,
			value: { quoteMessageId: 'wamid.1', previewUrl: true },
		});
	});

	it.each(['={{ $json.from + "x" }}', '={{ $("Trigger").item.json.from }}', '=Hello {{ $json.from }}', '={{ $json["from"] }}', '={{ $json.constructor }}x'])(
		'leaves %s to n8n',
		(expression) => {
			expect(resolveSimpleExpressions(expression, item)).toEqual({ resolved: false });
			expect(resolveSimpleExpressions({ nested: [expression] }, item)).toEqual({ resolved: false });
		},
	);

	it('does not read inherited properties', () => {
		expect(resolveSimpleExpressions('={{ $json.constructor }}', item)).toEqual({ resolved: true, value: undefined });
	});
});
