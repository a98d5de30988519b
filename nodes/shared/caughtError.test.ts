import { errorCode, errorMessage } from './caughtError';

describe('errorMessage', () => {
	it("gives an Error's message", () => {
		expect(errorMessage(new TypeError('bad type'))).toBe('bad type');
	});

	it('gives the message of an error-like object that is not an Error', () => {
		expect(errorMessage({ message: 'from another realm', code: 'EACCES' })).toBe('from another realm');
	});

	it('gives anything else as text', () => {
		expect(errorMessage('plain string')).toBe('plain string');
		expect(errorMessage(undefined)).toBe('undefined');
		expect(errorMessage({ message: 42 })).toBe('[object Object]');
	});
});

describe('errorCode', () => {
	it("gives a system error's code", () => {
		expect(errorCode(Object.assign(new Error('missing'), { code: 'ENOENT' }))).toBe('ENOENT');
	});

	it('gives undefined for anything without one', () => {
		expect(errorCode(new Error('plain'))).toBeUndefined();
		expect(errorCode('text')).toBeUndefined();
		expect(errorCode(null)).toBeUndefined();
	});
});
