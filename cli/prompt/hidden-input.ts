/**
 * Asks for a secret on the terminal without echoing it: the input is put in
 * raw mode so nothing typed reaches the screen, and the answer is read key by
 * key (backspace edits, Enter finishes, Ctrl-C cancels).
 */

const ENTER = new Set(['\r', '\n']);
const BACKSPACE = new Set(['\u007f', '\b']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';

export class PromptCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export function askHidden(question: string, input: NodeJS.ReadStream, output: NodeJS.WritableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = '';
    const wasRaw = input.isRaw;
    const finish = (error?: Error): void => {
      input.removeListener('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string): void => {
      // A paste arrives as one chunk: walk it character by character.
      for (const character of chunk.toString()) {
        if (ENTER.has(character) || (character === CTRL_D && typed === '')) return finish();
        if (character === CTRL_C) return finish(new PromptCancelled());
        if (BACKSPACE.has(character)) typed = [...typed].slice(0, -1).join('');
        else if (character >= ' ') typed += character;
      }
    };
    output.write(question);
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
  });
}
