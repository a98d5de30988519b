/**
 * Business-scoped user IDs (BSUIDs), the one owner of their format (CLOUD-API-2026.md §1.1): an
 * ISO-3166 alpha-2 country code, '.', then 1 to 128 letters and digits, e.g.
 * `US.10000000000000000001`; a parent BSUID has `ENT.` after the country code,
 * `US.ENT.20000000000000000002`. ISO writes country codes in upper case and Meta wants a BSUID
 * back verbatim, so `us.1…` is not one, and nothing is trimmed here: callers reading user input
 * trim first. Whether the two letters name a real country is left to callers that know the list.
 */

const BUSINESS_SCOPED_USER_ID = /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$/;

export type BusinessScopedUserIdKind = 'user' | 'parent';

/** 'user' for a BSUID, 'parent' for a parent BSUID, undefined for anything else. */
export function businessScopedUserIdKind(value: unknown): BusinessScopedUserIdKind | undefined {
	if (typeof value !== 'string') return undefined;
	const match = BUSINESS_SCOPED_USER_ID.exec(value);
	if (!match) return undefined;
	return match[1] ? 'parent' : 'user';
}

/** A BSUID or parent BSUID: never a phone number (it has a '.' and a country code). */
export function isBusinessScopedUserId(value: unknown): boolean {
	return businessScopedUserIdKind(value) !== undefined;
}
