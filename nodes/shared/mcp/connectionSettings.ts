import { createHash } from 'crypto';

export type McpTransportKind = 'streamableHttp' | 'sse' | 'stdio';

export interface NameValue {
	name: string;
	value: string;
}

/** How to reach one MCP server: the `mcpServerApi` credential's fields as plain data. */
export interface McpConnectionSettings {
	transport: 'auto' | McpTransportKind;
	url?: string;
	bearerToken?: string;
	headers?: NameValue[];
	command?: string;
	args?: string[];
	env?: NameValue[];
	cwd?: string;
}

interface CredentialShape {
	transport?: string;
	url?: string;
	bearerToken?: string;
	headers?: { header?: Array<Partial<NameValue>> };
	command?: string;
	args?: { arg?: Array<{ value?: string }> };
	env?: { variable?: Array<Partial<NameValue>> };
	cwd?: string;
}

const TRANSPORTS = ['auto', 'streamableHttp', 'sse', 'stdio'];

/** Turns the credential's fixedCollections into plain lists; empty names are dropped, values kept verbatim. */
export function settingsFromCredential(data: CredentialShape): McpConnectionSettings {
	const transport = (TRANSPORTS.includes(data.transport ?? '') ? data.transport : 'auto') as McpConnectionSettings['transport'];
	const pairs = (list?: Array<Partial<NameValue>>): NameValue[] =>
		(list ?? []).filter((pair) => (pair.name ?? '').trim() !== '').map((pair) => ({ name: (pair.name as string).trim(), value: pair.value ?? '' }));
	if (transport === 'stdio') {
		return {
			transport,
			command: (data.command ?? '').trim(),
			args: (data.args?.arg ?? []).map((arg) => arg.value ?? ''),
			env: pairs(data.env?.variable),
			cwd: (data.cwd ?? '').trim() || undefined,
		};
	}
	return {
		transport,
		url: (data.url ?? '').trim(),
		bearerToken: data.bearerToken || undefined,
		headers: pairs(data.headers?.header),
	};
}

// One settings object serves every item of an execution: hash it once.
const keys = new WeakMap<McpConnectionSettings, string>();

/** Pool key: equal settings share one connection; a changed token or argument gets a new one. */
/** The values of a connection that are secret: the bearer token, every header value and environment value. */
export function secretValuesOf(settings: McpConnectionSettings): string[] {
	return [settings.bearerToken, ...(settings.headers ?? []).map((header) => header.value), ...(settings.env ?? []).map((variable) => variable.value)].filter(
		(value): value is string => typeof value === 'string' && value.length > 0,
	);
}

export function connectionKey(settings: McpConnectionSettings): string {
	const known = keys.get(settings);
	if (known) return known;
	const canonical = JSON.stringify([
		settings.transport,
		settings.url ?? '',
		settings.bearerToken ?? '',
		(settings.headers ?? []).map((h) => [h.name.toLowerCase(), h.value]).sort(),
		settings.command ?? '',
		settings.args ?? [],
		(settings.env ?? []).map((e) => [e.name, e.value]).sort(),
		settings.cwd ?? '',
	]);
	const key = createHash('sha256').update(canonical).digest('hex');
	keys.set(settings, key);
	return key;
}

/** A secret-free name for the server in messages and logs. */
export function describeServer(settings: McpConnectionSettings): string {
	if (settings.transport === 'stdio') {
		// Arguments may carry keys, so only the program is named.
		return `command "${settings.command}"`;
	}
	try {
		const url = new URL(settings.url ?? '');
		url.username = '';
		url.password = '';
		url.search = '';
		return url.toString();
	} catch {
		return `URL "${settings.url}"`;
	}
}
