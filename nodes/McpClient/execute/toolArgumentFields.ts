import type { FieldType, ResourceMapperField } from 'n8n-workflow';

import type { ToolInputSchema } from '../../shared/mcp/argumentValidation';

interface PropertySchema {
	type?: string | string[];
	format?: string;
	enum?: unknown[];
	title?: string;
	description?: string;
	default?: unknown;
	anyOf?: PropertySchema[];
	oneOf?: PropertySchema[];
}

function primaryType(schema: PropertySchema): string | undefined {
	if (Array.isArray(schema.type)) return schema.type.find((type) => type !== 'null');
	if (schema.type) return schema.type;
	// Optional fields from pydantic/zod often come as anyOf: [{type: X}, {type: 'null'}].
	const variants = (schema.anyOf ?? schema.oneOf ?? []).filter((variant) => variant.type !== 'null');
	return variants.length === 1 ? primaryType(variants[0]) : undefined;
}

function fieldType(schema: PropertySchema): FieldType {
	if (Array.isArray(schema.enum) && schema.enum.every((value) => typeof value === 'string' || typeof value === 'number')) return 'options';
	switch (primaryType(schema)) {
		case 'number':
		case 'integer':
			return 'number';
		case 'boolean':
			return 'boolean';
		case 'array':
			return 'array';
		case 'object':
			return 'object';
		default:
			return schema.format === 'date-time' ? 'dateTime' : schema.format === 'uri' ? 'url' : 'string';
	}
}

/** The tool's top-level arguments as n8n resource-mapper fields (required ones first). */
export function toolArgumentFields(schema: ToolInputSchema | undefined): ResourceMapperField[] {
	const properties = (schema?.properties ?? {}) as Record<string, PropertySchema>;
	const required = new Set(schema?.required ?? []);
	const fields = Object.entries(properties).map(([name, property]): ResourceMapperField => {
		const type = fieldType(property);
		const field: ResourceMapperField = {
			id: name,
			displayName: property.title && property.title !== name ? `${name} (${property.title})` : name,
			required: required.has(name),
			defaultMatch: false,
			display: true,
			type,
		};
		if (type === 'options') {
			field.options = (property.enum as Array<string | number>).map((value) => ({ name: String(value), value }));
		}
		const fallback = property.default;
		if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') field.defaultValue = fallback;
		return field;
	});
	return fields.sort((a, b) => Number(b.required) - Number(a.required));
}

/**
 * Turns the resource mapper's values into tool arguments: unset optional fields are left out,
 * and object/array fields given as JSON text are parsed (n8n keeps them as text in the editor).
 */
export function argumentsFromMappedFields(values: Record<string, unknown> | null | undefined, schema: ToolInputSchema | undefined): Record<string, unknown> {
	const properties = (schema?.properties ?? {}) as Record<string, PropertySchema>;
	const args: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(values ?? {})) {
		if (value === null || value === undefined) continue;
		const type = properties[name] ? primaryType(properties[name]) : undefined;
		if (value === '' && type !== 'string') continue;
		if ((type === 'object' || type === 'array') && typeof value === 'string') {
			args[name] = parseJsonOr(value);
		} else {
			args[name] = value;
		}
	}
	return args;
}

/** For automatic mapping: the input item's fields that the schema declares (all of them when it declares none). */
export function pickDeclaredFields(json: Record<string, unknown>, schema: ToolInputSchema | undefined): Record<string, unknown> {
	if (!schema?.properties) return { ...json };
	const picked: Record<string, unknown> = {};
	for (const name of Object.keys(schema.properties)) if (name in json) picked[name] = json[name];
	return picked;
}

function parseJsonOr(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		// Left as text: validation then names the field and says an object or array was expected.
		return text;
	}
}
