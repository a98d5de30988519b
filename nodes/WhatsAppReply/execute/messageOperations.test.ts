// The Reply node's parameters for templates and lists, as n8n stores them for version 1.1, turned
// into the request body sent to the Cloud API (captured by a recording client).
import { NodeHelpers } from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { WhatsAppReply } from '../WhatsAppReply.node';
import { fakeExecuteFunctions, REPLY } from '../../../test/fixtures/fakeWorkflow';
import { executeReply } from './executeReply';

const sent: IDataObject[] = [];

jest.mock('./cloudApiClientCache', () => {
	const actual = jest.requireActual('./cloudApiClientCache');
	class RecordingClientCache {
		clientFor() {
			return {
				sendMessage: async (body: IDataObject) => {
					sent.push(body);
					return { messageId: `wamid.OUT${sent.length}`, waId: '4915112345678' };
				},
			};
		}
	}
	return { ...actual, CloudApiClientCache: RecordingClientCache };
});

beforeEach(() => sent.splice(0));

const description = new WhatsAppReply().description;

/** Sends one item with the operation's parameters as n8n fills them (defaults included), and returns the body sent. */
async function bodyFor(operation: string, set: INodeParameters): Promise<IDataObject> {
	const parameters = NodeHelpers.getNodeParameters(
		description.properties,
		{ resource: 'message', operation, to: '+4915112345678', ...set },
		true,
		false,
		{ typeVersion: 1.1 },
		description,
	)!;
	await executeReply(fakeExecuteFunctions({ typeVersion: 1.1, types: {}, parents: { [REPLY]: [] }, items: [{ json: {} }], parameters }).fns);
	expect(sent).toHaveLength(1);
	return sent[0];
}

const template = (parameter: INodeParameters[], set: INodeParameters = {}) =>
	bodyFor('sendTemplate', { templateName: 'order_update', languageCode: 'de', templateParameters: { parameter }, ...set });

describe('Send Template: parameters → template components', () => {
	it('sends name and language, and no components without parameters', async () => {
		const body = await template([]);
		expect(body).toMatchObject({ to: '+4915112345678', type: 'template', template: { name: 'order_update', language: { code: 'de' } } });
		expect((body.template as IDataObject).components).toBeUndefined();
	});

	it('puts body parameters in order into the body component, as text', async () => {
		const body = await template([
			{ component: 'body', type: 'text', value: 'Anna' },
			{ component: 'body', type: 'text', value: '1042' },
		]);
		expect((body.template as IDataObject).components).toEqual([
			{
				type: 'body',
				parameters: [
					{ type: 'text', text: 'Anna' },
					{ type: 'text', text: '1042' },
				],
			},
		]);
	});

	it('names a parameter for templates with named placeholders', async () => {
		const body = await template([{ component: 'body', type: 'text', value: '1042', parameterName: 'order_id' }]);
		expect((body.template as IDataObject).components).toEqual([{ type: 'body', parameters: [{ type: 'text', text: '1042', parameter_name: 'order_id' }] }]);
	});

	it('sends a header image as a link in the header component, before the body', async () => {
		const body = await template([
			{ component: 'body', type: 'text', value: 'Anna' },
			{ component: 'header', type: 'image', value: 'https://example.com/parcel.jpg' },
		]);
		expect((body.template as IDataObject).components).toEqual([
			{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/parcel.jpg' } }] },
			{ type: 'body', parameters: [{ type: 'text', text: 'Anna' }] },
		]);
	});

	it('sends each button parameter as its own button component with sub_type and index', async () => {
		const body = await template([
			{ component: 'button', type: 'url', value: 'orders/1042', index: 0 },
			{ component: 'button', type: 'quick_reply', value: 'STOP', index: 1 },
		]);
		expect((body.template as IDataObject).components).toEqual([
			{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'orders/1042' }] },
			{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'STOP' }] },
		]);
	});

	it('refuses a button parameter of a type buttons do not take, naming the parameter, before sending', async () => {
		await expect(template([{ component: 'button', type: 'text', value: 'x' }])).rejects.toThrow(
			'Parameter 1 is for a button: choose Payload, URL Suffix or Coupon Code as its type',
		);
		expect(sent).toHaveLength(0);
	});
});

const list = (row: INodeParameters[], set: INodeParameters = {}) => bodyFor('sendList', { body: 'What can we do for you?', rows: { row }, ...set });

describe('Send List: rows → sections', () => {
	it('sends the button text, the body, and rows without a section title in one untitled section', async () => {
		const body = await list([{ title: 'Track my order', id: 'track', description: 'Where is my parcel?' }, { title: 'Talk to a human' }], {
			buttonText: 'Options',
		});
		expect(body.interactive).toEqual({
			type: 'list',
			body: { text: 'What can we do for you?' },
			action: {
				button: 'Options',
				sections: [
					{
						rows: [
							{ id: 'track', title: 'Track my order', description: 'Where is my parcel?' },
							{ id: 'Talk to a human', title: 'Talk to a human' },
						],
					},
				],
			},
		});
	});

	it('uses the default button text "Choose"', async () => {
		const body = await list([{ title: 'Track my order' }]);
		expect((body.interactive as { action: IDataObject }).action.button).toBe('Choose');
	});

	it('groups rows by section title, in the order the titles first appear', async () => {
		const body = await list([
			{ title: 'Track', section: 'Orders' },
			{ title: 'Opening hours', section: 'Shop' },
			{ title: 'Return', section: 'Orders' },
		]);
		expect((body.interactive as { action: { sections: IDataObject[] } }).action.sections).toEqual([
			{
				title: 'Orders',
				rows: [
					{ id: 'Track', title: 'Track' },
					{ id: 'Return', title: 'Return' },
				],
			},
			{ title: 'Shop', rows: [{ id: 'Opening hours', title: 'Opening hours' }] },
		]);
	});

	it('adds the header and footer when set', async () => {
		const body = await list([{ title: 'Track' }], { headerText: 'Order 1042', footer: 'Reply STOP to opt out' });
		expect(body.interactive).toMatchObject({ header: { type: 'text', text: 'Order 1042' }, footer: { text: 'Reply STOP to opt out' } });
	});

	it('refuses a row title over 24 characters before sending, naming the field', async () => {
		await expect(list([{ title: 'A row title far too long for WhatsApp' }])).rejects.toThrow(/rows\[0\]\.title/);
		expect(sent).toHaveLength(0);
	});
});
