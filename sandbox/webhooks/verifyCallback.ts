import { randomInt } from 'node:crypto';
import { plainRequest } from './httpPost';
import { errorMessage } from '../../nodes/shared/caughtError';

/**
 * Meta's subscription handshake: GET the callback with hub.mode=subscribe, the verify token and a
 * random challenge; the callback must answer 200 with the challenge as its body.
 * Resolves to undefined on success, or a sentence saying what went wrong.
 */
export async function verifyCallback(callbackUrl: string, verifyToken: string, timeoutMs = 10_000): Promise<string | undefined> {
	let url: URL;
	try {
		url = new URL(callbackUrl);
	} catch {
		return `callback URL "${callbackUrl}" is not a valid URL`;
	}
	const challenge = String(randomInt(100_000_000, 2_000_000_000));
	url.searchParams.set('hub.mode', 'subscribe');
	url.searchParams.set('hub.challenge', challenge);
	url.searchParams.set('hub.verify_token', verifyToken);
	try {
		const response = await plainRequest(
			'GET',
			url.toString(),
			{ 'User-Agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' },
			undefined,
			timeoutMs,
		);
		if (response.status !== 200) return `the callback answered HTTP ${response.status} to the verification request (expected 200 with the challenge)`;
		if (response.body.trim() !== challenge)
			return `the callback answered 200 but its body was not the challenge (expected "${challenge}", got "${response.body.slice(0, 80)}")`;
		return undefined;
	} catch (error) {
		return `the callback could not be reached: ${errorMessage(error)}`;
	}
}
