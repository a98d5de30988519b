import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'fs';

// The SDK's StdioClientTransport signals only its direct child, and n8n's lint keeps
// child_process out of nodes/, so a server started through `npx` or `sh -c` would leave its
// grandchildren running. We find the whole tree from /proc (Linux) and signal every member.

/** Parent pid of every live process, read from /proc/<pid>/stat; empty where /proc is absent. */
function readParentPids(): Map<number, number> {
	const parents = new Map<number, number>();
	let entries: string[];
	try {
		entries = readdirSync('/proc');
	} catch {
		return parents;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// The command name sits in parentheses and may itself contain ") ": parse after the last one.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parents.set(Number(entry), Number(fields[1]));
		} catch {
			// The process ended while we were reading: it is no longer part of any tree.
		}
	}
	return parents;
}

/** The pid and all its live descendants, parents before children. */
export function findProcessTree(rootPid: number): number[] {
	const parents = readParentPids();
	const children = new Map<number, number[]>();
	for (const [pid, ppid] of parents) {
		const siblings = children.get(ppid) ?? [];
		siblings.push(pid);
		children.set(ppid, siblings);
	}
	const tree: number[] = [];
	const queue = [rootPid];
	while (queue.length > 0) {
		const pid = queue.shift() as number;
		if (tree.includes(pid)) continue;
		tree.push(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return tree;
}

// Fields of /proc/<pid>/stat after the command name (see proc(5)): state is field 3, flags
// field 9, the task's pending signals field 31.
const STATE_FIELD = 0;
const FLAGS_FIELD = 6;
const PENDING_SIGNALS_FIELD = 28;
/** PF_EXITING: the task is in the kernel's exit path and will never run its own code again. */
const PF_EXITING = 0x4;
/** SIGKILL (9) in the pending-signal mask: it cannot be caught, so the process is as good as dead. */
const SIGKILL_PENDING = 1 << 8;

/**
 * Whether a /proc/<pid>/stat line describes a process that can still answer. Not a zombie (it
 * still answers signal 0 but holds no resources), and not merely dying: a killed process stays
 * in state R for a while after kill() — its SIGKILL pending, then PF_EXITING set while the kernel
 * tears it down (its command line already gone) — and a request written to it then is never read.
 */
export function statShowsLiveProcess(stat: string): boolean {
	// The command name sits in parentheses and may itself contain ") ": parse after the last one.
	const end = stat.lastIndexOf(')');
	if (end < 0) return false;
	const fields = stat.slice(end + 2).split(' ');
	if (fields[STATE_FIELD] === 'Z' || fields[STATE_FIELD] === 'X') return false;
	if ((Number(fields[FLAGS_FIELD]) & PF_EXITING) !== 0) return false;
	return (Number(fields[PENDING_SIGNALS_FIELD]) & SIGKILL_PENDING) === 0;
}

export function isProcessAlive(pid: number): boolean {
	try {
		return statShowsLiveProcess(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	}
}

/** Liveness of one process, checked on every pooled call: cheap enough to ask each time. */
export interface ProcessWatch {
	isAlive(): boolean;
	close(): void;
}

/**
 * Keeps /proc/<pid>/stat open and re-reads it in place (a few µs, against ~15–25 µs for opening
 * it by path each time). The kernel regenerates the file on every read from offset 0, and once
 * the process is reaped the read fails. Without /proc it falls back to isProcessAlive.
 */
export function watchProcess(pid: number): ProcessWatch {
	let fd: number | undefined;
	try {
		fd = openSync(`/proc/${pid}/stat`, 'r');
	} catch {
		return { isAlive: () => isProcessAlive(pid), close: () => undefined };
	}
	const buffer = Buffer.alloc(1024);
	return {
		isAlive() {
			if (fd === undefined) return false;
			try {
				const length = readSync(fd, buffer, 0, buffer.length, 0);
				return statShowsLiveProcess(buffer.toString('latin1', 0, length));
			} catch {
				return false; // ESRCH: the process is gone and reaped
			}
		},
		close() {
			if (fd === undefined) return;
			try {
				closeSync(fd);
			} catch {
				// Already closed.
			}
			fd = undefined;
		},
	};
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
	for (const pid of pids) {
		try {
			process.kill(pid, signal);
		} catch {
			// Already gone.
		}
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * SIGTERM every process in the tree, wait up to graceMs for them to exit, SIGKILL the rest.
 * The tree must be captured before the root dies: orphans are re-parented and lose the link.
 */
export async function terminateProcesses(pids: number[], graceMs = 2000): Promise<void> {
	signalAll(pids, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	let alive = pids.filter(isProcessAlive);
	while (alive.length > 0 && Date.now() < deadline) {
		await sleep(25);
		alive = alive.filter(isProcessAlive);
	}
	signalAll(alive, 'SIGKILL');
}

/**
 * For process 'exit', where nothing asynchronous runs: SIGTERM, a short blocking wait, then SIGKILL.
 */
export function terminateProcessesSync(pids: number[], graceMs = 300): void {
	signalAll(pids, 'SIGTERM');
	const pause = new Int32Array(new SharedArrayBuffer(4));
	const deadline = Date.now() + graceMs;
	let alive = pids.filter(isProcessAlive);
	while (alive.length > 0 && Date.now() < deadline) {
		Atomics.wait(pause, 0, 0, 20);
		alive = alive.filter(isProcessAlive);
	}
	signalAll(alive, 'SIGKILL');
}
