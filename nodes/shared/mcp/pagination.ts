/** Follows nextCursor until the server says there is no more; a repeated cursor ends the walk. */
export async function collectPages<T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>, maxPages = 1000): Promise<T[]> {
	const items: T[] = [];
	const seen = new Set<string>();
	let cursor: string | undefined;
	for (let page = 0; page < maxPages; page++) {
		const result = await fetchPage(cursor);
		items.push(...result.items);
		cursor = result.nextCursor || undefined;
		// A server that hands back a cursor it already gave would otherwise loop forever.
		if (cursor === undefined || seen.has(cursor)) break;
		seen.add(cursor);
	}
	return items;
}
