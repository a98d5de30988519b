// Redis and Postgres for queue-mode n8n (shared/design/N8N.md "Queue mode"): Debian's binaries,
// started on free loopback ports in temp folders, each in its own process group, stopped by pid.
// Nothing listens on the default ports and nothing outlives stop().
import { execFile, execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { freePort } from './freePort';
import { projectRoot } from './installPackage';

const execFileAsync = promisify(execFile);
const HOST = '127.0.0.1';

let servicesEnsured = false;

/** Installs redis-server and postgresql with apt-get when missing (root only; quick when present). */
export function ensureQueueServices(): void {
	if (servicesEnsured) return;
	try {
		execFileSync('bash', [path.join(projectRoot, 'scripts', 'ensure-queue-services.sh')], { stdio: ['ignore', 'pipe', 'pipe'] });
	} catch (error) {
		const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
		throw new Error(`scripts/ensure-queue-services.sh failed:\n${stdout ?? ''}${stderr ?? ''}`);
	}
	servicesEnsured = true;
}

export interface RedisHandle {
	host: string;
	port: number;
	/** Starts redis-server again on the same port (after stop() or kill()). */
	start(): Promise<void>;
	/** Graceful shutdown (SIGTERM); the port is closed when this resolves. */
	stop(): Promise<void>;
	/** stop() then start(). */
	restart(): Promise<void>;
	/** Abrupt end (SIGKILL), as a crashed Redis. */
	kill(): Promise<void>;
	/** Freezes the server (SIGSTOP): connections stay open but nothing is answered until resume(). */
	pause(): void;
	resume(): void;
	isRunning(): boolean;
	/** Pids of every process group this handle started that still has members. */
	pids(): number[];
	logs(): string;
}

/** A throwaway redis-server on a free loopback port: no persistence, no config file. */
export async function startRedis(options: { port?: number } = {}): Promise<RedisHandle> {
	ensureQueueServices();
	const port = options.port ?? (await freePort());
	const groups: number[] = [];
	let child: ChildProcess | undefined;
	let exited = true;
	let dir: string | undefined;
	let log = '';

	const start = async () => {
		if (child && !exited) return;
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-redis-'));
		// --save "" and --appendonly no: nothing on disk, so a restart starts empty (as after a crash
		// of a Redis without persistence); --dir keeps any stray file in the temp folder.
		const args = [
			'--port',
			String(port),
			'--bind',
			HOST,
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--daemonize',
			'no',
			'--protected-mode',
			'no',
			'--logfile',
			'',
		];
		const started = spawn('redis-server', args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		child = started;
		exited = false;
		if (started.pid) groups.push(started.pid);
		const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-200_000));
		started.stdout?.on('data', keep);
		started.stderr?.on('data', keep);
		started.on('exit', () => {
			if (child === started) exited = true;
		});
		await waitFor(
			async () => {
				if (exited) throw new Error(`redis-server exited during start-up:\n${log.slice(-2000)}`);
				return (await redisPing(port)) === 'PONG';
			},
			15_000,
			`redis-server on port ${port}`,
		);
	};

	const end = async (signal: NodeJS.Signals) => {
		const current = child;
		if (current?.pid && !exited) {
			killGroup(current.pid, 'SIGCONT'); // a paused server cannot act on SIGTERM
			killGroup(current.pid, signal);
			await waitFor(async () => exited, 10_000, 'redis-server to exit').catch(() => killGroup(current.pid!, 'SIGKILL'));
			await waitFor(async () => exited, 5_000, 'redis-server to exit after SIGKILL');
		}
		if (current?.pid) killGroup(current.pid, 'SIGKILL');
		await waitFor(async () => !(await portOpen(port)), 5_000, `port ${port} to close`);
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
		dir = undefined;
	};

	await start();
	return {
		host: HOST,
		port,
		start,
		stop: () => end('SIGTERM'),
		async restart() {
			await end('SIGTERM');
			await start();
		},
		kill: () => end('SIGKILL'),
		pause: () => child?.pid && !exited && killGroup(child.pid, 'SIGSTOP'),
		resume: () => child?.pid && !exited && killGroup(child.pid, 'SIGCONT'),
		isRunning: () => !exited,
		pids: () => groups.flatMap((group) => groupMembers(group)),
		logs: () => log,
	};
}

export interface PostgresHandle {
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
	/** The data folder (owned by the postgres user when we are root). */
	dataDir: string;
	/** Runs SQL as the superuser in the n8n database; returns psql's unaligned, tuples-only output. */
	psql(sql: string): Promise<string>;
	/** Pids of the postmaster and its backends. */
	pids(): number[];
	logs(): string;
	/** Fast shutdown, then the temp folder is removed. */
	stop(): Promise<void>;
}

/** A throwaway Postgres cluster on a free loopback port, with a password user and database for n8n. */
export async function startPostgres(options: { port?: number } = {}): Promise<PostgresHandle> {
	ensureQueueServices();
	const bin = postgresBinDir();
	const port = options.port ?? (await freePort());
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-postgres-'));
	const dataDir = path.join(root, 'data');
	const socketDir = path.join(root, 'socket');
	const logFile = path.join(root, 'postgres.log');
	fs.mkdirSync(socketDir);
	// Postgres refuses to run as root: when we are root, everything runs as Debian's postgres user,
	// which must own the folder (mkdtemp makes it 0700 for us).
	const asRoot = process.getuid?.() === 0;
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		for (const entry of [root, socketDir]) fs.chownSync(entry, uid, gid);
	}
	const run = async (command: string, args: string[], timeout = 60_000) => {
		const [file, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]] : [path.join(bin, command), args];
		try {
			const { stdout } = await execFileAsync(file, fullArgs, { cwd: root, timeout, env: { PATH: process.env.PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
			return stdout;
		} catch (error) {
			const { stdout, stderr } = error as { stdout?: string; stderr?: string };
			throw new Error(`${command} ${args.join(' ')} failed: ${stderr ?? ''}${stdout ?? ''}\n${readLog(logFile).slice(-2000)}`);
		}
	};
	const user = 'n8n';
	const password = 'n8n-test-password';
	const database = 'n8n';
	let postmasterPid: number | undefined;

	const stop = async () => {
		if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) {
			await run('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '20'], 30_000).catch(() => undefined);
		}
		if (postmasterPid) {
			// Leftovers, if the fast shutdown failed (the backends first, so none is orphaned).
			for (const pid of postmasterFamily(postmasterPid).reverse()) killPid(pid, 'SIGKILL');
			await waitFor(async () => postmasterFamily(postmasterPid!).length === 0, 5_000, 'postgres to exit').catch(() => undefined);
		}
		fs.rmSync(root, { recursive: true, force: true });
	};

	try {
		// Trust on the socket for the superuser's set-up, a password over TCP as n8n uses it.
		await run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync', '--no-instructions']);
		// Durability is worthless for a throwaway test database: turn off what costs disk syncs.
		const serverOptions = [
			`-p ${port}`,
			`-k ${socketDir}`,
			`-c listen_addresses=${HOST}`,
			'-c fsync=off',
			'-c synchronous_commit=off',
			'-c full_page_writes=off',
			'-c max_connections=200',
		].join(' ');
		await run('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions], 90_000);
		postmasterPid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
		const psqlArgs = ['-h', socketDir, '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-X', '-q'];
		await run('psql', [
			...psqlArgs,
			'-d',
			'postgres',
			'-c',
			`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`,
			'-c',
			`CREATE DATABASE ${database} OWNER ${user}`,
		]);
		return {
			host: HOST,
			port,
			user,
			password,
			database,
			dataDir,
			psql: (sql) => run('psql', [...psqlArgs, '-d', database, '-A', '-t', '-c', sql]),
			pids: () => (postmasterPid ? postmasterFamily(postmasterPid) : []),
			logs: () => readLog(logFile),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Debian's newest /usr/lib/postgresql/<version>/bin. */
function postgresBinDir(): string {
	const base = '/usr/lib/postgresql';
	const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((entry) => fs.existsSync(path.join(base, entry, 'bin', 'pg_ctl'))) : [];
	versions.sort((a, b) => Number(b) - Number(a));
	if (!versions.length) throw new Error('Postgres binaries not found in /usr/lib/postgresql/*/bin: run scripts/ensure-queue-services.sh');
	return path.join(base, versions[0], 'bin');
}

/** One PING over RESP: 'PONG' when Redis serves, undefined when not (yet). */
export function redisPing(port: number, host = HOST): Promise<string | undefined> {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host });
		let reply = '';
		const done = (value: string | undefined) => {
			socket.destroy();
			resolve(value);
		};
		socket.setTimeout(1000, () => done(undefined));
		socket.on('error', () => done(undefined));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			if (reply.includes('\r\n')) done(reply.startsWith('+') ? reply.slice(1).trim() : undefined);
		});
	});
}

/** Whether something accepts TCP connections on the port. */
export function portOpen(port: number, host = HOST): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host });
		socket.setTimeout(1000, () => {
			socket.destroy();
			resolve(false);
		});
		socket.on('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.on('error', () => resolve(false));
	});
}

function readLog(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

interface ProcessEntry {
	pid: number;
	ppid: number;
	pgid: number;
}

/** Live processes from /proc; zombies count as gone (init reaps them a moment later). */
function liveProcesses(): ProcessEntry[] {
	const entries: ProcessEntry[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// After the command name: state, ppid, pgrp, …
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (fields[0] !== 'Z') entries.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]) });
		} catch {
			// the process ended while we looked
		}
	}
	return entries;
}

function groupMembers(groupId: number): number[] {
	return liveProcesses()
		.filter((entry) => entry.pgid === groupId)
		.map((entry) => entry.pid);
}

/** The postmaster and its children: each backend calls setsid(), so they are not in its group. */
function postmasterFamily(postmasterPid: number): number[] {
	return liveProcesses()
		.filter((entry) => entry.pid === postmasterPid || entry.ppid === postmasterPid)
		.map((entry) => entry.pid);
}

function killPid(pid: number, signal: NodeJS.Signals) {
	try {
		process.kill(pid, signal);
	} catch {
		// already gone
	}
}

function killGroup(groupId: number, signal: NodeJS.Signals) {
	try {
		process.kill(-groupId, signal);
	} catch {
		// already gone
	}
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
