import { randomBytes } from 'node:crypto';

// Graph API errors in the exact shape graph.facebook.com answers with, so that a client's error
// mapping written against the sandbox works unchanged against Meta.

export interface GraphErrorBody {
	error: {
		message: string;
		type: string;
		code: number;
		error_subcode?: number;
		error_data?: { messaging_product: 'whatsapp'; details: string };
		fbtrace_id: string;
	};
}

export function newFbTraceId(): string {
	return randomBytes(20)
		.toString('base64')
		.replace(/[^A-Za-z0-9]/g, '')
		.slice(0, 23);
}

export class GraphError extends Error {
	constructor(
		readonly httpStatus: number,
		readonly code: number,
		readonly title: string,
		readonly details?: string,
		readonly type = 'OAuthException',
		readonly subcode?: number,
	) {
		super(`(#${code}) ${title}${details ? `: ${details}` : ''}`);
	}

	toBody(): GraphErrorBody {
		return {
			error: {
				message: this.type === 'OAuthException' && !/^\(#/.test(this.title) ? `(#${this.code}) ${this.title}` : this.title,
				type: this.type,
				code: this.code,
				...(this.subcode !== undefined ? { error_subcode: this.subcode } : {}),
				...(this.details !== undefined ? { error_data: { messaging_product: 'whatsapp' as const, details: this.details } } : {}),
				fbtrace_id: newFbTraceId(),
			},
		};
	}
}

// One constructor per error the sandbox can answer with; codes and titles as Meta documents them.
export const graphErrors = {
	missingParameter: (details: string) => new GraphError(400, 131008, 'Required parameter is missing', details),
	invalidParameterValue: (details: string) => new GraphError(400, 131009, 'Parameter value is not valid', details),
	invalidParameter: (details: string) => new GraphError(400, 100, 'Invalid parameter', details),
	missingToken: () => new GraphError(401, 2500, 'An active access token must be used to query information about the current user.'),
	invalidToken: () => new GraphError(401, 190, 'Invalid OAuth access token - Cannot parse access token'),
	expiredToken: () => new GraphError(401, 190, 'Error validating access token: Session has expired', undefined, 'OAuthException', 463),
	appTokenRequired: () => new GraphError(400, 15, 'This method must be called with an app access_token.'),
	unsupportedRequest: (method: string, id: string) =>
		new GraphError(
			400,
			100,
			`Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
			undefined,
			'GraphMethodException',
			33,
		),
	unknownPath: (path: string) => new GraphError(400, 2500, `Unknown path components: ${path}`),
	deprecatedVersion: (version: string, latest: string) =>
		new GraphError(400, 2635, `You are calling a deprecated version of the Graph API (${version}). Please update to the latest version: ${latest}.`),
	throughputReached: () => new GraphError(400, 130429, 'Rate limit hit', 'Cloud API message throughput has been reached.'),
	pairRateLimit: () =>
		new GraphError(
			400,
			131056,
			'(Business Account, Consumer Account) pair rate limit hit',
			'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
		),
	templateDoesNotExist: (name: string, language: string) =>
		new GraphError(400, 132001, 'Template name does not exist in the translation', `template name (${name}) does not exist in ${language}`),
	templateParamCount: (details: string) => new GraphError(400, 132000, 'Number of parameters does not match the expected number of params', details),
	/** CLOUD-API-2026.md §1.8: one-tap, zero-tap and copy-code authentication templates still need the phone. */
	bsuidRecipientNotSupported: (details: string) => new GraphError(400, 131062, 'Business-scoped user ID recipients not supported for this message', details),
	mediaUpload: (details: string) => new GraphError(400, 131053, 'Media upload error', details),
	callbackVerificationFailed: (details: string) => new GraphError(400, 2200, `Callback verification failed with the following errors: ${details}`),
	injected: (status: number, code: number, message?: string) =>
		new GraphError(status, code, message ?? (status >= 500 ? 'An unknown error has occurred.' : 'Injected fault'), 'Injected by the sandbox (fault injection)'),
};

/** The entry of a `failed` status's `errors[]` as webhooks carry it. */
export interface StatusError {
	code: number;
	title: string;
	message: string;
	error_data: { details: string };
	href: string;
}

export const statusErrors = {
	undeliverable: (): StatusError => ({
		code: 131026,
		title: 'Message undeliverable',
		message: 'Message undeliverable',
		error_data: { details: 'Message Undeliverable: the recipient is not on WhatsApp, or uses an old WhatsApp version.' },
		href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
	}),
	reEngagement: (): StatusError => ({
		code: 131047,
		title: 'Re-engagement message',
		message: 'Re-engagement message',
		error_data: {
			details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
		},
		href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
	}),
};
