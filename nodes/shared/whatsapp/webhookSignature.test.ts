import { signWebhookBody, verifyWebhookSignature } from './webhookSignature';
import { messageWebhooks } from '../../../test/fixtures/metaWebhookExamples';

const APP_SECRET = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4';
const body = Buffer.from(JSON.stringify(messageWebhooks.text));

// Known vectors. Meta documents the scheme (sha256= and the hex HMAC-SHA256 of the raw body with
// the app secret) but publishes no example digest. GitHub uses the same X-Hub-Signature-256
// scheme and publishes one (docs.github.com, "Validating webhook deliveries"). The second is a
// text webhook escaped the way Meta sends it (\u00e9, \/); its digest was computed once with
// `openssl dgst -sha256 -hmac a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4` over these exact 512 bytes.
const GITHUB_EXAMPLE = {
	secret: "It's a Secret to Everybody",
	body: 'Hello, World!',
	header: 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
};
const META_SHAPED_EXAMPLE = {
	secret: APP_SECRET,
	body: String.raw`{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1739321024","text":{"body":"Caf\u00e9 at 9? https:\/\/example.com\/menu"},"type":"text"}]},"field":"messages"}]}]}`,
	header: 'sha256=7abbc1017efea39260db5693834723f3a6da308108386f6568e4783642a07bff',
};

describe('signWebhookBody', () => {
	it('the Meta-shaped vector is the 512 bytes its digest was computed from', () => {
		expect(Buffer.byteLength(META_SHAPED_EXAMPLE.body, 'utf8')).toBe(512);
	});

	it.each([
		["GitHub's published example", GITHUB_EXAMPLE],
		['a Meta-shaped body with escaped non-ASCII and slashes', META_SHAPED_EXAMPLE],
	])('gives the known sha256= digest for %s', (_name, example) => {
		expect(signWebhookBody(Buffer.from(example.body, 'utf8'), example.secret)).toBe(example.header);
	});
});

describe('verifyWebhookSignature on the known vectors', () => {
	it.each([
		["GitHub's published example", GITHUB_EXAMPLE],
		['a Meta-shaped body', META_SHAPED_EXAMPLE],
	])('accepts %s with its published digest', (_name, example) => {
		expect(verifyWebhookSignature(Buffer.from(example.body, 'utf8'), example.header, example.secret)).toEqual({ valid: true });
	});

	it('refuses the body with one byte changed', () => {
		const changed = Buffer.from(META_SHAPED_EXAMPLE.body, 'utf8');
		const at = changed.indexOf('Caf');
		changed[at] = 'c'.charCodeAt(0);
		expect(verifyWebhookSignature(changed, META_SHAPED_EXAMPLE.header, META_SHAPED_EXAMPLE.secret)).toMatchObject({ valid: false, reason: 'mismatch' });
	});

	it('refuses the body with the JSON escapes undone (the same text, other bytes)', () => {
		const unescaped = META_SHAPED_EXAMPLE.body.replace('\\u00e9', 'é').replace(/\\\//g, '/');
		expect(unescaped).not.toBe(META_SHAPED_EXAMPLE.body);
		expect(JSON.parse(unescaped)).toEqual(JSON.parse(META_SHAPED_EXAMPLE.body));
		expect(verifyWebhookSignature(Buffer.from(unescaped, 'utf8'), META_SHAPED_EXAMPLE.header, META_SHAPED_EXAMPLE.secret)).toMatchObject({
			valid: false,
			reason: 'mismatch',
		});
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
