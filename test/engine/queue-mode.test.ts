// The queue-mode harness itself: webhook processes take the requests, both workers run executions,
// main sees them all, and stop() leaves no process and no open port behind.
import * as fs from 'fs';
import { waitUntil } from '../../n8n-harness/n8nInstance';
import { startN8nQueue, type N8nQueue } from '../../n8n-harness/n8nQueue';
import { portOpen } from '../../n8n-harness/queueServices';
import { chain, webhookNode } from '../../n8n-harness/workflowNodes';

const probeWorkflow = {
	id: 'queueProbe000001',
	name: 'Queue probe',
	nodes: [
		webhookNode({ path: 'queue-probe', responseMode: 'onReceived' }),
		{ id: 'probe-noop', name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
	],
	connections: chain('Webhook', 'No Operation'),
};

/** Execution ids a worker logged as started (scaling/job-processor.js: "Worker started execution <id> (job <id>)"). */
function executionsRunBy(queue: N8nQueue, worker: string): Set<string> {
	return new Set([...queue.logs(worker).matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]));
}

/** Alive means present in /proc and not a zombie (init reaps those a moment later). */
function alive(pid: number): boolean {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return false;
	}
}

describe('n8n 2.40.7 in queue mode (Postgres, Redis, main, 2 webhook processes, 2 workers)', () => {
	let queue: N8nQueue | undefined;

	beforeAll(async () => {
		const started = Date.now();
		queue = await startN8nQueue({ workflows: [probeWorkflow] });
		console.log(`queue-mode n8n ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}, 300_000);

	afterAll(async () => {
		await queue?.stop();
	}, 120_000);

	it('takes webhooks on both webhook processes and runs the executions on both workers', async () => {
		const n8n = queue!;
		await n8n.waitForWebhook('queue-probe');
		const responses = await Promise.all(
			Array.from({ length: 20 }, (_, index) =>
				fetch(n8n.webhookUrl('queue-probe', index % 2), {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ index }),
				}),
			),
		);
		expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));

		await waitUntil(
			async () => (await n8n.executions(probeWorkflow.id)).filter((execution) => execution.status === 'success').length >= 20,
			60_000,
			'20 successful executions',
		);
		const executions = await n8n.executions(probeWorkflow.id);
		expect(executions).toHaveLength(20);
		expect(executions.every((execution) => execution.status === 'success' && execution.mode === 'webhook')).toBe(true);

		// n8n does not store which worker ran an execution: each worker logs the ones it started.
		const byWorker1 = executionsRunBy(n8n, 'worker-1');
		const byWorker2 = executionsRunBy(n8n, 'worker-2');
		expect(byWorker1.size).toBeGreaterThan(0);
		expect(byWorker2.size).toBeGreaterThan(0);
		expect([...byWorker1, ...byWorker2].sort()).toEqual(executions.map((execution) => String(execution.id)).sort());
		// Main only enqueues: it runs none of them.
		expect(n8n.logs('main')).not.toMatch(/Worker started execution/);
	});

	it('stops every process it started and closes every port', async () => {
		const n8n = queue!;
		const pids = n8n.descendantPids();
		// main, 2 webhook processes, 2 workers (+ task runners), Redis, the postmaster and its backends
		expect(pids.length).toBeGreaterThanOrEqual(7);
		const ports = [n8n.redis.port, n8n.postgres.port, ...n8n.processes().map((proc) => proc.port)];
		for (const port of ports) expect(await portOpen(port)).toBe(true);

		const stopStarted = Date.now();
		await n8n.stop();
		queue = undefined;
		console.log(`queue-mode n8n stopped in ${((Date.now() - stopStarted) / 1000).toFixed(1)} s`);

		expect(n8n.descendantPids()).toEqual([]);
		expect(pids.filter(alive)).toEqual([]);
		for (const port of ports) expect(await portOpen(port)).toBe(false);
		expect(n8n.processes().every((proc) => !proc.running)).toBe(true);
	}, 120_000);
});
