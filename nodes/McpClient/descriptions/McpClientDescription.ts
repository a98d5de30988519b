import type { INodeProperties } from 'n8n-workflow';

const show = (...operation: string[]) => ({ show: { operation } });
// Inside the Options collection, displayOptions resolve against the collection's own values unless
// the path starts with '/': without it n8n silently drops these options at run time.
const showForTopLevel = (...operation: string[]) => ({ show: { '/operation': operation } });

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Call Tool', value: 'callTool', action: 'Call a tool', description: "Run one of the server's tools with arguments" },
		{ name: 'Get Prompt', value: 'getPrompt', action: 'Get a prompt', description: "Fill one of the server's prompt templates" },
		{ name: 'List Prompts', value: 'listPrompts', action: 'List prompts' },
		{ name: 'List Resource Templates', value: 'listResourceTemplates', action: 'List resource templates' },
		{ name: 'List Resources', value: 'listResources', action: 'List resources' },
		{ name: 'List Tools', value: 'listTools', action: 'List tools', description: 'Every tool with its input schema' },
		{ name: 'Ping', value: 'ping', action: 'Ping the server', description: 'Check that the server answers' },
		{ name: 'Read Resource', value: 'readResource', action: 'Read a resource' },
	],
	default: 'callTool',
};

const toolProperties: INodeProperties[] = [
	{
		displayName: 'Tool',
		name: 'tool',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: "The tool to call, from the server's list or by name",
		displayOptions: show('callTool'),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTools', searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. lookup_order' },
		],
	},
	{
		displayName: 'Arguments Input',
		name: 'argumentsInput',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: "Fields From the Tool's Schema", value: 'fields', description: 'One field per argument the tool declares' },
			{ name: 'JSON', value: 'json', description: 'An object, e.g. from an expression' },
		],
		default: 'fields',
		displayOptions: show('callTool'),
	},
	{
		displayName: 'Arguments',
		name: 'toolArguments',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['tool.value'],
			resourceMapper: {
				resourceMapperMethod: 'getToolArgumentFields',
				mode: 'add',
				fieldWords: { singular: 'argument', plural: 'arguments' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				noFieldsError: 'This tool takes no arguments',
			},
		},
		displayOptions: { show: { operation: ['callTool'], argumentsInput: ['fields'] } },
	},
	{
		displayName: 'Arguments (JSON)',
		name: 'argumentsJson',
		type: 'json',
		default: '{}',
		description: "The tool's arguments as a JSON object; checked against the tool's input schema before the call",
		displayOptions: { show: { operation: ['callTool'], argumentsInput: ['json'] } },
	},
];

const resourceProperties: INodeProperties[] = [
	{
		displayName: 'Resource URI',
		name: 'resourceUri',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. file:///orders/123.json',
		description: 'A URI from List Resources, or a resource template with its variables filled in',
		displayOptions: show('readResource'),
	},
];

const promptProperties: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: show('getPrompt'),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchPrompts', searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. order_summary' },
		],
	},
	{
		displayName: 'Prompt Arguments',
		name: 'promptArguments',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Argument',
		displayOptions: show('getPrompt'),
		options: [
			{
				name: 'argument',
				displayName: 'Argument',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
];

const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Additional Meta (JSON)',
			name: 'additionalMeta',
			type: 'json',
			default: '{}',
			description: "More fields for the request's _meta, merged at the top level",
			displayOptions: showForTopLevel('callTool'),
		},
		{
			displayName: 'Allowed Tools',
			name: 'allowedTools',
			type: 'string',
			default: '',
			placeholder: 'e.g. lookup_order, track_parcel',
			description: 'Names of the only tools this node may call, separated by commas; a call to any other fails before reaching the server. Empty allows all.',
			displayOptions: showForTopLevel('callTool'),
		},
		{
			displayName: 'Concurrent Calls',
			name: 'concurrency',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 1, maxValue: 50 },
			description:
				"How many items' tool calls may be under way at once on the shared connection. Output keeps item order either way; above 1 the server may run the calls in a different order, so keep 1 when one call depends on the one before. Read from the first item.",
			displayOptions: showForTopLevel('callTool'),
		},
		{
			displayName: 'Context: Customer (From)',
			name: 'contextFrom',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.from }}',
			description: 'Sent to the server as _meta.whatsapp.from so it can decide what this customer may see; also the user ID in the audit log',
			displayOptions: showForTopLevel('callTool'),
		},
		{
			displayName: 'Context: Customer User ID (BSUID)',
			name: 'contextUserId',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.userId }}',
			description:
				"Sent as _meta.whatsapp.userId: the customer's business-scoped user ID, the only key of a customer who hides their phone number behind a username",
			displayOptions: showForTopLevel('callTool'),
		},
		{
			displayName: 'Context: Session ID',
			name: 'contextSessionId',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.sessionId }}',
			description: 'Sent to the server as _meta.whatsapp.sessionId',
			displayOptions: showForTopLevel('callTool'),
		},
		{
			displayName: 'Drop Undeclared Arguments',
			name: 'dropUndeclaredArguments',
			type: 'boolean',
			default: false,
			description: "Whether to remove arguments the tool's input schema does not declare (strict servers reject them)",
			displayOptions: showForTopLevel('callTool'),
		},
		{
			displayName: 'Log Argument Values',
			name: 'logArguments',
			type: 'boolean',
			default: false,
			description: "Whether the audit line in n8n's log includes the argument values (they may be personal data)",
			displayOptions: showForTopLevel('callTool'),
		},
		{
			displayName: 'Maximum Total Time (Ms)',
			name: 'maxTotalTimeout',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Upper bound for one request even while progress arrives; 0 means none',
		},
		{
			displayName: 'Reset Timeout on Progress',
			name: 'resetTimeoutOnProgress',
			type: 'boolean',
			default: false,
			description: 'Whether a progress notification from the server restarts the timeout (for long tools that report progress)',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60000,
			description: 'How long to wait for each request (connect, list, call, read) before failing',
		},
		{
			displayName: 'Validate Arguments',
			name: 'validateArguments',
			type: 'boolean',
			default: true,
			description: "Whether to check the arguments against the tool's input schema before calling it, naming the wrong field",
			displayOptions: showForTopLevel('callTool'),
		},
	],
};

export const mcpClientProperties: INodeProperties[] = [operationProperty, ...toolProperties, ...resourceProperties, ...promptProperties, optionsProperty];
