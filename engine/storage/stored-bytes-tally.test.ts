import { describe, expect, it } from 'vitest';
import { StoredBytesTally } from './stored-bytes-tally';

/** A store whose walk is a real async function over a byte count the test changes, counting the walks it makes. */
function countingStore(initial: number) {
  const state = { bytes: initial, walks: 0, clock: 0, hold: undefined as Promise<void> | undefined };
  const tally = new StoredBytesTally({
    measure: async () => {
      state.walks++;
      const seen = state.bytes;
      await state.hold;
      return seen;
    },
    maxAgeMs: 1000,
    now: () => state.clock,
  });
  return { state, tally };
}

function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('StoredBytesTally', () => {
  it('walks once, then answers from the walk plus what was recorded', async () => {
    const { state, tally } = countingStore(500);
    expect(await tally.bytes()).toBe(500);
    for (let i = 0; i < 100; i++) {
      state.bytes += 10;
      tally.record(10);
      expect(await tally.bytes()).toBe(state.bytes);
    }
    tally.record(-300);
    expect(await tally.bytes()).toBe(1200);
    expect(state.walks).toBe(1);
  });

  it('walks again once its walk is older than maxAgeMs, seeing what others stored meanwhile', async () => {
    const { state, tally } = countingStore(0);
    expect(await tally.bytes()).toBe(0);
    state.bytes = 700; // stored by another process: not recorded here
    state.clock = 999;
    expect(await tally.bytes()).toBe(0);
    state.clock = 1000;
    expect(await tally.bytes()).toBe(700);
    expect(state.walks).toBe(2);
  });

  it('walks again after forget() and after a clock that went backwards', async () => {
    const { state, tally } = countingStore(100);
    await tally.bytes();
    state.bytes = 40;
    tally.forget();
    expect(await tally.bytes()).toBe(40);
    state.clock = -5;
    state.bytes = 60;
    expect(await tally.bytes()).toBe(60);
    expect(state.walks).toBe(3);
  });

  it('shares one walk among the questions asked while it runs', async () => {
    const { state, tally } = countingStore(300);
    const answers = await Promise.all(Array.from({ length: 20 }, () => tally.bytes()));
    expect(answers).toEqual(Array(20).fill(300));
    expect(state.walks).toBe(1);
  });

  it('measured() answers from a walk that begins after it was asked', async () => {
    const { state, tally } = countingStore(100);
    expect(await tally.bytes()).toBe(100);
    state.bytes = 20; // removed by another process
    expect(await tally.bytes()).toBe(100);
    expect(await tally.measured()).toBe(20);
    expect(await tally.bytes()).toBe(20);

    // A walk already under way may have passed the change: measured() waits for it and walks again.
    const held = gate();
    state.hold = held.opened;
    tally.forget();
    const early = tally.bytes();
    state.bytes = 5;
    const fresh = tally.measured();
    state.hold = undefined;
    held.open();
    expect(await early).toBe(20);
    expect(await fresh).toBe(5);
    expect(state.walks).toBe(4);
  });

  it('over-counts, never under-counts, what changes while a walk runs', async () => {
    const { state, tally } = countingStore(1000);
    const held = gate();
    state.hold = held.opened;
    const walking = tally.bytes();
    // The walk read 1000 before these: a share stored is added, a removal is not subtracted.
    tally.record(50);
    tally.record(-400);
    state.hold = undefined;
    held.open();
    expect(await walking).toBe(1050);
    expect(await tally.bytes()).toBe(1050);
    state.bytes = 650;
    expect(await tally.measured()).toBe(650);
  });

  it('answers the questions a walk outdated by forget() served, without keeping its answer', async () => {
    const { state, tally } = countingStore(100);
    const held = gate();
    state.hold = held.opened;
    const walking = tally.bytes();
    tally.forget();
    state.hold = undefined;
    held.open();
    expect(await walking).toBe(100);
    state.bytes = 70;
    expect(await tally.bytes()).toBe(70);
    expect(state.walks).toBe(2);
  });

  it('passes a failed walk on to its askers and walks again at the next question', async () => {
    let fail = true;
    let walks = 0;
    const tally = new StoredBytesTally({
      measure: async () => {
        walks++;
        if (fail) throw new Error('the disk went away');
        return 42;
      },
    });
    await expect(tally.bytes()).rejects.toThrow('the disk went away');
    fail = false;
    expect(await tally.bytes()).toBe(42);
    expect(walks).toBe(2);
  });

  it('never answers below zero and ignores changes that are not finite', async () => {
    const { tally } = countingStore(10);
    await tally.bytes();
    tally.record(-50);
    tally.record(Number.NaN);
    tally.record(Infinity);
    expect(await tally.bytes()).toBe(0);
  });

  it('bytesFor() answers from the tally while it fits, and walks again before a refusal', async () => {
    const { state, tally } = countingStore(900);
    const fitsUnder1000 = (needed: number) => (held: number) => 1000 - held >= needed;
    expect(await tally.bytesFor(fitsUnder1000(50))).toBe(900);
    expect(state.walks).toBe(1);
    // Another process removed shares: the tally still says 900, which would refuse 300 bytes.
    state.bytes = 400;
    expect(await tally.bytesFor(fitsUnder1000(300))).toBe(400);
    expect(state.walks).toBe(2);
    // The fresh walk is kept: the next question that fits does not walk.
    expect(await tally.bytesFor(fitsUnder1000(300))).toBe(400);
    expect(state.walks).toBe(2);
    // Still too full after a walk (another process filled the store): the walk's answer comes back and the caller refuses.
    state.bytes = 990;
    expect(await tally.bytesFor(fitsUnder1000(700))).toBe(990);
    expect(state.walks).toBe(3);
  });
});
