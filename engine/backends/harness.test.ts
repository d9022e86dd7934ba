import { describe, expect, it } from 'vitest';
import { MissingServerError, requireBinary } from '../../scripts/servers/index';

describe('test server harness', () => {
  it('fails naming the Debian package when a server binary is missing', () => {
    expect(() => requireBinary('raic-no-such-server', 'raic-no-such-package')).toThrow(MissingServerError);
    expect(() => requireBinary('raic-no-such-server', 'raic-no-such-package')).toThrow(/apt-get install -y --no-install-recommends raic-no-such-package/);
  });

  it('finds the real servers the backend tests need', () => {
    for (const [binary, debianPackage] of [
      ['swift-proxy-server', 'swift-proxy'],
      ['swift-object-server', 'swift-object'],
      ['swift-ring-builder', 'swift'],
      ['memcached', 'memcached'],
      ['rclone', 'rclone'],
    ]) {
      expect(requireBinary(binary, debianPackage)).toMatch(/^\//);
    }
  });
});
