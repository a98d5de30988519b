import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import { WHATSAPP_CUSTOMER_META_PATH } from './customerScope';
import { registerShopPrompts } from './prompts';
import { registerShopResources } from './resources';
import { SHOP_NAME } from './seedData';
import type { ShopDatabase } from './shopDatabase';
import { registerCatalogueTools } from './tools/catalogueTools';
import { registerCustomerTools } from './tools/customerTools';
import { registerOrderTools } from './tools/orderTools';
import { registerPrivacyTools } from './tools/privacyTools';
import { registerSalesTools } from './tools/salesTools';
import { registerSupportTools } from './tools/supportTools';

export const DEMO_SERVER_NAME = 'demo-shop';
export const DEMO_SERVER_VERSION = '1.0.0';

const INSTRUCTIONS = `${SHOP_NAME}, a home-goods shop, behind a WhatsApp number.
Customers are identified by their WhatsApp number (wa_id digits, e.g. 15551230001).
When a request carries _meta.${WHATSAPP_CUSTOMER_META_PATH.join('.')} = "<wa_id>", every tool acts for that customer only:
their orders, quotes and tickets; anything else reads as "not found". Without it, tools that need a
customer take a "phone" argument. Order numbers look like ORD-10042, tickets TCK-2001, quotes QUO-3001.
Typical flows: search_products -> create_quote -> place_order -> list_delivery_slots -> book_delivery_slot;
get_order_status; search_knowledge_base -> open_ticket / get_ticket -> hand_over_to_human.
Privacy: set_marketing_preference / get_marketing_consent and erase_my_data act only for the customer
in _meta (never a phone argument); erase_my_data cannot be undone, so ask the customer to confirm.`;

/** One MCP server over the shop database; each connection (stdio, or HTTP session) gets its own. */
export function createShopServer(shop: ShopDatabase): McpServer {
	const server = new McpServer({ name: DEMO_SERVER_NAME, title: `${SHOP_NAME} (demo)`, version: DEMO_SERVER_VERSION }, { instructions: INSTRUCTIONS });
	registerCustomerTools(server, shop);
	registerOrderTools(server, shop);
	registerCatalogueTools(server, shop);
	registerSalesTools(server, shop);
	registerSupportTools(server, shop);
	registerPrivacyTools(server, shop);
	registerShopResources(server, shop);
	registerShopPrompts(server, shop);
	return server;
}
