import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';

import { SHOP_CURRENCY, SHOP_NAME } from './seedData';
import { ShopError } from './shopErrors';
import type { ShopDatabase } from './shopDatabase';
import { toProduct } from './tools/catalogueRecords';
import { articleUri, toArticle } from './tools/supportRecords';

export const CATALOGUE_URI = 'shop://catalogue';

/** Resources: the catalogue (whole and per product) and the help centre (policies and help articles). */
export function registerShopResources(server: McpServer, shop: ShopDatabase): void {
	server.registerResource(
		'catalogue',
		CATALOGUE_URI,
		{ title: `${SHOP_NAME} catalogue`, description: 'Every product with SKU, price and current stock (JSON).', mimeType: 'application/json' },
		(uri) => ({
			contents: [
				{
					uri: uri.href,
					mimeType: 'application/json',
					text: JSON.stringify(
						{
							shop: SHOP_NAME,
							currency: SHOP_CURRENCY,
							products: shop.all('SELECT * FROM products ORDER BY category, name').map(toProduct),
						},
						null,
						2,
					),
				},
			],
		}),
	);

	server.registerResource(
		'product',
		new ResourceTemplate('shop://products/{sku}', {
			list: () => ({
				resources: shop.all('SELECT sku, name FROM products ORDER BY sku').map((row) => ({
					uri: `shop://products/${row.sku}`,
					name: String(row.name),
					mimeType: 'application/json',
				})),
			}),
			complete: {
				sku: (value) => shop.all('SELECT sku FROM products WHERE sku LIKE ? ORDER BY sku', [`${value.toUpperCase()}%`]).map((row) => String(row.sku)),
			},
		}),
		{ title: 'Product', description: 'One product by SKU (JSON).', mimeType: 'application/json' },
		(uri, { sku }) => {
			const row = shop.get('SELECT * FROM products WHERE sku = ?', [String(sku).toUpperCase()]);
			if (!row) throw new ShopError('not_found', `Product ${sku} was not found.`, `The catalogue is at ${CATALOGUE_URI}.`);
			return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(toProduct(row), null, 2) }] };
		},
	);

	for (const category of ['policy', 'help'] as const) {
		const base = category === 'policy' ? 'shop://policies' : 'shop://help';
		const variable = category === 'policy' ? 'topic' : 'slug';
		server.registerResource(
			category === 'policy' ? 'policy' : 'help-article',
			new ResourceTemplate(`${base}/{${variable}}`, {
				list: () => ({
					resources: shop.all('SELECT * FROM kb_articles WHERE category = ? ORDER BY slug', [category]).map((row) => ({
						uri: articleUri(row),
						name: String(row.title),
						description: String(row.summary),
						mimeType: 'text/markdown',
					})),
				}),
				complete: {
					[variable]: (value) =>
						shop.all('SELECT slug FROM kb_articles WHERE category = ? AND slug LIKE ? ORDER BY slug', [category, `${value}%`]).map((row) => String(row.slug)),
				},
			}),
			{
				title: category === 'policy' ? 'Shop policy' : 'Help article',
				description: category === 'policy' ? 'Shipping, returns, payment, warranty and opening-hours policies (Markdown).' : 'Help-centre articles (Markdown).',
				mimeType: 'text/markdown',
			},
			(uri, variables) => {
				const slug = String(variables[variable]);
				const row = shop.get('SELECT * FROM kb_articles WHERE slug = ? AND category = ?', [slug, category]);
				if (!row) throw new ShopError('not_found', `No ${category === 'policy' ? 'policy' : 'help article'} "${slug}".`, 'List them with resources/list.');
				const article = toArticle(row);
				return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: `# ${article.title}\n\n${article.body}\n` }] };
			},
		);
	}
}
