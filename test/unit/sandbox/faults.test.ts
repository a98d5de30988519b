import { FaultInjector, faultError } from '../../../sandbox/faults';

test('a fault applies to as many matching requests as its count, then is gone', () => {
	const faults = new FaultInjector();
	faults.inject({ status: 500, count: 2 });
	expect(faults.take('/v23.0/1/messages')).toMatchObject({ status: 500 });
	expect(faults.take('/v23.0/1/messages')).toMatchObject({ status: 500 });
	expect(faults.take('/v23.0/1/messages')).toBeUndefined();
});

test('a fault with a path applies only to requests whose path contains it', () => {
	const faults = new FaultInjector();
	faults.inject({ status: 429, path: '/media' });
	expect(faults.take('/v23.0/1/messages')).toBeUndefined();
	expect(faults.take('/v23.0/1/media')).toMatchObject({ status: 429, count: 0 });
});

test("the error's code defaults by status: 1 for 5xx, 130429 for 429, 100 otherwise; a delay-only fault has none", () => {
	expect(faultError({ count: 1, status: 503 })?.toBody()).toMatchObject({ error: { code: 1 } });
	expect(faultError({ count: 1, status: 429 })?.toBody()).toMatchObject({ error: { code: 130429 } });
	expect(faultError({ count: 1, status: 400 })?.toBody()).toMatchObject({ error: { code: 100 } });
	expect(faultError({ count: 1, status: 400, code: 131000 })?.toBody()).toMatchObject({ error: { code: 131000 } });
	expect(faultError({ count: 1, delayMs: 10 })).toBeUndefined();
});

test('clear() drops every fault', () => {
	const faults = new FaultInjector();
	faults.inject({ status: 500, count: 5 });
	faults.clear();
	expect(faults.take('/x')).toBeUndefined();
});
