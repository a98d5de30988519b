import type { INodeProperties } from 'n8n-workflow';

export const mcpToolsProperties: INodeProperties[] = [
	{
		displayName:
			'Gives a connected AI Agent every tool of an MCP server, each as its own tool, over a connection shared by all agent turns and executions. Use the MCP Client node for calls you make yourself.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Tools to Include',
		name: 'toolSelection',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All', value: 'all', description: 'Every tool the server lists, now and after it adds some' },
			{ name: 'Selected', value: 'selected', description: 'Only the tools chosen below' },
			{ name: 'All Except', value: 'except', description: 'Every tool but the ones chosen below' },
		],
	},
	{
		displayName: 'Tool Names or IDs',
		name: 'includeTools',
		type: 'multiOptions',
		default: [],
		typeOptions: { loadOptionsMethod: 'getTools' },
		description: 'The tools the agent may use. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { toolSelection: ['selected'] } },
	},
	{
		displayName: 'Excluded Tool Names or IDs',
		name: 'excludeTools',
		type: 'multiOptions',
		default: [],
		typeOptions: { loadOptionsMethod: 'getTools' },
		description:
			'The tools the agent may not use. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { toolSelection: ['except'] } },
	},
	{
		displayName: 'Tool Name Prefix',
		name: 'toolNamePrefix',
		type: 'string',
		default: '',
		placeholder: 'e.g. shop',
		description: 'Put before every tool name ("shop_lookup_order"), so that two servers with a tool of the same name can serve one agent',
	},
	{
		displayName: 'Context: Customer (From)',
		name: 'contextFrom',
		type: 'string',
		default: '={{ $json.from }}',
		description:
			'The customer the agent is answering, sent with every call as _meta.whatsapp.from so the server answers for this customer only; also the (masked) user in the audit log. The model cannot change it.',
	},
	{
		displayName: 'Context: Customer User ID (BSUID)',
		name: 'contextUserId',
		type: 'string',
		default: '={{ $json.userId }}',
		description:
			"The customer's business-scoped user ID, sent with every call as _meta.whatsapp.userId: the only key of a customer who hides their phone number behind a username. The model cannot change it.",
	},
	{
		displayName: 'Context: Session ID',
		name: 'contextSessionId',
		type: 'string',
		default: '={{ $json.sessionId }}',
		description: 'Sent with every call as _meta.whatsapp.sessionId',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Log Argument Values',
				name: 'logArguments',
				type: 'boolean',
				default: false,
				description: "Whether the audit line in n8n's log includes the argument values (they may be personal data)",
			},
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60000,
				description: 'How long one tool call may take before the model is told it timed out',
			},
			{
				displayName: 'Validate Arguments',
				name: 'validateArguments',
				type: 'boolean',
				default: true,
				description:
					"Whether to check the model's arguments against the tool's input schema before calling; a mismatch goes back to the model so it can correct itself",
			},
		],
	},
];
