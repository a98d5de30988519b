// A round-robin HTTP load balancer in front of n8n's webhook processes, as queue-mode users run
// one: Meta (the sandbox) knows one callback URL, and deliveries land on every webhook process.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoadBalancer {
	url: string;
	/** Requests passed to each target so far, in the order of `targets`. */
	counts: number[];
	close(): Promise<void>;
}

export async function startLoadBalancer(targets: string[]): Promise<LoadBalancer> {
	const counts = targets.map(() => 0);
	let next = 0;
	const server = http.createServer((req, res) => {
		const index = next++ % targets.length;
		counts[index]++;
		const target = new URL(req.url ?? '/', targets[index]);
		const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end('bad gateway');
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		counts,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
