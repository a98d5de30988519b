import { createHmac, timingSafeEqual } from 'crypto';

/** Meta's signature header on every webhook POST (`sha256=<hex>`). */
export const WEBHOOK_SIGNATURE_HEADER = 'x-hub-signature-256';

export type SignatureCheck = { valid: true } | { valid: false; reason: 'missing' | 'malformed' | 'mismatch' | 'no-secret'; message: string };

const SIGNATURE_PATTERN = /^sha256=([0-9a-f]{64})$/i;

/** The `X-Hub-Signature-256` value Meta sends for this body: HMAC-SHA256 over the exact bytes. */
export function signWebhookBody(rawBody: Buffer | string, appSecret: string): string {
	return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * The digest in an `X-Hub-Signature-256` header, or why there is none. Needs neither the body nor
 * the secret, so a request without a usable header can be refused before anything is read.
 */
export function readSignatureHeader(
	signatureHeader: string | string[] | undefined,
): { ok: true; digest: Buffer } | { ok: false; reason: 'missing' | 'malformed'; message: string } {
	const header = Array.isArray(signatureHeader) ? signatureHeader[0] : signatureHeader;
	if (header === undefined || header === '') {
		return {
			ok: false,
			reason: 'missing',
			message: `the request has no ${WEBHOOK_SIGNATURE_HEADER} header; Meta signs every delivery, so this did not come from Meta`,
		};
	}
	const match = SIGNATURE_PATTERN.exec(header.trim());
	if (!match) {
		return { ok: false, reason: 'malformed', message: `the ${WEBHOOK_SIGNATURE_HEADER} header is not of the form "sha256=<64 hex digits>"` };
	}
	return { ok: true, digest: Buffer.from(match[1], 'hex') };
}

/**
 * Checks a webhook's signature against the app secret. Works on the raw bytes as received,
 * never on re-serialized JSON (key order and escaping would change the digest), and compares
 * digests in constant time. The reasons are written for a log line an operator can act on.
 */
export function verifyWebhookSignature(
	rawBody: Buffer | string | undefined,
	signatureHeader: string | string[] | undefined,
	appSecret: string | undefined,
): SignatureCheck {
	if (!appSecret) {
		return {
			valid: false,
			reason: 'no-secret',
			message: 'no app secret is configured: set "App Secret" in the WhatsApp Cloud API credential',
		};
	}
	const header = readSignatureHeader(signatureHeader);
	if (!header.ok) return { valid: false, reason: header.reason, message: header.message };
	const expected = createHmac('sha256', appSecret)
		.update(rawBody ?? '')
		.digest();
	const received = header.digest;
	if (!timingSafeEqual(expected, received)) {
		return {
			valid: false,
			reason: 'mismatch',
			message: 'the signature does not match the body: check that "App Secret" in the credential is the secret of the Meta app that sends these webhooks',
		};
	}
	return { valid: true };
}
