import { InMemoryDedupeStore } from './dedupeStore';

function storeWithClock(maxKeys?: number) {
	const clock = { now: 1_000_000 };
	const store = new InMemoryDedupeStore({ maxKeys, now: () => clock.now });
	return { store, clock };
}

describe('InMemoryDedupeStore', () => {
	it('says a key is new the first time it is claimed', async () => {
		const { store } = storeWithClock();
		await expect(store.claim('wamid.1', 60_000)).resolves.toBe(true);
	});

	it('says a key is a duplicate when claimed again within its TTL', async () => {
		const { store, clock } = storeWithClock();
		await store.claim('wamid.1', 60_000);
		clock.now += 59_999;
		await expect(store.claim('wamid.1', 60_000)).resolves.toBe(false);
	});

	it('forgets a key once its TTL has passed', async () => {
		const { store, clock } = storeWithClock();
		await store.claim('wamid.1', 60_000);
		clock.now += 60_000;
		await expect(store.claim('wamid.1', 60_000)).resolves.toBe(true);
	});

	it('keeps keys apart', async () => {
		const { store } = storeWithClock();
		await store.claim('wamid.1', 60_000);
		await expect(store.claim('wamid.2', 60_000)).resolves.toBe(true);
	});

	it('lets exactly one of two concurrent claims of the same key win', async () => {
		const { store } = storeWithClock();
		const results = await Promise.all([store.claim('wamid.1', 60_000), store.claim('wamid.1', 60_000)]);
		expect(results.sort()).toEqual([false, true]);
	});

	it('does not extend the window when a duplicate is seen', async () => {
		const { store, clock } = storeWithClock();
		await store.claim('wamid.1', 60_000);
		clock.now += 30_000;
		await store.claim('wamid.1', 60_000);
		clock.now += 30_000;
		await expect(store.claim('wamid.1', 60_000)).resolves.toBe(true);
	});

	it('drops expired keys so memory does not grow with old traffic', async () => {
		const { store, clock } = storeWithClock();
		for (let i = 0; i < 100; i++) await store.claim(`wamid.${i}`, 1_000);
		clock.now += 1_000;
		await store.claim('wamid.new', 1_000);
		expect(store.size).toBe(1);
	});

	it('forgets the oldest keys first when full', async () => {
		const { store } = storeWithClock(2);
		await store.claim('a', 60_000);
		await store.claim('b', 60_000);
		await store.claim('c', 60_000);
		expect(store.size).toBe(2);
		await expect(store.claim('a', 60_000)).resolves.toBe(true);
		await expect(store.claim('c', 60_000)).resolves.toBe(false);
	});
});
