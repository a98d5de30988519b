import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

import { describeServer, type McpConnectionSettings } from './connectionSettings';
import { McpClientError, isMcpClientError } from './errors';
import type { McpConnection } from './McpConnection';
import { errorMessage } from '../caughtError';

export interface McpProgress {
	progress: number;
	total?: number;
	message?: string;
}

/** Limits applied to every request: connect, list, call, read, get, ping. */
export interface McpRequestLimits {
	/** Milliseconds without an answer (or, with resetTimeoutOnProgress, without progress). */
	timeoutMs?: number;
	/** A progress notification from the server restarts the timeout. */
	resetTimeoutOnProgress?: boolean;
	/** Upper bound in milliseconds, progress or not. */
	maxTotalTimeoutMs?: number;
	/** Cancels the request (n8n's execution cancel signal). */
	signal?: AbortSignal;
	onProgress?: (progress: McpProgress) => void;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

export function toRequestOptions(limits: McpRequestLimits): RequestOptions {
	const options: RequestOptions = { timeout: limits.timeoutMs || DEFAULT_TIMEOUT_MS };
	if (limits.maxTotalTimeoutMs) options.maxTotalTimeout = limits.maxTotalTimeoutMs;
	if (limits.signal) options.signal = limits.signal;
	if (limits.resetTimeoutOnProgress) options.resetTimeoutOnProgress = true;
	// Progress is only sent when the request carries a progress token, which onprogress adds.
	if (limits.onProgress || limits.resetTimeoutOnProgress) {
		const listener = limits.onProgress;
		options.onprogress = (progress) => listener?.(progress);
	}
	return options;
}

/**
 * Options for one request, with its own abort signal linked to the caller's while it runs.
 * The SDK adds an abort listener to a request's signal and never removes it: on n8n's execution
 * signal, which every item shares, 1000 calls would leave 1000 listeners behind (each added one
 * slower than the last, and a stop would then send the server 1000 stale cancellations).
 */
export function scopedRequestOptions(options: RequestOptions): { options: RequestOptions; release: () => void } {
	const outer = options.signal;
	if (!outer) return { options, release: () => undefined };
	const controller = new AbortController();
	const abort = () => controller.abort(outer.reason);
	if (outer.aborted) abort();
	else outer.addEventListener('abort', abort, { once: true });
	return { options: { ...options, signal: controller.signal }, release: () => outer.removeEventListener('abort', abort) };
}

/** Turns an error thrown by a request into an McpClientError that says what to do. */
export function requestFailure(
	error: unknown,
	what: string,
	settings: McpConnectionSettings,
	limits: McpRequestLimits,
	connection?: McpConnection,
): McpClientError {
	if (isMcpClientError(error)) return error;
	const server = describeServer(settings);
	if (limits.signal?.aborted) {
		return new McpClientError('cancelled', `${what} on ${server} was cancelled`, 'The execution was stopped before the server answered.', {}, error);
	}
	if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
		const total = /Maximum total timeout/.test(error.message);
		const ms = total ? limits.maxTotalTimeoutMs : limits.timeoutMs || DEFAULT_TIMEOUT_MS;
		return new McpClientError(
			'timeout',
			`${what} on ${server} timed out after ${ms} ms${total ? ' (maximum total time)' : ''}`,
			total
				? 'Raise Maximum Total Time in the node options if the work legitimately takes longer.'
				: 'Raise Timeout in the node options, or turn on Reset Timeout on Progress for long tools that report progress.',
			{ timeoutMs: ms },
			error,
		);
	}
	if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed) {
		const stderr = connection?.stderrTail.trim();
		return new McpClientError(
			'serverExited',
			`The MCP server ${server} closed the connection during ${what}${stderr ? `: ${stderr.split('\n').slice(-3).join(' | ')}` : ''}`,
			"The server stopped or crashed; the next call starts a new connection. Check the server's log if it keeps happening.",
			{ stderr: stderr || undefined },
			error,
		);
	}
	if (error instanceof McpError) {
		return new McpClientError(
			'serverError',
			`The MCP server ${server} rejected ${what}: ${error.message}`,
			error.code === ErrorCode.MethodNotFound
				? 'The server does not support this operation (see its capabilities).'
				: error.code === ErrorCode.InvalidParams
					? 'Check the name and the arguments against what the server lists.'
					: "See the server's message above.",
			{ code: error.code, data: error.data },
			error,
		);
	}
	const message = errorMessage(error);
	return new McpClientError(
		'unreachable',
		`${what} on ${server} failed: ${message}`,
		'Check that the server is running and reachable; the next call reconnects.',
		{},
		error,
	);
}
