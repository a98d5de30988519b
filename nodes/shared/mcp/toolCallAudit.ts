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
	userId?: string;
	/** Present only when the user opted in: argument values can be personal data. */
	arguments?: Record<string, unknown>;
	error?: string;
}

/** One line per tool call: who asked for which tool, how long it took, how it ended. */
export function auditToolCall(logger: AuditLogger | undefined, entry: ToolCallAuditEntry): void {
	if (!logger) return;
	const parts = [`tool=${entry.tool}`, `outcome=${entry.outcome}`, `durationMs=${entry.durationMs}`, `server=${entry.server}`];
	if (entry.userId) parts.push(`user=${entry.userId}`);
	if (entry.arguments) parts.push(`arguments=${JSON.stringify(entry.arguments)}`);
	const meta: Record<string, unknown> = { ...entry };
	if (!entry.arguments) delete meta.arguments;
	logger.info(`MCP tool call ${parts.join(' ')}`, meta);
}
