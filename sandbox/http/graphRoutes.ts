import { GraphError, graphErrors } from '../graphError';
import { MEDIA_SIZE_LIMITS } from '../media';
import type { ParsedBody } from './requestBody';
import type { SandboxApi } from './sandboxApi';
import { verifyCallback } from '../webhooks/verifyCallback';

// The Graph API endpoints the sandbox serves, as a table keyed by "<METHOD> <object kind>[/<edge>]".

export type ObjectKind = 'phoneNumber' | 'waba' | 'app' | 'media';

export interface GraphRequest {
	sandbox: SandboxApi;
	method: string;
	id: string;
	version: string;
	query: Record<string, string>;
	body: ParsedBody;
	/** Query and body parameters merged, as Graph reads them. */
	params: Record<string, unknown>;
}

type GraphHandler = (req: GraphRequest) => unknown | Promise<unknown>;

export function objectKindOf(sandbox: SandboxApi, id: string): ObjectKind | undefined {
	const o = sandbox.options;
	if (id === o.phoneNumberId) return 'phoneNumber';
	if (id === o.wabaId) return 'waba';
	if (id === o.appId) return 'app';
	if (sandbox.media.get(id)) return 'media';
	return undefined;
}

/** Which token an endpoint needs: app endpoints need the app access token `<app-id>|<app-secret>`. */
export const tokenKindFor = (kind: ObjectKind): 'system' | 'app' => (kind === 'app' ? 'app' : 'system');

const pickFields = (object: Record<string, unknown>, fields: string | undefined) => {
	if (!fields) return object;
	const wanted = fields.split(',').map((f) => f.trim());
	return Object.fromEntries(Object.entries(object).filter(([k]) => k === 'id' || wanted.includes(k)));
};

function phoneNumberObject(sandbox: SandboxApi) {
	const b = sandbox.business;
	return {
		verified_name: b.verifiedName,
		code_verification_status: 'VERIFIED',
		display_phone_number: b.formattedPhoneNumber,
		quality_rating: 'GREEN',
		platform_type: 'CLOUD_API',
		throughput: { level: sandbox.options.throughputPerSecond > 80 ? 'HIGH' : 'STANDARD' },
		id: b.phoneNumberId,
	};
}

const cursor = (index: number) => Buffer.from(`sandbox-cursor:${index}`).toString('base64');
const fromCursor = (value: string | undefined) => {
	if (!value) return 0;
	const match = /^sandbox-cursor:(\d+)$/.exec(Buffer.from(value, 'base64').toString('utf8'));
	if (!match) throw graphErrors.invalidParameter(`Param after "${value}" is not a valid cursor`);
	return Number(match[1]);
};

function listTemplates({ sandbox, query, version }: GraphRequest) {
	const limit = query.limit === undefined ? 25 : Number(query.limit);
	if (!Number.isInteger(limit) || limit < 1) throw graphErrors.invalidParameter(`Param limit must be a positive integer; got "${query.limit}"`);
	const matching = sandbox.templates.filter(
		(t) =>
			(!query.name || t.name.includes(query.name)) &&
			(!query.status || t.status === query.status.toUpperCase()) &&
			(!query.language || t.language === query.language) &&
			(!query.category || t.category === query.category.toUpperCase()),
	);
	const start = fromCursor(query.after);
	const page = matching.slice(start, start + limit).map((t) => pickFields(t as unknown as Record<string, unknown>, query.fields));
	const end = start + page.length;
	const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(Math.max(end - 1, start)) } };
	if (end < matching.length) {
		const next = new URL(`${sandbox.baseUrl}/${version}/${sandbox.options.wabaId}/message_templates`);
		for (const [k, v] of Object.entries(query)) if (k !== 'after') next.searchParams.set(k, v);
		next.searchParams.set('limit', String(limit));
		next.searchParams.set('after', cursor(end));
		// Meta's paging URLs carry the access token, so following them needs no header.
		next.searchParams.set('access_token', sandbox.options.accessToken);
		paging.cursors = { before: cursor(start), after: cursor(end) };
		paging.next = next.toString();
	}
	return { data: page, paging };
}

async function uploadMedia({ sandbox, body }: GraphRequest) {
	const f = body.fields;
	if (!f.messaging_product) throw graphErrors.missingParameter('The parameter messaging_product is required.');
	if (f.messaging_product !== 'whatsapp') throw graphErrors.invalidParameterValue('Param messaging_product must be "whatsapp".');
	if (!body.file) throw graphErrors.missingParameter('The parameter file is required (multipart/form-data field "file").');
	if (!f.type) throw graphErrors.missingParameter('The parameter type is required (the MIME type of the file, e.g. image/jpeg).');
	const type = String(f.type);
	const limit = MEDIA_SIZE_LIMITS[type];
	if (!limit)
		throw graphErrors.invalidParameter(
			`Param file must be a file with one of the following types: ${Object.keys(MEDIA_SIZE_LIMITS).join(', ')}. Received file of type '${type}'.`,
		);
	if (body.file.data.length > limit) throw graphErrors.mediaUpload(`The file is ${body.file.data.length} bytes; ${type} files may be at most ${limit} bytes.`);
	if (body.file.data.length === 0) throw graphErrors.mediaUpload('The file is empty.');
	const stored = sandbox.media.add(body.file.data, type, 'upload', body.file.name);
	return { id: stored.id };
}

function retrieveMedia({ sandbox, id }: GraphRequest) {
	const media = sandbox.media.get(id)!;
	const token = sandbox.media.issueDownloadToken(id, sandbox.now());
	return {
		messaging_product: 'whatsapp',
		url: `${sandbox.baseUrl}/whatsapp_business/attachments/?mid=${id}&hash=${token}`,
		mime_type: media.mimeType,
		sha256: media.sha256,
		file_size: media.fileSize,
		id,
	};
}

async function subscribeApp({ sandbox, params }: GraphRequest) {
	const { object, callback_url: callbackUrl, verify_token: verifyToken } = params as Record<string, string | undefined>;
	if (!object) throw graphErrors.missingParameter('The parameter object is required.');
	if (object !== 'whatsapp_business_account') throw graphErrors.invalidParameterValue(`Param object must be "whatsapp_business_account"; got "${object}".`);
	if (!callbackUrl) throw graphErrors.missingParameter('The parameter callback_url is required.');
	if (!/^https?:\/\//.test(callbackUrl)) throw graphErrors.invalidParameterValue('Param callback_url must be a URL');
	const rawFields = params.fields;
	const fields = Array.isArray(rawFields)
		? rawFields.map(String)
		: String(rawFields ?? 'messages')
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean);
	const failure = await verifyCallback(callbackUrl, verifyToken ?? '', sandbox.options.webhookTimeoutMs);
	if (failure) throw graphErrors.callbackVerificationFailed(`URL couldn't be validated. Response does not match challenge: ${failure}`);
	sandbox.subscribeApp({ callbackUrl, verifyToken: verifyToken ?? '', fields });
	return { success: true };
}

function listSubscriptions({ sandbox, version }: GraphRequest) {
	const s = sandbox.appSubscription();
	return {
		data: s ? [{ object: 'whatsapp_business_account', callback_url: s.callbackUrl, active: true, fields: s.fields.map((name) => ({ name, version })) }] : [],
	};
}

function unsubscribeApp({ sandbox, params }: GraphRequest) {
	const fields = params.fields
		? String(params.fields)
				.split(',')
				.map((s) => s.trim())
		: undefined;
	sandbox.unsubscribeApp(fields);
	return { success: true };
}

async function subscribeWabaToApp({ sandbox, params }: GraphRequest) {
	const override = params.override_callback_uri as string | undefined;
	if (override) {
		const failure = await verifyCallback(override, String(params.verify_token ?? ''), sandbox.options.webhookTimeoutMs);
		if (failure) throw graphErrors.callbackVerificationFailed(failure);
	}
	sandbox.subscribeWabaToApp(override);
	return { success: true };
}

export const graphEndpoints: Record<string, GraphHandler> = {
	'GET phoneNumber': ({ sandbox, query }) => pickFields(phoneNumberObject(sandbox), query.fields),
	'POST phoneNumber/messages': ({ sandbox, body, version }) => sandbox.handleMessagesPost(body.json ?? body.fields, version),
	'POST phoneNumber/media': uploadMedia,
	'GET media': retrieveMedia,
	'DELETE media': ({ sandbox, id }) => ({ success: sandbox.media.delete(id) }),
	'GET waba': ({ sandbox, query }) =>
		pickFields(
			{
				id: sandbox.options.wabaId,
				name: `${sandbox.business.verifiedName} (sandbox)`,
				currency: 'USD',
				timezone_id: '1',
				message_template_namespace: 'sandbox_namespace',
			},
			query.fields,
		),
	'GET waba/message_templates': listTemplates,
	'GET waba/phone_numbers': ({ sandbox, query }) => ({
		data: [pickFields(phoneNumberObject(sandbox), query.fields)],
		paging: { cursors: { before: cursor(0), after: cursor(0) } },
	}),
	'GET waba/subscribed_apps': ({ sandbox }) => ({
		data: sandbox.isWabaSubscribedToApp()
			? [
					{
						whatsapp_business_api_data: {
							id: sandbox.options.appId,
							link: `https://www.facebook.com/games/?app_id=${sandbox.options.appId}`,
							name: 'Sandbox App',
						},
					},
				]
			: [],
	}),
	'POST waba/subscribed_apps': subscribeWabaToApp,
	'DELETE waba/subscribed_apps': ({ sandbox }) => {
		sandbox.unsubscribeWabaFromApp();
		return { success: true };
	},
	'GET app/subscriptions': listSubscriptions,
	'POST app/subscriptions': subscribeApp,
	'DELETE app/subscriptions': unsubscribeApp,
};

export function resolveEndpoint(method: string, kind: ObjectKind, edge: string | undefined, id: string): GraphHandler {
	const handler = graphEndpoints[`${method} ${kind}${edge ? `/${edge}` : ''}`];
	if (handler) return handler;
	if (edge && method === 'GET') throw new GraphError(400, 100, `(#100) Tried accessing nonexisting field (${edge}) on node type (${kind})`);
	throw graphErrors.unsupportedRequest(method, id);
}
