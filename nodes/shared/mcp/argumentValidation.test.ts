import { dropUndeclaredArguments, prepareToolArguments, type ToolInputSchema } from './argumentValidation';
import { McpClientError } from './errors';

const orderSchema: ToolInputSchema = {
	$schema: 'http://json-schema.org/draft-07/schema#',
	type: 'object',
	properties: {
		orderId: { type: 'string', pattern: '^ORD-\\d+$' },
		quantity: { type: 'integer', minimum: 1 },
		email: { type: 'string', format: 'email' },
		address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
		tags: { type: 'array', items: { type: 'string' } },
	},
	required: ['orderId'],
	additionalProperties: false,
};

function messageFor(args: Record<string, unknown>, schema: ToolInputSchema = orderSchema): string {
	try {
		prepareToolArguments('lookup-order', args, schema);
	} catch (error) {
		return error instanceof McpClientError ? error.message : `not an McpClientError: ${String(error)}`;
	}
	return 'no error';
}

test('valid arguments pass through unchanged', () => {
	expect(prepareToolArguments('lookup-order', { orderId: 'ORD-1', quantity: 2 }, orderSchema)).toEqual({
		arguments: { orderId: 'ORD-1', quantity: 2 },
		dropped: [],
	});
});

test('a nested field is named with its path', () => {
	expect(messageFor({ orderId: 'ORD-1', address: { city: 7 } })).toBe('Wrong arguments for tool "lookup-order": "address.city" must be string, got number 7');
});

test('an array element is named with its index', () => {
	expect(messageFor({ orderId: 'ORD-1', tags: ['a', 3] })).toBe('Wrong arguments for tool "lookup-order": "tags[1]" must be string, got number 3');
});

test('a format violation names the format', () => {
	expect(messageFor({ orderId: 'ORD-1', email: 'not-an-email' })).toBe(
		'Wrong arguments for tool "lookup-order": "email" must be a valid email, got the text "not-an-email"',
	);
});

test("other keywords use ajv's wording after the field name", () => {
	expect(messageFor({ orderId: 'X-1' })).toBe('Wrong arguments for tool "lookup-order": "orderId" must match pattern "^ORD-\\d+$", got the text "X-1"');
	expect(messageFor({ orderId: 'ORD-1', quantity: 0 })).toBe('Wrong arguments for tool "lookup-order": "quantity" must be >= 1, got number 0');
});

test('several problems are all listed', () => {
	expect(messageFor({ quantity: 'two' })).toBe(
		'Wrong arguments for tool "lookup-order": "orderId" is required but missing; "quantity" must be integer, got the text "two"',
	);
});

test('the error is an invalidArguments McpClientError with the problems in its details', () => {
	expect(() => prepareToolArguments('lookup-order', {}, orderSchema)).toThrow(
		expect.objectContaining({ kind: 'invalidArguments', details: expect.objectContaining({ problems: ['"orderId" is required but missing'] }) }),
	);
});

test('a 2020-12 schema is validated too', () => {
	const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { n: { type: 'number' } }, required: ['n'] };
	expect(messageFor({}, schema)).toBe('Wrong arguments for tool "lookup-order": "n" is required but missing');
});

test('dropping undeclared arguments keeps the declared ones and reports the rest', () => {
	expect(dropUndeclaredArguments({ orderId: 'ORD-1', sessionId: 's', debug: true }, orderSchema)).toEqual({
		arguments: { orderId: 'ORD-1' },
		dropped: ['sessionId', 'debug'],
	});
	expect(prepareToolArguments('lookup-order', { orderId: 'ORD-1', debug: true }, orderSchema, { dropUndeclared: true }).dropped).toEqual(['debug']);
});

test('a schema without properties declares nothing to drop', () => {
	expect(dropUndeclaredArguments({ any: 1 }, { type: 'object' })).toEqual({ arguments: { any: 1 }, dropped: [] });
});

test('no schema means no validation', () => {
	expect(prepareToolArguments('t', { x: 1 }, undefined)).toEqual({ arguments: { x: 1 }, dropped: [] });
});
