import type { IExecuteFunctions } from 'n8n-workflow';

import { ItemParameters } from './ItemParameters';

/** A stand-in for n8n's parameter reads: counts them and "evaluates" with a marker. */
function fakeContext(parameters: Record<string, unknown>, items: Array<Record<string, unknown>>) {
	const reads: Array<{ name: string; itemIndex: number; raw: boolean }> = [];
	const context = {
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown, options?: { rawExpressions?: boolean; extractValue?: boolean }) => {
			reads.push({ name, itemIndex, raw: options?.rawExpressions === true });
			let value = name.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], parameters);
			if (value === undefined) {
				if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
				value = fallback;
			}
			if (options?.rawExpressions) return value;
			if (options?.extractValue && value && typeof value === 'object' && '__rl' in value) value = (value as unknown as { value: unknown }).value;
			const evaluate = (entry: unknown): unknown => {
				if (typeof entry === 'string' && entry.startsWith('=')) return `evaluated(${entry.slice(1)}, item ${itemIndex})`;
				if (Array.isArray(entry)) return entry.map(evaluate);
				if (entry !== null && typeof entry === 'object') return Object.fromEntries(Object.entries(entry).map(([key, inner]) => [key, evaluate(inner)]));
				return entry;
			};
			return evaluate(value);
		},
	};
	return { context: context as unknown as IExecuteFunctions, reads };
}

const items = [
	{ from: '111', a: 1 },
	{ from: '222', a: 2 },
	{ from: '333', a: 3 },
];

describe('ItemParameters', () => {
	it('reads a parameter without expressions once for all items', () => {
		const { context, reads } = fakeContext({ operation: 'callTool', options: { timeout: 5000 } }, items);
		const parameters = new ItemParameters(context);
		for (let i = 0; i < items.length; i++) {
			expect(parameters.get('operation', i)).toBe('callTool');
			expect(parameters.get('options', i, {})).toEqual({ timeout: 5000 });
		}
		expect(reads.filter((read) => read.name === 'operation')).toHaveLength(2); // the raw look, then the value
		expect(reads.filter((read) => read.name === 'options')).toHaveLength(2);
	});

	it('hands out copies, so one item changing its value changes no other', () => {
		const { context } = fakeContext({ options: { timeout: 5000 } }, items);
		const parameters = new ItemParameters(context);
		parameters.get<Record<string, unknown>>('options', 0, {}).timeout = 1;
		expect(parameters.get('options', 1, {})).toEqual({ timeout: 5000 });
	});

	it('copies nested objects and lists too, and keeps a "__proto__" key as data', () => {
		const headers = JSON.parse('{"list": [{"name": "a", "tags": ["x"]}], "__proto__": {"polluted": true}}');
		const { context } = fakeContext({ headers }, items);
		const parameters = new ItemParameters(context);
		const first = parameters.get<{ list: Array<{ name: string; tags: string[] }> }>('headers', 0);
		first.list[0].tags.push('y');
		first.list.push({ name: 'b', tags: [] });
		const second = parameters.get<Record<string, unknown>>('headers', 1);
		expect(second.list).toEqual([{ name: 'a', tags: ['x'] }]);
		expect(Object.getPrototypeOf(second)).toBe(Object.prototype);
		expect(Object.getOwnPropertyDescriptor(second, '__proto__')?.value).toEqual({ polluted: true });
		expect((second as { polluted?: boolean }).polluted).toBeUndefined();
	});

	it('reads plain {{ $json.x }} expressions from each item, without n8n', () => {
		const { context, reads } = fakeContext({ to: '={{ $json.from }}', options: { contextFrom: '={{ $json.from }}', timeout: 10 } }, items);
		const parameters = new ItemParameters(context);
		expect(items.map((_, i) => parameters.get('to', i))).toEqual(['111', '222', '333']);
		expect(parameters.get('options', 2, {})).toEqual({ contextFrom: '333', timeout: 10 });
		expect(reads.every((read) => read.raw)).toBe(true);
	});

	it('falls back to the default when a plain expression finds nothing', () => {
		const { context } = fakeContext({ caption: '={{ $json.missing }}' }, items);
		expect(new ItemParameters(context).get('caption', 0, 'none')).toBe('none');
	});

	it('leaves any other expression to n8n, per item', () => {
		const { context } = fakeContext({ argumentsJson: '={{ JSON.stringify({ a: $json.a }) }}' }, items);
		const parameters = new ItemParameters(context);
		expect(parameters.get('argumentsJson', 1, '{}')).toBe('evaluated({{ JSON.stringify({ a: $json.a }) }}, item 1)');
	});

	it('leaves resource locators with expressions and opted-out values to n8n', () => {
		const { context } = fakeContext({ tool: { __rl: true, mode: 'name', value: '={{ $json.from }}' }, mapped: { a: '={{ $json.a }}' } }, items);
		const parameters = new ItemParameters(context);
		expect(parameters.get('tool', 0, '', { extractValue: true })).toBe('evaluated({{ $json.from }}, item 0)');
		expect(parameters.get('mapped', 2, null, { evaluateInN8n: true })).toEqual({ a: 'evaluated({{ $json.a }}, item 2)' });
	});

	it('extracts a static resource locator value once', () => {
		const { context, reads } = fakeContext({ tool: { __rl: true, mode: 'list', value: 'get-sum' } }, items);
		const parameters = new ItemParameters(context);
		expect(items.map((_, i) => parameters.get('tool', i, '', { extractValue: true }))).toEqual(['get-sum', 'get-sum', 'get-sum']);
		expect(reads).toHaveLength(2);
	});

	it("lets n8n's own error through for a missing parameter without a default", () => {
		const { context } = fakeContext({}, items);
		expect(() => new ItemParameters(context).get('operation', 0)).toThrow('Could not get parameter "operation"');
	});
});
