import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters } from 'n8n-workflow';

/**
 * A stand-in for the parts of n8n's IExecuteFunctions the Reply node uses, for one node in a
 * small workflow: its ancestors (as getParentNodes lists them, farthest first, with `depth`),
 * and what `$('<node>').item` gives per item (a function that throws stands for n8n failing to
 * follow pairedItem).
 */
export interface FakeWorkflow {
	/** The node running: the Reply node, of this version. */
	typeVersion: number;
	/** Node name → its type. */
	types: Record<string, string>;
	/** Node name → the names of the nodes feeding it. */
	parents: Record<string, string[]>;
	disabled?: string[];
	/** Node name → per item index, the json of `$('<node>').item`, or an error. */
	paired?: Record<string, (itemIndex: number) => IDataObject>;
	items?: INodeExecutionData[];
	/** Node parameters; a value "={{ $json.a.b }}" or "={{ $json.a ?? $json.b }}" is read from the item (other expressions are not supported). */
	parameters?: INodeParameters;
	credentials?: IDataObject;
}

export const REPLY = 'WhatsApp Reply';
export const TRIGGER_TYPE = 'n8n-nodes-whatsapp-mcp.whatsAppTrigger';

export function fakeExecuteFunctions(workflow: FakeWorkflow) {
	const calls = {
		getParentNodes: 0,
		proxy: [] as Array<{ itemIndex: number; node: string; resolveFullItem: unknown }>,
		hints: [] as Array<{ message: string; type?: string }>,
		warnings: [] as string[],
	};
	const items = workflow.items ?? [{ json: {} }];
	/** Ancestors by hops; the list farthest first, as n8n gives it. */
	const ancestors = (name: string, depth = -1): string[] => {
		const seen = new Map<string, number>();
		let frontier = [name];
		for (let hops = 1; frontier.length && (depth === -1 || hops <= depth); hops++) {
			frontier = frontier.flatMap((node) => workflow.parents[node] ?? []).filter((node) => !seen.has(node) && node !== name);
			for (const node of frontier) seen.set(node, hops);
		}
		return [...seen.entries()].sort((a, b) => b[1] - a[1]).map(([node]) => node);
	};
	const evaluate = (value: unknown, itemIndex: number): unknown => {
		if (typeof value === 'string' && value.startsWith('=')) {
			const expression = /^=\{\{(.*)\}\}$/.exec(value)?.[1] ?? '';
			const paths = expression.split('??').map((part) => /^\s*\$json((?:\.\w+)+)\s*$/.exec(part)?.[1]);
			if (paths.some((path) => path === undefined)) throw new Error(`fake n8n cannot evaluate ${value}`);
			const read = (path: string) =>
				path
					.slice(1)
					.split('.')
					.reduce<unknown>((at, key) => (at as IDataObject | undefined)?.[key], items[itemIndex]?.json);
			return paths.reduce<unknown>((found, path) => found ?? read(path!), undefined);
		}
		if (Array.isArray(value)) return value.map((entry) => evaluate(entry, itemIndex));
		if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, evaluate(entry, itemIndex)]));
		return value;
	};
	const fns = {
		getNode: () => ({ id: 'reply', name: REPLY, type: 'n8n-nodes-whatsapp-mcp.whatsAppReply', typeVersion: workflow.typeVersion, position: [0, 0], parameters: workflow.parameters ?? {} }),
		getParentNodes: (name: string, options?: { depth?: number }) => {
			calls.getParentNodes++;
			return ancestors(name, options?.depth).map((node) => ({ name: node, type: workflow.types[node] ?? 'n8n-nodes-base.set', typeVersion: 1, disabled: workflow.disabled?.includes(node) ?? false }));
		},
		getWorkflowDataProxy: (itemIndex: number) => ({
			$: (node: string, resolveFullItem?: unknown) => {
				calls.proxy.push({ itemIndex, node, resolveFullItem });
				return {
					get item() {
						const paired = workflow.paired?.[node];
						if (!paired) throw new Error(`Paired item data for item from node '${REPLY}' is unavailable`);
						return { json: paired(itemIndex) };
					},
				};
			},
		}),
		getInputData: () => items,
		getCredentials: async () => workflow.credentials ?? { accessToken: 'token', phoneNumberId: 'credential-number' },
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown, options?: { rawExpressions?: boolean }) => {
			const value = workflow.parameters?.[name];
			if (value === undefined) {
				if (fallback === undefined) throw new Error(`Could not get parameter "${name}"`);
				return fallback;
			}
			return options?.rawExpressions ? value : evaluate(value, itemIndex);
		},
		continueOnFail: () => false,
		addExecutionHints: (...hints: Array<{ message: string; type?: string }>) => calls.hints.push(...hints),
		logger: { warn: (message: string) => calls.warnings.push(message), info: () => undefined, debug: () => undefined, error: () => undefined },
		helpers: {},
	};
	return { fns: fns as unknown as IExecuteFunctions, calls };
}
