import { EventEmitter } from 'node:events';

// The sandbox's clock, timers and change events: shared by every part so that reset() and stop()
// can cancel whatever is scheduled, and the phone page hears about every change.

export type SandboxEvent = { type: 'conversation' | 'customers' | 'webhook' | 'request' | 'reset'; waId?: string };

export class SandboxRuntime {
	readonly events = new EventEmitter();
	private clockOffsetMs = 0;
	private readonly timers = new Set<NodeJS.Timeout>();

	constructor() {
		this.events.setMaxListeners(0);
	}

	/** Sandbox time in ms: real time plus whatever advanceClock added. */
	now() {
		return Date.now() + this.clockOffsetMs;
	}

	/** Sandbox time as Meta writes timestamps: unix seconds in a string. */
	unixSeconds() {
		return String(Math.floor(this.now() / 1000));
	}

	advanceClock(ms: number) {
		this.clockOffsetMs += ms;
	}

	/** Runs `fn` after `ms` of real time unless cancelled first. */
	later(ms: number, fn: () => void) {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			fn();
		}, ms);
		this.timers.add(timer);
	}

	cancelTimers() {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	resetClock() {
		this.clockOffsetMs = 0;
	}

	emit(event: SandboxEvent) {
		this.events.emit('change', event);
	}
}
