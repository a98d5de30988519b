// Liveness of a stdio server's process, as the pool asks it before every call. The same against
// real processes: test/unit/mcp/processTree.test.ts (n8n's lint keeps spawn out of nodes/).
import { statShowsLiveProcess, statusShowsKillPending } from './processTree';

/** A /proc/<pid>/stat line (a sleeping node process) with the given state, flags and pending signals. */
function statLine({ comm = 'node', state = 'S', flags = 4194560, pending = 0 } = {}): string {
	return `4242 (${comm}) ${state} 4200 4242 4200 0 -1 ${flags} 1320 0 0 0 30 5 0 0 20 0 11 0 123456 1234567680 12345 18446744073709551615 94398502121472 94398502141353 140733066829376 0 0 ${pending} 0 16898 17922 0 0 0 17 1 0 0 0 0 0 94398502157360 94398502158976 94398569226240 140733066836695 140733066836715 140733066836715 140733066837995 0\n`;
}

const PF_EXITING = 0x4;
const SIGKILL_BIT = 1 << 8;
const SIGTERM_BIT = 1 << 14;

test('a running or sleeping process counts as live', () => {
	expect(statShowsLiveProcess(statLine({ state: 'S' }))).toBe(true);
	expect(statShowsLiveProcess(statLine({ state: 'R' }))).toBe(true);
});

test('a zombie counts as gone', () => {
	expect(statShowsLiveProcess(statLine({ state: 'Z' }))).toBe(false);
});

test('a process the kernel is tearing down (PF_EXITING, still state R) counts as gone', () => {
	expect(statShowsLiveProcess(statLine({ state: 'R', flags: 4194560 | PF_EXITING }))).toBe(false);
});

test('a process with SIGKILL pending counts as gone; another pending signal does not', () => {
	expect(statShowsLiveProcess(statLine({ state: 'R', pending: SIGKILL_BIT }))).toBe(false);
	expect(statShowsLiveProcess(statLine({ state: 'S', pending: SIGTERM_BIT }))).toBe(true);
});

test('a command name containing ") Z " does not confuse the parser', () => {
	expect(statShowsLiveProcess(statLine({ comm: 'a) Z 1 (b', state: 'S' }))).toBe(true);
	expect(statShowsLiveProcess(statLine({ comm: 'a) S 1 (b', state: 'Z' }))).toBe(false);
});

/** The signal lines of a /proc/<pid>/status file, with the given shared pending mask. */
function statusText(sharedPending: string): string {
	return `Name:\tnode\nState:\tR (running)\nThreads:\t1\nSigQ:\t0/96367\nSigPnd:\t0000000000000000\nShdPnd:\t${sharedPending}\nSigBlk:\t0000000000000000\n`;
}

test('SIGKILL in the shared pending set counts as killed; other shared signals do not', () => {
	expect(statusShowsKillPending(statusText('0000000000000100'))).toBe(true);
	expect(statusShowsKillPending(statusText('0000000000004100'))).toBe(true);
	expect(statusShowsKillPending(statusText('0000000000004000'))).toBe(false);
	expect(statusShowsKillPending(statusText('0000000000000000'))).toBe(false);
	// A real-time signal high in the mask does not read as SIGKILL.
	expect(statusShowsKillPending(statusText('0000010000000000'))).toBe(false);
});
