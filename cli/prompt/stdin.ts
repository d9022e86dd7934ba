/**
 * Standard input for commands. Tests (and embedders) hand commands their own
 * stream as `ctx.stdin`; otherwise it is the process's.
 */

export interface StdinContext {
  stdin?: NodeJS.ReadableStream;
}

export function stdinOf(ctx: object): NodeJS.ReadableStream {
  return (ctx as StdinContext).stdin ?? process.stdin;
}

/** Whether a person can answer a prompt on this stream (a terminal, not a pipe or file). */
export function isTerminal(stream: NodeJS.ReadableStream): stream is NodeJS.ReadStream {
  return (stream as Partial<NodeJS.ReadStream>).isTTY === true;
}

/** Everything on the stream until it ends, as UTF-8 text; on a terminal, first says how to end it (else it looks stuck). */
export async function readAllText(stream: NodeJS.ReadableStream, hintOutput?: NodeJS.WritableStream): Promise<string> {
  if (hintOutput && isTerminal(stream)) hintOutput.write('Reading standard input; finish with Ctrl-D on a line of its own.\n');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
