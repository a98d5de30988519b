import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { CloudApiClient, DEFAULT_API_VERSION, graphApiVersionWarning, normalizeGraphApiVersion } from './CloudApiClient';

/** A Graph API stand-in that answers every request with `answer` and records what it got. */
async function graphServer(answer: unknown): Promise<{ baseUrl: string; requests: Array<{ url?: string; body: unknown }>; close: () => Promise<void> }> {
	const requests: Array<{ url?: string; body: unknown }> = [];
	const server = http.createServer((request, response) => {
		let data = '';
		request.on('data', (chunk) => (data += chunk));
		request.on('end', () => {
			requests.push({ url: request.url, body: data ? JSON.parse(data) : undefined });
			response.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
			response.end(JSON.stringify(answer));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { baseUrl: `http://127.0.0.1:${port}`, requests, close: async () => await new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('CloudApiClient.sendMessage', () => {
	it('reads user_id from a send to a business-scoped user ID (no wa_id then)', async () => {
		const graph = await graphServer({
			messaging_product: 'whatsapp',
			contacts: [{ input: 'BR.1000000000000000001', user_id: 'BR.1000000000000000001' }],
			messages: [{ id: 'wamid.X4' }],
		});
		try {
			const client = new CloudApiClient({ baseUrl: graph.baseUrl, accessToken: 't', phoneNumberId: 'PNID', retry: false });
			const body = { recipient_type: 'individual', recipient: 'BR.1000000000000000001', type: 'text', text: { body: 'Hi' } };
			expect(await client.sendMessage(body)).toEqual({
				messageId: 'wamid.X4',
				userId: 'BR.1000000000000000001',
				input: 'BR.1000000000000000001',
				waId: undefined,
				messageStatus: undefined,
			});
			expect(graph.requests[0]).toEqual({ url: `/${DEFAULT_API_VERSION}/PNID/messages`, body: { messaging_product: 'whatsapp', ...body } });
		} finally {
			await graph.close();
		}
	});

	it('reads wa_id and input from a send to a phone', async () => {
		const graph = await graphServer({
			contacts: [{ input: '+4915123456789', wa_id: '4915123456789' }],
			messages: [{ id: 'wamid.X5', message_status: 'accepted' }],
		});
		try {
			const client = new CloudApiClient({ baseUrl: graph.baseUrl, apiVersion: 'v23.0', accessToken: 't', phoneNumberId: 'PNID', retry: false });
			expect(await client.sendMessage({ to: '+4915123456789', type: 'text', text: { body: 'Hi' } })).toEqual({
				messageId: 'wamid.X5',
				waId: '4915123456789',
				userId: undefined,
				input: '+4915123456789',
				messageStatus: 'accepted',
			});
			expect(graph.requests[0].url).toBe('/v23.0/PNID/messages');
		} finally {
			await graph.close();
		}
	});
});

describe('Graph API versions', () => {
	it('defaults to v25.0', () => {
		expect(DEFAULT_API_VERSION).toBe('v25.0');
		expect(new CloudApiClient({ accessToken: 't' }).apiVersion).toBe('v25.0');
	});

	it.each([
		['v23.0', 'v23.0'],
		['v27.0', 'v27.0'],
		['25', 'v25.0'],
		['25.0', 'v25.0'],
		['V24', 'v24.0'],
		[' /v26.0/ ', 'v26.0'],
		['', 'v25.0'],
		[undefined, 'v25.0'],
		['latest', 'latest'],
	])('reads %p as %p', (given, expected) => {
		expect(normalizeGraphApiVersion(given)).toBe(expected);
	});

	it.each(['v13.0', 'v19.0', 'v20.0', 'v21.0', '21'])('warns about %p: dead or dying, and what to set', (version) => {
		expect(graphApiVersionWarning(version)).toMatch(/v20\.0 and older no longer answer, v21\.0 stops on 2027-01-21\. Set Graph API Version .* to v25\.0/);
	});

	it.each(['v22.0', 'v23.0', 'v25.0', 'v27.0', '', undefined, 'latest'])('does not warn about %p', (version) => {
		expect(graphApiVersionWarning(version)).toBeUndefined();
	});

	it('warns once per process and version, whoever creates the clients', () => {
		const warn = jest.fn();
		for (let i = 0; i < 3; i++) new CloudApiClient({ accessToken: 't', apiVersion: 'v18.0', warn });
		new CloudApiClient({ accessToken: 't', apiVersion: '18', warn });
		new CloudApiClient({ accessToken: 't', apiVersion: 'v17.0', warn });
		new CloudApiClient({ accessToken: 't', apiVersion: 'v22.0', warn });
		expect(warn.mock.calls.map(([message]) => (message as string).slice(0, 17))).toEqual(['Graph API v18.0 i', 'Graph API v17.0 i']);
	});

	it('keeps the warning for a client that can tell it when one before could not', () => {
		new CloudApiClient({ accessToken: 't', apiVersion: 'v16.0' });
		const warn = jest.fn();
		new CloudApiClient({ accessToken: 't', apiVersion: 'v16.0', warn });
		expect(warn).toHaveBeenCalledTimes(1);
	});
});

describe('the send rate limiter around each attempt', () => {
	/** A limiter that lets everything go and logs when each attempt was let go and finished. */
	function loggingLimiter() {
		const log: string[] = [];
		let attempts = 0;
		return {
			log,
			acquire: async () => {
				const attempt = ++attempts;
				log.push(`go ${attempt}`);
				return () => log.push(`answered ${attempt}`);
			},
		};
	}

	/** Answers each request with the next status of `statuses` (a Graph error body unless 200); `hang` never answers. */
	async function scriptedServer(statuses: Array<number | 'hang'>) {
		const server = http.createServer((request, response) => {
			request.resume();
			request.on('end', () => {
				const status = statuses.shift() ?? 200;
				if (status === 'hang') return;
				response.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
				response.end(JSON.stringify(status === 200 ? { messages: [{ id: 'wamid.OK' }] } : { error: { message: 'Service unavailable', code: 1 } }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		return {
			baseUrl: `http://127.0.0.1:${port}`,
			close: async () => {
				server.closeAllConnections();
				await new Promise<void>((resolve) => server.close(() => resolve()));
			},
		};
	}

	const text = { to: '+4915123456789', type: 'text', text: { body: 'Hi' } };

	it('finishes each answered attempt before its retry asks for a new turn', async () => {
		const graph = await scriptedServer([503, 503, 200]);
		const limiter = loggingLimiter();
		try {
			const client = new CloudApiClient({
				baseUrl: graph.baseUrl,
				accessToken: 't',
				phoneNumberId: 'PNID',
				rateLimiter: limiter,
				retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 },
			});
			await client.sendMessage(text);
			expect(limiter.log).toEqual(['go 1', 'answered 1', 'go 2', 'answered 2', 'go 3', 'answered 3']);
		} finally {
			await graph.close();
		}
	});

	it('leaves an attempt that got no answer unfinished: it may still reach Meta', async () => {
		const graph = await scriptedServer(['hang']);
		const limiter = loggingLimiter();
		try {
			const client = new CloudApiClient({
				baseUrl: graph.baseUrl,
				accessToken: 't',
				phoneNumberId: 'PNID',
				rateLimiter: limiter,
				retry: false,
				timeoutMs: 200,
			});
			await expect(client.sendMessage(text)).rejects.toThrow();
			expect(limiter.log).toEqual(['go 1']);
		} finally {
			await graph.close();
		}
	});
});
