import { InvalidPhoneNumberError, normalizePhoneNumber } from './phoneNumber';

describe('normalizePhoneNumber', () => {
	it.each([
		['+1 (555) 012-3456', '15550123456'],
		['+49 151 23456789', '4915123456789'],
		['0049 151 23456789', '4915123456789'],
		['4915123456789', '4915123456789'],
		['tel:+44 7911 123456', '447911123456'],
	])('writes %s as E.164 digits %s', (input, expected) => {
		expect(normalizePhoneNumber(input)).toBe(expected);
	});

	it('accepts a number', () => {
		expect(normalizePhoneNumber(4915123456789)).toBe('4915123456789');
	});

	it('reads a national number with the default country', () => {
		expect(normalizePhoneNumber('0151 23456789', { defaultCountry: 'DE' })).toBe('4915123456789');
	});

	it('still honours an explicit country code when a default country is set', () => {
		expect(normalizePhoneNumber('+44 7911 123456', { defaultCountry: 'DE' })).toBe('447911123456');
	});

	it.each([[''], ['ana@example.com'], ['12'], ['+49 1']])('rejects %p and names the value', (input) => {
		expect(() => normalizePhoneNumber(input)).toThrow(InvalidPhoneNumberError);
		if (input) expect(() => normalizePhoneNumber(input)).toThrow(input);
	});

	it.each([
		['+1 (555) 012-3456', '+15550123456'],
		['0049 151 23456789', '+4915123456789'],
		['4915123456789', '+4915123456789'],
	])('writes %s as E.164 with "+" when asked: %s', (input, expected) => {
		expect(normalizePhoneNumber(input, { plus: true })).toBe(expected);
	});

	it('keeps the "+" for a national number with the default country', () => {
		expect(normalizePhoneNumber('0151 23456789', { defaultCountry: 'DE', plus: true })).toBe('+4915123456789');
	});

	it('says a business-scoped user ID is not a number', () => {
		expect(() => normalizePhoneNumber('US.10000000000000000001')).toThrow('it is a business-scoped user ID (BSUID)');
		expect(() => normalizePhoneNumber(' US.ENT.20000000000000000002 ')).toThrow('it is a business-scoped user ID (BSUID)');
	});

	it('refuses a BSUID-like text with a lower-case country code as letters, not as a BSUID', () => {
		expect(() => normalizePhoneNumber('us.10000000000000000001')).toThrow('it contains letters');
	});
});
