import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { isBusinessScopedUserId } from './businessScopedUserId';

/**
 * Recipient numbers as the Cloud API expects them: E.164 digits without "+" (what webhooks call
 * wa_id; what Reply 1 sends) or, with `plus`, E.164 proper (Reply 1.1: Meta prepends the business
 * number's country code to a number sent without "+"). Parsing is libphonenumber's; we only
 * decide what an input without "+" means.
 */

export class InvalidPhoneNumberError extends Error {
	constructor(
		readonly value: string,
		reason: string,
	) {
		super(`"${value}" is not a usable WhatsApp number: ${reason}. Use the international format with country code, e.g. +49 151 23456789 or 4915123456789.`);
		this.name = 'InvalidPhoneNumberError';
	}
}

export interface NormalizePhoneOptions {
	/** Country for numbers written nationally (0151 …); without it such numbers are read as international digits, like Meta does. */
	defaultCountry?: CountryCode;
	/** Keep the leading "+" ("+4915123456789"); default digits only ("4915123456789"). */
	plus?: boolean;
}

/** "+1 (555) 012-3456", "0049 151 …", "15550123456" → "15550123456" (or "+15550123456" with `plus`). */
export function normalizePhoneNumber(input: string | number, options: NormalizePhoneOptions = {}): string {
	const raw = String(input ?? '').trim();
	if (raw === '') throw new InvalidPhoneNumberError(raw, 'it is empty');
	if (isBusinessScopedUserId(raw))
		throw new InvalidPhoneNumberError(raw, 'it is a business-scoped user ID (BSUID), which is sent as recipient, not as a number');
	if (/[a-z]/i.test(raw.replace(/^(tel|whatsapp):/i, ''))) throw new InvalidPhoneNumberError(raw, 'it contains letters');
	const text = raw.replace(/^(tel|whatsapp):/i, '').replace(/^\s*00/, '+');
	const isInternational = text.trimStart().startsWith('+');
	const parsed =
		isInternational || !options.defaultCountry
			? parsePhoneNumberFromString(isInternational ? text : `+${text}`)
			: parsePhoneNumberFromString(text, options.defaultCountry);
	if (!parsed) throw new InvalidPhoneNumberError(raw, 'no country code could be recognised');
	if (!parsed.isPossible()) throw new InvalidPhoneNumberError(raw, `it has the wrong length for country code +${parsed.countryCallingCode}`);
	return options.plus ? parsed.number : parsed.number.slice(1);
}
