import { redactSecrets } from '../redactSecrets';
import { GraphApiError, hintForGraphError, isTransientGraphCode } from './GraphApiError';

const graphBody = (code: number, details?: string, extra: Record<string, unknown> = {}) => ({
	error: {
		message: `(#${code}) Something`,
		type: 'OAuthException',
		code,
		error_data: details ? { messaging_product: 'whatsapp', details } : undefined,
		fbtrace_id: 'AbC123',
		...extra,
	},
});

describe('GraphApiError.fromResponse', () => {
	it('keeps code, subcode, details, type, HTTP status and fbtrace_id', () => {
		const error = GraphApiError.fromResponse(400, graphBody(131009, 'Parameter value is not valid', { error_subcode: 2494010 }));
		expect(error).toMatchObject({
			code: 131009,
			subcode: 2494010,
			details: 'Parameter value is not valid',
			type: 'OAuthException',
			httpStatus: 400,
			fbtraceId: 'AbC123',
			message: '(#131009) Something',
		});
	});

	it('describes a response without a Graph error body by its status', () => {
		const error = GraphApiError.fromResponse(502, '<html>Bad gateway</html>');
		expect(error.code).toBeUndefined();
		expect(error.message).toContain('HTTP 502');
		expect(error.transient).toBe(true);
	});
});

describe('hints', () => {
	it.each([
		[190, /renew|new system-user token/i],
		[131047, /24 hours.*template/i],
		[131026, /not deliverable/i],
		[130429, /rate limit.*retry/i],
		[80007, /rate limit/i],
		[4, /rate limit/i],
		[131056, /same recipient/i],
		[132001, /template/i],
		[132000, /placeholders/i],
		[131030, /allowed list/i],
		[10, /permission/i],
		[131062, /phone number.*Request Contact Info/i],
	])('code %i says what to do', (code, hint) => {
		expect(hintForGraphError(code, undefined)).toMatch(hint);
	});

	it.each([100, 131008, 131009])('code %i names the field from the details', (code) => {
		expect(hintForGraphError(code, "Param text['body'] is required")).toContain("text['body']");
	});

	it('falls back on the HTTP status for unknown codes', () => {
		expect(hintForGraphError(999999, undefined, 401)).toMatch(/token/);
		expect(hintForGraphError(undefined, undefined, 503)).toMatch(/temporary/);
	});

	it('quotes Meta details for a code it does not know', () => {
		expect(hintForGraphError(999999, 'Some new rule')).toContain('Some new rule');
	});
});

describe('isTransientGraphCode', () => {
	it.each([4, 80007, 130429, 131056, 1, 2])('treats %i as transient', (code) => expect(isTransientGraphCode(code)).toBe(true));
	it.each([100, 131047, 131026, 190, 132001])('treats %i as final', (code) => expect(isTransientGraphCode(code)).toBe(false));
});

describe('redactSecrets', () => {
	it('replaces every occurrence of each secret', () => {
		expect(redactSecrets('token EAAB123 and again EAAB123, secret s3cr3t', ['EAAB123', 's3cr3t', undefined])).toBe('token *** and again ***, secret ***');
	});
});

describe('serialization', () => {
	it('carries no request, config or headers', () => {
		const json = JSON.stringify(GraphApiError.fromResponse(401, graphBody(190)));
		expect(json).not.toMatch(/config|headers|authorization|request/i);
	});
});
