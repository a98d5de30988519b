import type { OutgoingMessage } from '../CloudApiClient';
import { definedOnly, envelope, type Recipient } from './envelope';
import { checkText, MESSAGE_LIMITS, MessageLimitError } from './limits';

export interface LocationMessageInput {
	latitude: number | string;
	longitude: number | string;
	name?: string;
	address?: string;
}

export function buildLocationMessage(recipient: Recipient, input: LocationMessageInput): OutgoingMessage {
	return envelope(
		recipient,
		'location',
		definedOnly({
			latitude: coordinate('location.latitude', input.latitude, 90),
			longitude: coordinate('location.longitude', input.longitude, 180),
			name: checkText('location.name', input.name, MESSAGE_LIMITS.locationName),
			address: checkText('location.address', input.address, MESSAGE_LIMITS.locationAddress),
		}),
	);
}

function coordinate(field: string, value: number | string, bound: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || Math.abs(number) > bound) {
		throw new MessageLimitError(
			field,
			value,
			`a number from -${bound} to ${bound}`,
			`${field} ${JSON.stringify(value)} must be a number from -${bound} to ${bound}`,
		);
	}
	return number;
}
