import type { IDataObject } from 'n8n-workflow';

/**
 * n8n 2.x evaluates every expression in an isolate, about a millisecond each; a 1000-item batch
 * with three mapped fields spends seconds there. The commonest expressions — a plain property of
 * the current item, like this node's default `{{ $json.from }}` — are read straight from the
 * item instead, with the same result. Anything else is left to n8n.
 */

const JSON_PATH = String.raw`\$json((?:\.[A-Za-z_$][\w$]*)+)`;
// `{{ $json.a }}`, or a `??` chain of them (`{{ $json.from ?? $json.userId }}`, the Reply node's default).
const SIMPLE_JSON_CHAIN = new RegExp(String.raw`^=\{\{\s*${JSON_PATH}(?:\s*\?\?\s*${JSON_PATH})*\s*\}\}$`);
const ONE_PATH = new RegExp(JSON_PATH, 'g');

type Resolution = { resolved: true; value: unknown } | { resolved: false };

/** Whether a raw parameter value (expressions unevaluated) has an expression anywhere in it. */
export function containsExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (Array.isArray(raw)) return raw.some(containsExpression);
	if (raw !== null && typeof raw === 'object') return Object.values(raw).some(containsExpression);
	return false;
}

/** The value of a raw parameter (expressions unevaluated) for an item, when every expression in it is a plain $json path. */
export function resolveSimpleExpressions(raw: unknown, json: IDataObject): Resolution {
	if (typeof raw === 'string') {
		if (!raw.startsWith('=')) return { resolved: true, value: raw };
		if (!SIMPLE_JSON_CHAIN.test(raw)) return { resolved: false };
		let value: unknown;
		for (const [, path] of raw.matchAll(ONE_PATH)) {
			value = json;
			for (const key of path.slice(1).split('.')) {
				value = value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key) ? (value as IDataObject)[key] : undefined;
			}
			// `??` moves on only past null and undefined, as in JavaScript.
			if (value !== null && value !== undefined) break;
		}
		return { resolved: true, value };
	}
	if (Array.isArray(raw)) {
		const values: unknown[] = [];
		for (const entry of raw) {
			const resolution = resolveSimpleExpressions(entry, json);
			if (!resolution.resolved) return resolution;
			values.push(resolution.value);
		}
		return { resolved: true, value: values };
	}
	if (raw !== null && typeof raw === 'object') {
		const values: IDataObject = {};
		for (const [key, entry] of Object.entries(raw)) {
			const resolution = resolveSimpleExpressions(entry, json);
			if (!resolution.resolved) return resolution;
			values[key] = resolution.value as IDataObject[string];
		}
		return { resolved: true, value: values };
	}
	return { resolved: true, value: raw };
}
