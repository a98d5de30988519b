// The queue-mode shared state against a real redis-server (Debian's, started on a free loopback
// port): the trigger's duplicate memory and the Reply node's send schedule, each used by two
// clients standing for two n8n processes, and what happens while Redis is down.
import Redis from 'ioredis';

import { RedisDedupeStore } from '../../nodes/shared/redis/RedisDedupeStore';
import { RedisSendRateLimiter, SharedSendRateLimiter } from '../../nodes/shared/redis/RedisSendRateLimiter';
import { closeSharedRedisClients, readRedisCredential, sharedRedisClient } from '../../nodes/shared/redis/redisConnection';
import { CloudApiClient, type CloudApiClientOptions } from '../../nodes/shared/whatsapp/CloudApiClient';
import { buildTextMessages } from '../../nodes/shared/whatsapp/messages/text';
import { InProcessSendRateLimiter, SendRateLimitUnavailableError, type SendRateLimiter } from '../../nodes/shared/whatsapp/SendRateLimiter';
import { startRedis, type RedisHandle } from '../../n8n-harness/queueServices';
import { achievedRate, maxInWindow, startSandboxProcess } from './sandboxProcess';

/**
 * One send as a worker makes it: its turn, then the time it "arrives at Meta" (after `delayMs` on
 * the way, or later if this process stalls), then its answer. Arrivals are stamped on the clock Redis
 * and the sandbox share (one machine), so a second holding more than the rate is a real excess.
 */
async function send(limiter: SendRateLimiter, key: string, arrivals: number[], delayMs = 0): Promise<void> {
	const finished = await limiter.acquire(key);
	if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
	arrivals.push(Date.now());
	finished();
}

let redis: RedisHandle;
/** Two connections, as two webhook processes or two workers have. */
let processA: Redis;
let processB: Redis;

const connect = () =>
	new Redis({ host: redis.host, port: redis.port, maxRetriesPerRequest: 1, commandTimeout: 2000, retryStrategy: (n) => Math.min(n * 200, 1000) });

beforeAll(async () => {
	redis = await startRedis();
	processA = connect();
	processB = connect();
	processA.on('error', () => undefined);
	processB.on('error', () => undefined);
}, 60_000);

afterAll(async () => {
	processA?.disconnect();
	processB?.disconnect();
	await closeSharedRedisClients();
	await redis?.stop();
});

describe('RedisDedupeStore', () => {
	it('lets exactly one of many simultaneous claims of a message win across two processes', async () => {
		const stores = [new RedisDedupeStore(processA), new RedisDedupeStore(processB)];
		for (let round = 0; round < 20; round++) {
			const key = `race:${round}:${Date.now()}`;
			const results = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2].claim(key, 60_000)));
			expect(results.filter(Boolean)).toHaveLength(1);
		}
	});

	it('forgets a claim after its window and when released', async () => {
		const store = new RedisDedupeStore(processA);
		const key = `ttl:${Date.now()}`;
		await expect(store.claim(key, 300)).resolves.toBe(true);
		await expect(new RedisDedupeStore(processB).claim(key, 300)).resolves.toBe(false);
		await new Promise((resolve) => setTimeout(resolve, 400));
		await expect(store.claim(key, 60_000)).resolves.toBe(true);
		await store.release([key]);
		await expect(new RedisDedupeStore(processB).claim(key, 60_000)).resolves.toBe(true);
	});

	it('confirms a pending claim for the whole window', async () => {
		const store = new RedisDedupeStore(processA);
		const key = `confirm:${Date.now()}`;
		await store.claim(key, 300);
		await store.confirm([key], 60_000);
		await new Promise((resolve) => setTimeout(resolve, 400));
		await expect(new RedisDedupeStore(processB).claim(key, 60_000)).resolves.toBe(false);
	});
});

describe('RedisSendRateLimiter', () => {
	it('keeps two workers together under the rate in every sliding second, and near it', async () => {
		const rate = 40;
		const key = `pace:${Date.now()}`;
		const workers = [new RedisSendRateLimiter(processA, rate), new RedisSendRateLimiter(processB, rate)];
		const arrivals: number[] = [];
		// 100 sends asked for at once, 50 through each worker, 5 ms on the way.
		await Promise.all(Array.from({ length: 100 }, (_, i) => send(workers[i % 2], key, arrivals, 5)));
		expect(maxInWindow(arrivals, 1000)).toBeLessThanOrEqual(rate);
		expect(achievedRate(arrivals)).toBeGreaterThanOrEqual(0.9 * rate);
		// Without the shared schedule, two in-process limiters each allow the full rate.
		const local = [new InProcessSendRateLimiter({ messagesPerSecond: rate }), new InProcessSendRateLimiter({ messagesPerSecond: rate })];
		const unshared: number[] = [];
		await Promise.all(Array.from({ length: 60 }, (_, i) => send(local[i % 2], key, unshared)));
		expect(maxInWindow(unshared, 1000)).toBeGreaterThan(rate);
	}, 30_000);

	it('keeps a bunch of sends that a stalled event loop wakes at once within the limit', async () => {
		const rate = 40;
		const key = `stall:${Date.now()}`;
		const workers = [new RedisSendRateLimiter(processA, rate), new RedisSendRateLimiter(processB, rate)];
		const arrivals: number[] = [];
		// The event loop freezes for 400 ms while sends wait for their turns: their timers all fire late, together.
		setTimeout(() => {
			const until = Date.now() + 400;
			while (Date.now() < until) {
				// busy
			}
		}, 300);
		await Promise.all(Array.from({ length: 80 }, (_, i) => send(workers[i % 2], key, arrivals)));
		expect(maxInWindow(arrivals, 1000)).toBeLessThanOrEqual(rate);
	}, 30_000);

	it('counts a send until its answer: sends held up on their way never crowd one second at Meta', async () => {
		const rate = 40;
		const key = `late:${Date.now()}`;
		const workers = [new RedisSendRateLimiter(processA, rate), new RedisSendRateLimiter(processB, rate)];
		const arrivals: number[] = [];
		// The first 20 sends take 300 ms to arrive (a congested worker or network), the rest arrive at once:
		// counted by release time only, the late ones would land in the same second as the next 28.
		await Promise.all(Array.from({ length: 80 }, (_, i) => send(workers[i % 2], key, arrivals, i < 20 ? 300 : 0)));
		expect(maxInWindow(arrivals, 1000)).toBeLessThanOrEqual(rate);
		expect(arrivals).toHaveLength(80);
	}, 30_000);

	it('frees the place of a send a second after its answer, not before', async () => {
		const key = `finish:${Date.now()}`;
		const limiter = new RedisSendRateLimiter(processA, 2);
		const first = await limiter.acquire(key);
		await limiter.acquire(key);
		// Two in flight at 2/s: the third waits until one of them has finished and a second has passed.
		const started = Date.now();
		setTimeout(first, 300);
		await limiter.acquire(key);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1300 - 5);
	}, 30_000);

	it('two Cloud API clients sending 400 messages through both workers earn no 130429 at the sandbox, at ≥ 0.9 of its rate', async () => {
		const remote = await startSandboxProcess({ throughputPerSecond: 80, statusDelaysMs: [5, 10, 15], autoRead: false });
		try {
			const credentials = remote.credentials as CloudApiClientOptions;
			const clients = [processA, processB].map(
				(connection) => new CloudApiClient({ ...credentials, rateLimiter: new RedisSendRateLimiter(connection, 80), retry: false }),
			);
			let next = 0;
			const worker = async (client: CloudApiClient) => {
				while (next < 400) {
					const to = `1555${String(next++).padStart(7, '0')}`;
					await client.sendMessage(buildTextMessages({ to }, { body: `Message to ${to}` })[0]);
				}
			};
			await Promise.all(Array.from({ length: 20 }, (_, i) => worker(clients[i % 2])));
			const sends = await remote.sends();
			expect(sends).toHaveLength(400);
			expect(sends.filter((r) => r.status !== 200)).toEqual([]);
			// As the sandbox saw them (ISO times, millisecond resolution).
			const arrivals = sends.map((r) => Date.parse(r.at));
			expect(achievedRate(arrivals)).toBeGreaterThanOrEqual(0.9 * 80);
			expect(maxInWindow(arrivals, 1000)).toBeLessThanOrEqual(80);
		} finally {
			remote.stop();
		}
	}, 60_000);
});

describe('while Redis is down', () => {
	it('fails claims and sends clearly within seconds, falls back when asked to, and recovers when Redis is back', async () => {
		const credential = readRedisCredential({ host: redis.host, port: redis.port });
		const client = sharedRedisClient(credential);
		const store = new RedisDedupeStore(client);
		await expect(store.claim(`before:${Date.now()}`, 60_000)).resolves.toBe(true);
		const strict = new SharedSendRateLimiter(new RedisSendRateLimiter(client, 80), `Redis at ${redis.host}:${redis.port}`);
		const warnings: string[] = [];
		const lenient = new SharedSendRateLimiter(new RedisSendRateLimiter(client, 80), `Redis at ${redis.host}:${redis.port}`, {
			limiter: new InProcessSendRateLimiter({ messagesPerSecond: 80 }),
			warn: (message) => warnings.push(message),
		});

		await redis.stop();
		try {
			const started = Date.now();
			await expect(store.claim(`during:${Date.now()}`, 60_000)).rejects.toThrow();
			expect(Date.now() - started).toBeLessThan(5_000);
			const error = await strict.acquire('phone').catch((e: unknown) => e);
			expect(error).toBeInstanceOf(SendRateLimitUnavailableError);
			expect((error as SendRateLimitUnavailableError).message).toMatch(
				/shared send rate limit \(Redis\) cannot be reached, so nothing was sent \(Redis at 127\.0\.0\.1:\d+/,
			);
			expect((error as SendRateLimitUnavailableError).hint).toMatch(/If Redis Is Unreachable/);
			await lenient.acquire('phone');
			await lenient.acquire('phone');
			expect(warnings).toHaveLength(1);
			expect(warnings[0]).toMatch(/sending under this process's own limit instead/);
		} finally {
			await redis.start();
		}
		const key = `after:${Date.now()}`;
		let claimed: boolean | undefined;
		for (let attempt = 0; attempt < 30 && claimed === undefined; attempt++) {
			claimed = await store.claim(key, 60_000).catch(() => undefined);
			if (claimed === undefined) await new Promise((resolve) => setTimeout(resolve, 200));
		}
		expect(claimed).toBe(true);
	}, 60_000);
});
