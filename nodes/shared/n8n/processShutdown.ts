// n8n keeps serving webhooks for a while after SIGTERM/SIGINT while it waits for running
// executions; an execution started then is marked "crashed" when the process exits. Webhook
// receivers ask isShuttingDown() so that they refuse (5xx, Meta redelivers later) instead.

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

let shuttingDown = false;
let watching = false;

function onSignal(signal: NodeJS.Signals): void {
	shuttingDown = true;
	// Alone on the signal (no n8n around it, e.g. a test process) our listener would cancel
	// Node's default exit: raise it again without us.
	if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/** Starts listening for the process's stop signals (once per process; cheap to call again). */
export function watchProcessShutdown(): void {
	if (watching) return;
	watching = true;
	// Prepended, so the flag is up before n8n's own handler starts its (slow) shutdown.
	for (const signal of SIGNALS) process.prependOnceListener(signal, onSignal);
}

/** Whether this process received a stop signal. */
export function isShuttingDown(): boolean {
	return shuttingDown;
}
