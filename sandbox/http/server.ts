import http from 'node:http';
import { GraphError, graphErrors } from '../graphError';
import type { RequestRecord } from '../requestLog';
import type { SandboxApi } from './sandboxApi';
import { handleControlRequest } from './controlRoutes';
import { objectKindOf, resolveEndpoint, tokenKindFor } from './graphRoutes';
import { servePhonePage } from './phonePage';
import { parseBody, readRawBody } from './requestBody';
import { errorMessage } from '../../nodes/shared/caughtError';

// One HTTP server for the Graph API, the media downloads, the `/_sandbox` controls and the phone page.

/** The newest Graph API version (2026-11-04, CLOUD-API-2026.md §3): what error 2635 tells callers to use. */
export const NEWEST_API_VERSION = 'v27.0';

const versionNumber = (v: string) => {
	const [major, minor] = v.slice(1).split('.').map(Number);
	return major * 1000 + minor;
};

function tokenOf(req: http.IncomingMessage, query: Record<string, string>): string | undefined {
	const header = req.headers.authorization;
	if (header) return header.replace(/^(Bearer|OAuth)\s+/i, '').trim();
	return query.access_token;
}

function classifyToken(sandbox: SandboxApi, token: string | undefined): RequestRecord['auth'] {
	if (!token) return 'none';
	if (token === sandbox.options.accessToken) return 'system';
	if (token === `${sandbox.options.appId}|${sandbox.options.appSecret}`) return 'app';
	return 'invalid';
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createSandboxServer(getSandbox: () => SandboxApi): http.Server {
	const server = http.createServer((req, res) => {
		void route(getSandbox(), req, res).catch((error) => {
			// Never crash on bad input: anything unexpected becomes a Graph error answer.
			if (!res.headersSent) sendJson(res, 500, new GraphError(500, 1, 'An unknown error has occurred.', String(error?.message ?? error)).toBody());
			else res.end();
		});
	});
	return server;
}

async function route(sandbox: SandboxApi, req: http.IncomingMessage, res: http.ServerResponse) {
	const url = new URL(req.url ?? '/', 'http://sandbox.local');
	const path = url.pathname;
	if (path === '/_sandbox' || path.startsWith('/_sandbox/')) return handleControlRequest(sandbox, req, res, url);
	if (req.method === 'GET' && (path === '/' || path === '/phone' || path.startsWith('/phone/') || path === '/favicon.ico')) return servePhonePage(res, path);
	return handleGraphRequest(sandbox, req, res, url);
}

async function handleGraphRequest(sandbox: SandboxApi, req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
	const method = (req.method ?? 'GET').toUpperCase();
	const query = Object.fromEntries(url.searchParams);
	const token = tokenOf(req, query);
	const auth = classifyToken(sandbox, token);
	const record: Omit<RequestRecord, 'id'> = {
		at: new Date().toISOString(),
		method,
		path: url.pathname,
		query: redactQuery(query),
		auth,
		body: undefined,
		status: 0,
		response: undefined,
	};
	const answer = (status: number, body: unknown) => {
		record.status = status;
		record.response = body;
		sandbox.recordRequest(record);
		sendJson(res, status, body);
	};
	try {
		const raw = await readRawBody(req);
		const fault = sandbox.takeFault(url.pathname);
		if (fault?.delayMs) await sleep(fault.delayMs);
		const injected = fault && sandbox.faultError(fault);
		const parsed = await parseBody(raw, req.headers['content-type']);
		record.body = parsed.forRecord;
		if (injected) throw injected;
		if (url.pathname.startsWith('/whatsapp_business/attachments')) return downloadMedia(sandbox, query, auth, res, record);
		const segments = url.pathname.split('/').filter(Boolean);
		let version = sandbox.apiVersion;
		if (segments[0] && /^v\d+\.\d+$/.test(segments[0])) {
			version = segments.shift()!;
			if (versionNumber(version) < versionNumber(sandbox.options.oldestApiVersion)) throw graphErrors.deprecatedVersion(version, NEWEST_API_VERSION);
		}
		if (segments.length === 0 || segments.length > 2) throw graphErrors.unknownPath(url.pathname);
		const [id, edge] = segments;
		if (auth === 'none') throw graphErrors.missingToken();
		if (auth === 'invalid') throw graphErrors.invalidToken();
		const kind = objectKindOf(sandbox, id);
		if (!kind) throw graphErrors.unsupportedRequest(method, id);
		const needed = tokenKindFor(kind);
		if (needed === 'app' && auth !== 'app') throw graphErrors.appTokenRequired();
		if (needed === 'system' && auth !== 'system')
			throw new GraphError(403, 10, 'Application does not have permission for this action', 'Use the system-user access token, not the app access token.');
		const handler = resolveEndpoint(method, kind, edge, id);
		const params = { ...query, ...parsed.fields };
		delete (params as Record<string, unknown>).access_token;
		answer(200, await handler({ sandbox, method, id, version, query, body: parsed, params }));
	} catch (error) {
		const graphError = error instanceof GraphError ? error : new GraphError(500, 1, 'An unknown error has occurred.', errorMessage(error));
		answer(graphError.httpStatus, graphError.toBody());
	}
}

function redactQuery(query: Record<string, string>) {
	return 'access_token' in query ? { ...query, access_token: '<redacted>' } : query;
}

function downloadMedia(
	sandbox: SandboxApi,
	query: Record<string, string>,
	auth: RequestRecord['auth'],
	res: http.ServerResponse,
	record: Omit<RequestRecord, 'id'>,
) {
	// The lookaside URL needs the same Bearer token as the API.
	if (auth === 'none') throw graphErrors.missingToken();
	if (auth !== 'system') throw graphErrors.invalidToken();
	const found = sandbox.media.redeem(query.hash ?? '', query.mid ?? '', sandbox.now());
	if (found === 'expired') throw new GraphError(404, 100, 'The media URL has expired; retrieve the media again (GET /{media-id}) for a fresh URL');
	if (!found) throw new GraphError(404, 100, 'Media not found: the URL is invalid or the media was deleted');
	record.status = 200;
	record.response = `<${found.fileSize} bytes of ${found.mimeType}>`;
	sandbox.recordRequest(record);
	res.writeHead(200, {
		'Content-Type': found.mimeType,
		'Content-Length': found.fileSize,
		'Content-Disposition': `attachment; filename="${found.filename ?? found.id}"`,
	});
	res.end(found.data);
}
