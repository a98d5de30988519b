import { createHash, randomBytes } from 'node:crypto';
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import { businessScopedUserIdKind } from '../nodes/shared/whatsapp/businessScopedUserId';

// Identifiers shaped like Meta's: message ids are `wamid.` + base64, object ids are long decimals,
// business-scoped user ids (BSUIDs) are `<country>.<digits>` (CLOUD-API-2026.md §1.1).

export const newMessageId = () => `wamid.${randomBytes(30).toString('base64').replace(/[+/=]/g, '').slice(0, 40)}`;

export const newObjectId = () => `${1 + Math.floor(Math.random() * 9)}${Array.from(randomBytes(14), (b) => b % 10).join('')}`;

export const newConversationId = () => randomBytes(16).toString('hex');

export const digitsOnly = (phone: string) => phone.replace(/\D/g, '');

/**
 * The ISO-3166 alpha-2 country of an international number (digits, with or without '+'), as
 * libphonenumber-js reads it; for a calling code shared by several countries whose number matches
 * none of them exactly (the fictional +1 555 numbers), that code's main country ('US' for +1).
 * 'US' when the number has no known calling code at all.
 */
export function countryOfPhone(waIdOrPhone: string): string {
	const parsed = parsePhoneNumberFromString(`+${digitsOnly(waIdOrPhone)}`);
	return parsed?.country ?? parsed?.getPossibleCountries()[0] ?? 'US';
}

/** 20 decimal digits derived from the sha256 of `seed`. */
function twentyDigits(seed: string): string {
	const hash = BigInt(`0x${createHash('sha256').update(seed).digest('hex')}`);
	return (hash % 10n ** 20n).toString().padStart(20, '0');
}

/**
 * The business-scoped user id (BSUID) the sandbox gives the WhatsApp user with this phone number:
 * the number's country, '.', and 20 digits derived from a sha256 of the wa_id, e.g.
 * `businessScopedUserId('4915112345678')` → `'DE.' + 20 digits`, `'15551230001'` → `'US.…'`.
 * Deterministic, so a demo or test knows a seeded customer's BSUID without asking the sandbox.
 * Meta mints a new BSUID when the user changes number: the new number's BSUID is this function
 * of the new number. (A BSUID changed by `customerChangesUserId` is derived differently.)
 */
export function businessScopedUserId(waId: string): string {
	const digits = digitsOnly(String(waId ?? ''));
	return `${countryOfPhone(digits)}.${twentyDigits(`bsuid:${digits}`)}`;
}

/** The parent BSUID (`CC.ENT.<digits>`) of the same user, for a sandbox with `parentUserIds: true`. */
export function parentBusinessScopedUserId(waId: string): string {
	const digits = digitsOnly(String(waId ?? ''));
	return `${countryOfPhone(digits)}.ENT.${twentyDigits(`parent-bsuid:${digits}`)}`;
}

/** A fresh BSUID for a user whose id changed (`user_changed_user_id`), derived from the old one. */
export function nextBusinessScopedUserId(previous: string, generation: number, parent = false): string {
	const country = previous.split('.')[0];
	return `${country}.${parent ? 'ENT.' : ''}${twentyDigits(`${parent ? 'parent-' : ''}bsuid:${previous}:${generation}`)}`;
}

/**
 * What kind of BSUID `value` is (§1.1): a BSUID, a parent BSUID (`ENT`), or neither. The format
 * is the nodes' (businessScopedUserIdKind); the sandbox, which mints BSUIDs from libphonenumber's
 * countries, also wants the country code to be one of those.
 */
export function bsuidKind(value: unknown): 'user' | 'parent' | undefined {
	const kind = businessScopedUserIdKind(value);
	return kind && isSupportedCountry((value as string).slice(0, 2) as never) ? kind : undefined;
}

/** Looks like a BSUID (country code, '.', …): used to tell a BSUID from a phone number in the controls. */
export const looksLikeBsuid = (value: string) => /^[A-Za-z]{2}\./.test(value.trim());
