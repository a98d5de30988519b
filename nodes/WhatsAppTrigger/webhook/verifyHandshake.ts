import { createHash, timingSafeEqual } from 'crypto';

export type HandshakeAnswer = { status: 200; challenge: string } | { status: 403; reason: string };

// Hash first so that tokens of different lengths compare in constant time too.
const sameSecret = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

const first = (value: unknown): string | undefined =>
	typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;

/**
 * Meta's verification request (GET ?hub.mode=subscribe&hub.verify_token=T&hub.challenge=C):
 * echo C when T is the configured verify token, refuse otherwise. The reason is for the log.
 */
export function answerHandshake(query: Record<string, unknown>, verifyToken: string): HandshakeAnswer {
	const mode = first(query['hub.mode']);
	const token = first(query['hub.verify_token']);
	const challenge = first(query['hub.challenge']);
	if (!verifyToken) {
		return { status: 403, reason: 'no "Webhook Verify Token" is set in the WhatsApp Cloud API credential' };
	}
	if (mode !== 'subscribe') {
		return { status: 403, reason: `hub.mode is ${mode === undefined ? 'missing' : `"${mode}"`}, expected "subscribe"` };
	}
	if (challenge === undefined || challenge === '') return { status: 403, reason: 'hub.challenge is missing' };
	if (token === undefined || !sameSecret(token, verifyToken)) {
		return {
			status: 403,
			reason: 'hub.verify_token does not match the credential\'s "Webhook Verify Token": enter the same value in the Meta app\'s webhook settings',
		};
	}
	return { status: 200, challenge };
}
