// A real n8n 2.40.7 in queue mode on this machine: Postgres and Redis (./queueServices), one main
// process, N `n8n webhook` processes and M `n8n worker` processes, all on free loopback ports, each
// n8n process in its own process group with its own user folder, and all of it stopped as a whole.
// Run by hand: `npx tsx n8n-harness/n8nQueue.ts` (prints the URLs, Ctrl-C stops everything).
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort } from './freePort';
import { installIntoUserFolder } from './installPackage';
import {
	importIntoDb,
	killGroup,
	OWNER,
	n8nEnv,
	n8nRuntime,
	ownerApi,
	processGroupMembers,
	ownerSession,
	sleep,
	waitForWebhookAt,
	waitUntil,
	type ExecutionSummary,
	type StartN8nOptions,
} from './n8nInstance';
import { startPostgres, startRedis, type PostgresHandle, type RedisHandle } from './queueServices';

export type QueueRole = 'main' | 'webhook' | 'worker';

export interface StartN8nQueueOptions extends Pick<
	StartN8nOptions,
	'workflows' | 'credentials' | 'env' | 'nodeOptions' | 'installPackage' | 'keepUserFolder' | 'onProgress'
> {
	/** `n8n webhook` processes (default 2). */
	webhookProcesses?: number;
	/** `n8n worker` processes (default 2). */
	workers?: number;
	/** Extra environment for one role only, applied after `env` (e.g. { worker: { N8N_CONCURRENCY_PRODUCTION_LIMIT: '5' } }). */
	roleEnv?: Partial<Record<QueueRole, Record<string, string>>>;
	/**
	 * Main also serves production webhooks (n8n's default). Off by default: only the webhook processes
	 * answer /webhook/…, as behind a load balancer that routes them there (N8N_DISABLE_PRODUCTION_MAIN_PROCESS).
	 */
	mainServesWebhooks?: boolean;
	/** Redis's port, when credentials imported with the workflows must name it (default: a free one). */
	redisPort?: number;
}

export interface QueueProcessInfo {
	/** 'main', 'webhook-1', 'worker-2', … (the prefix of its lines in logs()). */
	name: string;
	role: QueueRole;
	/** HTTP port: the server of main and webhook processes, the health server of workers. */
	port: number;
	userFolder: string;
	running: boolean;
	pid?: number;
}

export interface N8nQueue {
	/** Main's base URL (editor, REST API). */
	mainUrl: string;
	/** Base URL of each webhook process. */
	webhookUrls: string[];
	/** Production webhook URL on one webhook process (default the first). */
	webhookUrl(webhookPath: string, processIndex?: number): string;
	/** Retries until every webhook process serves the path. */
	waitForWebhook(webhookPath: string, method?: 'GET' | 'POST'): Promise<void>;
	/** The REST API on main with an owner session. */
	rest<T = unknown>(method: string, urlPath: string, body?: unknown): Promise<T>;
	/** A GET of any path on main with the owner's session, parsed as JSON. */
	getJson<T = unknown>(urlPath: string): Promise<T>;
	/** Executions of a workflow (whichever worker ran them), newest first. */
	executions(workflowId: string): Promise<ExecutionSummary[]>;
	/** Every process's log, each line prefixed with `[name] `; or one process's log, unprefixed. */
	logs(processName?: string): string;
	processes(): QueueProcessInfo[];
	redis: RedisHandle;
	postgres: PostgresHandle;
	/** SIGTERM to every n8n process (graceful shutdown), then all start again on the same ports, DB and Redis. */
	restartAll(): Promise<void>;
	/** Pids left in any process group this setup ever started (n8n processes, Redis, Postgres). */
	descendantPids(): number[];
	/** Ends every n8n process group, Redis and Postgres, and removes the temp folders. */
	stop(): Promise<void>;
}

interface QueueProcess {
	name: string;
	role: QueueRole;
	command: 'start' | 'webhook' | 'worker';
	port: number;
	userFolder: string;
	env: NodeJS.ProcessEnv;
	logFile: string;
	/** The log as it was when stop() removed the folder. */
	finalLog?: string;
	child?: ChildProcess;
	exited: boolean;
	/** Every process group started for it (one per start), kept for descendantPids() after a restart. */
	groups: number[];
}

const GRACEFUL_STOP_MS = 30_000;

export async function startN8nQueue(options: StartN8nQueueOptions = {}): Promise<N8nQueue> {
	const started = Date.now();
	const progress = (line: string) => options.onProgress?.(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
	const webhookCount = options.webhookProcesses ?? 2;
	const workerCount = options.workers ?? 2;
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));
	const processes: QueueProcess[] = [];
	let redis: RedisHandle | undefined;
	let postgres: PostgresHandle | undefined;
	let stopping: Promise<void> | undefined;
	let pendingServices: Array<Promise<unknown>> = [];

	const stopProcesses = async (timeoutMs: number) => {
		await Promise.all(processes.map((proc) => stopProcess(proc, timeoutMs, progress)));
	};
	// Idempotent: a second call (afterAll after a test's own stop) waits for the first.
	const stop = () =>
		(stopping ??= (async () => {
			await Promise.allSettled(pendingServices); // a half-started service is stopped too
			// n8n first: its graceful shutdown talks to Redis and Postgres.
			await stopProcesses(redis?.isRunning() === false ? 5_000 : 10_000);
			await Promise.all([redis?.stop(), postgres?.stop()]);
			// Logs stay readable after stop (afterAll may print them), the folders do not stay.
			for (const proc of processes) proc.finalLog = readLog(proc.logFile);
			if (!options.keepUserFolder) fs.rmSync(root, { recursive: true, force: true });
		})());

	try {
		progress('starting Postgres and Redis; preparing the n8n user folders');
		// initdb and the runtime check run while the package is copied (synchronously) below.
		pendingServices = [
			startPostgres().then((handle) => (postgres = handle)),
			startRedis({ port: options.redisPort }).then((handle) => (redis = handle)),
			n8nRuntime.ensureRuntime({ quiet: true }),
		];

		// Each process gets its own user folder: n8n keeps a crash journal and event logs there,
		// and a second process finding another's crash.journal thinks it crashed and waits 10 s.
		const named: Array<{ role: QueueRole; name: string }> = [
			{ role: 'main', name: 'main' },
			...Array.from({ length: webhookCount }, (_, index) => ({ role: 'webhook' as const, name: `webhook-${index + 1}` })),
			...Array.from({ length: workerCount }, (_, index) => ({ role: 'worker' as const, name: `worker-${index + 1}` })),
		];
		const roles = named.map((entry) => ({ ...entry, userFolder: path.join(root, entry.name) }));
		for (const [index, { userFolder }] of roles.entries()) {
			fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
			if (options.installPackage === false) continue;
			if (index === 0) installIntoUserFolder(userFolder);
			// Hard links to main's copy: a full copy (~5000 files) takes seconds per folder here.
			else execFileSync('cp', ['-al', path.join(roles[0].userFolder, '.n8n', 'nodes'), path.join(userFolder, '.n8n', 'nodes')]);
		}
		const settled = await Promise.allSettled(pendingServices);
		for (const result of settled) if (result.status === 'rejected') throw result.reason;
		if (!postgres || !redis) throw new Error('Postgres or Redis did not start');

		// Picked while Redis and Postgres listen, so none of these can be theirs.
		const ports = await uniqueFreePorts(roles.length * 2);
		const webhookBase = (port: number) => `http://127.0.0.1:${port}/`;
		const firstWebhookPort = ports[2]; // main's two ports come first
		for (const [index, { role, name, userFolder }] of roles.entries()) {
			const port = ports[index * 2];
			const brokerPort = ports[index * 2 + 1];
			const settings: Record<string, string> = {
				EXECUTIONS_MODE: 'queue',
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: postgres.host,
				DB_POSTGRESDB_PORT: String(postgres.port),
				DB_POSTGRESDB_DATABASE: postgres.database,
				DB_POSTGRESDB_USER: postgres.user,
				DB_POSTGRESDB_PASSWORD: postgres.password,
				QUEUE_BULL_REDIS_HOST: redis.host,
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				// n8n's default in queue mode anyway (n8n-core binary-data.config.js); filesystem is unsupported there.
				N8N_DEFAULT_BINARY_DATA_MODE: 'database',
				N8N_USER_FOLDER: userFolder,
				// Every process that runs code has a task broker (main and workers): ports must differ.
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				// Where production webhooks live: what main shows and registers with outside services.
				WEBHOOK_URL: webhookBase(role === 'webhook' ? port : webhookCount > 0 ? firstWebhookPort : ports[0]),
			};
			if (role === 'worker') {
				settings.QUEUE_HEALTH_CHECK_ACTIVE = 'true';
				settings.QUEUE_HEALTH_CHECK_PORT = String(port);
				settings.N8N_WORKER_SERVER_ADDRESS = '127.0.0.1';
			} else {
				settings.N8N_PORT = String(port);
			}
			if (role === 'main' && !options.mainServesWebhooks && webhookCount > 0) {
				settings.N8N_DISABLE_PRODUCTION_MAIN_PROCESS = 'true';
			}
			const env = n8nEnv({ ...settings, ...options.env, ...options.roleEnv?.[role] }, options.nodeOptions);
			const command = role === 'main' ? 'start' : role;
			processes.push({ name, role, command, port, userFolder, env, logFile: path.join(userFolder, 'n8n.log'), exited: true, groups: [] });
		}
		const [main, ...others] = processes;

		// The first CLI call migrates the fresh database; after it every process may start at once.
		const migrated = Boolean(options.credentials?.length || options.workflows?.length);
		await importIntoDb(options, main.env, main.userFolder, progress);
		if (migrated) {
			progress(`starting main, ${webhookCount} webhook and ${workerCount} worker process(es)`);
			processes.forEach(spawnProcess);
			await Promise.all(processes.map(waitReady));
		} else {
			// Nothing imported: main migrates the empty database before the others may connect.
			progress('starting main (it migrates the fresh database)');
			spawnProcess(main);
			await waitReady(main);
			progress(`starting ${webhookCount} webhook and ${workerCount} worker process(es)`);
			others.forEach(spawnProcess);
			await Promise.all(others.map(waitReady));
		}
		progress('all processes ready');
	} catch (error) {
		await stop();
		throw error;
	}

	const mainProcess = processes[0];
	const mainUrl = `http://127.0.0.1:${mainProcess.port}`;
	const webhookUrls = processes.filter((proc) => proc.role === 'webhook').map((proc) => `http://127.0.0.1:${proc.port}`);
	let cookie = '';
	try {
		cookie = await ownerSession(mainUrl);
	} catch (error) {
		await stop();
		throw error;
	}

	const webhookUrl = (webhookPath: string, processIndex = 0) => {
		const base = webhookUrls[processIndex] ?? (processIndex === 0 && options.mainServesWebhooks ? mainUrl : undefined);
		if (!base) throw new Error(`no webhook process #${processIndex} (there are ${webhookUrls.length})`);
		return `${base}/webhook/${webhookPath.replace(/^\//, '')}`;
	};

	return {
		mainUrl,
		webhookUrls,
		webhookUrl,
		async waitForWebhook(webhookPath, method = 'POST') {
			const bases = webhookUrls.length ? webhookUrls : [mainUrl];
			await Promise.all(
				bases.map((base) => waitForWebhookAt(`${base}/webhook/${webhookPath.replace(/^\//, '')}`, method, `webhook ${webhookPath} on ${base}`)),
			);
		},
		...ownerApi(mainUrl, cookie),
		logs(processName) {
			if (processName) {
				const proc = processes.find((candidate) => candidate.name === processName);
				if (!proc) throw new Error(`no process named ${processName}`);
				return proc.finalLog ?? readLog(proc.logFile);
			}
			return processes
				.map((proc) =>
					(proc.finalLog ?? readLog(proc.logFile))
						.split('\n')
						.filter((line) => line !== '')
						.map((line) => `[${proc.name}] ${line}`)
						.join('\n'),
				)
				.join('\n');
		},
		processes: () => processes.map(({ name, role, port, userFolder, child, exited }) => ({ name, role, port, userFolder, running: !exited, pid: child?.pid })),
		redis: redis!,
		postgres: postgres!,
		async restartAll() {
			progress('restart: SIGTERM to every n8n process');
			await stopProcesses(GRACEFUL_STOP_MS);
			// The database is migrated by now: all processes may start at once, on the same ports.
			progress('restart: starting every n8n process again');
			processes.forEach(spawnProcess);
			await Promise.all(processes.map(waitReady));
			cookie = await ownerSession(mainUrl);
			progress('restart: all processes ready');
		},
		descendantPids: () => [
			...processes.flatMap((proc) => proc.groups.flatMap((group) => processGroupMembers(group, { live: true }))),
			...(redis?.pids() ?? []),
			...(postgres?.pids() ?? []),
		],
		stop,
	};
}

function spawnProcess(proc: QueueProcess): void {
	const logStream = fs.openSync(proc.logFile, 'a');
	const child = spawn(n8nRuntime.n8nBin, [proc.command], {
		env: proc.env,
		cwd: proc.userFolder,
		detached: true, // its own process group: stop() ends its task runners too
		stdio: ['ignore', logStream, logStream],
	});
	fs.closeSync(logStream);
	proc.child = child;
	proc.exited = false;
	if (child.pid) proc.groups.push(child.pid);
	child.on('exit', () => {
		if (proc.child === child) proc.exited = true;
	});
}

async function waitReady(proc: QueueProcess): Promise<void> {
	// Main and webhook processes serve /healthz/readiness on N8N_PORT (abstract-server.js), workers on
	// their health server (scaling/worker-server.js: DB connected and migrated, Redis connected, queue set up).
	const url = `http://127.0.0.1:${proc.port}/healthz/readiness`;
	await waitUntil(
		async () => {
			if (proc.exited) throw new Error(`n8n ${proc.name} exited during start-up:\n${readLog(proc.logFile).slice(-4000)}`);
			const response = await fetch(url).catch(() => undefined);
			return response?.ok === true;
		},
		180_000,
		`n8n ${proc.name} readiness`,
	);
}

async function stopProcess(proc: QueueProcess, timeoutMs: number, progress: (line: string) => void): Promise<void> {
	const pid = proc.child?.pid;
	if (!pid) return;
	if (!proc.exited) {
		const started = Date.now();
		killGroup(pid, 'SIGTERM');
		const deadline = started + timeoutMs;
		while (!proc.exited && Date.now() < deadline) await sleep(100);
		progress(`${proc.name} ${proc.exited ? `exited ${Date.now() - started} ms after SIGTERM` : `still running ${timeoutMs} ms after SIGTERM: SIGKILL`}`);
	}
	killGroup(pid, 'SIGKILL'); // leftovers of the group (task runners), or n8n itself after the timeout
	await waitUntil(async () => proc.exited && processGroupMembers(pid, { live: true }).length === 0, 10_000, `n8n ${proc.name} to exit`).catch(() => undefined);
}

/** Distinct free loopback ports (freePort alone may hand out the same one twice). */
async function uniqueFreePorts(count: number): Promise<number[]> {
	const ports = new Set<number>();
	while (ports.size < count) ports.add(await freePort());
	return [...ports];
}

function readLog(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

// By hand: start everything with no workflows, print the URLs, stop everything on Ctrl-C.
if (require.main === module) {
	const pending = startN8nQueue({ onProgress: (line) => console.log(line) });
	let stopping = false;
	const shutdown = () => {
		if (stopping) return;
		stopping = true;
		console.log('\nstopping n8n, Redis and Postgres…');
		// A failed start has already cleaned up after itself.
		void pending
			.then(
				(queue) => queue.stop(),
				() => undefined,
			)
			.finally(() => process.exit(0));
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
	pending.then(
		(queue) => {
			console.log(`\nn8n in queue mode is up (owner: ${OWNER.email} / ${OWNER.password})`);
			console.log(`  main (editor, REST):  ${queue.mainUrl}`);
			queue.webhookUrls.forEach((url, index) => console.log(`  webhook-${index + 1}:           ${url}/webhook/<path>`));
			for (const proc of queue.processes().filter((candidate) => candidate.role === 'worker')) {
				console.log(`  ${proc.name} health:      http://127.0.0.1:${proc.port}/healthz/readiness`);
			}
			console.log(`  Redis:                redis-cli -h ${queue.redis.host} -p ${queue.redis.port}`);
			const { user, password, host, port, database } = queue.postgres;
			console.log(`  Postgres:             postgresql://${user}:${password}@${host}:${port}/${database}`);
			console.log('Ctrl-C stops everything.');
		},
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}
