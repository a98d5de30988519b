import { businessScopedUserIdKind, isBusinessScopedUserId } from './businessScopedUserId';

describe('businessScopedUserIdKind', () => {
	it.each([
		['US.10000000000000000001', 'user'],
		['BR.1000000000000000001', 'user'],
		['DE.abcDEF123', 'user'],
		[`US.${'1'.repeat(128)}`, 'user'],
		['US.ENT.20000000000000000002', 'parent'],
		[`US.ENT.${'2'.repeat(128)}`, 'parent'],
	])('reads %p as a %s BSUID', (value, kind) => {
		expect(businessScopedUserIdKind(value)).toBe(kind);
	});

	it.each([
		['a phone number', '4915123456789'],
		['a formatted phone number', '+49 151 23456789'],
		['a three-letter country', 'USA.1'],
		['no id after the dot', 'US.'],
		['no id after ENT.', 'US.ENT.'],
		['a character other than letters and digits', 'US.1-2'],
		['129 characters after the dot', `US.${'1'.repeat(129)}`],
		['a message id', 'wamid.HBgL'],
		['an e-mail address', 'ana@example.com'],
	])('refuses %s', (_what, value) => {
		expect(businessScopedUserIdKind(value)).toBeUndefined();
	});

	it('refuses a lower-case country code or ent.: ISO-3166 codes are upper case and Meta wants the id verbatim', () => {
		expect(businessScopedUserIdKind('us.10000000000000000001')).toBeUndefined();
		expect(businessScopedUserIdKind('US.ent.20000000000000000002')).toBeUndefined();
	});

	it("does not trim: surrounding whitespace is the caller's to remove", () => {
		expect(businessScopedUserIdKind(' DE.abcDEF123 ')).toBeUndefined();
	});

	it.each([49151, undefined, null, { id: 'US.1' }])('refuses the non-string %p', (value) => {
		expect(businessScopedUserIdKind(value)).toBeUndefined();
	});
});

describe('isBusinessScopedUserId', () => {
	it('is true for BSUIDs and parent BSUIDs only', () => {
		expect(isBusinessScopedUserId('US.10000000000000000001')).toBe(true);
		expect(isBusinessScopedUserId('US.ENT.20000000000000000002')).toBe(true);
		expect(isBusinessScopedUserId('4915123456789')).toBe(false);
	});
});
