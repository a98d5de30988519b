import type { z } from 'zod';

import { formatMoney, toAmount } from '../formatting';
import type { productOutput } from '../schemas';
import { notFound } from '../shopErrors';
import type { Row, ShopDatabase } from '../shopDatabase';

export const PRODUCT_CATEGORIES = ['kitchen', 'lighting', 'audio', 'home', 'garden', 'gifts', 'services'] as const;
export const LOW_STOCK_LEVEL = 5;

export type Product = z.infer<typeof productOutput>;

// Words customers use for things the catalogue names differently.
const SYNONYMS: Record<string, string[]> = {
	coffee: ['espresso', 'grinder', 'press', 'kettle'],
	tea: ['kettle'],
	light: ['lamp', 'bulb', 'lights'],
	lamp: ['light'],
	music: ['speaker', 'headphones', 'earbuds', 'soundbar'],
	tv: ['soundbar'],
	bbq: ['grill'],
	barbecue: ['grill'],
	cooking: ['skillet', 'knife', 'pan'],
	pan: ['skillet'],
	blanket: ['throw'],
	plant: ['planter'],
	plants: ['planter'],
	gift: ['card'],
	warranty: ['care'],
};

const STOPWORDS = new Set([
	'a',
	'an',
	'the',
	'i',
	'im',
	'me',
	'my',
	'we',
	'you',
	'do',
	'have',
	'has',
	'any',
	'some',
	'for',
	'to',
	'of',
	'and',
	'or',
	'with',
	'in',
	'on',
	'is',
	'are',
	'want',
	'need',
	'looking',
	'buy',
	'get',
	'please',
	'hi',
	'hello',
	'new',
	'good',
	'nice',
]);

/** Lower-case words of a query, without filler words, with a naive plural stripped, plus synonyms. */
export function searchTerms(query: string): string[] {
	const words = query
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter((word) => word.length > 1 && !STOPWORDS.has(word));
	const terms = new Set<string>();
	for (const word of words) {
		terms.add(word);
		if (word.length > 3 && word.endsWith('s')) terms.add(word.slice(0, -1));
		for (const synonym of SYNONYMS[word] ?? []) terms.add(synonym);
	}
	return [...terms];
}

export function toProduct(row: Row): Product {
	const currency = String(row.currency);
	const stock = Number(row.stock);
	return {
		sku: String(row.sku),
		name: String(row.name),
		description: String(row.description),
		category: String(row.category),
		price: toAmount(Number(row.price_cents)),
		currency,
		priceText: formatMoney(Number(row.price_cents), currency),
		stock,
		inStock: stock > 0,
	};
}

export function requireProduct(shop: ShopDatabase, skuInput: string): Row {
	const sku = skuInput.trim().toUpperCase();
	const row = shop.get('SELECT * FROM products WHERE sku = ?', [sku]);
	if (!row) throw notFound('Product', sku, 'Find SKUs with search_products (they look like KIT-ESP-01).');
	return row;
}

export function stockPhrase(product: Product, restockDate: string | null): string {
	if (product.stock === 0) return restockDate ? `out of stock, back on ${restockDate}` : 'out of stock';
	if (product.stock <= LOW_STOCK_LEVEL) return `only ${product.stock} left`;
	return `${product.stock} in stock`;
}
