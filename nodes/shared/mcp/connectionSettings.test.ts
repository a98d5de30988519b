import { connectionKey, describeServer, secretValuesOf, settingsFromCredential } from './connectionSettings';
import { buildContextMeta } from './conversationContext';
import { collectPages } from './pagination';

test('stdio credentials become an argument list and env pairs, values untouched', () => {
	expect(
		settingsFromCredential({
			transport: 'stdio',
			command: ' npx ',
			args: { arg: [{ value: '-y' }, { value: '@acme/mcp server' }, { value: '--filter=a,b' }] },
			env: {
				variable: [
					{ name: 'API_KEY', value: 'k=1, 2' },
					{ name: ' ', value: 'ignored' },
				],
			},
			cwd: '',
		}),
	).toEqual({
		transport: 'stdio',
		command: 'npx',
		args: ['-y', '@acme/mcp server', '--filter=a,b'],
		env: [{ name: 'API_KEY', value: 'k=1, 2' }],
		cwd: undefined,
	});
});

test('HTTP credentials keep headers and token', () => {
	expect(settingsFromCredential({ transport: 'sse', url: 'http://h/sse ', bearerToken: 't', headers: { header: [{ name: 'X-A', value: 'v' }] } })).toEqual({
		transport: 'sse',
		url: 'http://h/sse',
		bearerToken: 't',
		headers: [{ name: 'X-A', value: 'v' }],
	});
});

test('an unknown transport falls back to automatic', () => {
	expect(settingsFromCredential({ transport: 'websocket', url: 'http://h' }).transport).toBe('auto');
});

test('equal settings share a key; a changed token, header order aside, does not', () => {
	const base = {
		transport: 'streamableHttp' as const,
		url: 'http://h/mcp',
		bearerToken: 'a',
		headers: [
			{ name: 'X-A', value: '1' },
			{ name: 'X-B', value: '2' },
		],
	};
	expect(connectionKey(base)).toBe(connectionKey({ ...base, headers: [...base.headers].reverse() }));
	expect(connectionKey(base)).not.toBe(connectionKey({ ...base, bearerToken: 'b' }));
});

test('a server is described without secrets', () => {
	expect(describeServer({ transport: 'sse', url: 'https://user:pw@h.example/sse?token=abc' })).toBe('https://h.example/sse');
	expect(describeServer({ transport: 'stdio', command: 'npx', args: ['--api-key', 'secret'] })).toBe('command "npx"');
});

test('conversation context goes under whatsapp, extras at the top, empties left out', () => {
	expect(buildContextMeta({ from: '15551234567', sessionId: '', messageId: 'wamid.1' }, { tenant: 'north', progressToken: 9 })).toEqual({
		whatsapp: { from: '15551234567', messageId: 'wamid.1' },
		tenant: 'north',
	});
	expect(buildContextMeta({})).toBeUndefined();
});

test('pages are collected until there is no cursor, and a repeated cursor stops the walk', async () => {
	const pages: Record<string, { items: number[]; nextCursor?: string }> = {
		'': { items: [1], nextCursor: 'a' },
		a: { items: [2], nextCursor: 'b' },
		b: { items: [3] },
	};
	expect(await collectPages(async (cursor) => pages[cursor ?? ''])).toEqual([1, 2, 3]);
	expect(await collectPages(async () => ({ items: [0], nextCursor: 'same' }))).toEqual([0, 0]);
});

describe('secretValuesOf', () => {
	it('lists the bearer token, every header value and every environment value', () => {
		expect(
			secretValuesOf({
				transport: 'auto',
				url: 'https://mcp.example.com/mcp',
				bearerToken: 'bearer-1234',
				headers: [{ name: 'X-Api-Key', value: 'key-5678' }],
				env: [
					{ name: 'TOKEN', value: 'env-9012' },
					{ name: 'EMPTY', value: '' },
				],
			}),
		).toEqual(['bearer-1234', 'key-5678', 'env-9012']);
	});
});
