import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { containsExpression, resolveSimpleExpressions } from './simpleExpressions';

export interface ItemParameterOptions {
	/** Resource locators: the value, as getNodeParameter's extractValue gives it. */
	extractValue?: boolean;
	/** Leave `{{ $json.x }}` to n8n (e.g. resource mapper values, which n8n type-checks). */
	evaluateInN8n?: boolean;
}

type Plan = { kind: 'static'; value: unknown } | { kind: 'fromItem'; raw: unknown } | { kind: 'n8n' };

/**
 * Node parameters for every item of one execution, as getNodeParameter gives them, for less.
 * n8n 2.x evaluates each expression in an isolate (about a millisecond) and does schema work on
 * every read, so 1000 items × a handful of parameters add up. Here:
 * - a parameter with no expression in it is read once: it cannot differ between items;
 * - one whose every expression is a plain `{{ $json.x }}` is read straight from the item
 *   (see simpleExpressions.ts), with the same result;
 * - anything else is evaluated by n8n, per item, as before.
 * Values are copies, so a caller changing one cannot change another item's.
 */
export class ItemParameters {
	private readonly plans = new Map<string, Plan>();

	private readonly items: INodeExecutionData[];

	constructor(private readonly fns: Pick<IExecuteFunctions, 'getInputData' | 'getNodeParameter'>) {
		this.items = fns.getInputData();
	}

	get<T>(name: string, itemIndex: number, fallback?: T, options: ItemParameterOptions = {}): T {
		const planKey = `${name}|${options.extractValue ? 'value' : ''}|${options.evaluateInN8n ? 'n8n' : ''}`;
		let plan = this.plans.get(planKey);
		if (!plan) {
			plan = this.plan(name, itemIndex, fallback, options);
			this.plans.set(planKey, plan);
		}
		if (plan.kind === 'static') return copy(plan.value) as T;
		if (plan.kind === 'fromItem') {
			const resolution = resolveSimpleExpressions(plan.raw, this.items[itemIndex]?.json ?? {});
			if (resolution.resolved) return (resolution.value === undefined && fallback !== undefined ? fallback : resolution.value) as T;
		}
		return this.read(name, itemIndex, fallback, options.extractValue) as T;
	}

	private plan(name: string, itemIndex: number, fallback: unknown, options: ItemParameterOptions): Plan {
		let raw: unknown;
		try {
			raw = this.fns.getNodeParameter(name, itemIndex, fallback as never, { rawExpressions: true });
		} catch {
			return { kind: 'n8n' }; // n8n's own read says what is wrong, per item
		}
		if (!containsExpression(raw)) return { kind: 'static', value: this.read(name, itemIndex, fallback, options.extractValue) };
		if (!options.extractValue && !options.evaluateInN8n) return { kind: 'fromItem', raw };
		return { kind: 'n8n' };
	}

	private read(name: string, itemIndex: number, fallback: unknown, extractValue?: boolean): unknown {
		return this.fns.getNodeParameter(name, itemIndex, fallback as never, extractValue ? { extractValue: true } : undefined);
	}
}

/**
 * A deep copy. Parameters are plain JSON-like data, copied directly (structuredClone serialises:
 * µs per read); n8n-workflow's deepCopy would make a "__proto__" key the copy's prototype.
 */
function copy(value: unknown): unknown {
	if (value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map(copy);
	const prototype = Object.getPrototypeOf(value);
	if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
	const copied: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value)) {
		// A "__proto__" key from JSON is an own property; plain assignment would set the prototype.
		Object.defineProperty(copied, key, { value: copy(entry), enumerable: true, writable: true, configurable: true });
	}
	return copied;
}
