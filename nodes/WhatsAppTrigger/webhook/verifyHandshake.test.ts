import { answerHandshake } from './verifyHandshake';

const TOKEN = 'my-verify-token';
const query = (overrides: Record<string, unknown> = {}) => ({
	'hub.mode': 'subscribe',
	'hub.verify_token': TOKEN,
	'hub.challenge': '1158201444',
	...overrides,
});

describe('answerHandshake', () => {
	it('echoes the challenge when the mode is subscribe and the token matches', () => {
		expect(answerHandshake(query(), TOKEN)).toEqual({ status: 200, challenge: '1158201444' });
	});

	it('refuses a wrong token and says where the right one lives', () => {
		const answer = answerHandshake(query({ 'hub.verify_token': 'guess' }), TOKEN);
		expect(answer.status).toBe(403);
		expect(answer.status === 403 && answer.reason).toMatch(/Webhook Verify Token/);
	});

	it('refuses a token that only shares a prefix with the right one', () => {
		expect(answerHandshake(query({ 'hub.verify_token': `${TOKEN}x` }), TOKEN).status).toBe(403);
	});

	it('refuses a request without a token', () => {
		expect(answerHandshake(query({ 'hub.verify_token': undefined }), TOKEN).status).toBe(403);
	});

	it('refuses another mode', () => {
		expect(answerHandshake(query({ 'hub.mode': 'unsubscribe' }), TOKEN)).toEqual({
			status: 403,
			reason: 'hub.mode is "unsubscribe", expected "subscribe"',
		});
	});

	it('refuses a request without a challenge', () => {
		expect(answerHandshake(query({ 'hub.challenge': undefined }), TOKEN)).toEqual({
			status: 403,
			reason: 'hub.challenge is missing',
		});
	});

	it('refuses everything while no verify token is configured, even an empty token', () => {
		expect(answerHandshake(query({ 'hub.verify_token': '' }), '').status).toBe(403);
	});

	it('uses the first value when a query parameter repeats', () => {
		expect(answerHandshake(query({ 'hub.challenge': ['first', 'second'] }), TOKEN)).toEqual({ status: 200, challenge: 'first' });
	});
});
