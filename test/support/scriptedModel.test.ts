import fs from 'node:fs';
import path from 'node:path';
import { startScriptedModel, type ChatRequest, type Script, type ScriptedModel } from './scriptedModel';

// The scripted model must look like OpenAI to what n8n runs: the wire shapes are checked with
// fetch here, and, when the pinned n8n runtime is installed (.cache/n8n-runtime), the same server
// is driven by the `openai` client and LangChain's ChatOpenAI that n8n's OpenAI Chat Model uses.

const API_KEY = 'sk-scripted-test';
const TOOLS = [
	{
		type: 'function' as const,
		function: { name: 'mcp_lookup_order', description: 'Order by id', parameters: { type: 'object', properties: { id: { type: 'string' } } } },
	},
];

// Answers "order <id>?" with a tool call, and the tool's result with a final answer.
const orderScript: Script = (_request, h) => {
	const results = h.toolResultsSinceLastUser();
	if (results.length) return { content: `Tool ${results[0].name} says: ${results[0].content}` };
	const id = /order (\w+)/.exec(h.lastUserText())?.[1];
	const tool = h.toolNamed('lookup_order');
	if (id && tool) return { toolCalls: [{ name: tool, arguments: { id } }] };
	return { content: `You said: ${h.lastUserText()} (turn ${h.userTexts().length})` };
};

let model: ScriptedModel;
beforeEach(async () => {
	model = await startScriptedModel(orderScript, { apiKey: API_KEY });
});
afterEach(() => model.stop());

function post(body: Partial<ChatRequest>, key = API_KEY): Promise<Response> {
	return fetch(`${model.baseUrl}/chat/completions`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
		body: JSON.stringify({ model: 'gpt-4o-mini', ...body }),
	});
}

/** The `data:` payloads of a server-sent-event body, [DONE] included. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- streamed JSON chunks, read by path in assertions
async function events(response: Response): Promise<any[]> {
	const text = await response.text();
	return text
		.split('\n\n')
		.filter((block) => block.startsWith('data: '))
		.map((block) => block.slice(6))
		.map((data) => (data === '[DONE]' ? data : JSON.parse(data)));
}

describe('scripted model over plain HTTP', () => {
	test('non-streaming text answer in chat.completion shape, using the conversation', async () => {
		const response = await post({
			messages: [
				{ role: 'user', content: 'hi' },
				{ role: 'assistant', content: 'hello' },
				{ role: 'user', content: [{ type: 'text', text: 'again' }] },
			],
		});
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body).toMatchObject({
			object: 'chat.completion',
			model: 'gpt-4o-mini',
			choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'You said: again (turn 2)', refusal: null } }],
		});
		expect(body.id).toMatch(/^chatcmpl-/);
		expect(body.choices[0].message.tool_calls).toBeUndefined();
		expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
		expect(model.requests).toHaveLength(1);
	});

	test('non-streaming tool calls, then the tool result named from the assistant turn', async () => {
		const first = await (await post({ messages: [{ role: 'user', content: 'where is order A7?' }], tools: TOOLS })).json();
		expect(first.choices[0]).toMatchObject({
			finish_reason: 'tool_calls',
			message: { content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'mcp_lookup_order', arguments: '{"id":"A7"}' } }] },
		});
		const assistant = first.choices[0].message;
		const second = await (
			await post({
				messages: [{ role: 'user', content: 'where is order A7?' }, assistant, { role: 'tool', tool_call_id: 'call_1', content: 'shipped' }],
				tools: TOOLS,
			})
		).json();
		expect(second.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'Tool mcp_lookup_order says: shipped' } });
	});

	test('streaming text as chunks, usage chunk when asked, then [DONE]', async () => {
		const response = await post({ messages: [{ role: 'user', content: 'stream me please' }], stream: true, stream_options: { include_usage: true } });
		expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
		const chunks = await events(response);
		expect(chunks.pop()).toBe('[DONE]');
		const usage = chunks.pop();
		expect(usage).toMatchObject({ object: 'chat.completion.chunk', choices: [] });
		expect(usage.usage.total_tokens).toBeGreaterThan(0);
		expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0].id)).toBe(true);
		expect(chunks[0].choices[0].delta.role).toBe('assistant');
		expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe('You said: stream me please (turn 1)');
		expect(chunks.length).toBeGreaterThan(3);
		expect(chunks.at(-1).choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
	});

	test('streaming tool calls reassemble by index', async () => {
		model.setScript(() => ({
			toolCalls: [
				{ name: 'a', arguments: { x: 1, text: 'long enough to split' } },
				{ name: 'b', arguments: {} },
			],
		}));
		const chunks = (await events(await post({ messages: [{ role: 'user', content: 'go' }], stream: true }))).slice(0, -1);
		expect(chunks.some((c) => 'usage' in c)).toBe(false);
		const calls: Array<{ id?: string; name: string; arguments: string }> = [];
		for (const c of chunks)
			for (const d of c.choices[0].delta.tool_calls ?? []) {
				calls[d.index] ??= { name: '', arguments: '' };
				if (d.id) calls[d.index].id = d.id;
				calls[d.index].name += d.function?.name ?? '';
				calls[d.index].arguments += d.function?.arguments ?? '';
			}
		expect(calls).toEqual([
			{ id: 'call_1', name: 'a', arguments: '{"x":1,"text":"long enough to split"}' },
			{ id: 'call_2', name: 'b', arguments: '{}' },
		]);
		expect(chunks.filter((c) => c.choices[0].delta.tool_calls?.[0]?.index === 0).length).toBeGreaterThan(2);
		expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
	});

	test('wrong or missing key is 401 in OpenAI error shape', async () => {
		const response = await post({ messages: [{ role: 'user', content: 'hi' }] }, 'sk-wrong');
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
		expect((await fetch(`${model.baseUrl}/models`)).status).toBe(401);
		expect(model.requests).toHaveLength(0);
	});

	test('a throwing script is a 500, a scripted error its own status', async () => {
		model.setScript(() => {
			throw new Error('no turn for this');
		});
		const failed = await post({ messages: [{ role: 'user', content: 'hi' }], stream: true });
		expect(failed.status).toBe(500);
		expect((await failed.json()).error).toMatchObject({ message: expect.stringContaining('no turn for this'), type: 'server_error' });
		model.setScript(() => ({ status: 429, error: 'slow down' }));
		const limited = await post({ messages: [{ role: 'user', content: 'hi' }] });
		expect(limited.status).toBe(429);
		expect((await limited.json()).error.message).toBe('slow down');
	});

	test('models list, and 404 for anything else', async () => {
		const auth = { headers: { Authorization: `Bearer ${API_KEY}` } };
		const models = await (await fetch(`${model.baseUrl}/models`, auth)).json();
		expect(models.object).toBe('list');
		expect(models.data.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['gpt-4o-mini', 'gpt-4.1-mini', 'scripted']));
		expect(models.data[0]).toMatchObject({ object: 'model', owned_by: expect.any(String) });
		const missing = await fetch(`${model.baseUrl}/responses`, { ...auth, method: 'POST', body: '{}' });
		expect(missing.status).toBe(404);
		expect((await missing.json()).error.message).toMatch(/responsesApiEnabled/);
	});
});

// The clients n8n itself uses, from the pinned runtime; skipped on a checkout without it.
const runtime = path.resolve(__dirname, '../../.cache/n8n-runtime/node_modules');
const langchainOpenAi = path.join(runtime, '@langchain/openai');
const openAiClient = path.join(langchainOpenAi, 'node_modules/openai');
const describeWithRuntime = fs.existsSync(openAiClient) ? describe : describe.skip;

describeWithRuntime("n8n's clients: openai and LangChain ChatOpenAI", () => {
	test('openai client parses completions, tool-call streams and errors', async () => {
		const { default: OpenAI } = require(openAiClient); // eslint-disable-line @typescript-eslint/no-require-imports -- the runtime's copy, found at run time (skipped when absent)
		const client = new OpenAI({ apiKey: API_KEY, baseURL: model.baseUrl, maxRetries: 0 });
		const text = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
		expect(text.choices[0].message.content).toBe('You said: hi (turn 1)');
		const runner = client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'order Z9' }], tools: TOOLS });
		const final = await runner.finalChatCompletion();
		expect(final.choices[0].message.tool_calls).toEqual([
			{ id: 'call_1', type: 'function', function: expect.objectContaining({ name: 'mcp_lookup_order', arguments: '{"id":"Z9"}' }) },
		]);
		expect((await client.models.list()).data.map((m: { id: string }) => m.id)).toContain('scripted');
		const wrong = new OpenAI({ apiKey: 'sk-wrong', baseURL: model.baseUrl, maxRetries: 0 });
		await expect(wrong.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
	});

	// invoke() is the non-streaming path; stream() is the one n8n's agent takes when it streams
	// (invoke() with `streaming: true` would first fetch tiktoken's tables from the internet).
	test.each(['invoke', 'stream'])('ChatOpenAI via %s gets tool calls and the final answer', async (how) => {
		const { ChatOpenAI } = require(langchainOpenAi); // eslint-disable-line @typescript-eslint/no-require-imports -- the runtime's copy, found at run time (skipped when absent)
		const { ToolMessage } = require(path.join(runtime, '@langchain/core/messages.cjs')); // eslint-disable-line @typescript-eslint/no-require-imports -- the runtime's copy, found at run time (skipped when absent)
		const chat = new ChatOpenAI({ apiKey: API_KEY, model: 'gpt-4o-mini', maxRetries: 0, configuration: { baseURL: model.baseUrl } }).bindTools(TOOLS);
		const call = async (messages: unknown[]) => {
			if (how === 'invoke') return chat.invoke(messages);
			let whole: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- LangChain's message chunks, untyped from the runtime's copy
			for await (const chunk of await chat.stream(messages)) whole = whole ? whole.concat(chunk) : chunk;
			return whole;
		};
		const ask = await call([['user', 'where is order B2?']]);
		expect(ask.tool_calls).toEqual([expect.objectContaining({ name: 'mcp_lookup_order', args: { id: 'B2' }, id: 'call_1' })]);
		const answer = await call([['user', 'where is order B2?'], ask, new ToolMessage({ content: 'delivered', tool_call_id: 'call_1' })]);
		expect(answer.content).toBe('Tool mcp_lookup_order says: delivered');
		expect(answer.usage_metadata.total_tokens).toBeGreaterThan(0);
		expect(model.requests[1].messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
		expect(model.requests.map((r) => Boolean(r.stream))).toEqual(how === 'stream' ? [true, true] : [false, false]);
	});
});
