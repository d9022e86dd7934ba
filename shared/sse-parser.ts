/**
 * Server-Sent Events, read by hand. The renderer cannot use EventSource in
 * headless mode because EventSource cannot send the Authorization header, so
 * it fetch()es the stream and parses it with this module, which follows the
 * WHATWG "event stream interpretation" rules. Runs in the browser and in
 * Node: no Node modules here.
 */

export interface SseEvent {
  /** The `event:` field, or 'message' when the server sent none. */
  event: string;
  /** The `data:` lines joined with '\n'. */
  data: string;
  /** The last `id:` the stream sent (ids persist across events, as in EventSource). */
  id?: string;
}

export interface SseParser {
  /** Feeds decoded text; a chunk may end anywhere, even between CR and LF. */
  push(chunk: string): void;
}

export function createSseParser(onEvent: (event: SseEvent) => void): SseParser {
  let unfinishedLine = '';
  let atStreamStart = true;
  // A chunk ending in CR may be the first half of a CRLF: the next chunk's
  // leading LF then belongs to that line ending rather than being an empty line.
  let skipLeadingLf = false;
  let eventType = '';
  let dataLines: string[] = [];
  let lastEventId = '';

  function dispatch(): void {
    const hadData = dataLines.length > 0;
    const event: SseEvent = { event: eventType || 'message', data: dataLines.join('\n') };
    if (lastEventId !== '') event.id = lastEventId;
    eventType = '';
    dataLines = [];
    // An event without data lines (only `event:` or `id:`) is not dispatched.
    if (hadData) onEvent(event);
  }

  function processLine(line: string): void {
    if (line === '') return dispatch();
    if (line.startsWith(':')) return; // a comment, e.g. a heartbeat
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        dataLines.push(value);
        break;
      case 'id':
        // The standard ignores ids containing NUL.
        if (!value.includes('\0')) lastEventId = value;
        break;
      default:
        // 'retry' and unknown fields: the caller decides when to reconnect.
        break;
    }
  }

  return {
    push(chunk: string): void {
      let text = chunk;
      if (text === '') return;
      if (skipLeadingLf && text.startsWith('\n')) text = text.slice(1);
      skipLeadingLf = false;
      // A byte order mark is allowed once, at the very start of the stream.
      if (atStreamStart && text.startsWith('\uFEFF')) text = text.slice(1);
      atStreamStart = false;
      let start = 0;
      for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (char !== '\n' && char !== '\r') continue;
        processLine(unfinishedLine + text.slice(start, i));
        unfinishedLine = '';
        if (char === '\r') {
          if (i + 1 === text.length) skipLeadingLf = true;
          else if (text[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      // Only the new text is scanned, so a long line split over many chunks costs linear time.
      unfinishedLine += text.slice(start);
    },
  };
}

/**
 * Reads a fetch() Response as an event stream until the server ends it or
 * `signal` aborts (then it resolves quietly: the caller asked to stop).
 * Rejects when the answer is not an event stream, naming what came instead.
 */
export async function readEventStream(
  response: Response,
  onEvent: (event: SseEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  if (!response.ok) {
    throw new Error(`The event stream answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}; check the access token and the server address.`);
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('text/event-stream')) {
    throw new Error(`Expected an event stream (text/event-stream) but the server sent ${contentType || 'no content type'}; check the stream's URL.`);
  }
  if (!response.body) throw new Error('The event stream response has no body; the server closed it before sending anything.');
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = createSseParser(onEvent);
  const stopReading = () => void reader.cancel().catch(() => {});
  if (signal?.aborted) {
    stopReading();
    return;
  }
  signal?.addEventListener('abort', stopReading, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
  } catch (error) {
    if (signal?.aborted) return;
    throw error;
  } finally {
    signal?.removeEventListener('abort', stopReading);
  }
}
