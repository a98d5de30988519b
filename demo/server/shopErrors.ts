export type ShopErrorCode = 'not_found' | 'out_of_stock' | 'conflict' | 'expired' | 'invalid_request';

/**
 * A request the shop cannot satisfy (unknown id, out of stock, quote already ordered...). Tools
 * throw it and answer with an `isError` result: the text (message and hint) for people and models,
 * and `_meta.error` = { code, message, hint } so a workflow can route on the code and show the
 * customer the message alone (the hint names tools, for AI agents). Not in structuredContent: the
 * SDK's client checks that against the tool's output schema even on errors, and would throw.
 */
export class ShopError extends Error {
	constructor(
		readonly code: ShopErrorCode,
		message: string,
		readonly hint?: string,
	) {
		super(message);
		this.name = 'ShopError';
	}

	/** Message and hint, as one text. */
	get text(): string {
		return this.hint ? `${this.message} ${this.hint}` : this.message;
	}

	toToolResult() {
		return {
			isError: true,
			content: [{ type: 'text' as const, text: this.text }],
			_meta: { error: { code: this.code, message: this.message, hint: this.hint ?? null } },
		};
	}
}

/** The same words whether the record does not exist or belongs to another customer: never leak which. */
export function notFound(what: string, id: string, hint: string): ShopError {
	return new ShopError('not_found', `${what} ${id} was not found.`, hint);
}
