import type Redis from 'ioredis';

import type { DedupeStore } from '../whatsapp/dedupeStore';

const PREFIX = 'n8n-nodes-whatsapp-mcp:dedupe:';

/**
 * The duplicate memory shared by every n8n process that uses the same Redis: one `SET NX PX` per
 * key, so of two copies of a message arriving at two webhook processes at once exactly one wins,
 * and a key expires by itself with the window the user set. It survives n8n restarts (Redis
 * persistence decides whether it survives a Redis restart).
 */
export class RedisDedupeStore implements DedupeStore {
	constructor(private readonly client: Redis) {}

	async claim(key: string, ttlMs: number): Promise<boolean> {
		const answer = await this.client.set(PREFIX + key, '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX');
		return answer === 'OK';
	}

	async confirm(keys: string[], ttlMs: number): Promise<void> {
		if (keys.length === 0) return;
		const pipeline = this.client.pipeline();
		for (const key of keys) pipeline.pexpire(PREFIX + key, Math.max(1, Math.round(ttlMs)));
		await pipeline.exec();
	}

	async release(keys: string[]): Promise<void> {
		if (keys.length > 0) await this.client.del(...keys.map((key) => PREFIX + key));
	}
}
