import type { OutgoingMessage } from '../CloudApiClient';
import { definedOnly, envelope, type Recipient } from './envelope';
import { checkText, MessageLimitError } from './limits';

/** A contact card; plain strings are accepted wherever Meta wants an object. */
export interface ContactCardInput {
	/** The name shown, or Meta's full name object (formatted_name required). */
	name: string | { formatted_name: string; first_name?: string; last_name?: string; middle_name?: string; prefix?: string; suffix?: string };
	phones?: Array<string | { phone: string; type?: string; wa_id?: string }>;
	emails?: Array<string | { email: string; type?: string }>;
	urls?: Array<string | { url: string; type?: string }>;
	org?: { company?: string; department?: string; title?: string };
	addresses?: Array<Record<string, string>>;
	/** YYYY-MM-DD. */
	birthday?: string;
}

export function buildContactsMessage(recipient: Recipient, contacts: ContactCardInput[]): OutgoingMessage {
	if (!Array.isArray(contacts) || contacts.length === 0) {
		throw new MessageLimitError('contacts', contacts, 'at least one contact', 'contacts needs at least one contact card');
	}
	return envelope(
		recipient,
		'contacts',
		contacts.map((contact, index) => contactCard(contact, `contacts[${index}]`)),
	);
}

function contactCard(contact: ContactCardInput, field: string): Record<string, unknown> {
	const name = typeof contact.name === 'string' ? { formatted_name: contact.name } : { ...contact.name };
	name.formatted_name = checkText(`${field}.name.formatted_name`, name?.formatted_name, 1000, { required: true })!;
	if (!name.first_name && typeof contact.name === 'string') name.first_name = contact.name.split(/\s+/)[0];
	if (contact.birthday && !/^\d{4}-\d{2}-\d{2}$/.test(contact.birthday)) {
		throw new MessageLimitError(`${field}.birthday`, contact.birthday, 'YYYY-MM-DD', `${field}.birthday "${contact.birthday}" must be written YYYY-MM-DD`);
	}
	return definedOnly({
		name,
		phones: contact.phones?.map((phone) => (typeof phone === 'string' ? { phone, type: 'CELL' } : phone)),
		emails: contact.emails?.map((email) => (typeof email === 'string' ? { email, type: 'WORK' } : email)),
		urls: contact.urls?.map((url) => (typeof url === 'string' ? { url, type: 'WORK' } : url)),
		org: contact.org,
		addresses: contact.addresses,
		birthday: contact.birthday,
	});
}
