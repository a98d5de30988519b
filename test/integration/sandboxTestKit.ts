import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios, { AxiosInstance } from 'axios';
import { Sandbox, SandboxOptions, startSandbox } from '../../sandbox';

// A real local webhook receiver (what n8n's WhatsApp Trigger is to the sandbox), and an axios
// client for the sandbox's Graph API. Shared by the sandbox integration tests.

export interface ReceivedWebhook {
	headers: http.IncomingHttpHeaders;
	raw: Buffer;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- a webhook body, read by path in assertions
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

export interface SubscribedSandbox {
	sandbox: Sandbox;
	receiver: WebhookReceiver;
	/** The sandbox's Graph API with the system-user token. */
	api: AxiosInstance;
}

/**
 * A fresh webhook receiver and a sandbox subscribed to it (after the verify handshake), with
 * timings that keep tests fast: statuses after 5, 10 and 15 ms, webhook retries after 20 and 40 ms.
 * `options` override any of that. Stop both with stopSubscribedSandbox.
 */
export async function startSubscribedSandbox(options: SandboxOptions = {}): Promise<SubscribedSandbox> {
	const receiver = await startWebhookReceiver();
	try {
		const sandbox = await startSandbox({
			callbackUrl: receiver.url,
			verifyToken: receiver.verifyToken,
			statusDelaysMs: [5, 10, 15],
			retryBackoffMs: [20, 40],
			...options,
		});
		return { sandbox, receiver, api: graphClient(sandbox) };
	} catch (error) {
		await receiver.close();
		throw error;
	}
}

/** Stops the sandbox, then the receiver; either may be missing (a test that never started one). */
export async function stopSubscribedSandbox({ sandbox, receiver }: Partial<Pick<SubscribedSandbox, 'sandbox' | 'receiver'>>) {
	await sandbox?.stop();
	await receiver?.close();
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
