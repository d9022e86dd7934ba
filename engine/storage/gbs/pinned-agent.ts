/**
 * An HTTPS agent that trusts exactly one server key: the one whose SPKI hash
 * the NURL carries (spec: "Summary"; compared as RFC 7469 pins are). No
 * certificate authority is consulted. The socket is handed to the HTTP layer
 * only after the check, so not even the Authorization header reaches a server
 * with another key.
 */
import { timingSafeEqual, X509Certificate } from 'node:crypto';
import { Agent, type AgentOptions, type RequestOptions } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect, type TLSSocket } from 'node:tls';
import { spkiHashOf } from './certificate';

export class CertificatePinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CertificatePinError';
  }
}

/** Throws unless the peer's certificate carries the pinned key and is validly self-signed. */
export function checkPeerCertificate(peer: X509Certificate | undefined, expectedSpkiHash: string): void {
  if (!peer) throw new CertificatePinError('the server presented no certificate');
  const actual = spkiHashOf(peer);
  const matches = actual.length === expectedSpkiHash.length && timingSafeEqual(Buffer.from(actual), Buffer.from(expectedSpkiHash));
  if (!matches) {
    throw new CertificatePinError(`the server's key (SPKI hash ${actual}) is not the one its NURL names (${expectedSpkiHash}); refusing to talk to it`);
  }
  // Validity dates are not checked, as Tahoe-LAFS does not (spec footnote 1): the pinned key is the identity.
  if (!peer.verify(peer.publicKey)) throw new CertificatePinError("the server's certificate does not carry a valid self-signature");
}

export class PinnedSpkiAgent extends Agent {
  constructor(
    private readonly expectedSpkiHash: string,
    options: AgentOptions = {},
    /** A TLS handshake that takes longer than this fails (the server is not answering). */
    private readonly handshakeTimeoutMs = 30_000,
  ) {
    // No TLS session reuse: every connection shows its certificate and gets checked.
    super({ keepAlive: true, maxSockets: 8, ...options, maxCachedSessions: 0, rejectUnauthorized: false });
  }

  override createConnection(options: RequestOptions, callback?: (error: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const host = options.host ?? options.hostname ?? 'localhost';
    const socket: TLSSocket = connect({
      host,
      port: Number(options.port ?? 443),
      servername: isIP(host) ? undefined : host,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    });
    const fail = (error: Error): void => {
      socket.destroy();
      callback?.(error, socket);
    };
    socket.once('error', fail);
    socket.setTimeout(this.handshakeTimeoutMs, () => fail(new Error(`no TLS handshake with ${host} within ${this.handshakeTimeoutMs} ms`)));
    socket.once('secureConnect', () => {
      socket.setTimeout(0);
      socket.off('error', fail);
      try {
        checkPeerCertificate(socket.getPeerX509Certificate(), this.expectedSpkiHash);
      } catch (error) {
        fail(error as Error);
        return;
      }
      callback?.(null, socket);
    });
    // Returning nothing makes the agent wait for the callback, i.e. for the check.
    return undefined;
  }
}
