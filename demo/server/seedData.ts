// The demo shop's seed: a home-goods store with customers keyed by WhatsApp number, a catalogue,
// orders in every status with tracking events, tickets, quotes and help articles. Dates are
// relative to the moment of seeding so the data looks current on every fresh start.

export interface SeedCustomer {
	waId: string;
	name: string;
	email: string;
	language: string;
	city: string;
	address: string;
	tier: 'standard' | 'plus';
	memberSinceDaysAgo: number;
}

export interface SeedProduct {
	sku: string;
	name: string;
	description: string;
	category: string;
	price: number;
	stock: number;
	restockInDays?: number;
}

export interface SeedTrackingEvent {
	hoursAgo: number;
	status: string;
	location?: string;
	description: string;
}

export interface SeedOrder {
	orderNumber: string;
	waId: string;
	status: string;
	placedDaysAgo: number;
	lines: Array<{ sku: string; quantity: number }>;
	carrier?: string;
	trackingNumber?: string;
	estimatedDeliveryInDays?: number;
	events: SeedTrackingEvent[];
}

export interface SeedTicket {
	ticketId: string;
	waId: string;
	subject: string;
	description: string;
	status: 'open' | 'pending' | 'resolved' | 'closed';
	priority: 'low' | 'normal' | 'high' | 'urgent';
	orderNumber?: string;
	openedDaysAgo: number;
	comments: Array<{ author: 'customer' | 'agent' | 'system'; body: string; hoursAgo: number }>;
}

export interface SeedQuote {
	quoteId: string;
	waId: string;
	createdDaysAgo: number;
	lines: Array<{ sku: string; quantity: number }>;
}

export interface SeedArticle {
	slug: string;
	title: string;
	category: 'policy' | 'help';
	summary: string;
	body: string;
	keywords: string;
}

export const SHOP_NAME = 'Harbor Home Goods';
export const SHOP_CURRENCY = 'USD';
/** Orders at or above this subtotal ship free; below it, FLAT_SHIPPING_CENTS applies. */
export const FREE_SHIPPING_THRESHOLD_CENTS = 10_000;
export const FLAT_SHIPPING_CENTS = 795;
export const QUOTE_VALIDITY_DAYS = 7;

export const SEED_CUSTOMERS: SeedCustomer[] = [
	{
		waId: '15551230001',
		name: 'Maria Garcia',
		email: 'maria.garcia@example.com',
		language: 'en',
		city: 'Austin',
		address: '418 Lavaca St, Austin, TX 78701',
		tier: 'plus',
		memberSinceDaysAgo: 820,
	},
	{
		waId: '15551230002',
		name: 'James Okafor',
		email: 'james.okafor@example.com',
		language: 'en',
		city: 'Chicago',
		address: '77 W Wacker Dr, Chicago, IL 60601',
		tier: 'standard',
		memberSinceDaysAgo: 410,
	},
	{
		waId: '15551230003',
		name: 'Aiko Tanaka',
		email: 'aiko.tanaka@example.com',
		language: 'en',
		city: 'Seattle',
		address: '1201 3rd Ave, Seattle, WA 98101',
		tier: 'plus',
		memberSinceDaysAgo: 1220,
	},
	{
		waId: '15551230004',
		name: 'Lukas Becker',
		email: 'lukas.becker@example.com',
		language: 'de',
		city: 'New York',
		address: '350 5th Ave, New York, NY 10118',
		tier: 'standard',
		memberSinceDaysAgo: 95,
	},
	{
		waId: '15551230005',
		name: 'Priya Sharma',
		email: 'priya.sharma@example.com',
		language: 'en',
		city: 'San Jose',
		address: '150 S 1st St, San Jose, CA 95113',
		tier: 'standard',
		memberSinceDaysAgo: 230,
	},
	{
		waId: '15551230006',
		name: 'Tom Walsh',
		email: 'tom.walsh@example.com',
		language: 'en',
		city: 'Boston',
		address: '1 Beacon St, Boston, MA 02108',
		tier: 'standard',
		memberSinceDaysAgo: 640,
	},
	{
		waId: '15551230007',
		name: 'Sofia Rossi',
		email: 'sofia.rossi@example.com',
		language: 'it',
		city: 'Miami',
		address: '200 S Biscayne Blvd, Miami, FL 33131',
		tier: 'plus',
		memberSinceDaysAgo: 370,
	},
	{
		waId: '15551230008',
		name: 'Noah Dubois',
		email: 'noah.dubois@example.com',
		language: 'fr',
		city: 'Denver',
		address: '1700 Lincoln St, Denver, CO 80203',
		tier: 'standard',
		memberSinceDaysAgo: 55,
	},
	{
		waId: '15551230009',
		name: 'Amara Nwosu',
		email: 'amara.nwosu@example.com',
		language: 'en',
		city: 'Atlanta',
		address: '191 Peachtree St NE, Atlanta, GA 30303',
		tier: 'standard',
		memberSinceDaysAgo: 150,
	},
	{
		waId: '15551230010',
		name: 'Chen Wei',
		email: 'chen.wei@example.com',
		language: 'zh',
		city: 'San Francisco',
		address: '101 California St, San Francisco, CA 94111',
		tier: 'plus',
		memberSinceDaysAgo: 980,
	},
];

export const SEED_PRODUCTS: SeedProduct[] = [
	{
		sku: 'KIT-ESP-01',
		name: 'Barista Pro Espresso',
		description: '15-bar espresso machine with steam wand and 2 L water tank.',
		category: 'kitchen',
		price: 349,
		stock: 12,
	},
	{
		sku: 'KIT-GRD-02',
		name: 'Burr Coffee Grinder',
		description: 'Conical burr grinder, 40 grind settings, from espresso to French press.',
		category: 'kitchen',
		price: 89,
		stock: 30,
	},
	{
		sku: 'KIT-KTL-03',
		name: 'Gooseneck Kettle',
		description: 'Electric pour-over kettle with temperature hold, 0.9 L.',
		category: 'kitchen',
		price: 59,
		stock: 0,
		restockInDays: 10,
	},
	{
		sku: 'KIT-FRP-04',
		name: 'French Press 1L',
		description: 'Double-wall stainless steel French press, keeps coffee hot for an hour.',
		category: 'kitchen',
		price: 34,
		stock: 45,
	},
	{
		sku: 'KIT-KNF-05',
		name: "Chef's Knife 20cm",
		description: 'Forged German steel chef knife with full tang and pakkawood handle.',
		category: 'kitchen',
		price: 79,
		stock: 18,
	},
	{
		sku: 'KIT-PAN-06',
		name: 'Cast Iron Skillet 28cm',
		description: 'Pre-seasoned cast iron skillet for stove, oven and campfire.',
		category: 'kitchen',
		price: 54,
		stock: 22,
	},
	{
		sku: 'KIT-BLN-07',
		name: 'High-Speed Blender',
		description: '1500 W blender with 2 L jug for smoothies, soups and nut butters.',
		category: 'kitchen',
		price: 129,
		stock: 3,
	},
	{
		sku: 'LGT-DSK-01',
		name: 'LED Desk Lamp',
		description: 'Dimmable desk lamp with USB-C charging port and 5 colour modes.',
		category: 'lighting',
		price: 49,
		stock: 40,
	},
	{
		sku: 'LGT-BLB-02',
		name: 'Smart Bulb 4-Pack',
		description: 'Wi-Fi colour bulbs (E26), work with voice assistants, no hub needed.',
		category: 'lighting',
		price: 39,
		stock: 60,
	},
	{
		sku: 'LGT-STR-03',
		name: 'Outdoor String Lights',
		description: '15 m weatherproof string lights with 25 shatterproof bulbs.',
		category: 'lighting',
		price: 29,
		stock: 25,
	},
	{
		sku: 'LGT-FLR-04',
		name: 'Arc Floor Lamp',
		description: 'Brass arc floor lamp with marble base and linen shade.',
		category: 'lighting',
		price: 189,
		stock: 6,
	},
	{
		sku: 'AUD-HDP-01',
		name: 'Wireless Headphones',
		description: 'Over-ear noise-cancelling headphones, 30 h battery life.',
		category: 'audio',
		price: 199,
		stock: 15,
	},
	{
		sku: 'AUD-SPK-02',
		name: 'Bluetooth Speaker',
		description: 'Waterproof portable speaker (IP67) with 12 h playtime.',
		category: 'audio',
		price: 79,
		stock: 35,
	},
	{
		sku: 'AUD-EAR-03',
		name: 'True Wireless Earbuds',
		description: 'Noise-cancelling earbuds with wireless charging case.',
		category: 'audio',
		price: 129,
		stock: 0,
		restockInDays: 5,
	},
	{
		sku: 'AUD-SND-04',
		name: 'Soundbar 2.1',
		description: 'Soundbar with wireless subwoofer, HDMI eARC and Bluetooth.',
		category: 'audio',
		price: 249,
		stock: 8,
	},
	{
		sku: 'HOM-THR-01',
		name: 'Wool Throw Blanket',
		description: 'Soft merino wool throw, 130 x 170 cm, in oatmeal or charcoal.',
		category: 'home',
		price: 69,
		stock: 20,
	},
	{
		sku: 'HOM-PIL-02',
		name: 'Linen Cushion Cover',
		description: 'Stonewashed linen cushion cover, 45 x 45 cm, hidden zip.',
		category: 'home',
		price: 19,
		stock: 80,
	},
	{ sku: 'HOM-RUG-03', name: 'Jute Area Rug 160x230', description: 'Hand-woven natural jute rug, 160 x 230 cm.', category: 'home', price: 159, stock: 5 },
	{
		sku: 'HOM-DIF-04',
		name: 'Aroma Diffuser',
		description: 'Ultrasonic essential-oil diffuser with timer and soft night light.',
		category: 'home',
		price: 35,
		stock: 28,
	},
	{
		sku: 'GRD-HOS-01',
		name: 'Expandable Garden Hose',
		description: 'Expandable 30 m garden hose with 8-pattern spray nozzle.',
		category: 'garden',
		price: 39,
		stock: 33,
	},
	{
		sku: 'GRD-TLS-02',
		name: 'Garden Tool Set',
		description: 'Trowel, transplanter and pruner with ergonomic grips and a tote.',
		category: 'garden',
		price: 45,
		stock: 14,
	},
	{
		sku: 'GRD-PLT-03',
		name: 'Ceramic Planter Set',
		description: 'Set of 3 glazed ceramic planters with drainage holes and saucers.',
		category: 'garden',
		price: 42,
		stock: 19,
	},
	{
		sku: 'GRD-GRL-04',
		name: 'Charcoal Kettle Grill',
		description: '57 cm charcoal kettle grill with lid thermometer and ash catcher.',
		category: 'garden',
		price: 159,
		stock: 4,
	},
	{
		sku: 'GFT-CRD-50',
		name: 'Gift Card $50',
		description: 'Digital gift card delivered by email, valid for 2 years.',
		category: 'gifts',
		price: 50,
		stock: 999,
	},
	{
		sku: 'ACC-CAR-02',
		name: '2-Year Care Plan',
		description: 'Extends cover on any appliance or audio product by 2 years.',
		category: 'services',
		price: 29,
		stock: 999,
	},
];

export const SEED_ORDERS: SeedOrder[] = [
	{
		orderNumber: 'ORD-10035',
		waId: '15551230010',
		status: 'shipped',
		placedDaysAgo: 3,
		lines: [{ sku: 'AUD-SND-04', quantity: 1 }],
		carrier: 'FedEx',
		trackingNumber: '772899172635',
		estimatedDeliveryInDays: 2,
		events: [
			{ hoursAgo: 72, status: 'confirmed', description: 'Order confirmed and paid.' },
			{ hoursAgo: 50, status: 'processing', location: 'Reno, NV warehouse', description: 'Packed and labelled.' },
			{ hoursAgo: 30, status: 'shipped', location: 'Reno, NV', description: 'Picked up by FedEx.' },
			{ hoursAgo: 8, status: 'in_transit', location: 'Sacramento, CA', description: 'Arrived at FedEx hub.' },
		],
	},
	{
		orderNumber: 'ORD-10036',
		waId: '15551230008',
		status: 'delivered',
		placedDaysAgo: 12,
		lines: [
			{ sku: 'HOM-THR-01', quantity: 1 },
			{ sku: 'HOM-PIL-02', quantity: 2 },
		],
		carrier: 'USPS',
		trackingNumber: '9400111899223344556677',
		estimatedDeliveryInDays: -7,
		events: [
			{ hoursAgo: 288, status: 'confirmed', description: 'Order confirmed and paid.' },
			{ hoursAgo: 260, status: 'shipped', location: 'Columbus, OH', description: 'Handed to USPS.' },
			{ hoursAgo: 170, status: 'delivered', location: 'Denver, CO', description: 'Delivered to front door.' },
		],
	},
	{
		orderNumber: 'ORD-10037',
		waId: '15551230009',
		status: 'delivered',
		placedDaysAgo: 20,
		lines: [
			{ sku: 'GRD-TLS-02', quantity: 1 },
			{ sku: 'GRD-PLT-03', quantity: 1 },
		],
		carrier: 'UPS',
		trackingNumber: '1Z999AA10123450001',
		estimatedDeliveryInDays: -15,
		events: [
			{ hoursAgo: 480, status: 'confirmed', description: 'Order confirmed and paid.' },
			{ hoursAgo: 452, status: 'shipped', location: 'Columbus, OH', description: 'Picked up by UPS.' },
			{ hoursAgo: 380, status: 'delivered', location: 'Atlanta, GA', description: 'Delivered, signed by A. NWOSU.' },
		],
	},
	{
		orderNumber: 'ORD-10038',
		waId: '15551230006',
		status: 'returned',
		placedDaysAgo: 34,
		lines: [{ sku: 'AUD-HDP-01', quantity: 1 }],
		carrier: 'UPS',
		trackingNumber: '1Z999AA10123450002',
		estimatedDeliveryInDays: -30,
		events: [
			{ hoursAgo: 816, status: 'confirmed', description: 'Order confirmed and paid.' },
			{ hoursAgo: 790, status: 'shipped', location: 'Reno, NV', description: 'Picked up by UPS.' },
			{ hoursAgo: 720, status: 'delivered', location: 'Boston, MA', description: 'Delivered to reception.' },
			{ hoursAgo: 400, status: 'returned', location: 'Reno, NV warehouse', description: 'Return received; refund of $199.00 issued.' },
		],
	},
	{
		orderNumber: 'ORD-10039',
		waId: '15551230001',
		status: 'delivered',
		placedDaysAgo: 9,
		lines: [{ sku: 'KIT-BLN-07', quantity: 1 }],
		carrier: 'UPS',
		trackingNumber: '1Z999AA10123450003',
		estimatedDeliveryInDays: -5,
		events: [
			{ hoursAgo: 216, status: 'confirmed', description: 'Order confirmed and paid.' },
			{ hoursAgo: 190, status: 'shipped', location: 'Reno, NV', description: 'Picked up by UPS.' },
			{ hoursAgo: 122, status: 'delivered', location: 'Austin, TX', description: 'Delivered to front door.' },
		],
	},
	{
		orderNumber: 'ORD-10040',
		waId: '15551230004',
		status: 'cancelled',
		placedDaysAgo: 6,
		lines: [{ sku: 'LGT-FLR-04', quantity: 1 }],
		events: [
			{ hoursAgo: 144, status: 'confirmed', description: 'Order confirmed and paid.' },
			{ hoursAgo: 140, status: 'cancelled', description: "Cancelled at the customer's request; refund issued." },
		],
	},
	{
		orderNumber: 'ORD-10041',
		waId: '15551230005',
		status: 'delivered',
		placedDaysAgo: 15,
		lines: [
			{ sku: 'LGT-BLB-02', quantity: 2 },
			{ sku: 'LGT-DSK-01', quantity: 1 },
		],
		carrier: 'USPS',
		trackingNumber: '9400111899223344550001',
		estimatedDeliveryInDays: -10,
		events: [
			{ hoursAgo: 360, status: 'confirmed', description: 'Order confirmed and paid.' },
			{ hoursAgo: 330, status: 'shipped', location: 'Columbus, OH', description: 'Handed to USPS.' },
			{ hoursAgo: 250, status: 'delivered', location: 'San Jose, CA', description: 'Delivered to mailbox.' },
		],
	},
	{
		orderNumber: 'ORD-10042',
		waId: '15551230001',
		status: 'shipped',
		placedDaysAgo: 2,
		lines: [
			{ sku: 'KIT-ESP-01', quantity: 1 },
			{ sku: 'KIT-GRD-02', quantity: 1 },
		],
		carrier: 'UPS',
		trackingNumber: '1Z999AA10123456784',
		estimatedDeliveryInDays: 1,
		events: [
			{ hoursAgo: 50, status: 'confirmed', description: 'Order confirmed and paid.' },
			{ hoursAgo: 40, status: 'processing', location: 'Reno, NV warehouse', description: 'Packed and labelled.' },
			{ hoursAgo: 26, status: 'shipped', location: 'Reno, NV', description: 'Picked up by UPS.' },
			{ hoursAgo: 6, status: 'in_transit', location: 'Dallas, TX', description: 'Arrived at UPS facility.' },
		],
	},
	{
		orderNumber: 'ORD-10043',
		waId: '15551230002',
		status: 'out_for_delivery',
		placedDaysAgo: 3,
		lines: [
			{ sku: 'AUD-SPK-02', quantity: 1 },
			{ sku: 'LGT-STR-03', quantity: 2 },
		],
		carrier: 'UPS',
		trackingNumber: '1Z999AA10123450004',
		estimatedDeliveryInDays: 0,
		events: [
			{ hoursAgo: 70, status: 'confirmed', description: 'Order confirmed and paid.' },
			{ hoursAgo: 46, status: 'shipped', location: 'Columbus, OH', description: 'Picked up by UPS.' },
			{ hoursAgo: 10, status: 'in_transit', location: 'Chicago, IL', description: 'Arrived at UPS facility.' },
			{ hoursAgo: 2, status: 'out_for_delivery', location: 'Chicago, IL', description: 'Out for delivery today before 7 pm.' },
		],
	},
	{
		orderNumber: 'ORD-10044',
		waId: '15551230001',
		status: 'processing',
		placedDaysAgo: 1,
		lines: [{ sku: 'HOM-RUG-03', quantity: 1 }],
		estimatedDeliveryInDays: 4,
		events: [
			{ hoursAgo: 20, status: 'confirmed', description: 'Order confirmed and paid.' },
			{ hoursAgo: 4, status: 'processing', location: 'Columbus, OH warehouse', description: 'Being packed; choose a delivery slot for this bulky item.' },
		],
	},
	{
		orderNumber: 'ORD-10045',
		waId: '15551230003',
		status: 'confirmed',
		placedDaysAgo: 0,
		lines: [
			{ sku: 'KIT-PAN-06', quantity: 1 },
			{ sku: 'KIT-KNF-05', quantity: 1 },
		],
		estimatedDeliveryInDays: 5,
		events: [{ hoursAgo: 3, status: 'confirmed', description: 'Order confirmed and paid.' }],
	},
	{
		orderNumber: 'ORD-10046',
		waId: '15551230007',
		status: 'delayed',
		placedDaysAgo: 5,
		lines: [{ sku: 'GRD-GRL-04', quantity: 1 }],
		carrier: 'FedEx',
		trackingNumber: '772899170046',
		estimatedDeliveryInDays: 3,
		events: [
			{ hoursAgo: 120, status: 'confirmed', description: 'Order confirmed and paid.' },
			{ hoursAgo: 96, status: 'shipped', location: 'Columbus, OH', description: 'Picked up by FedEx.' },
			{ hoursAgo: 30, status: 'delayed', location: 'Jacksonville, FL', description: 'Weather delay: storm in the area, new estimate in 3 days.' },
		],
	},
];

export const SEED_TICKETS: SeedTicket[] = [
	{
		ticketId: 'TCK-2001',
		waId: '15551230001',
		subject: 'Blender arrived with a cracked jug',
		description: 'The jug of my blender was cracked when I opened the box.',
		status: 'pending',
		priority: 'high',
		orderNumber: 'ORD-10039',
		openedDaysAgo: 4,
		comments: [
			{ author: 'customer', body: 'The jug of my blender was cracked when I opened the box.', hoursAgo: 96 },
			{ author: 'agent', body: 'Sorry about that! A replacement jug ships tomorrow; no need to send anything back.', hoursAgo: 90 },
		],
	},
	{
		ticketId: 'TCK-2002',
		waId: '15551230002',
		subject: 'Change delivery address',
		description: 'Can the parcel go to my office instead: 233 S Wacker Dr?',
		status: 'open',
		priority: 'normal',
		orderNumber: 'ORD-10043',
		openedDaysAgo: 1,
		comments: [{ author: 'customer', body: 'Can the parcel go to my office instead: 233 S Wacker Dr?', hoursAgo: 20 }],
	},
	{
		ticketId: 'TCK-2003',
		waId: '15551230004',
		subject: 'Refund for cancelled order',
		description: 'When will I get the money back for my cancelled lamp?',
		status: 'resolved',
		priority: 'normal',
		orderNumber: 'ORD-10040',
		openedDaysAgo: 6,
		comments: [
			{ author: 'customer', body: 'When will I get the money back for my cancelled lamp?', hoursAgo: 139 },
			{ author: 'agent', body: 'The refund of $189.00 was issued today; banks take 3-5 business days.', hoursAgo: 130 },
		],
	},
];

export const SEED_QUOTES: SeedQuote[] = [
	{
		quoteId: 'QUO-3001',
		waId: '15551230005',
		createdDaysAgo: 1,
		lines: [
			{ sku: 'AUD-HDP-01', quantity: 1 },
			{ sku: 'ACC-CAR-02', quantity: 1 },
		],
	},
	{ quoteId: 'QUO-3002', waId: '15551230002', createdDaysAgo: 2, lines: [{ sku: 'KIT-FRP-04', quantity: 2 }] },
];

export const SEED_ARTICLES: SeedArticle[] = [
	{
		slug: 'shipping',
		title: 'Shipping times and costs',
		category: 'policy',
		summary: 'Orders ship in 1-2 business days; delivery takes 2-5 days. Free shipping from $100, otherwise $7.95.',
		body: 'We ship from our warehouses in Reno, NV and Columbus, OH within 1-2 business days. Standard delivery takes 2-5 business days in the contiguous US. Shipping is free for orders of $100 or more; below that a flat $7.95 applies. Bulky items (rugs, grills, floor lamps) are delivered by appointment: pick a delivery slot after ordering. You get a tracking number on WhatsApp as soon as your parcel leaves the warehouse.',
		keywords: 'shipping delivery ship deliver cost price free how long time days parcel dispatch courier carrier',
	},
	{
		slug: 'returns',
		title: 'Returns and exchanges',
		category: 'policy',
		summary: 'Return anything within 30 days of delivery for a full refund or an exchange; return shipping is free.',
		body: 'You can return any item within 30 days of delivery, unused and in its original packaging, for a full refund or an exchange. Return shipping is free: ask us on WhatsApp for a prepaid label and drop the parcel at any UPS location. Gift cards and opened personal-care items cannot be returned. Refunds are issued to the original payment method within 2 business days of the return arriving at our warehouse.',
		keywords: 'return returns exchange send back refund money back label unwanted change mind swap',
	},
	{
		slug: 'refunds',
		title: 'When will I get my refund?',
		category: 'help',
		summary: 'Refunds are issued within 2 business days of receiving your return; banks take 3-5 more days.',
		body: 'We issue refunds within 2 business days after your return arrives at our warehouse, or immediately when an order is cancelled before shipping. Your bank usually takes 3-5 business days to show the money on your statement. You receive a WhatsApp message when the refund is issued.',
		keywords: 'refund refunds money back reimburse reimbursement credit card statement cancelled',
	},
	{
		slug: 'payment',
		title: 'Payment methods',
		category: 'policy',
		summary: 'We accept Visa, Mastercard, American Express, PayPal, Apple Pay, Google Pay and gift cards.',
		body: 'We accept Visa, Mastercard, American Express, PayPal, Apple Pay, Google Pay and Harbor Home Goods gift cards. Orders placed on WhatsApp are paid through a secure payment link valid for 24 hours. Your card is charged when the order is confirmed. We never ask for card details in a chat message.',
		keywords: 'payment pay paying card credit debit visa mastercard amex paypal apple google gift link charge invoice',
	},
	{
		slug: 'opening-hours',
		title: 'Opening hours and contact',
		category: 'policy',
		summary: 'Our team answers Mon-Fri 8:00-20:00 and Sat 9:00-17:00 (Eastern Time); the WhatsApp assistant works 24/7.',
		body: 'Our customer team is available Monday to Friday 8:00-20:00 and Saturday 9:00-17:00, Eastern Time. Outside these hours the WhatsApp assistant answers order, product and delivery questions, and a person picks up your conversation when we open. Email: help@harborhome.example. Showroom: 12 Harbor Way, Portland, ME, open Tuesday to Saturday 10:00-18:00.',
		keywords: 'opening hours open close closed time contact phone email human agent person showroom store address weekend',
	},
	{
		slug: 'warranty',
		title: 'Warranty and repairs',
		category: 'policy',
		summary: 'Appliances and audio products carry a 2-year warranty; the Care Plan extends it by 2 more years.',
		body: 'All appliances, lighting and audio products carry a 2-year manufacturer warranty from the delivery date. If something stops working, open a ticket with your order number and a short description or photo: we repair or replace it at no cost, including shipping. The 2-Year Care Plan (ACC-CAR-02) extends the cover to 4 years and includes accidental damage.',
		keywords: 'warranty guarantee broken repair defect defective faulty stopped working replace replacement care plan',
	},
	{
		slug: 'delivery-slots',
		title: 'Choosing a delivery slot',
		category: 'help',
		summary: 'Bulky items are delivered in a 4-hour slot you choose: morning, afternoon or evening, Monday to Saturday.',
		body: 'For bulky items we deliver by appointment in a 4-hour slot: morning (8:00-12:00), afternoon (12:00-16:00) or evening (16:00-20:00), Monday to Saturday. Choose a slot on WhatsApp after placing your order, or change it up to the day before delivery. Our drivers call 30 minutes before they arrive.',
		keywords: 'delivery slot slots appointment schedule time window reschedule morning afternoon evening book when',
	},
	{
		slug: 'order-changes',
		title: 'Changing or cancelling an order',
		category: 'help',
		summary: 'Orders can be changed or cancelled free of charge until they ship.',
		body: 'You can change the items, the address or cancel an order free of charge until it ships: just tell us your order number on WhatsApp. Once shipped, an order cannot be changed, but you can return it within 30 days of delivery.',
		keywords: 'change cancel cancellation modify edit address order wrong item mistake',
	},
	{
		slug: 'international',
		title: 'International shipping',
		category: 'help',
		summary: 'We ship to Canada and Mexico (5-10 business days); duties are paid by the recipient.',
		body: 'We currently ship to the US, Canada and Mexico. International delivery takes 5-10 business days and costs a flat $24.95. Import duties and taxes are collected by the carrier on delivery. Bulky items ship within the US only.',
		keywords: 'international abroad canada mexico overseas customs duties tax import country',
	},
	{
		slug: 'damaged-items',
		title: 'Damaged or missing items',
		category: 'help',
		summary: 'Tell us within 7 days of delivery with a photo; we send a replacement at no cost.',
		body: 'If an item arrives damaged or something is missing, tell us within 7 days of delivery, with a photo if you can. We send a replacement or part at no cost and you do not need to return the damaged item. Opening a ticket on WhatsApp is the fastest way.',
		keywords: 'damaged broken cracked missing wrong item box parcel arrived defect photo replacement',
	},
	{
		slug: 'gift-cards',
		title: 'Gift cards',
		category: 'help',
		summary: 'Digital gift cards from $50, delivered by email and valid for 2 years.',
		body: 'Digital gift cards are delivered by email within minutes and are valid for 2 years. They can be used online, on WhatsApp and in our showroom, in several orders until the balance is used up. Gift cards cannot be exchanged for cash.',
		keywords: 'gift card voucher present balance code redeem',
	},
	{
		slug: 'care-plan',
		title: 'The 2-Year Care Plan',
		category: 'help',
		summary: 'Adds 2 years of cover, including accidental damage, to any appliance or audio product.',
		body: 'The 2-Year Care Plan costs $29 per product and extends the warranty from 2 to 4 years, including accidental damage such as drops and spills. Add it within 30 days of buying the product. Claims are made by opening a ticket with your order number.',
		keywords: 'care plan protection insurance extended warranty accidental damage',
	},
];
