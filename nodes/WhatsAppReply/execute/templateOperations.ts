import type { IDataObject } from 'n8n-workflow';

import type { Operation } from './ItemContext';

export const TEMPLATE_OPERATIONS: Record<string, Operation> = {
	getAll: async (ctx) => {
		const filters = ctx.param<IDataObject>('filters', {});
		const templates = await ctx.client().listTemplates({
			status: typeof filters.status === 'string' ? filters.status : undefined,
			name: typeof filters.name === 'string' && filters.name ? filters.name : undefined,
		});
		return templates.map((template) => ({ json: template as unknown as IDataObject }));
	},
};
