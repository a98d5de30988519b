import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { countryOfPhone, digitsOnly } from './ids';

// Who a send reaches: Meta's reading of `to` (the '+' rule), and the rules for usernames.

/** The region the business phone number is in: the default region for a `to` without '+'. */
export const businessRegion = (displayPhoneNumber: string) => countryOfPhone(displayPhoneNumber) as CountryCode;

export type PhoneResolution = { waId: string; readAs: 'international' | 'business-country' | 'international-fallback' } | { problem: string };

/**
 * Meta's '+' rule for `to`: with a leading '+' the number is E.164; without it, it is read as a
 * number of the business phone number's country ("your business phone number's country calling
 * code is prepended"), parsed the way libphonenumber does with that region as the default, so a
 * +55 business sending "16315551181" reaches +55 16315551181 and a +1 business sending
 * "15551230001" reaches +1 555 123 0001.
 *
 * Unless `strict`, a `to` without '+' that is no possible number of the business's country is then
 * read as international digits (a wa_id as webhooks carry it), so replies to the wa_id of a
 * customer in another country still arrive ("4915112345678" from a +1 business). `strict` answers
 * such a `to` with the invalid-recipient error instead, as Meta's documentation describes.
 */
export function resolvePhoneRecipient(to: string, region: CountryCode, strict: boolean): PhoneResolution {
	const text = to.trim();
	if (text.startsWith('+')) {
		const parsed = parsePhoneNumberFromString(text);
		if (!parsed?.isPossible()) return { problem: `"${to}" is not a possible phone number (E.164 with country code after the '+')` };
		return { waId: parsed.number.slice(1), readAs: 'international' };
	}
	const national = parsePhoneNumberFromString(text, region);
	if (national?.isPossible()) return { waId: national.number.slice(1), readAs: 'business-country' };
	if (!strict) {
		const international = parsePhoneNumberFromString(`+${digitsOnly(text)}`);
		if (international?.isPossible()) return { waId: international.number.slice(1), readAs: 'international-fallback' };
	}
	return {
		problem: `"${to}" has no '+', so it is read as a number of the business phone number's country (${region}), and it is not a possible number there. Send E.164 with '+' and country code`,
	};
}

const DOMAIN_SUFFIX = /\.(com|net|org|info|biz|io|co|app|dev|me|gov|edu|xyz|online|site|shop)$/;

/**
 * A WhatsApp username (§1.1): 3–35 characters of a-z 0-9 '.' '_', at least one letter, no leading,
 * trailing or double '.', not starting with "www", no domain suffix; case-insensitive (stored lower-case).
 * Returns the normalized username or throws with the rule it breaks.
 */
export function normalizeUsername(input: string): string {
	const username = String(input ?? '')
		.trim()
		.replace(/^@/, '')
		.toLowerCase();
	const fail = (why: string) => {
		throw new Error(`"${input}" is not a WhatsApp username: ${why}`);
	};
	if (!/^[a-z0-9._]{3,35}$/.test(username)) fail('use 3 to 35 characters of a-z, 0-9, "." and "_"');
	if (!/[a-z]/.test(username)) fail('it needs at least one letter');
	if (username.startsWith('.') || username.endsWith('.') || username.includes('..')) fail('no leading, trailing or double "."');
	if (username.startsWith('www')) fail('it cannot start with "www"');
	if (DOMAIN_SUFFIX.test(username)) fail('it cannot end in a domain suffix');
	return username;
}
