import { GraphError, graphErrors } from '../graphError';

// Small, composable checks over a JSON body. A rule names a field by a dotted path where `*`
// stands for every element of an array (`interactive.action.buttons.*.reply.title`), and reports
// the field in Meta's notation (`interactive['action']['buttons'][0]['reply']['title']`).

export type Json = unknown;
export type Rule = (body: Json) => GraphError | undefined;

interface Located {
	value: unknown;
	label: string;
}

export function metaFieldName(segments: Array<string | number>): string {
	const [first, ...rest] = segments;
	return `${first}${rest.map((s) => (typeof s === 'number' ? `[${s}]` : `['${s}']`)).join('')}`;
}

/** Every value a path reaches, with its Meta-style label. Missing leaves yield `undefined`. */
export function locate(body: Json, path: string): Located[] {
	let frontier: Array<{ value: unknown; segments: Array<string | number> }> = [{ value: body, segments: [] }];
	for (const part of path.split('.')) {
		const next: typeof frontier = [];
		for (const { value, segments } of frontier) {
			if (part === '*') {
				if (Array.isArray(value)) value.forEach((v, i) => next.push({ value: v, segments: [...segments, i] }));
			} else {
				// A missing parent makes the leaf missing too, so `required` can name it.
				const child = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
				next.push({ value: child, segments: [...segments, part] });
			}
		}
		frontier = next;
	}
	return frontier.map(({ value, segments }) => ({ value, label: metaFieldName(segments) }));
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
export const characterCount = (s: string) => [...s].length;

function firstFailure(body: Json, path: string, check: (l: Located) => GraphError | undefined): GraphError | undefined {
	for (const located of locate(body, path)) {
		const failure = check(located);
		if (failure) return failure;
	}
	return undefined;
}

export const required =
	(path: string): Rule =>
	(body) =>
		firstFailure(body, path, ({ value, label }) => (isBlank(value) ? graphErrors.missingParameter(`The parameter ${label} is required.`) : undefined));

export const isString =
	(path: string): Rule =>
	(body) =>
		firstFailure(body, path, ({ value, label }) =>
			value !== undefined && typeof value !== 'string' ? graphErrors.invalidParameterValue(`Param ${label} must be a string.`) : undefined,
		);

export const isObject =
	(path: string): Rule =>
	(body) =>
		firstFailure(body, path, ({ value, label }) =>
			value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)
				? isBlank(value)
					? graphErrors.missingParameter(`The parameter ${label} is required.`)
					: graphErrors.invalidParameterValue(`Param ${label} must be a JSON object.`)
				: undefined,
		);

export const isBoolean =
	(path: string): Rule =>
	(body) =>
		firstFailure(body, path, ({ value, label }) =>
			value !== undefined && typeof value !== 'boolean' ? graphErrors.invalidParameterValue(`Param ${label} must be a boolean.`) : undefined,
		);

export const maxLength =
	(path: string, max: number): Rule =>
	(body) =>
		firstFailure(body, path, ({ value, label }) =>
			typeof value === 'string' && characterCount(value) > max
				? graphErrors.invalidParameterValue(`Param ${label} must be at most ${max} characters long.`)
				: undefined,
		);

export const oneOf =
	(path: string, allowed: readonly string[]): Rule =>
	(body) =>
		firstFailure(body, path, ({ value, label }) =>
			value !== undefined && !allowed.includes(value as string)
				? graphErrors.invalidParameterValue(`Param ${label} must be one of {${allowed.join(', ')}} - got "${String(value)}".`)
				: undefined,
		);

export const arrayLength =
	(path: string, min: number, max: number, what = 'elements'): Rule =>
	(body) =>
		firstFailure(body, path, ({ value, label }) => {
			if (value === undefined) return graphErrors.missingParameter(`The parameter ${label} is required.`);
			if (!Array.isArray(value)) return graphErrors.invalidParameterValue(`Param ${label} must be an array.`);
			if (value.length < min || value.length > max)
				return graphErrors.invalidParameterValue(`Param ${label} must contain between ${min} and ${max} ${what}; got ${value.length}.`);
			return undefined;
		});

/** Values reached by `path` must be unique (e.g. button titles); the duplicate is named. */
export const unique =
	(path: string, what: string): Rule =>
	(body) => {
		const seen = new Set<unknown>();
		for (const { value, label } of locate(body, path)) {
			if (value === undefined) continue;
			if (seen.has(value)) return graphErrors.invalidParameterValue(`${what} must be unique; ${label} repeats "${String(value)}".`);
			seen.add(value);
		}
		return undefined;
	};

export const httpUrl =
	(path: string): Rule =>
	(body) =>
		firstFailure(body, path, ({ value, label }) => {
			if (value === undefined) return undefined;
			try {
				const url = new URL(String(value));
				if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
			} catch {
				// fall through to the error
			}
			return graphErrors.invalidParameterValue(`Param ${label} must be a valid http(s) URL.`);
		});

export const numberInRange =
	(path: string, min: number, max: number): Rule =>
	(body) =>
		firstFailure(body, path, ({ value, label }) => {
			if (isBlank(value)) return graphErrors.missingParameter(`The parameter ${label} is required.`);
			const n = typeof value === 'string' ? Number(value) : value;
			if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max)
				return graphErrors.invalidParameterValue(`Param ${label} must be a number between ${min} and ${max}.`);
			return undefined;
		});

export const absent =
	(path: string, why: string): Rule =>
	(body) =>
		firstFailure(body, path, ({ value, label }) =>
			value !== undefined ? graphErrors.invalidParameterValue(`Param ${label} is not allowed: ${why}.`) : undefined,
		);

/** Exactly one of the given keys inside the object at `path` (e.g. a media object's id or link). */
export const exactlyOneOf =
	(path: string, keys: string[]): Rule =>
	(body) =>
		firstFailure(body, path, ({ value, label }) => {
			if (!value || typeof value !== 'object') return undefined;
			const present = keys.filter((k) => !isBlank((value as Record<string, unknown>)[k]));
			if (present.length === 0) return graphErrors.missingParameter(`The parameter ${label}['${keys.join("'] or " + label + "['")}'] is required.`);
			if (present.length > 1) return graphErrors.invalidParameterValue(`Param ${label} must have only one of ${keys.join(', ')}.`);
			return undefined;
		});

/** Applies `rules` only when `predicate` holds for the body. */
export const when =
	(predicate: (body: Json) => boolean, rules: Rule[]): Rule =>
	(body) =>
		predicate(body) ? runRules(rules, body) : undefined;

export function runRules(rules: Rule[], body: Json): GraphError | undefined {
	for (const rule of rules) {
		const failure = rule(body);
		if (failure) return failure;
	}
	return undefined;
}

export const valueAt = (body: Json, path: string): unknown => locate(body, path)[0]?.value;
