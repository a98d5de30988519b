import http from 'node:http';
import https from 'node:https';

// One plain HTTP request without connection reuse, so a test's receiver can close at once.

export interface PlainResponse {
	status: number;
	body: string;
}

export function plainRequest(
	method: 'GET' | 'POST',
	url: string,
	headers: Record<string, string>,
	body: Buffer | undefined,
	timeoutMs: number,
): Promise<PlainResponse> {
	return new Promise((resolve, reject) => {
		const target = new URL(url);
		const transport = target.protocol === 'https:' ? https : http;
		const request = transport.request(
			target,
			{ method, headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) }, agent: false, timeout: timeoutMs },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (c: Buffer) => chunks.push(c));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
				response.on('error', reject);
			},
		);
		request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		request.on('error', reject);
		request.end(body);
	});
}
