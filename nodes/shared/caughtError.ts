// What a `catch` receives is unknown (tsconfig: useUnknownInCatchVariables). These read it without
// casting; errors from another realm (Node's own errors under jest's vm) fail `instanceof Error`.

/** An Error's message, the `message` of an error-like object, else the value as text. */
export function errorMessage(error: unknown): string {
	if (error instanceof Error) return error.message;
	if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
	return String(error);
}

/** The `code` of a system error (ENOENT, ECONNREFUSED…), when it has one. */
export function errorCode(error: unknown): unknown {
	return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
