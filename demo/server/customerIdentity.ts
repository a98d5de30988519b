// Customers who hide their phone number behind a username reach the shop by their business-scoped
// user id (BSUID) only. A real shop learns BSUIDs from webhooks (Meta's contact book pairs them
// with phone numbers); the demo shop knows its customers' BSUIDs the way the sandbox mints them.
import { businessScopedUserId } from '../../sandbox/ids';
import type { ShopDatabase } from './shopDatabase';

const bsuidOfWaId = new Map<string, string>();

/** The wa_id of the shop's customer with this BSUID, if the shop has them. */
export function customerForUserId(shop: ShopDatabase, userId: string): string | undefined {
	for (const row of shop.all('SELECT wa_id FROM customers')) {
		const waId = String(row.wa_id);
		if (!/^\d+$/.test(waId)) continue; // a customer the shop knows by BSUID only
		let bsuid = bsuidOfWaId.get(waId);
		if (!bsuid) bsuidOfWaId.set(waId, (bsuid = businessScopedUserId(waId)));
		if (bsuid === userId) return waId;
	}
	return undefined;
}
