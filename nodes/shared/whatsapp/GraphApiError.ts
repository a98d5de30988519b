import { redactDeep } from '../redactSecrets';

/**
 * Graph API errors as something a user can act on: the code, subcode, Meta's details, the HTTP
 * status, fbtrace_id (what Meta support asks for) and a hint that says what to do next.
 * n8n-free; the node turns a GraphApiError into a NodeApiError.
 */

/** The `error` object of a Graph API error response. */
export interface GraphErrorBody {
	message?: string;
	type?: string;
	code?: number;
	error_subcode?: number;
	error_user_title?: string;
	error_user_msg?: string;
	is_transient?: boolean;
	error_data?: { messaging_product?: string; details?: string } | string;
	fbtrace_id?: string;
}

interface GraphErrorAdvice {
	/** What the user should do; `details` is Meta's error_data.details when it is there. */
	hint: (details: string | undefined) => string;
	/** Rejected before acceptance and worth another try after a pause. */
	transient?: boolean;
}

const namingTheField = (details: string | undefined) =>
	details
		? `Meta rejected a parameter: "${details}". Correct that field in the node and send again.`
		: 'Meta rejected a parameter of the request: check every field of the message (recipient, ids, lengths).';

const rateLimited = (scope: string) => () =>
	`${scope} rate limit reached: wait and retry later (the node retries these automatically with backoff; lower the rate limit or concurrency if it keeps happening).`;

const checkTheTemplate = (details: string | undefined) =>
	`Check the template${details ? ` ("${details}")` : ''}: its name and language must match an APPROVED template of this WhatsApp Business Account, with exactly as many header/body/button parameters as it has placeholders.`;

/** Meta's error codes (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes). */
const GRAPH_ERROR_ADVICE = new Map<number, GraphErrorAdvice>();
const advise = (codes: number[], advice: GraphErrorAdvice) => codes.forEach((code) => GRAPH_ERROR_ADVICE.set(code, advice));

advise([190], {
	hint: () =>
		'The access token is invalid or has expired: create a new system-user token in Meta Business Settings and paste it into the WhatsApp Cloud API credential.',
});
advise([2500], { hint: () => 'The request carried no access token: set the Access Token in the WhatsApp Cloud API credential.' });
advise([0, 10, 200, 3], {
	hint: () =>
		'The token lacks permission: give the system user the whatsapp_business_messaging and whatsapp_business_management permissions for this WhatsApp Business Account, then generate a new token.',
});
advise([100, 131008, 131009], { hint: namingTheField });
advise([4], { hint: rateLimited('The app'), transient: true });
advise([80007], { hint: rateLimited('The WhatsApp Business Account'), transient: true });
advise([130429], { hint: rateLimited("The phone number's throughput (messages per second)"), transient: true });
advise([131056], {
	hint: () =>
		'Pair rate limit: too many messages to the same recipient in a short time. Slow down for this user (about one message every few seconds) and retry later.',
	transient: true,
});
advise([613, 17, 32], { hint: rateLimited('The API call'), transient: true });
advise([1, 2, 131000], {
	hint: () => 'Meta had a temporary problem: retry later. If it persists, report the fbtrace_id to Meta support.',
	transient: true,
});
advise([131026], {
	hint: () =>
		'The message is not deliverable to this number: the recipient may not be on WhatsApp, may not have accepted the latest terms, or uses an old app version. Check the number (international format) and try another channel.',
});
advise([131047], {
	hint: () =>
		'More than 24 hours have passed since the customer last wrote: free-form messages are no longer allowed. Send an approved template message instead.',
});
advise([131030], {
	hint: () => 'The recipient is not in the allowed list of this test number: add it under WhatsApp Manager → API Setup → "To", or use a production number.',
});
advise([131021], { hint: () => 'The recipient is the sending business number itself: send to a customer number instead.' });
advise([131062], {
	hint: () =>
		"This message cannot go to a business-scoped user ID (BSUID): Meta needs the phone number for it (e.g. one-tap, zero-tap and copy-code authentication templates). Send it to the customer's phone number; if you do not have it, ask for it with Request Contact Info and send to the number the customer shares.",
});
advise([131051], { hint: () => 'Unsupported message type: check the message type and its object.' });
advise([131052, 131053], {
	hint: (details) =>
		`Media could not be ${details?.toLowerCase().includes('upload') ? 'uploaded' : 'processed'}${details ? ` ("${details}")` : ''}: check that the URL is public, the MIME type is one WhatsApp supports and the file is within the size limit.`,
});
advise([131042], { hint: () => 'A payment problem with the WhatsApp Business Account: fix the payment method in Meta Business Settings.' });
advise([131045], { hint: () => 'The phone number is not registered (display name certificate missing): register the number in WhatsApp Manager.' });
advise([133010], { hint: () => 'The phone number is not registered with the Cloud API: register it (POST /{phone-number-id}/register) before sending.' });
advise([131057, 368], {
	hint: () => 'The account is in maintenance or blocked for a policy violation: check WhatsApp Manager → Account quality; nothing in the request can fix this.',
});
advise([132000, 132001, 132005, 132007, 132012, 132015, 132016, 132068, 132069], { hint: checkTheTemplate });

/** Codes Meta documents as rate limits or temporary failures: retried with backoff. */
export function isTransientGraphCode(code: number | undefined): boolean {
	return code !== undefined && GRAPH_ERROR_ADVICE.get(code)?.transient === true;
}

export function hintForGraphError(code: number | undefined, details: string | undefined, httpStatus?: number): string {
	const advice = code === undefined ? undefined : GRAPH_ERROR_ADVICE.get(code);
	if (advice) return advice.hint(details);
	if (httpStatus === 401) return GRAPH_ERROR_ADVICE.get(190)!.hint(undefined);
	if (httpStatus === 429) return rateLimited('The')();
	if (httpStatus !== undefined && httpStatus >= 500) return GRAPH_ERROR_ADVICE.get(2)!.hint(undefined);
	return details
		? `Meta says: "${details}".`
		: "See the code in Meta's error-code reference: https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes";
}

export interface GraphApiErrorFields {
	message: string;
	code?: number;
	subcode?: number;
	details?: string;
	type?: string;
	httpStatus?: number;
	fbtraceId?: string;
	/** Set when no response came back (ECONNREFUSED, ETIMEDOUT, ...). */
	networkCode?: string;
	hint?: string;
	/** Request attempts made, retries included. */
	attempts?: number;
	/** What was called, without host or token, e.g. "POST /{phone-number-id}/messages". */
	operation?: string;
}

/** A failed Cloud API call. Carries no request config, headers or token. */
export class GraphApiError extends Error {
	readonly code?: number;
	readonly subcode?: number;
	readonly details?: string;
	readonly type?: string;
	readonly httpStatus?: number;
	readonly fbtraceId?: string;
	readonly networkCode?: string;
	readonly hint: string;
	readonly attempts: number;
	readonly operation?: string;

	constructor(fields: GraphApiErrorFields) {
		super(fields.message);
		this.name = 'GraphApiError';
		this.code = fields.code;
		this.subcode = fields.subcode;
		this.details = fields.details;
		this.type = fields.type;
		this.httpStatus = fields.httpStatus;
		this.fbtraceId = fields.fbtraceId;
		this.networkCode = fields.networkCode;
		this.attempts = fields.attempts ?? 1;
		this.operation = fields.operation;
		this.hint = fields.hint ?? hintForGraphError(fields.code, fields.details, fields.httpStatus);
	}

	/** Whether waiting and sending again can succeed (rate limits, Meta's temporary failures). */
	get transient(): boolean {
		return isTransientGraphCode(this.code) || this.httpStatus === 429 || (this.httpStatus ?? 0) >= 500;
	}

	/** A plain object for logs and n8n output. */
	toJSON(): Record<string, unknown> {
		return {
			message: this.message,
			code: this.code,
			subcode: this.subcode,
			details: this.details,
			type: this.type,
			httpStatus: this.httpStatus,
			fbtraceId: this.fbtraceId,
			networkCode: this.networkCode,
			hint: this.hint,
			attempts: this.attempts,
			operation: this.operation,
		};
	}

	/** Builds the error from a Graph error response body (`{ error: {...} }`) and its HTTP status. */
	static fromResponse(httpStatus: number, body: unknown, extra: Pick<GraphApiErrorFields, 'attempts' | 'operation'> = {}): GraphApiError {
		const error = isObject(body) && isObject(body.error) ? (body.error as GraphErrorBody) : undefined;
		const details = typeof error?.error_data === 'string' ? error.error_data : (error?.error_data?.details ?? error?.error_user_msg);
		const message = error?.message ?? `Graph API answered HTTP ${httpStatus}${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`;
		return new GraphApiError({
			message,
			code: typeof error?.code === 'number' ? error.code : undefined,
			subcode: typeof error?.error_subcode === 'number' ? error.error_subcode : undefined,
			details,
			type: error?.type,
			httpStatus,
			fbtraceId: error?.fbtrace_id,
			...extra,
		});
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/**
 * The same error with every secret left out of every text it carries (message, Meta's details,
 * the hint built from them, ...): an API that quotes the token back must not put it into n8n's
 * execution data or logs. Returns the error itself when there was nothing to redact.
 */
export function redactGraphApiError(error: GraphApiError, secrets: Array<string | undefined>): GraphApiError {
	const fields = error.toJSON();
	const redacted = redactDeep(fields, secrets);
	return JSON.stringify(redacted) === JSON.stringify(fields) ? error : new GraphApiError(redacted as unknown as GraphApiErrorFields);
}
