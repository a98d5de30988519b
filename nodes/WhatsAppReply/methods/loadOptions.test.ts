// The template pickers with a mocked n8n load-options context and a Cloud API client that answers
// from `mockTemplates` (or fails).
import { NodeApiError } from 'n8n-workflow';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import type { MessageTemplate } from '../../shared/whatsapp/CloudApiClient';
import { GraphApiError } from '../../shared/whatsapp/GraphApiError';
import { loadOptions } from './loadOptions';

let mockTemplates: MessageTemplate[] | GraphApiError = [];

jest.mock('../execute/cloudApiClientCache', () => ({
	CloudApiClientCache: class {
		clientFor() {
			return {
				listTemplates: async () => {
					if (mockTemplates instanceof GraphApiError) throw mockTemplates;
					return mockTemplates;
				},
			};
		}
	},
}));

function pickerContext(templateName?: string): ILoadOptionsFunctions {
	return {
		getNode: () => ({ id: 'r', name: 'WhatsApp Reply', type: 'n8n-nodes-whatsapp-mcp.whatsAppReply', typeVersion: 1.1, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ accessToken: 'token', businessAccountId: 'waba-1' }),
		getCurrentNodeParameter: () => templateName,
	} as unknown as ILoadOptionsFunctions;
}

const approved = (name: string, language: string, category = 'UTILITY') => ({ name, language, category, status: 'APPROVED' }) as MessageTemplate;

describe('template pickers', () => {
	it('list each template name once, sorted, with its category and languages', async () => {
		mockTemplates = [approved('order_update', 'en'), approved('greeting', 'de', 'MARKETING'), approved('order_update', 'de')];
		expect(await loadOptions.getTemplateNames.call(pickerContext())).toEqual([
			{ name: 'greeting', value: 'greeting', description: 'MARKETING · de' },
			{ name: 'order_update', value: 'order_update', description: 'UTILITY · en, de' },
		]);
	});

	it("list the chosen template's languages, sorted", async () => {
		mockTemplates = [approved('order_update', 'en'), approved('greeting', 'fr'), approved('order_update', 'de')];
		expect(await loadOptions.getTemplateLanguages.call(pickerContext('order_update'))).toEqual([
			{ name: 'de', value: 'de' },
			{ name: 'en', value: 'en' },
		]);
	});

	it('turn a Graph error into a NodeApiError with code, hint and HTTP status, as the node does', async () => {
		mockTemplates = GraphApiError.fromResponse(403, { error: { message: 'Application does not have permission for this action', code: 10 } });
		const error = (await loadOptions.getTemplateNames.call(pickerContext()).catch((thrown: NodeApiError) => thrown)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Application does not have permission for this action (Graph error 10)');
		expect(error.description).toBe((mockTemplates as GraphApiError).hint);
		expect(error.httpCode).toBe('403');
	});
});
