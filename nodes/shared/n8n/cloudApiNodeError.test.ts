import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { GraphApiError } from '../whatsapp/GraphApiError';
import { cloudApiNodeError } from './cloudApiNodeError';
import { failedItem, failedItemJson } from './failedItems';

const node: INode = { id: '1', name: 'WhatsApp Reply', type: 'n8n-nodes-whatsapp-mcp.whatsAppReply', typeVersion: 1.1, position: [0, 0], parameters: {} };

const expiredToken = () =>
	GraphApiError.fromResponse(401, { error: { message: 'Error validating access token', code: 190, error_subcode: 463, fbtrace_id: 'AbC123' } });

describe('cloudApiNodeError', () => {
	it("puts Graph's code and subcode into the message", () => {
		const error = cloudApiNodeError(node, expiredToken());
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Error validating access token (Graph error 190/463)');
	});

	it('describes what to do, then the fbtrace_id Meta support asks for', () => {
		expect(cloudApiNodeError(node, expiredToken()).description).toBe(`${expiredToken().hint} — fbtrace_id: AbC123`);
	});

	it("adds Meta's details to the description when the hint does not quote them", () => {
		const error = GraphApiError.fromResponse(400, {
			error: { message: 'Invalid parameter', code: 131051, error_data: { details: 'type "sticker" needs a media id' } },
		});
		expect(cloudApiNodeError(node, error).description).toBe(`${error.hint} — Meta: type "sticker" needs a media id`);
	});

	it("keeps the HTTP status as the error's HTTP code", () => {
		expect((cloudApiNodeError(node, expiredToken()) as NodeApiError).httpCode).toBe('401');
	});

	it('names the failing item', () => {
		expect(cloudApiNodeError(node, expiredToken(), { itemIndex: 4 }).context.itemIndex).toBe(4);
	});

	it('says what the node was doing for calls no item asked for', () => {
		const error = cloudApiNodeError(node, expiredToken(), { doing: "read the Meta app's webhook subscriptions" });
		expect(error.message).toBe("Could not read the Meta app's webhook subscriptions: Error validating access token (Graph error 190/463)");
	});

	it('leaves the code out when Graph sent none', () => {
		expect(cloudApiNodeError(node, new GraphApiError({ message: 'Could not reach the sandbox', networkCode: 'ECONNREFUSED' })).message).toBe(
			'Could not reach the sandbox',
		);
	});

	it("passes n8n's own errors through", () => {
		const own = new NodeOperationError(node, 'already mapped');
		expect(cloudApiNodeError(node, own)).toBe(own);
	});

	it('turns any other error into a NodeOperationError, prefixed with what the node was doing', () => {
		const error = cloudApiNodeError(node, new Error('socket hang up'), { doing: 'subscribe the Meta app' });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Could not subscribe the Meta app: socket hang up');
	});
});

describe('failed items', () => {
	it('carry only error and details, the keys n8n routes to the error output', () => {
		expect(failedItemJson('boom', { hint: 'retry' })).toEqual({ error: 'boom', details: { hint: 'retry' } });
	});

	it('leave details out when there are none', () => {
		expect(failedItemJson('boom')).toEqual({ error: 'boom' });
	});

	it('are paired with the item they stand for', () => {
		expect(failedItem(failedItemJson('boom'), 2)).toEqual({ json: { error: 'boom' }, pairedItem: { item: 2 } });
	});
});
