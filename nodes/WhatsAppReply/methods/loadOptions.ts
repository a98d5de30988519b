import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { cloudApiNodeError } from '../../shared/n8n/cloudApiNodeError';
import type { MessageTemplate } from '../../shared/whatsapp/CloudApiClient';
import { WHATSAPP_CREDENTIAL_TYPE } from '../../shared/whatsapp/cloudApiCredential';
import { CloudApiClientCache } from '../execute/cloudApiClientCache';

async function approvedTemplates(fns: ILoadOptionsFunctions): Promise<MessageTemplate[]> {
	const client = new CloudApiClientCache(await fns.getCredentials(WHATSAPP_CREDENTIAL_TYPE)).clientFor(undefined);
	try {
		return await client.listTemplates({ status: 'APPROVED' });
	} catch (error) {
		throw cloudApiNodeError(fns.getNode(), error);
	}
}

/** Template pickers: every page of the WABA's approved templates. */
export const loadOptions = {
	async getTemplateNames(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const templates = await approvedTemplates(this);
		const byName = new Map<string, MessageTemplate[]>();
		for (const template of templates) byName.set(template.name, [...(byName.get(template.name) ?? []), template]);
		return [...byName.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([name, versions]) => ({
				name,
				value: name,
				description: `${versions[0].category ?? ''} · ${versions.map((v) => v.language).join(', ')}`,
			}));
	},

	async getTemplateLanguages(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const name = this.getCurrentNodeParameter('templateName') as string | undefined;
		const templates = await approvedTemplates(this);
		return templates
			.filter((template) => !name || template.name === name)
			.map((template) => template.language)
			.filter((language, index, all) => all.indexOf(language) === index)
			.sort()
			.map((language) => ({ name: language, value: language }));
	},
};
