import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../../nodes/shared/caughtError';

// A deterministic stand-in for an OpenAI-compatible chat model. n8n's "OpenAI Chat Model" node
// (LangChain's ChatOpenAI) and the AI Agent talk to it through an `openAiApi` credential whose Base
// URL is `baseUrl`, so tests and benchmarks drive a real agent without a real model: each request
// runs the test's script, which decides the next turn from what the agent sent.
// Only the Chat Completions API is spoken. OpenAI Chat Model v1.3 defaults to the Responses API
// (POST /v1/responses), so workflows must use v1.2 or set `responsesApiEnabled: false`.

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string | null | unknown[];
	tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
	name?: string;
}
export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: Array<{ type: 'function'; function: { name: string; description?: string; parameters?: unknown } }>;
	stream?: boolean;
	[k: string]: unknown;
}
export type ScriptedTurn =
	| { content: string } // final answer
	| { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }>; content?: string } // ids: call_<n>
	| { status: number; error: string }; // an HTTP error answer in OpenAI's error shape
export type Script = (request: ChatRequest, helpers: ScriptHelpers) => ScriptedTurn | Promise<ScriptedTurn>;
export interface ScriptHelpers {
	/** Text of the last user message (string content or text parts joined). */
	lastUserText(): string;
	/** Tool messages after the last user message, named from the assistant's tool_calls. */
	toolResultsSinceLastUser(): Array<{ name?: string; toolCallId: string; content: string }>;
	/** The name of an offered tool that equals or ends with the given name (n8n may prefix names). */
	toolNamed(suffixOrName: string): string | undefined;
	/** Every user message's text, oldest first (to test memory). */
	userTexts(): string[];
}
export interface ScriptedModel {
	/** http://127.0.0.1:PORT/v1 */
	baseUrl: string;
	requests: ChatRequest[];
	setScript(script: Script): void;
	stop(): Promise<void>;
}

export const MODEL_IDS = ['gpt-4o-mini', 'gpt-4.1-mini', 'scripted'];

/** Message content as plain text: LangChain may send a string or an array of `{type:'text'}` parts. */
function textOf(content: ChatMessage['content']): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content
		.map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
		.filter(Boolean)
		.join('\n');
}

function helpersFor(request: ChatRequest): ScriptHelpers {
	const messages = Array.isArray(request.messages) ? request.messages : [];
	const lastUser = messages.map((m) => m.role).lastIndexOf('user');
	return {
		lastUserText: () => (lastUser >= 0 ? textOf(messages[lastUser].content) : ''),
		toolResultsSinceLastUser: () => {
			const names = new Map<string, string>();
			for (const m of messages) for (const call of m.tool_calls ?? []) names.set(call.id, call.function.name);
			return messages
				.slice(lastUser + 1)
				.filter((m) => m.role === 'tool')
				.map((m) => ({ name: names.get(m.tool_call_id ?? '') ?? m.name, toolCallId: m.tool_call_id ?? '', content: textOf(m.content) }));
		},
		toolNamed: (suffix) => {
			const names = (request.tools ?? []).map((t) => t.function?.name).filter((n): n is string => typeof n === 'string');
			return names.find((n) => n === suffix) ?? names.find((n) => n.endsWith(suffix));
		},
		userTexts: () => messages.filter((m) => m.role === 'user').map((m) => textOf(m.content)),
	};
}

/** OpenAI's error body: clients (openai, LangChain, n8n's error mapping) read `error.message/type/code`. */
function errorBody(status: number, message: string, code: string | null = null) {
	const type = status === 429 ? 'requests' : status >= 500 ? 'server_error' : 'invalid_request_error';
	return { error: { message, type, param: null, code } };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

// Plausible, deterministic token counts (~4 characters a token) so usage-reading code has numbers.
const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

export async function startScriptedModel(script: Script, options: { port?: number; apiKey?: string } = {}): Promise<ScriptedModel> {
	let current = script;
	let callCount = 0;
	let completionCount = 0;
	const requests: ChatRequest[] = [];

	async function complete(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		let request: ChatRequest;
		try {
			request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			if (!request || !Array.isArray(request.messages)) throw new Error("'messages' must be an array");
		} catch (error) {
			return sendJson(res, 400, errorBody(400, `We could not parse the JSON body of your request: ${errorMessage(error)}`));
		}
		requests.push(request);
		let turn: ScriptedTurn;
		try {
			turn = await current(request, helpersFor(request));
		} catch (error) {
			return sendJson(res, 500, errorBody(500, `Scripted model failed: ${errorMessage(error)}`));
		}
		if ('status' in turn) return sendJson(res, turn.status, errorBody(turn.status, turn.error));

		const toolCalls =
			'toolCalls' in turn
				? turn.toolCalls.map((call) => ({
						id: `call_${++callCount}`,
						type: 'function' as const,
						function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) },
					}))
				: undefined;
		// OpenAI answers a tool-call turn with `content: null` unless the model also wrote text.
		const content = turn.content ?? null;
		const finishReason = toolCalls ? 'tool_calls' : 'stop';
		const promptTokens = tokens(JSON.stringify(request.messages) + JSON.stringify(request.tools ?? []));
		const completionTokens = tokens((content ?? '') + JSON.stringify(toolCalls ?? []));
		const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
		const head = {
			id: `chatcmpl-scripted-${++completionCount}`,
			created: Math.floor(Date.now() / 1000),
			model: request.model ?? 'scripted',
			system_fingerprint: 'fp_scripted',
		};

		if (!request.stream) {
			const message = { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}), refusal: null, annotations: [] };
			return sendJson(res, 200, { ...head, object: 'chat.completion', choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }], usage });
		}

		// Streaming, as OpenAI does it: a role chunk, content pieces, tool calls announced with id and
		// name and then their arguments in pieces (the client joins them by `index`), a finish chunk,
		// an optional usage chunk with no choices, then [DONE].
		const includeUsage = (request.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
		res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
		const send = (delta: Record<string, unknown>, finish: string | null = null) =>
			res.write(
				`data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(includeUsage ? { usage: null } : {}) })}\n\n`,
			);
		send({ role: 'assistant', content: toolCalls && content === null ? null : '', refusal: null });
		for (const piece of (content ?? '').match(/\S+\s*|\s+/g) ?? []) send({ content: piece });
		toolCalls?.forEach((call, index) => {
			send({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
			const args = call.function.arguments;
			const half = Math.ceil(args.length / 2);
			for (const piece of [args.slice(0, half), args.slice(half)]) if (piece) send({ tool_calls: [{ index, function: { arguments: piece } }] });
		});
		send({}, finishReason);
		if (includeUsage) res.write(`data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
		res.end('data: [DONE]\n\n');
	}

	const server = http.createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://scripted').pathname.replace(/\/+$/, '');
		if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
			return sendJson(res, 401, errorBody(401, 'Incorrect API key provided. The scripted model expects its configured key.', 'invalid_api_key'));
		}
		if (req.method === 'POST' && path === '/v1/chat/completions') {
			complete(req, res).catch((error) => {
				if (!res.headersSent) sendJson(res, 500, errorBody(500, String(error?.message ?? error)));
				else res.destroy(error);
			});
			return;
		}
		if (req.method === 'GET' && path === '/v1/models') {
			// n8n's model dropdown and the openAiApi credential test both list models.
			return sendJson(res, 200, { object: 'list', data: MODEL_IDS.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'scripted' })) });
		}
		const hint = path === '/v1/responses' ? ' Only Chat Completions is scripted: use OpenAI Chat Model v1.2 or responsesApiEnabled: false.' : '';
		sendJson(res, 404, errorBody(404, `Unknown route ${req.method} ${path || '/'}.${hint}`, 'unknown_url'));
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		setScript: (next) => {
			current = next;
		},
		stop: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				// Keep-alive sockets (undici, n8n's HTTP agents) would otherwise hold close() open.
				server.closeAllConnections();
			}),
	};
}
