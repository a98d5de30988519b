// The Cloud API sandbox in a process of its own, as Meta is to n8n: rate-limit measurements then do
// not share an event loop (or its stalls) with the senders. Used by tests and benches that count
// what reached the sandbox per sliding second.
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';

import type { SandboxCredentials, SandboxOptions } from '../../sandbox';

export interface SandboxProcess {
	credentials: SandboxCredentials;
	baseUrl: string;
	child: ChildProcess;
	/** The sandbox's record of message sends (POST …/messages), in arrival order. */
	sends(): Promise<Array<{ path: string; status: number; at: string; body: unknown }>>;
	stop(): void;
}

export async function startSandboxProcess(options: SandboxOptions): Promise<SandboxProcess> {
	// Meta's servers are not slowed down by our n8n: on a small machine shared with several n8n
	// processes the sandbox would otherwise stall now and then and stamp a backlog of requests with
	// one arrival time. `nice -n -10` (inherited by tsx's child; without root nice just runs it at
	// normal priority) keeps its clock honest.
	const command = [process.execPath, require.resolve('tsx/cli'), path.join(__dirname, 'whatsapp-reply-sandboxProcess.ts'), JSON.stringify(options)];
	const child = spawn('nice', ['-n', '-10', ...command], { stdio: ['ignore', 'pipe', 'inherit'] });
	const firstLine = await new Promise<string>((resolve, reject) => {
		let buffered = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			buffered += chunk.toString();
			if (buffered.includes('\n')) resolve(buffered.split('\n')[0]);
		});
		child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code}`)));
	});
	const credentials = JSON.parse(firstLine) as SandboxCredentials;
	return {
		credentials,
		baseUrl: credentials.baseUrl,
		child,
		async sends() {
			const requests = (await (await fetch(`${credentials.baseUrl}/_sandbox/requests`)).json()) as Array<{
				path: string;
				status: number;
				at: string;
				body: unknown;
			}>;
			return requests.filter((request) => request.path.endsWith('/messages'));
		},
		stop: () => void child.kill('SIGTERM'),
	};
}

/** Most events within any window of `windowMs` (timestamps in ms, any order): what Meta's per-second limit counts. */
export function maxInWindow(times: number[], windowMs: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	for (let start = 0, end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= windowMs) start++;
		most = Math.max(most, end - start + 1);
	}
	return most;
}

/** Events per second from the first to the last. */
export function achievedRate(times: number[]): number {
	return (times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000);
}
