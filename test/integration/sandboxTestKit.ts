import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios, { AxiosInstance } from 'axios';
import type { Sandbox } from '../../sandbox';

// A real local webhook receiver (what n8n's WhatsApp Trigger is to the sandbox), and an axios
// client for the sandbox's Graph API. Shared by the sandbox integration tests.

export interface ReceivedWebhook {
	headers: http.IncomingHttpHeaders;
	raw: Buffer;
	body: any;
}

export interface WebhookReceiver {
	url: string;
	verifyToken: string;
	received: ReceivedWebhook[];
	verifications: URLSearchParams[];
	/** Statuses to answer the next POSTs with, in order; 200 after they run out. */
	answerWith: number[];
	/** Resolves once `count` webhooks in total were received and answered 200-or-not. */
	waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
	close(): Promise<void>;
}

export async function startWebhookReceiver(verifyToken = 'receiver-verify-token'): Promise<WebhookReceiver> {
	const received: ReceivedWebhook[] = [];
	const verifications: URLSearchParams[] = [];
	const waiters: Array<() => void> = [];
	const receiver = {} as WebhookReceiver;
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://receiver');
		if (req.method === 'GET') {
			verifications.push(url.searchParams);
			const ok = url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === verifyToken;
			res.writeHead(ok ? 200 : 403, { 'Content-Type': 'text/plain' });
			res.end(ok ? url.searchParams.get('hub.challenge') : 'verify token mismatch');
			return;
		}
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			const status = receiver.answerWith.shift() ?? 200;
			received.push({ headers: req.headers, raw, body: JSON.parse(raw.toString('utf8')) });
			res.writeHead(status, { 'Content-Type': 'text/plain' });
			res.end(status === 200 ? 'EVENT_RECEIVED' : 'not now');
			waiters.splice(0).forEach((w) => w());
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	Object.assign(receiver, {
		url: `http://127.0.0.1:${port}/webhook`,
		verifyToken,
		received,
		verifications,
		answerWith: [],
		waitFor(count: number, timeoutMs = 10_000) {
			return new Promise<ReceivedWebhook[]>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`Waited ${timeoutMs} ms for ${count} webhooks; got ${received.length}`)), timeoutMs);
				const check = () => {
					if (received.length >= count) {
						clearTimeout(timer);
						resolve(received);
					} else waiters.push(check);
				};
				check();
			});
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	});
	return receiver;
}

/** The Graph API of the sandbox, authenticated like a node would be; never throws on HTTP errors. */
export function graphClient(sandbox: Sandbox, token: string | null = sandbox.credentials.accessToken): AxiosInstance {
	return axios.create({
		baseURL: `${sandbox.baseUrl}/${sandbox.apiVersion}/`,
		headers: token === null ? {} : { Authorization: `Bearer ${token}` },
		validateStatus: () => true,
	});
}

/** The `value` of the first change of a webhook body. */
export const valueOf = (webhook: ReceivedWebhook) => webhook.body.entry[0].changes[0].value;

export const statusesIn = (webhooks: ReceivedWebhook[]) => webhooks.flatMap((w) => valueOf(w).statuses ?? []);
export const messagesIn = (webhooks: ReceivedWebhook[]) => webhooks.flatMap((w) => valueOf(w).messages ?? []);

/** Resolves when `predicate` holds over everything received so far. */
export async function receivedUntil(receiver: WebhookReceiver, predicate: (all: ReceivedWebhook[]) => boolean, timeoutMs = 10_000) {
	let count = receiver.received.length;
	while (!predicate(receiver.received)) {
		await receiver.waitFor(count + 1, timeoutMs);
		count = receiver.received.length;
	}
	return receiver.received;
}
