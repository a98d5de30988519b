import { redactDeep, redactSecrets } from '../redactSecrets';

// Every failure the MCP modules raise carries what went wrong and how to fix it, so the node can
// show both without knowing the SDK's error types.

export type McpFailureKind =
	| 'commandNotFound'
	| 'serverExited'
	| 'unreachable'
	| 'httpStatus'
	| 'timeout'
	| 'cancelled'
	| 'toolNotAllowed'
	| 'toolNotFound'
	| 'invalidArguments'
	| 'toolError'
	| 'serverError'
	| 'invalidSettings';

export class McpClientError extends Error {
	readonly kind: McpFailureKind;

	/** What the user can do about it, one or two sentences. */
	readonly hint: string;

	/** Extra facts for the error's details (never secrets). */
	readonly details: Record<string, unknown>;

	constructor(kind: McpFailureKind, message: string, hint: string, details: Record<string, unknown> = {}, cause?: unknown) {
		super(message, cause === undefined ? undefined : { cause });
		this.name = 'McpClientError';
		this.kind = kind;
		this.hint = hint;
		this.details = details;
	}
}

export function isMcpClientError(error: unknown): error is McpClientError {
	return error instanceof McpClientError;
}

/**
 * The error with the connection's secrets (bearer token, header and environment values) left out
 * of its message, hint and details: a server may quote them back (an echoed header, a tool that
 * prints its environment), and none of it may reach the execution data or logs.
 */
export function withoutSecrets(error: unknown, secrets: string[]): unknown {
	if (secrets.length === 0) return error;
	if (isMcpClientError(error)) {
		return new McpClientError(error.kind, redactSecrets(error.message, secrets), redactSecrets(error.hint, secrets), redactDeep(error.details, secrets));
	}
	if (error instanceof Error) {
		const message = redactSecrets(error.message, secrets);
		return message === error.message ? error : new Error(message);
	}
	return typeof error === 'string' ? redactSecrets(error, secrets) : error;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Awaits a promise into a value-or-error, so callers can decide what to throw outside a catch. */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error };
	}
}
