/** The part of n8n's logger we use; n8n's `this.logger` fits. */
export interface AuditLogger {
	info(message: string, meta?: Record<string, unknown>): void;
}

export type ToolCallOutcome = 'ok' | 'toolError' | 'failed' | 'denied' | 'invalidArguments';

export interface ToolCallAuditEntry {
	tool: string;
	server: string;
	outcome: ToolCallOutcome;
	durationMs: number;
	/** The customer (phone number or BSUID); logged masked to its last four characters. */
	userId?: string;
	/** Present only when the user opted in: argument values can be personal data. */
	arguments?: Record<string, unknown>;
	error?: string;
}

/**
 * One line per tool call: who asked for which tool, how long it took, how it ended.
 * The line is written just after the call returns, once the caller has moved on (a setImmediate):
 * n8n's logger costs ~0.1 ms a line (stack capture, winston, a synchronous write), which would
 * otherwise sit between one item's answer and the next item's request. Lines keep their order.
 */
export function auditToolCall(logger: AuditLogger | undefined, entry: ToolCallAuditEntry): void {
	if (!logger) return;
	pending.push({ logger, entry });
	if (pending.length === 1) setImmediate(writePending);
}

/** Resolves once every audit line so far is written (for tests and shutdown). */
export async function auditLinesWritten(): Promise<void> {
	if (pending.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
}

const pending: Array<{ logger: AuditLogger; entry: ToolCallAuditEntry }> = [];

function writePending(): void {
	for (const { logger, entry } of pending.splice(0)) {
		try {
			writeLine(logger, entry);
		} catch {
			// A failing logger must not take n8n down from a timer; the call itself succeeded or failed on its own.
		}
	}
}

/**
 * A customer key (phone number, BSUID) as logs show it: the last four characters, enough to tell
 * customers apart when reading a log, not enough to contact or identify one.
 */
export function maskCustomerKey(key: string): string {
	return `***${key.length > 4 ? key.slice(-4) : ''}`;
}

function writeLine(logger: AuditLogger, entry: ToolCallAuditEntry): void {
	const user = entry.userId ? maskCustomerKey(entry.userId) : undefined;
	const parts = [`tool=${entry.tool}`, `outcome=${entry.outcome}`, `durationMs=${entry.durationMs}`, `server=${entry.server}`];
	if (user) parts.push(`user=${user}`);
	if (entry.arguments) parts.push(`arguments=${JSON.stringify(entry.arguments)}`);
	const meta: Record<string, unknown> = { ...entry };
	if (user) meta.userId = user;
	else delete meta.userId;
	if (!entry.arguments) delete meta.arguments;
	logger.info(`MCP tool call ${parts.join(' ')}`, meta);
}
