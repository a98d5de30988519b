import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

import { fitText, REPLY_ID } from '../replyOptions';
import { productOutput, replyOptionsOutput, skuInput } from '../schemas';
import type { ShopDatabase } from '../shopDatabase';
import { LOW_STOCK_LEVEL, PRODUCT_CATEGORIES, requireProduct, searchTerms, stockPhrase, toProduct } from './catalogueRecords';
import { registerShopTool } from './registerShopTool';

export function registerCatalogueTools(server: McpServer, shop: ShopDatabase): void {
	registerShopTool(server, shop, 'search_products', {
		title: 'Search products',
		description:
			'Free-text product search ("coffee machine", "something for the garden"), best matches first, with price and stock. At most 10 results: one WhatsApp list.',
		input: {
			query: z.string().trim().min(1).max(200).describe('What the customer is looking for, in their words'),
			category: z.enum(PRODUCT_CATEGORIES).optional().describe('Only this category'),
			inStockOnly: z.boolean().default(false).describe('Leave out products that are out of stock'),
			limit: z.number().int().min(1).max(10).default(5).describe('How many products at most (1-10, default 5)'),
		},
		output: {
			query: z.string(),
			products: z.array(productOutput),
			total: z.number().int().describe('Matches before the limit'),
			options: replyOptionsOutput,
		},
		annotations: { readOnlyHint: true, idempotentHint: true },
		run: ({ query, category, inStockOnly, limit }) => {
			const terms = searchTerms(query);
			const scored = shop
				.all('SELECT * FROM products' + (category ? ' WHERE category = ?' : ''), category ? [category] : [])
				.map((row) => {
					const name = String(row.name).toLowerCase();
					const description = String(row.description).toLowerCase();
					const score = terms.reduce(
						(sum, term) =>
							sum +
							(name.includes(term) ? 3 : 0) +
							(String(row.sku).toLowerCase() === term ? 5 : 0) +
							(row.category === term ? 2 : 0) +
							(description.includes(term) ? 1 : 0),
						0,
					);
					return { row, score };
				})
				.filter(({ row, score }) => (score > 0 || (category !== undefined && terms.length === 0)) && (!inStockOnly || Number(row.stock) > 0))
				.sort((a, b) => b.score - a.score || String(a.row.name).localeCompare(String(b.row.name)));
			const products = scored.slice(0, limit).map(({ row }) => toProduct(row));
			const text = products.length
				? `Found ${scored.length} product(s) for "${query}":\n` +
					products.map((product) => `• ${product.name}: ${product.priceText}, ${stockPhrase(product, null)} [${product.sku}]`).join('\n')
				: `No products match "${query}". Try another word, such as coffee, lamp, speaker, rug or grill.`;
			const options = products.map((product) => ({
				id: REPLY_ID.product(product.sku),
				title: fitText(product.name, 24),
				description: fitText(`${product.priceText} · ${stockPhrase(product, null)}`, 72),
			}));
			return { data: { query, products, total: scored.length, options }, text };
		},
	});

	registerShopTool(server, shop, 'check_stock', {
		title: 'Check stock',
		description: 'Stock level and price of one product by SKU, with its restock date when it is sold out.',
		input: { sku: skuInput },
		output: {
			...productOutput.pick({ sku: true, name: true, description: true, price: true, currency: true, priceText: true, stock: true, inStock: true }).shape,
			availability: z.enum(['in_stock', 'low_stock', 'out_of_stock']),
			restockDate: z.string().nullable().describe('YYYY-MM-DD, when sold out and a delivery is expected'),
			options: replyOptionsOutput,
		},
		annotations: { readOnlyHint: true, idempotentHint: true },
		run: ({ sku }) => {
			const row = requireProduct(shop, sku);
			const product = toProduct(row);
			const restockDate = product.inStock || row.restock_date === null ? null : String(row.restock_date);
			const availability: 'in_stock' | 'low_stock' | 'out_of_stock' = !product.inStock
				? 'out_of_stock'
				: product.stock <= LOW_STOCK_LEVEL
					? 'low_stock'
					: 'in_stock';
			const { sku: canonicalSku, name, description, price, currency, priceText, stock, inStock } = product;
			return {
				data: {
					sku: canonicalSku,
					name,
					description,
					price,
					currency,
					priceText,
					stock,
					inStock,
					availability,
					restockDate,
					options: [...(inStock ? [{ id: REPLY_ID.quote(canonicalSku), title: 'Get a quote' }] : []), { id: REPLY_ID.products, title: 'Back to products' }],
				},
				text: `*${name}* (${canonicalSku})\n${description}\n${priceText}, ${stockPhrase(product, restockDate)}.`,
			};
		},
	});
}
