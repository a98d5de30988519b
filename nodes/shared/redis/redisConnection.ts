import { createHash } from 'crypto';
import Redis from 'ioredis';
import { errorMessage } from '../caughtError';

/** The fields of n8n's own `redis` credential type (the one queue-mode users already have). */
export const REDIS_CREDENTIAL_TYPE = 'redis';

export interface RedisCredential {
	host: string;
	port: number;
	user: string;
	password: string;
	database: number;
	ssl: boolean;
	disableTlsVerification: boolean;
}

export function readRedisCredential(data: Record<string, unknown>): RedisCredential {
	const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string).trim() : '');
	const number = (key: string, fallback: number) => (Number.isFinite(Number(data[key])) && data[key] !== '' ? Number(data[key]) : fallback);
	return {
		host: text('host') || 'localhost',
		port: number('port', 6379),
		user: text('user'),
		password: typeof data.password === 'string' ? data.password : '',
		database: number('database', 0),
		ssl: data.ssl === true,
		disableTlsVerification: data.disableTlsVerification === true,
	};
}

/** How long one command may take before the caller is told Redis is unreachable. */
const COMMAND_TIMEOUT_MS = 2_000;

const clients = new Map<string, Redis>();

/**
 * One connection per Redis server and account for the whole process, shared by every trigger and
 * Reply node. While Redis is down, commands fail within about two seconds instead of queueing
 * (a webhook must be refused in time for Meta to redeliver it), and the client keeps
 * reconnecting in the background, so work resumes as soon as Redis is back.
 */
export function sharedRedisClient(credential: RedisCredential): Redis {
	const key = createHash('sha256').update(JSON.stringify(credential)).digest('hex');
	let client = clients.get(key);
	if (!client) {
		client = new Redis({
			host: credential.host,
			port: credential.port,
			username: credential.user || undefined,
			password: credential.password || undefined,
			db: credential.database,
			tls: credential.ssl ? { rejectUnauthorized: !credential.disableTlsVerification } : undefined,
			connectTimeout: COMMAND_TIMEOUT_MS,
			commandTimeout: COMMAND_TIMEOUT_MS,
			maxRetriesPerRequest: 1,
			retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
		});
		// Errors reach each command's caller; without a listener ioredis would log every reconnect attempt.
		client.on('error', () => undefined);
		clients.set(key, client);
	}
	return client;
}

/** Where a Redis failure comes from, without the password (ioredis never prints it; the address helps). */
export function describeRedisFailure(credential: RedisCredential, error: unknown): string {
	const message = errorMessage(error);
	return `Redis at ${credential.host}:${credential.port} (database ${credential.database}): ${message}`;
}

/** Closes every shared connection (tests; n8n itself just exits). */
export async function closeSharedRedisClients(): Promise<void> {
	const all = [...clients.values()];
	clients.clear();
	await Promise.all(all.map(async (client) => await client.quit().catch(() => client.disconnect())));
}
