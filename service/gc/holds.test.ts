/**
 * An upload's hold session: what it takes is held until releaseAll, each hold
 * is given back exactly once, and `take` works as a bare function (the engine
 * calls it as its beforePlacement hook).
 */
import { describe, expect, it } from 'vitest';
import { StorageIndexHolds, uploadHoldSession } from './holds';

describe('uploadHoldSession', () => {
  it('holds what it took until releaseAll, and releases each hold once', async () => {
    const holds = new StorageIndexHolds();
    const session = uploadHoldSession(holds);
    const other = uploadHoldSession(holds);
    const take = session.take;
    await take('si-a');
    await take('si-b');
    await other.take('si-a');
    expect(session.taken()).toEqual(['si-a', 'si-b']);
    expect(holds.isHeld('si-a') && holds.isHeld('si-b')).toBe(true);

    session.releaseAll();
    // The other session's hold on si-a remains; si-b is free.
    expect(holds.isHeld('si-a')).toBe(true);
    expect(holds.isHeld('si-b')).toBe(false);
    // A second releaseAll gives back nothing more, so the other hold survives it.
    session.releaseAll();
    expect(holds.isHeld('si-a')).toBe(true);
    // taken() still names what was held (the caller releases those shares after a failure), as a copy.
    const listed = session.taken();
    listed.push('x');
    expect(session.taken()).toEqual(['si-a', 'si-b']);

    // A hold taken after releaseAll is released by the next one.
    await session.take('si-c');
    expect(holds.isHeld('si-c')).toBe(true);
    session.releaseAll();
    expect(holds.isHeld('si-c')).toBe(false);
    other.releaseAll();
    expect(holds.isHeld('si-a')).toBe(false);
  });

  it('waits for a release under way before holding', async () => {
    const holds = new StorageIndexHolds();
    const session = uploadHoldSession(holds);
    const order: string[] = [];
    let finishRelease!: () => void;
    const release = holds.exclusive('si', async () => {
      order.push('release started');
      await new Promise<void>((resolve) => (finishRelease = resolve));
      order.push('release done');
    });
    await Promise.resolve();
    const taking = session.take('si').then(() => order.push('held'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(holds.isHeld('si')).toBe(false);
    finishRelease();
    await Promise.all([release, taking]);
    expect(order).toEqual(['release started', 'release done', 'held']);
    expect(holds.isHeld('si')).toBe(true);
    session.releaseAll();
  });
});
