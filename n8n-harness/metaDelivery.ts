// Delivers webhooks to a WhatsApp Trigger the way Meta does under load: signed, several at a time,
// and every delivery not answered 2xx (5xx, refused connection, timeout) kept for redelivery. A
// collector stands in for the rest of the workflow: each execution posts the message id it ran
// for, so a test can tell "every message exactly once" from the outside.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { serializeLikeMeta, signatureHeader } from '../sandbox';
import { envelope, inboundMessage, messagesValue } from '../test/fixtures/metaWebhookExamples';

export interface Delivery {
	messageId: string;
	raw: string;
	signature: string;
}

/** One signed text message delivery, as Meta sends it. */
export function textDelivery(messageId: string, appSecret: string, text = `message ${messageId}`): Delivery {
	const raw = serializeLikeMeta(envelope([{ value: messagesValue([inboundMessage('text', { text: { body: text } }, messageId)]) }]));
	return { messageId, raw, signature: signatureHeader(Buffer.from(raw), appSecret) };
}

export interface DeliveryResult {
	delivery: Delivery;
	/** HTTP status, or 0 when the connection failed or timed out. */
	status: number;
	ms: number;
}

/** Posts once; never throws. */
export async function deliverOnce(url: string, delivery: Delivery, timeoutMs = 30_000): Promise<DeliveryResult> {
	const started = performance.now();
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-hub-signature-256': delivery.signature },
			body: delivery.raw,
			signal: AbortSignal.timeout(timeoutMs),
		});
		await response.arrayBuffer();
		return { delivery, status: response.status, ms: performance.now() - started };
	} catch {
		return { delivery, status: 0, ms: performance.now() - started };
	}
}

/** Posts every delivery with `concurrency` in flight; `urlFor` may spread them over several receivers. */
export async function deliverAll(deliveries: Delivery[], urlFor: (index: number) => string, concurrency: number): Promise<DeliveryResult[]> {
	const results: DeliveryResult[] = new Array(deliveries.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < deliveries.length) {
				const index = next++;
				results[index] = await deliverOnce(urlFor(index), deliveries[index]);
			}
		}),
	);
	return results;
}

export const accepted = (result: DeliveryResult) => result.status >= 200 && result.status < 300;

/**
 * Meta's redelivery: what was not answered 2xx is posted again, until every delivery has been
 * accepted or `rounds` are used up. Returns the deliveries still not accepted.
 */
export async function redeliverUntilAccepted(
	failed: Delivery[],
	urlFor: (index: number) => string,
	options: { concurrency?: number; rounds?: number; pauseMs?: number } = {},
): Promise<Delivery[]> {
	let pending = failed;
	for (let round = 0; round < (options.rounds ?? 20) && pending.length > 0; round++) {
		if (round > 0) await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 1000));
		const results = await deliverAll(pending, urlFor, options.concurrency ?? 4);
		pending = results.filter((result) => !accepted(result)).map((result) => result.delivery);
	}
	return pending;
}

export interface Collector {
	/** The URL an HTTP Request node posts `{ messageId }` to. */
	url: string;
	/** How many executions reported each message id. */
	counts: Map<string, number>;
	total(): number;
	/** Resolves once `count` reports arrived (or rejects after `timeoutMs`). */
	waitFor(count: number, timeoutMs: number): Promise<void>;
	close(): Promise<void>;
}

export async function startCollector(): Promise<Collector> {
	const counts = new Map<string, number>();
	let total = 0;
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			try {
				const { messageId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messageId: string };
				counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
				total++;
			} catch {
				// not a report
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{}');
		});
	});
	server.keepAliveTimeout = 60_000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/seen`,
		counts,
		total: () => total,
		async waitFor(count, timeoutMs) {
			const deadline = Date.now() + timeoutMs;
			while (total < count) {
				if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${total} of ${count} executions reported`);
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** n8n's HTTP Request node posting the trigger item's message id to a collector. */
export function reportToCollector(collectorUrl: string, name = 'Report') {
	return {
		id: `report-${name}`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [220, 0],
		parameters: {
			method: 'POST',
			url: collectorUrl,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ messageId: $json.messageId }) }}',
			options: {},
		},
	};
}

/** Message ids reported more than once, and expected ids never reported. */
export function exactlyOnce(collector: Collector, messageIds: string[]): { doubled: string[]; missing: string[] } {
	return {
		doubled: [...collector.counts].filter(([, count]) => count > 1).map(([id]) => id),
		missing: messageIds.filter((id) => !collector.counts.has(id)),
	};
}
