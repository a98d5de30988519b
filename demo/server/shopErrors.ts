/**
 * A request the shop cannot satisfy (unknown id, out of stock, quote already ordered...). Tools
 * throw it; the SDK turns the message into an `isError` result the customer-facing flow can route.
 */
export class ShopError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ShopError';
	}
}

/** The same words whether the record does not exist or belongs to another customer: never leak which. */
export function notFound(what: string, id: string, hint: string): ShopError {
	return new ShopError(`${what} ${id} was not found. ${hint}`);
}
