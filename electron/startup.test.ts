import { describe, expect, it, vi } from 'vitest';
import { startWhenReady } from './startup';

describe('start-up', () => {
  it('an error thrown while starting reaches the failure handler', async () => {
    const fail = vi.fn();
    await startWhenReady(Promise.resolve(), () => Promise.reject(new Error('the window could not be created')), fail);
    expect(fail).toHaveBeenCalledWith(new Error('the window could not be created'));
  });

  it('so does a failure before the app is ready, and start is not run', async () => {
    const fail = vi.fn();
    const start = vi.fn(() => Promise.resolve());
    await startWhenReady(Promise.reject(new Error('no display')), start, fail);
    expect(start).not.toHaveBeenCalled();
    expect(fail).toHaveBeenCalledOnce();
  });

  it('a successful start calls no failure handler', async () => {
    const fail = vi.fn();
    await startWhenReady(Promise.resolve(), () => Promise.resolve(), fail);
    expect(fail).not.toHaveBeenCalled();
  });
});
