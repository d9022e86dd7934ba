import { describe, expect, it } from 'vitest';
import { createSseParser, readEventStream, type SseEvent } from './sse-parser';

function parseAll(chunks: string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

const STREAM = [
  '\uFEFFretry: 3000',
  ': heartbeat',
  'event: job',
  'id: 1',
  'data: {"a":1}',
  '',
  'data: first line',
  'data:second line without the optional space',
  'data',
  '',
  'event: only-type-no-data',
  '',
  'id',
  'event: after-empty-id',
  'data:  two spaces keep one',
  '',
  'unknown: field',
  'data: x',
  '',
  'data: never finished',
].join('\n');

const EXPECTED: SseEvent[] = [
  { event: 'job', data: '{"a":1}', id: '1' },
  { event: 'message', data: 'first line\nsecond line without the optional space\n', id: '1' },
  { event: 'after-empty-id', data: ' two spaces keep one' },
  { event: 'message', data: 'x' },
];

describe('createSseParser', () => {
  it('follows the event stream rules: comments, default type, multi-line data, ids that persist, fields without values', () => {
    expect(parseAll([STREAM])).toEqual(EXPECTED);
  });

  for (const [name, newline] of [
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ] as const) {
    it(`treats ${name} line endings like LF`, () => {
      expect(parseAll([STREAM.replaceAll('\n', newline)])).toEqual(EXPECTED);
    });
  }

  it('gives the same events wherever the text is split, even between CR and LF', () => {
    const text = STREAM.replaceAll('\n', '\r\n');
    for (let first = 0; first <= text.length; first++) {
      expect(parseAll([text.slice(0, first), text.slice(first)]), `split at ${first}`).toEqual(EXPECTED);
    }
    expect(parseAll([...text])).toEqual(EXPECTED);
  });

  it('treats a CR at the end of one chunk and an LF at the start of the next as one line ending', () => {
    expect(parseAll(['data: a\r', '\n', '\r', '\n'])).toEqual([{ event: 'message', data: 'a' }]);
    expect(parseAll(['data: a\r', '', '\ndata: b\r', '\r'])).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('strips a byte order mark only at the start of the stream', () => {
    expect(parseAll(['\uFEFFdata: a\n\n', '\uFEFFdata: b\n\n'])).toEqual([{ event: 'message', data: 'a' }]);
  });
});

function streamResponse(pieces: Uint8Array[], contentType = 'text/event-stream; charset=utf-8'): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': contentType } });
}

describe('readEventStream', () => {
  it('decodes UTF-8 split inside a character across body chunks', async () => {
    const bytes = new TextEncoder().encode('event: note\ndata: Größe 🚀\n\n');
    const cut = bytes.indexOf(0xf0) + 2; // inside the four bytes of the rocket
    const events: SseEvent[] = [];
    await readEventStream(streamResponse([bytes.slice(0, cut), bytes.slice(cut)]), (e) => events.push(e));
    expect(events).toEqual([{ event: 'note', data: 'Größe 🚀' }]);
  });

  it('refuses an answer that is not an event stream, naming what came instead', async () => {
    await expect(readEventStream(streamResponse([], 'text/html'), () => {})).rejects.toThrow(/text\/html/);
    await expect(readEventStream(new Response('no', { status: 401 }), () => {})).rejects.toThrow(/HTTP 401.*access token/);
  });
});
