import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import { McpClientError } from './errors';

export interface ToolInputSchema {
	type?: string;
	properties?: Record<string, unknown>;
	required?: string[];
	[keyword: string]: unknown;
}

export interface PreparedArguments {
	arguments: Record<string, unknown>;
	/** Names removed because the schema does not declare them. */
	dropped: string[];
}

// Servers describe inputs in draft-07 (zod-to-json-schema) or 2020-12 (zod 4, Python SDK).
// strict: false because real schemas carry keywords ajv does not know (e.g. "title" variants).
const draft07 = addFormats(new Ajv({ allErrors: true, strict: false, validateSchema: false }));
const draft2020 = addFormats(new Ajv2020({ allErrors: true, strict: false, validateSchema: false }));
const compiled = new Map<string, ValidateFunction>();
// A connection keeps its tool list, so the same schema object comes back call after call:
// finding its validator by identity spares serialising the schema on every call.
const compiledBySchema = new WeakMap<ToolInputSchema, ValidateFunction>();

function validatorFor(schema: ToolInputSchema): ValidateFunction {
	const known = compiledBySchema.get(schema);
	if (known) return known;
	const text = JSON.stringify(schema);
	let validate = compiled.get(text);
	if (!validate) {
		const { $schema, $id: _id, ...rest } = schema;
		const ajv = typeof $schema === 'string' && $schema.includes('2020-12') ? draft2020 : draft07;
		validate = ajv.compile(rest);
		if (compiled.size > 500) compiled.clear();
		compiled.set(text, validate);
	}
	compiledBySchema.set(schema, validate);
	return validate;
}

/** Top-level argument names the schema declares, or undefined when it allows anything. */
export function declaredArgumentNames(schema: ToolInputSchema): string[] | undefined {
	return schema.properties ? Object.keys(schema.properties) : undefined;
}

/** Removes arguments the schema does not declare (for strict servers that reject extras). */
export function dropUndeclaredArguments(args: Record<string, unknown>, schema: ToolInputSchema): PreparedArguments {
	const declared = declaredArgumentNames(schema);
	if (!declared) return { arguments: { ...args }, dropped: [] };
	const kept: Record<string, unknown> = {};
	const dropped: string[] = [];
	for (const [name, value] of Object.entries(args)) {
		if (declared.includes(name)) kept[name] = value;
		else dropped.push(name);
	}
	return { arguments: kept, dropped };
}

function fieldName(error: ErrorObject): string {
	const path = error.instancePath
		.split('/')
		.slice(1)
		.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
	if (error.keyword === 'required') path.push(String(error.params.missingProperty));
	if (error.keyword === 'additionalProperties') path.push(String(error.params.additionalProperty));
	return path.length ? path.map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index ? `.${part}` : part)).join('') : '(arguments)';
}

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
	if (typeof value === 'object') return 'an object';
	return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, instancePath: string): unknown {
	let current = root;
	for (const part of instancePath.split('/').slice(1)) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
	}
	return current;
}

/** One line per problem: the field, what was expected, what was given. */
export function describeValidationError(error: ErrorObject, args: unknown, declared?: string[]): string {
	const field = fieldName(error);
	const given = valueAt(args, error.instancePath);
	switch (error.keyword) {
		case 'required':
			return `"${field}" is required but missing`;
		case 'type':
			return `"${field}" must be ${error.params.type}, got ${describeValue(given)}`;
		case 'enum':
			return `"${field}" must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(given)}`;
		case 'const':
			return `"${field}" must be ${JSON.stringify(error.params.allowedValue)}, got ${describeValue(given)}`;
		case 'additionalProperties':
			return `"${field}" is not an argument of this tool${declared ? ` (it accepts: ${declared.join(', ') || 'no arguments'})` : ''}`;
		case 'format':
			return `"${field}" must be a valid ${error.params.format}, got ${describeValue(given)}`;
		default:
			return `"${field}" ${error.message ?? 'is invalid'}${given !== undefined ? `, got ${describeValue(given)}` : ''}`;
	}
}

/**
 * Checks arguments against a tool's inputSchema before the call, so a wrong argument is named
 * here instead of coming back as a strict server's opaque rejection.
 */
export function prepareToolArguments(
	toolName: string,
	args: Record<string, unknown>,
	schema: ToolInputSchema | undefined,
	options: { dropUndeclared?: boolean } = {},
): PreparedArguments {
	if (!schema || typeof schema !== 'object') return { arguments: args, dropped: [] };
	const prepared = options.dropUndeclared ? dropUndeclaredArguments(args, schema) : { arguments: args, dropped: [] };
	let validate: ValidateFunction;
	try {
		validate = validatorFor(schema);
	} catch {
		// A schema ajv cannot compile is the server's problem; the server still validates.
		return prepared;
	}
	if (validate(prepared.arguments)) return prepared;
	const declared = declaredArgumentNames(schema);
	const problems = [...new Set((validate.errors ?? []).map((error) => describeValidationError(error, prepared.arguments, declared)))];
	const undeclared = (validate.errors ?? []).some((error) => error.keyword === 'additionalProperties');
	throw new McpClientError(
		'invalidArguments',
		`Wrong arguments for tool "${toolName}": ${problems.join('; ')}`,
		undeclared
			? 'Fix the arguments, or turn on the option "Drop Undeclared Arguments" to remove the ones the tool does not accept.'
			: "Fix the arguments to match the tool's input schema (List Tools shows it).",
		{ problems, inputSchema: schema },
	);
}
