// A real n8n (the pinned runtime from n8n-harness/ensureRuntime.js) with this package installed the
// way the Community Nodes screen installs it, workflows and credentials imported through n8n's own
// CLI, started on free loopback ports in its own process group, and always stopped as a group.
import { spawn, execFile, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { freePort } from './freePort';
import { installIntoUserFolder } from './installPackage';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- ensureRuntime.js is plain CommonJS that npm test also runs with node
const runtime = require('./ensureRuntime.js') as {
	ensureRuntime(options?: { quiet?: boolean }): Promise<{ runtimeDir: string; nodeBinDir: string; n8nBin: string }>;
	nodeBinDir: string;
	n8nBin: string;
};

const execFileAsync = promisify(execFile);

/** The pinned runtime (n8n-harness/ensureRuntime.js): its installer, Node 24 and n8n's bin. */
export const n8nRuntime = runtime;

/** The Node binary n8n runs on (from the pinned runtime): references in benches run on it too. */
export const n8nNodeBinary = path.join(runtime.nodeBinDir, 'node');

export interface N8nCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface N8nWorkflow {
	id: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	active?: boolean;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface StartN8nOptions {
	workflows?: N8nWorkflow[];
	credentials?: N8nCredential[];
	/** Extra environment for n8n and its CLI (e.g. N8N_LOG_LEVEL). */
	env?: Record<string, string>;
	/** NODE_OPTIONS for n8n itself (e.g. `--cpu-prof` when profiling a bench); the caller's own are never passed on. */
	nodeOptions?: string;
	/** Install this package into the user folder (default true). */
	installPackage?: boolean;
	/** Keep the user folder after stop, for debugging. */
	keepUserFolder?: boolean;
	/** Log progress lines (the demo shows them). */
	onProgress?: (line: string) => void;
	/** Fixed port for the editor and webhooks (default: a free one). */
	port?: number;
	/** Existing user folder to reuse (the demo keeps its data between runs). */
	userFolder?: string;
}

export interface N8nInstance {
	baseUrl: string;
	port: number;
	userFolder: string;
	/** Production webhook URL for a path (as in the Webhook/trigger node's `path`). */
	webhookUrl(webhookPath: string): string;
	/** n8n's log so far (stdout and stderr). */
	logs(): string;
	/** Retries until n8n serves the webhook (published workflows register a moment after readiness). */
	waitForWebhook(webhookPath: string, method?: 'GET' | 'POST'): Promise<void>;
	/** A GET of any n8n path with the owner's session (e.g. /types/nodes.json), parsed as JSON. */
	getJson<T = unknown>(urlPath: string): Promise<T>;
	/** The REST API with an owner session (created at start). */
	rest<T = unknown>(method: string, urlPath: string, body?: unknown): Promise<T>;
	/** Finished executions of a workflow, newest first, with their run data when `includeData`. */
	executions(workflowId: string): Promise<ExecutionSummary[]>;
	/** The pids in n8n's process group (n8n, its task runners, stdio MCP servers it started). */
	descendantPids(): number[];
	stop(): Promise<void>;
}

/** What tests need of a running n8n, whether one process (startN8n) or queue mode (startN8nQueue). */
export type N8nEngine = Pick<N8nInstance, 'executions' | 'logs' | 'waitForWebhook' | 'webhookUrl'>;

export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	workflowId: string;
}

/** The owner every harness instance creates (and logs in as). */
export const OWNER = { email: 'owner@example.com', firstName: 'Test', lastName: 'Owner', password: 'Owner-passw0rd!' };

export async function startN8n(options: StartN8nOptions = {}): Promise<N8nInstance> {
	const progress = options.onProgress ?? (() => undefined);
	await runtime.ensureRuntime({ quiet: true });
	const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-engine-'));
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	if (options.installPackage !== false) {
		progress('installing the packed package into n8n (as the Community Nodes screen does)');
		installIntoUserFolder(userFolder);
	}
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const env = n8nEnv(
		{
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			DB_SQLITE_POOL_SIZE: '2',
			...options.env,
		},
		options.nodeOptions,
	);

	await importIntoDb(options, env, userFolder, progress);

	progress('starting n8n');
	const logFile = path.join(userFolder, 'n8n.log');
	const logStream = fs.openSync(logFile, 'a');
	const child: ChildProcess = spawn(runtime.n8nBin, ['start'], {
		env,
		cwd: userFolder,
		detached: true, // its own process group, so stop() can end task runners and MCP servers too
		stdio: ['ignore', logStream, logStream],
	});
	fs.closeSync(logStream);
	let exited = false;
	child.on('exit', () => (exited = true));

	const baseUrl = `http://127.0.0.1:${port}`;
	const logs = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
	let cookie = '';

	const stop = async () => {
		if (!exited && child.pid) {
			killGroup(child.pid, 'SIGTERM');
			const deadline = Date.now() + 10_000;
			while (!exited && Date.now() < deadline) await sleep(100);
			killGroup(child.pid, 'SIGKILL');
		}
		if (child.pid) killGroup(child.pid, 'SIGKILL'); // leftovers of the group, if any
		if (!options.keepUserFolder && !options.userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	};

	try {
		await waitUntil(
			async () => {
				if (exited) throw new Error(`n8n exited during start-up:\n${logs().slice(-4000)}`);
				const response = await fetch(`${baseUrl}/healthz/readiness`).catch(() => undefined);
				return response?.ok === true;
			},
			120_000,
			'n8n readiness',
		);
		cookie = await ownerSession(baseUrl);
	} catch (error) {
		await stop();
		throw error;
	}

	return {
		baseUrl,
		port,
		userFolder,
		webhookUrl: (webhookPath) => `${baseUrl}/webhook/${webhookPath.replace(/^\//, '')}`,
		logs,
		waitForWebhook: (webhookPath, method = 'POST') =>
			waitForWebhookAt(`${baseUrl}/webhook/${webhookPath.replace(/^\//, '')}`, method, `webhook ${webhookPath}`),
		...ownerApi(baseUrl, cookie),
		descendantPids: () => (child.pid ? processGroupMembers(child.pid) : []),
		stop,
	};
}

/** The environment every n8n process and CLI call gets: the pinned Node first on PATH, quiet, on loopback. */
export function n8nEnv(settings: Record<string, string>, nodeOptions?: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PATH: `${runtime.nodeBinDir}:${process.env.PATH}`,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_ENCRYPTION_KEY: 'n8n-nodes-whatsapp-mcp-test-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		...settings,
	};
	// Jest sets NODE_ENV=test (n8n then neither logs nor stays up) and its workers run Node 20:
	// keep both out of n8n.
	env.NODE_ENV = 'production';
	delete env.NODE_OPTIONS;
	if (nodeOptions) env.NODE_OPTIONS = nodeOptions;
	for (const key of Object.keys(env)) if (key.startsWith('JEST_')) delete env[key];
	return env;
}

/** Runs an n8n CLI command (import:…, publish:…) to completion; its output only on failure. */
export async function runN8nCli(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
	try {
		await execFileAsync(runtime.n8nBin, args, { env, cwd, maxBuffer: 16 * 1024 * 1024 });
	} catch (error) {
		const { stdout, stderr } = error as { stdout?: string; stderr?: string };
		const output = `${stdout ?? ''}\n${stderr ?? ''}`.split('\n').filter((line) => !/migration/i.test(line));
		throw new Error(`n8n ${args.join(' ')} failed:\n${output.join('\n').slice(-4000)}`);
	}
}

/** Imports credentials and workflows into n8n's DB with its CLI and publishes the workflows (before start). */
export async function importIntoDb(
	options: Pick<StartN8nOptions, 'credentials' | 'workflows'>,
	env: NodeJS.ProcessEnv,
	folder: string,
	progress: (line: string) => void,
): Promise<void> {
	const cli = (args: string[]) => runN8nCli(args, env, folder);
	if (options.credentials?.length) {
		progress(`importing ${options.credentials.length} credential(s)`);
		const file = path.join(folder, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(options.credentials));
		await cli(['import:credentials', `--input=${file}`]);
	}
	if (options.workflows?.length) {
		progress(`importing and activating ${options.workflows.length} workflow(s)`);
		const file = path.join(folder, 'workflows.json');
		const workflows = options.workflows.map((workflow) => ({ settings: {}, ...workflow, active: false }));
		fs.writeFileSync(file, JSON.stringify(workflows));
		await cli(['import:workflow', `--input=${file}`]);
		// Activation in single-main mode goes through publish, one workflow per call (~3 s each).
		for (const workflow of options.workflows) {
			if (workflow.active === false) continue;
			await cli(['publish:workflow', `--id=${workflow.id}`]);
		}
	}
}

/** Retries until the production webhook at `url` is served (published workflows register a moment after readiness). */
export async function waitForWebhookAt(url: string, method: 'GET' | 'POST', what: string): Promise<void> {
	await waitUntil(
		async () => {
			// Probe with GET, which executes nothing on a POST-only webhook: n8n then answers
			// "not registered for GET … Did you mean POST" once the path is live, and
			// "not registered" alone before.
			const probe = await fetch(url, { method: 'GET' }).catch(() => undefined);
			if (!probe) return false;
			const text = await probe.text();
			if (probe.status !== 404) return true;
			return method === 'POST' && /did you mean/i.test(text);
		},
		60_000,
		what,
	);
}

/** The owner's REST API, plain GETs and a workflow's executions on one n8n (main, in queue mode). */
export function ownerApi(baseUrl: string, cookie: string): Pick<N8nInstance, 'rest' | 'getJson' | 'executions'> {
	const rest = async <T>(method: string, urlPath: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${baseUrl}/rest${urlPath}`, {
			method,
			headers: { 'content-type': 'application/json', cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${urlPath} → ${response.status}: ${text.slice(0, 500)}`);
		const parsed = JSON.parse(text);
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	};
	return {
		rest,
		async getJson<T>(urlPath: string) {
			const response = await fetch(`${baseUrl}${urlPath}`, { headers: { cookie } });
			if (!response.ok) throw new Error(`GET ${urlPath} → ${response.status}: ${(await response.text()).slice(0, 500)}`);
			return (await response.json()) as T;
		},
		async executions(workflowId) {
			const filter = encodeURIComponent(JSON.stringify({ workflowId }));
			const result = await rest<{ results: ExecutionSummary[] }>('GET', `/executions?filter=${filter}&limit=250`);
			return result.results;
		},
	};
}

export async function ownerSession(baseUrl: string): Promise<string> {
	const setup = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	let setCookie = setup.headers.get('set-cookie');
	if (!setup.ok || !setCookie) {
		// A reused user folder already has its owner: log in instead.
		const login = await fetch(`${baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
		});
		setCookie = login.headers.get('set-cookie');
		if (!login.ok || !setCookie) throw new Error(`n8n owner login failed: ${login.status} ${await login.text()}`);
	}
	return setCookie.split(';')[0];
}

/** Members of a process group, read from /proc (stat field 5 is the pgrp); zombies left out with `live`. */
export function processGroupMembers(groupId: number, options: { live?: boolean } = {}): number[] {
	const members: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) === groupId && !(options.live && fields[0] === 'Z')) members.push(Number(entry));
		} catch {
			// the process ended while we looked
		}
	}
	return members;
}

export function killGroup(groupId: number, signal: NodeJS.Signals) {
	try {
		process.kill(-groupId, signal);
	} catch {
		// already gone
	}
}

export function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(200);
	}
}
