import { describe, expect, it } from 'vitest';
import { parseSecretLines, SecretInputError } from './secret-lines';

const s3 = { allowed: ['accessKeyId', 'secretAccessKey'], required: ['accessKeyId', 'secretAccessKey'], forWhat: 's3 accounts' };

describe('parseSecretLines', () => {
  it('reads field=value lines, keeping any further = in the value and ignoring blank lines and CRLF', () => {
    expect(parseSecretLines('accessKeyId=AKIA123\r\n\nsecretAccessKey=abc/def+ghi==\n', s3)).toEqual({
      accessKeyId: 'AKIA123',
      secretAccessKey: 'abc/def+ghi==',
    });
    expect(parseSecretLines(' accessKeyId =a b \nsecretAccessKey==x', s3)).toEqual({ accessKeyId: 'a b ', secretAccessKey: '=x' });
  });

  it('refuses unknown fields with the expected ones named', () => {
    expect(() => parseSecretLines('accessKeyId=a\nsecretKey=b\n', s3)).toThrow(
      new SecretInputError('"secretKey" is not a secret field of s3 accounts; expected accessKeyId, secretAccessKey'),
    );
    expect(() => parseSecretLines('password=x', { allowed: [], required: [], forWhat: 'local accounts' })).toThrow(/they take no secrets/);
  });

  it('reports missing required secrets, and malformed, empty or repeated lines without echoing them', () => {
    expect(() => parseSecretLines('accessKeyId=a\n', s3)).toThrow('missing on standard input: secretAccessKey=VALUE (one field=value per line)');
    expect(() => parseSecretLines('', s3)).toThrow(/accessKeyId=VALUE, secretAccessKey=VALUE/);
    const malformed = (): unknown => parseSecretLines('accessKeyId=a\nsupersecretvalue\n', s3);
    expect(malformed).toThrow('standard input line 2 is not field=value');
    expect(() => parseSecretLines('=oops', s3)).toThrow(/line 1 is not field=value/);
    expect(() => parseSecretLines('accessKeyId=\nsecretAccessKey=b', s3)).toThrow('accessKeyId is empty on standard input');
    expect(() => parseSecretLines('accessKeyId=a\naccessKeyId=b', s3)).toThrow('accessKeyId is given twice on standard input');
  });
});
