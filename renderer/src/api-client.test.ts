import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UiEvent } from '../../shared/events';
import { sampleHealthEvent, sampleJob } from '../../shared/events.test-helper';
import { readServiceEvents } from './api-client';

function streamOf(...events: { type: string; data: string }[]): Response {
  const text = events.map((e, i) => `id: ${i + 1}\nevent: ${e.type}\ndata: ${e.data}\n\n`).join('');
  return new Response(text, { headers: { 'Content-Type': 'text/event-stream' } });
}

afterEach(() => vi.restoreAllMocks());

describe("the renderer's event stream (headless mode)", () => {
  it('hands on events that match the contract and drops malformed ones with a console line', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const job = { type: 'job', job: sampleJob() };
    const received: UiEvent[] = [];
    await readServiceEvents(
      streamOf(
        { type: 'job', data: JSON.stringify(job) },
        { type: 'job', data: JSON.stringify({ type: 'job', id: 'j1', progress: 0.5 }) },
        { type: 'grid-health', data: JSON.stringify({ type: 'grid-health', grid: { status: 'on fire' } }) },
        { type: 'job', data: 'not json' },
        { type: 'health-event', data: JSON.stringify(sampleHealthEvent(3)) },
      ),
      (event) => received.push(event),
    );
    expect(received).toEqual([job, sampleHealthEvent(3)]);
    expect(warn).toHaveBeenCalledTimes(3);
  });
});
