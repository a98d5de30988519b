import { createHmac } from 'crypto';

import { signWebhookBody, verifyWebhookSignature } from './webhookSignature';
import { messageWebhooks } from './__tests__/metaWebhookExamples';

const APP_SECRET = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4';
const body = Buffer.from(JSON.stringify(messageWebhooks.text));

describe('signWebhookBody', () => {
	it('is sha256= followed by the hex HMAC-SHA256 of the bytes with the app secret', () => {
		const hex = createHmac('sha256', APP_SECRET).update(body).digest('hex');
		expect(signWebhookBody(body, APP_SECRET)).toBe(`sha256=${hex}`);
	});
});

describe('verifyWebhookSignature', () => {
	it('accepts the signature Meta computes over the exact raw bytes', () => {
		expect(verifyWebhookSignature(body, signWebhookBody(body, APP_SECRET), APP_SECRET)).toEqual({ valid: true });
	});

	it('accepts upper-case hex digits', () => {
		const header = signWebhookBody(body, APP_SECRET).replace(/[0-9a-f]{64}$/, (hex) => hex.toUpperCase());
		expect(verifyWebhookSignature(body, header, APP_SECRET).valid).toBe(true);
	});

	it('checks bytes, not JSON meaning: the same object re-serialized with other spacing fails', () => {
		const reformatted = Buffer.from(JSON.stringify(messageWebhooks.text, null, 2));
		const check = verifyWebhookSignature(reformatted, signWebhookBody(body, APP_SECRET), APP_SECRET);
		expect(check).toMatchObject({ valid: false, reason: 'mismatch' });
	});

	it('rejects a tampered body', () => {
		const tampered = Buffer.from(body.toString().replace('another color', 'a refund'));
		const check = verifyWebhookSignature(tampered, signWebhookBody(body, APP_SECRET), APP_SECRET);
		expect(check).toMatchObject({ valid: false, reason: 'mismatch' });
	});

	it('rejects a signature made with another secret and tells the operator to check the app secret', () => {
		const check = verifyWebhookSignature(body, signWebhookBody(body, 'some-other-secret'), APP_SECRET);
		expect(check.valid).toBe(false);
		expect(!check.valid && check.message).toMatch(/App Secret/);
	});

	it('rejects a missing header', () => {
		expect(verifyWebhookSignature(body, undefined, APP_SECRET)).toMatchObject({ valid: false, reason: 'missing' });
		expect(verifyWebhookSignature(body, '', APP_SECRET)).toMatchObject({ valid: false, reason: 'missing' });
	});

	it('rejects a header of the wrong shape without comparing anything', () => {
		expect(verifyWebhookSignature(body, 'sha1=abc', APP_SECRET)).toMatchObject({ valid: false, reason: 'malformed' });
		expect(verifyWebhookSignature(body, `sha256=${'0'.repeat(63)}`, APP_SECRET)).toMatchObject({
			valid: false,
			reason: 'malformed',
		});
	});

	it('refuses to verify anything without an app secret', () => {
		expect(verifyWebhookSignature(body, signWebhookBody(body, ''), '')).toMatchObject({ valid: false, reason: 'no-secret' });
	});

	it('uses the first value when a header arrives twice', () => {
		const header = [signWebhookBody(body, APP_SECRET), 'sha256=bogus'];
		expect(verifyWebhookSignature(body, header, APP_SECRET).valid).toBe(true);
	});

	it('never puts the secret or the expected digest in its message', () => {
		const check = verifyWebhookSignature(body, signWebhookBody(body, 'wrong'), APP_SECRET);
		const expectedHex = signWebhookBody(body, APP_SECRET).slice('sha256='.length);
		expect(!check.valid && check.message).not.toContain(APP_SECRET);
		expect(!check.valid && check.message).not.toContain(expectedHex);
	});
});
