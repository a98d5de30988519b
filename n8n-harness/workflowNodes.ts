// n8n's own nodes as the tests and benches use them around ours, so that a fixture workflow says
// what it does in a line instead of repeating node JSON.

export interface WebhookNodeOptions {
	/** The production path: POST /webhook/<path>. */
	path: string;
	/** 'lastNode' answers with the last node's first item; 'onReceived' at once; 'responseNode' via Respond to Webhook. */
	responseMode?: 'lastNode' | 'onReceived' | 'responseNode';
	name?: string;
	position?: [number, number];
	/** Extra parameters, e.g. { authentication: 'headerAuth' }. */
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

/** n8n's Webhook node (v2), POST only. */
export function webhookNode(options: WebhookNodeOptions) {
	return {
		id: `webhook-${options.path}`,
		name: options.name ?? 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: options.position ?? [0, 0],
		webhookId: options.path,
		parameters: {
			httpMethod: 'POST',
			path: options.path,
			responseMode: options.responseMode ?? 'lastNode',
			...options.parameters,
			options: {},
		},
		...(options.credentials ? { credentials: options.credentials } : {}),
	};
}

/** A connection map for nodes wired one after the other on their first output. */
export function chain(...names: string[]) {
	const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};
	for (let index = 0; index + 1 < names.length; index++) {
		connections[names[index]] = { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}
