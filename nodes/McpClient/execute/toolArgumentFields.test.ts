import { argumentsFromMappedFields, pickDeclaredFields, toolArgumentFields } from './toolArgumentFields';

const schema = {
	type: 'object',
	properties: {
		note: { type: 'string', description: 'free text' },
		orderId: { type: 'string', title: 'Order number' },
		quantity: { type: 'integer', default: 1 },
		express: { type: 'boolean' },
		size: { type: 'string', enum: ['S', 'M', 'L'] },
		items: { type: 'array', items: { type: 'string' } },
		address: { type: 'object' },
		when: { type: 'string', format: 'date-time' },
		coupon: { anyOf: [{ type: 'string' }, { type: 'null' }] },
	},
	required: ['orderId', 'size'],
};

test('each schema property becomes a field of the matching n8n type, required ones first', () => {
	const fields = toolArgumentFields(schema);
	expect(fields.map((f) => [f.id, f.type, f.required])).toEqual([
		['orderId', 'string', true],
		['size', 'options', true],
		['note', 'string', false],
		['quantity', 'number', false],
		['express', 'boolean', false],
		['items', 'array', false],
		['address', 'object', false],
		['when', 'dateTime', false],
		['coupon', 'string', false],
	]);
});

test('titles, enum options and primitive defaults are carried over', () => {
	const fields = toolArgumentFields(schema);
	expect(fields.find((f) => f.id === 'orderId')?.displayName).toBe('orderId (Order number)');
	expect(fields.find((f) => f.id === 'size')?.options).toEqual([
		{ name: 'S', value: 'S' },
		{ name: 'M', value: 'M' },
		{ name: 'L', value: 'L' },
	]);
	expect(fields.find((f) => f.id === 'quantity')?.defaultValue).toBe(1);
});

test('a tool without arguments has no fields', () => {
	expect(toolArgumentFields({ type: 'object', properties: {} })).toEqual([]);
	expect(toolArgumentFields(undefined)).toEqual([]);
});

test('mapped values become arguments: unset fields dropped, JSON text parsed for objects and arrays', () => {
	expect(
		argumentsFromMappedFields({ orderId: 'ORD-1', note: '', quantity: null, items: '["a","b"]', address: '{"city":"Porto"}', express: '' }, schema),
	).toEqual({ orderId: 'ORD-1', note: '', items: ['a', 'b'], address: { city: 'Porto' } });
});

test('JSON text that does not parse is kept, for validation to name', () => {
	expect(argumentsFromMappedFields({ items: '[oops' }, schema)).toEqual({ items: '[oops' });
});

test('automatic mapping takes the item fields the schema declares and leaves the rest', () => {
	expect(pickDeclaredFields({ orderId: 'ORD-1', size: 'M', from: '1555', body: 'hi' }, schema)).toEqual({ orderId: 'ORD-1', size: 'M' });
	expect(pickDeclaredFields({ any: 1 }, { type: 'object' })).toEqual({ any: 1 });
});
