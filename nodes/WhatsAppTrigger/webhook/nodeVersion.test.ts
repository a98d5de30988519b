import { NodeHelpers } from 'n8n-workflow';
import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { itemShapeFor } from './nodeVersion';
import { WhatsAppTrigger } from '../WhatsAppTrigger.node';

const description = new WhatsAppTrigger().description;

/** What n8n shows for a node of this version with these values: each displayed parameter once. */
function shown(typeVersion: number, values: INodeParameters): INodeProperties[] {
	return description.properties.filter((property) => NodeHelpers.displayParameter(values, property, { typeVersion }, description));
}

const optionValues = (property: INodeProperties | undefined) => (property?.options ?? []).map((option) => (option as { value: string }).value);

describe('WhatsApp Trigger versions', () => {
	it('offers 1, 1.1 and 1.2, new nodes getting 1.2', () => {
		expect(description.version).toEqual([1, 1.1, 1.2]);
		expect(description.defaultVersion).toBe(1.2);
	});

	it('gives v1 items to 1 and 1.1 and 2026 items from 1.2', () => {
		expect([1, 1.1, 1.2, 1.3].map(itemShapeFor)).toEqual(['v1', 'v1', '2026', '2026']);
	});

	it.each([1, 1.1, 1.2])('version %s shows each of Trigger On, Message Types and Statuses exactly once', (version) => {
		const names = shown(version, { events: ['message', 'status', 'history'] }).map((property) => property.name);
		for (const name of ['events', 'messageTypes', 'statuses']) expect(names.filter((n) => n === name)).toHaveLength(1);
		expect(names.includes('expandHistory')).toBe(version >= 1.2);
	});

	it('versions 1 and 1.1 keep their option lists; 1.2 adds the 2026 events, types and statuses and "any other"', () => {
		const old = shown(1.1, { events: ['message', 'status'] });
		const current = shown(1.2, { events: ['message', 'status'] });
		const options = (properties: INodeProperties[], name: string) => optionValues(properties.find((property) => property.name === name));
		expect(options(old, 'messageTypes')).toEqual([
			'audio',
			'button',
			'contacts',
			'document',
			'image',
			'interactive',
			'location',
			'order',
			'reaction',
			'sticker',
			'system',
			'text',
			'unsupported',
			'video',
		]);
		expect(options(old, 'statuses')).toEqual(['sent', 'delivered', 'read', 'failed', 'deleted']);
		expect(options(old, 'events')).not.toContain('message_echo');
		expect(options(current, 'messageTypes')).toEqual(
			expect.arrayContaining(['edit', 'request_welcome', 'revoke', 'unknown', 'anyOther', ...options(old, 'messageTypes')]),
		);
		expect(options(current, 'statuses')).toEqual(expect.arrayContaining(['played', 'anyOther', ...options(old, 'statuses')]));
		expect(options(current, 'events')).toEqual(
			expect.arrayContaining([
				'message_echo',
				'history',
				'smb_app_state_sync',
				'standby',
				'handover',
				'user_preferences',
				'calls',
				'flows',
				'anyOther',
				...options(old, 'events'),
			]),
		);
	});

	it('keeps the saved parameters of a version 1.1 node valid (no parameter renamed)', () => {
		const saved = { events: ['message', 'status'], messageTypes: ['text'], statuses: ['read'] };
		const resolved = NodeHelpers.getNodeParameters(description.properties, saved, false, false, { typeVersion: 1.1 }, description);
		expect(resolved).toMatchObject(saved);
	});

	it('resolves the parameters of a version 1.2 node, "any other" and Expand History included', () => {
		const saved = { events: ['message', 'history', 'anyOther'], messageTypes: ['text', 'anyOther'], expandHistory: true };
		const resolved = NodeHelpers.getNodeParameters(description.properties, saved, false, false, { typeVersion: 1.2 }, description);
		expect(resolved).toMatchObject(saved);
	});
});
