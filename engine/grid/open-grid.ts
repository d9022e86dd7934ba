import type { EncodingParams } from '../chk/api';
import type { StorageServer } from '../storage/types';

/**
 * The engine's view of one grid, as the service (or a CLI command) opens it:
 * what upload, download, check and repair need and nothing else.
 */
export interface OpenGrid {
  /** One storage server per enabled account. */
  servers: StorageServer[];
  encoding: EncodingParams;
  /** The grid's convergence secret (16 bytes); same plaintext + same secret = same cap. */
  convergence: Uint8Array;
  /** The grid's client lease secret (32 bytes), from which per-server lease secrets are derived. */
  leaseSecret: Uint8Array;
  /** Each server's failure domain (the disk or login its account shares), for placement. */
  domainOf?: (serverId: string) => string | undefined;
}
