import type { ICredentialType, INodeProperties } from 'n8n-workflow';

// How to reach one MCP server. Lists are key/value collections, never strings split on spaces or
// commas, so values with spaces, '=', commas or JSON survive intact.
export class McpServerApi implements ICredentialType {
	name = 'mcpServerApi';

	displayName = 'WhatsApp + MCP: MCP Server API';

	icon = 'file:mcp.svg' as const;

	documentationUrl = 'https://modelcontextprotocol.io/docs/concepts/transports';

	properties: INodeProperties[] = [
		{
			displayName: 'Transport',
			name: 'transport',
			type: 'options',
			options: [
				{
					name: 'Automatic (Streamable HTTP, Then SSE)',
					value: 'auto',
					description: 'Try Streamable HTTP; if the server answers 4xx, fall back to SSE',
				},
				{ name: 'Streamable HTTP', value: 'streamableHttp' },
				{ name: 'SSE (Legacy)', value: 'sse' },
				{ name: 'Command (Stdio)', value: 'stdio', description: 'Start the server as a local process' },
			],
			default: 'auto',
		},
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			placeholder: 'https://mcp.example.com/mcp',
			required: true,
			displayOptions: { show: { transport: ['auto', 'streamableHttp', 'sse'] } },
			description: 'The server endpoint (for SSE, the event-stream URL, often ending in /sse)',
		},
		{
			displayName: 'Bearer Token',
			name: 'bearerToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { transport: ['auto', 'streamableHttp', 'sse'] } },
			description: 'Sent as "Authorization: Bearer …" on every request, the SSE event stream included',
		},
		{
			displayName: 'Headers',
			name: 'headers',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Header',
			displayOptions: { show: { transport: ['auto', 'streamableHttp', 'sse'] } },
			options: [
				{
					name: 'header',
					displayName: 'Header',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', typeOptions: { password: true }, default: '' },
					],
				},
			],
		},
		{
			displayName: 'Command',
			name: 'command',
			type: 'string',
			default: '',
			placeholder: 'npx',
			required: true,
			displayOptions: { show: { transport: ['stdio'] } },
			description: 'The program that starts the server; its arguments go in Arguments, one per entry',
		},
		{
			displayName: 'Arguments',
			name: 'args',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			placeholder: 'Add Argument',
			displayOptions: { show: { transport: ['stdio'] } },
			options: [
				{
					name: 'arg',
					displayName: 'Argument',
					values: [{ displayName: 'Value', name: 'value', type: 'string', default: '' }],
				},
			],
		},
		{
			displayName: 'Environment Variables',
			name: 'env',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Variable',
			displayOptions: { show: { transport: ['stdio'] } },
			options: [
				{
					name: 'variable',
					displayName: 'Variable',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', typeOptions: { password: true }, default: '' },
					],
				},
			],
		},
		{
			displayName: 'Working Directory',
			name: 'cwd',
			type: 'string',
			default: '',
			displayOptions: { show: { transport: ['stdio'] } },
		},
	];
}
