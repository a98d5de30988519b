import { buildContactsMessage } from './contacts';
import { buildLocationMessage } from './location';
import { buildReactionMessage } from './reaction';

const to = { to: '15550001111' };

describe('buildLocationMessage', () => {
	it('builds a location from numbers or numeric text', () => {
		expect(buildLocationMessage(to, { latitude: '52.52', longitude: 13.405, name: 'Office' }).location).toEqual({
			latitude: 52.52,
			longitude: 13.405,
			name: 'Office',
		});
	});

	it('rejects a latitude beyond 90', () => {
		expect(() => buildLocationMessage(to, { latitude: 91, longitude: 0 })).toThrow('location.latitude 91');
	});
});

describe('buildContactsMessage', () => {
	it("expands plain strings into Meta's contact card objects", () => {
		expect(buildContactsMessage(to, [{ name: 'Ana Silva', phones: ['+351 912 345 678'], emails: ['ana@example.com'] }]).contacts).toEqual([
			{
				name: { formatted_name: 'Ana Silva', first_name: 'Ana' },
				phones: [{ phone: '+351 912 345 678', type: 'CELL' }],
				emails: [{ email: 'ana@example.com', type: 'WORK' }],
			},
		]);
	});

	it('requires a name for every card', () => {
		expect(() => buildContactsMessage(to, [{ name: '' }])).toThrow('contacts[0].name.formatted_name');
	});
});

describe('buildReactionMessage', () => {
	it('reacts with an emoji', () => {
		expect(buildReactionMessage(to, { messageId: 'wamid.1', emoji: '👍' }).reaction).toEqual({ message_id: 'wamid.1', emoji: '👍' });
	});

	it('removes a reaction with an empty emoji', () => {
		expect(buildReactionMessage(to, { messageId: 'wamid.1' }).reaction).toEqual({ message_id: 'wamid.1', emoji: '' });
	});

	it('accepts composed emoji such as flags and skin tones', () => {
		expect(() => buildReactionMessage(to, { messageId: 'wamid.1', emoji: '🇩🇪' })).not.toThrow();
		expect(() => buildReactionMessage(to, { messageId: 'wamid.1', emoji: '👍🏽' })).not.toThrow();
	});

	it('rejects a word', () => {
		expect(() => buildReactionMessage(to, { messageId: 'wamid.1', emoji: 'ok' })).toThrow('reaction.emoji "ok"');
	});
});
