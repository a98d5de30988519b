import type http from 'node:http';
import type { CustomerAction } from '../customerActions';
import { readRawBody } from './requestBody';
import type { SandboxApi } from './sandboxApi';
import { errorMessage } from '../../nodes/shared/caughtError';

// The sandbox's own controls over HTTP (JSON), for other processes: n8n engine tests, the demo
// and the phone page. Same operations as the library API.

interface ControlRequest {
	sandbox: SandboxApi;
	params: string[];
	query: URLSearchParams;
	body: Record<string, unknown>;
	req: http.IncomingMessage;
	res: http.ServerResponse;
}

type ControlHandler = (c: ControlRequest) => unknown | Promise<unknown>;

class ControlError extends Error {
	constructor(
		message: string,
		readonly status = 400,
	) {
		super(message);
	}
}

const str = (body: Record<string, unknown>, key: string, required = true): string => {
	const value = body[key];
	if (value === undefined || value === null || value === '') {
		if (required) throw new ControlError(`"${key}" is required`);
		return '';
	}
	return String(value);
};

const notFound = (message: string): never => {
	throw new ControlError(message, 404);
};

async function actionResult(action: CustomerAction, body: Record<string, unknown>) {
	const { messageId, webhookId } = action;
	if (body.waitForDelivery) return { messageId, webhookId, delivery: await action.delivery };
	return { messageId, webhookId };
}

// `{id}` in /_sandbox/customers/{id}/… is a wa_id (or phone), a BSUID, a parent BSUID or @username.
const customerActions: Record<string, (s: SandboxApi, waId: string, b: Record<string, unknown>) => CustomerAction> = {
	text: (s, waId, b) => s.customerSendsText(waId, str(b, 'text'), { name: b.name as string, contextMessageId: b.contextMessageId as string }),
	button: (s, waId, b) => s.customerTapsButton(waId, str(b, 'button'), { messageId: b.messageId as string, name: b.name as string }),
	'list-row': (s, waId, b) => s.customerPicksListRow(waId, str(b, 'row'), { messageId: b.messageId as string, name: b.name as string }),
	'template-button': (s, waId, b) => s.customerTapsTemplateButton(waId, str(b, 'button'), { messageId: b.messageId as string, name: b.name as string }),
	reaction: (s, waId, b) => s.customerReacts(waId, str(b, 'messageId'), str(b, 'emoji', false), { name: b.name as string }),
	location: (s, waId, b) =>
		s.customerSharesLocation(
			waId,
			{
				latitude: Number(str(b, 'latitude')),
				longitude: Number(str(b, 'longitude')),
				name: b.name as string | undefined,
				address: b.address as string | undefined,
			},
			{ name: b.customerName as string },
		),
	image: (s, waId, b) =>
		s.customerSendsImage(
			waId,
			{
				caption: b.caption as string | undefined,
				mimeType: b.mimeType as string | undefined,
				data: b.dataBase64 ? Buffer.from(String(b.dataBase64), 'base64') : undefined,
			},
			{ name: b.name as string },
		),
	'change-number': (s, who, b) => s.customerChangesNumber(who, str(b, 'phone')),
	'change-user-id': (s, who, b) =>
		s.customerChangesUserId(who, { newUserId: str(b, 'userId', false) || undefined, newPhone: str(b, 'phone', false) || undefined }),
};

function conversationView(sandbox: SandboxApi, who: string) {
	const customer = sandbox.findCustomer(who);
	return {
		customer: customer && {
			...customer,
			typing: (customer.typingUntil ?? 0) > Date.now(),
			windowOpen: customer.lastInboundAt !== undefined && sandbox.now() - customer.lastInboundAt < 86_400_000,
		},
		entries: sandbox.conversation(who),
	};
}

function createCustomer(sandbox: SandboxApi, body: Record<string, unknown>) {
	const phone = str(body, 'waId', false) || str(body, 'phone', false);
	const username = str(body, 'username', false);
	if (!phone && !username) throw new ControlError('"phone" (or "waId") or "username" is required');
	if (body.phoneShared !== undefined && typeof body.phoneShared !== 'boolean') throw new ControlError('"phoneShared" must be true or false');
	return sandbox.createCustomer({
		phone: phone || undefined,
		username: username || undefined,
		name: body.name as string | undefined,
		phoneShared: body.phoneShared as boolean | undefined,
	});
}

function waitForMessages(sandbox: SandboxApi, query: URLSearchParams) {
	const to = query.get('to');
	if (!to) throw new ControlError('"to" (the customer\'s wa_id or BSUID) is required');
	const count = query.get('waitForCount');
	if (!count) return sandbox.messagesTo(to);
	return sandbox.waitForMessagesTo(to, Number(count), Number(query.get('timeoutMs') ?? 10_000)).catch((error: Error) => {
		throw new ControlError(error.message, 408);
	});
}

function streamEvents({ sandbox, req, res }: ControlRequest) {
	res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
	res.write('retry: 1000\n\n');
	const onChange = (event: unknown) => res.write(`event: change\ndata: ${JSON.stringify(event)}\n\n`);
	const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
	const close = () => {
		clearInterval(keepAlive);
		sandbox.events.off('change', onChange);
		sandbox.events.off('stop', end);
	};
	const end = () => {
		close();
		res.end();
	};
	sandbox.events.on('change', onChange);
	sandbox.events.on('stop', end);
	req.on('close', close);
	return undefined;
}

function state(sandbox: SandboxApi) {
	return {
		business: sandbox.business,
		credentials: sandbox.credentials,
		baseUrl: sandbox.baseUrl,
		pageUrl: sandbox.pageUrl,
		apiVersion: sandbox.apiVersion,
		callbackUrl: sandbox.callbackUrl() ?? null,
		pendingWebhooks: sandbox.pendingWebhookCount(),
		clock: new Date(sandbox.now()).toISOString(),
		customers: sandbox.customers().map((c) => {
			const last = sandbox.conversation(c.waId).at(-1);
			return { ...c, lastMessageType: last?.type, lastMessageAt: last?.timestamp };
		}),
	};
}

const routes: Array<[string, RegExp, ControlHandler]> = [
	['GET', /^\/_sandbox\/?$/, ({ sandbox }) => state(sandbox)],
	['GET', /^\/_sandbox\/state$/, ({ sandbox }) => state(sandbox)],
	['GET', /^\/_sandbox\/credentials$/, ({ sandbox }) => sandbox.credentials],
	['GET', /^\/_sandbox\/events$/, streamEvents],
	['GET', /^\/_sandbox\/customers$/, ({ sandbox }) => sandbox.customers()],
	['POST', /^\/_sandbox\/customers$/, ({ sandbox, body }) => createCustomer(sandbox, body)],
	[
		'GET',
		/^\/_sandbox\/customers\/([^/]+)$/,
		({ sandbox, params: [who] }) => sandbox.findCustomer(decodeURIComponent(who)) ?? notFound(`No customer ${decodeURIComponent(who)}`),
	],
	['POST', /^\/_sandbox\/customers\/([^/]+)\/share-phone$/, ({ sandbox, params: [who] }) => sandbox.customerSharesPhone(decodeURIComponent(who))],
	[
		'POST',
		/^\/_sandbox\/customers\/([^/]+)\/([a-z-]+)$/,
		({ sandbox, params: [waId, action], body }) => {
			const act = customerActions[action];
			if (!act) throw new ControlError(`Unknown customer action "${action}"; use one of ${Object.keys(customerActions).join(', ')}`, 404);
			return actionResult(act(sandbox, decodeURIComponent(waId), body), body);
		},
	],
	['GET', /^\/_sandbox\/conversations\/([^/]+)$/, ({ sandbox, params: [waId] }) => conversationView(sandbox, decodeURIComponent(waId))],
	['GET', /^\/_sandbox\/messages$/, ({ sandbox, query }) => waitForMessages(sandbox, query)],
	['GET', /^\/_sandbox\/requests$/, ({ sandbox }) => sandbox.requests()],
	['GET', /^\/_sandbox\/webhooks$/, ({ sandbox }) => sandbox.webhooks()],
	[
		'POST',
		/^\/_sandbox\/webhooks$/,
		async ({ sandbox, body }) => {
			if (body.body === undefined) throw new ControlError('"body" (the webhook body to sign and deliver) is required');
			const { webhookId, delivery } = sandbox.deliverWebhook(body.body);
			return body.waitForDelivery ? { webhookId, delivery: await delivery } : { webhookId };
		},
	],
	['POST', /^\/_sandbox\/webhooks\/retry$/, ({ sandbox }) => (sandbox.retryWebhooksNow(), { pending: sandbox.pendingWebhookCount() })],
	['POST', /^\/_sandbox\/faults$/, ({ sandbox, body }) => (sandbox.injectFault(body), { ok: true })],
	['POST', /^\/_sandbox\/reset$/, ({ sandbox }) => (sandbox.reset(), { ok: true })],
	[
		'POST',
		/^\/_sandbox\/clock\/advance$/,
		({ sandbox, body }) => (sandbox.advanceClock(Number(str(body, 'ms'))), { now: new Date(sandbox.now()).toISOString() }),
	],
	[
		'POST',
		/^\/_sandbox\/callback$/,
		async ({ sandbox, body }) => {
			try {
				await sandbox.setCallback(str(body, 'url'), (body.verifyToken as string) ?? undefined);
			} catch (error) {
				throw new ControlError(errorMessage(error));
			}
			return { callbackUrl: sandbox.callbackUrl() };
		},
	],
	['DELETE', /^\/_sandbox\/callback$/, ({ sandbox }) => (sandbox.clearCallback(), { callbackUrl: null })],
	[
		'GET',
		/^\/_sandbox\/media\/([^/]+)$/,
		({ sandbox, params: [id], res }) => {
			const media = sandbox.media.get(id);
			if (!media) throw new ControlError(`No media ${id}`, 404);
			res.writeHead(200, { 'Content-Type': media.mimeType, 'Content-Length': media.fileSize, 'Cache-Control': 'max-age=3600' });
			res.end(media.data);
			return undefined;
		},
	],
];

export async function handleControlRequest(sandbox: SandboxApi, req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
	const reply = (status: number, body: unknown) => {
		const text = JSON.stringify(body);
		res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
		res.end(text);
	};
	try {
		const matching = routes.filter(([, pattern]) => pattern.test(url.pathname));
		const found = matching.find(([method]) => method === req.method);
		if (!found)
			throw new ControlError(
				matching.length ? `${req.method} is not allowed on ${url.pathname}` : `No sandbox control at ${url.pathname}`,
				matching.length ? 405 : 404,
			);
		const [, pattern, handler] = found;
		const raw = await readRawBody(req);
		let body: Record<string, unknown> = {};
		if (raw.length) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				throw new ControlError('The body must be JSON');
			}
		}
		const result = await handler({ sandbox, params: pattern.exec(url.pathname)!.slice(1), query: url.searchParams, body, req, res });
		if (!res.headersSent) reply(200, result ?? { ok: true });
	} catch (error) {
		if (res.headersSent) return;
		reply(error instanceof ControlError ? error.status : 400, { error: { message: errorMessage(error) } });
	}
}
