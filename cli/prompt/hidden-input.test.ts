import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { askHidden, PromptCancelled } from './hidden-input';
import { Capture } from '../test-support/commands';

/** A stand-in terminal: records raw-mode switches like a TTY ReadStream. */
function fakeTerminal(): NodeJS.ReadStream & { rawModes: boolean[] } {
  const stream = new PassThrough() as unknown as NodeJS.ReadStream & { rawModes: boolean[] };
  stream.rawModes = [];
  stream.isRaw = false;
  stream.isTTY = true;
  stream.setRawMode = (mode: boolean) => {
    stream.rawModes.push(mode);
    stream.isRaw = mode;
    return stream;
  };
  return stream;
}

it('reads a secret in raw mode without echoing it, honouring backspace', async () => {
  const input = fakeTerminal();
  const output = new Capture();
  const answer = askHidden('Password: ', input, output);
  input.write('hunter3');
  input.write('\u007f2\r');
  expect(await answer).toBe('hunter2');
  expect(output.text).toBe('Password: \n');
  expect(input.rawModes).toEqual([true, false]);
});

it('stops at Ctrl-C', async () => {
  const input = fakeTerminal();
  const answer = askHidden('Key: ', input, new Capture());
  input.write('abc\u0003');
  await expect(answer).rejects.toBeInstanceOf(PromptCancelled);
  expect(input.isRaw).toBe(false);
});
