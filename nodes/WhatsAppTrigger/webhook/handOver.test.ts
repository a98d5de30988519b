import { EventEmitter } from 'events';

import { handedOver, watchHandOver, type HandOverResponse } from './handOver';

/** The parts of an Express response n8n uses to answer: status() then a write that ends in 'finish'. */
class FakeResponse extends EventEmitter implements HandOverResponse {
	statusCode = 200;
	writableFinished = false;
	status(code: number) {
		this.statusCode = code;
		return this;
	}
	send() {
		this.writableFinished = true;
		this.emit('finish');
	}
}

describe('watchHandOver', () => {
	it('reports the status n8n answers with, once', () => {
		const res = new FakeResponse();
		const seen: number[] = [];
		watchHandOver(res, (status) => seen.push(status));
		res.status(200).send();
		res.status(200);
		expect(seen).toEqual([200]);
	});

	it('reports a 500 set after the client hung up (no finish ever comes)', () => {
		const res = new FakeResponse();
		const seen: number[] = [];
		watchHandOver(res, (status) => seen.push(status));
		res.emit('close');
		res.status(500);
		expect(seen).toEqual([500]);
	});

	it('reports the status on finish when n8n never called status()', () => {
		const res = new FakeResponse();
		const seen: number[] = [];
		watchHandOver(res, (status) => seen.push(status));
		res.send();
		expect(seen).toEqual([200]);
	});

	it('puts the original status() back after settling', () => {
		const res = new FakeResponse();
		const original = res.status;
		watchHandOver(res, () => undefined);
		expect(res.status).not.toBe(original);
		res.status(200);
		expect(res.status).toBe(original);
	});

	it('counts 2xx and a never-answered delivery as handed over, anything else as not', () => {
		expect([0, 200, 204].map(handedOver)).toEqual([true, true, true]);
		expect([302, 422, 500, 503].map(handedOver)).toEqual([false, false, false, false]);
	});
});
