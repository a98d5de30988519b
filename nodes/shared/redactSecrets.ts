// Credential values (tokens, app secrets, header values, environment values) must never reach
// n8n's execution data or logs, even when a server quotes them back in an error.

/** Shorter values are not redacted: "1" or "yes" would mangle every text without protecting anything. */
const MIN_SECRET_LENGTH = 4;

/** Replaces every occurrence of each secret with "***". */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	let redacted = text;
	for (const secret of secrets) {
		if (secret && secret.length >= MIN_SECRET_LENGTH) redacted = redacted.split(secret).join('***');
	}
	return redacted;
}

/** The same value with every string in it redacted (objects and arrays copied, the rest kept). */
export function redactDeep<T>(value: T, secrets: ReadonlyArray<string | undefined>): T {
	if (typeof value === 'string') return redactSecrets(value, secrets) as T;
	if (Array.isArray(value)) return value.map((entry) => redactDeep(entry, secrets)) as T;
	if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, redactDeep(entry, secrets)])) as T;
	}
	return value;
}
