/**
 * The size limit: room left under it (bytes held by the tally, bytes
 * reserved by open uploads, the provider's free space) and the refusals of
 * writes that would pass it.
 */
import type { BlobStore } from '../../backends/types';
import { formatBytes } from '../../../shared/format-bytes';
import type { StoredBytesTally } from '../stored-bytes-tally';
import { ServerFullError, TAHOE_MAX_MUTABLE_SHARE_SIZE, type ServerVersion } from '../types';
import type { OpenUploads } from './open-uploads';

export interface SizeLimitOptions {
  store: BlobStore;
  /** Total bytes of shares (complete, being uploaded, and mutable) the server may hold; Infinity for no limit. */
  limitBytes: number;
  /** Free space on the provider, from figures the caller keeps fresh; undefined when unknown. */
  freeSpace?: () => Promise<number | undefined>;
  storedBytes: StoredBytesTally;
  uploads: OpenUploads;
  /** Names the server in refusals: `storage server "<nickname>" (<serverId>)`. */
  serverName: string;
}

export class SizeLimit {
  constructor(private readonly options: SizeLimitOptions) {}

  get limitBytes(): number {
    return this.options.limitBytes;
  }

  /** Without a limit, nothing needs counting before a write. */
  get isFinite(): boolean {
    return Number.isFinite(this.options.limitBytes);
  }

  async version(): Promise<ServerVersion> {
    const stored = this.isFinite ? await this.options.storedBytes.bytes() : 0;
    const byLimit = this.limitBytes - stored - this.options.uploads.reservedBytes();
    const available = Math.max(0, Math.min(byLimit, await this.storeRoom()));
    return {
      maximumImmutableShareSize: Number.isFinite(available) ? available : Number.MAX_SAFE_INTEGER,
      availableSpace: available,
      maximumMutableShareSize: Math.min(available, TAHOE_MAX_MUTABLE_SHARE_SIZE),
    };
  }

  /** Free space the provider reports; Infinity when it reports none or cannot be asked. */
  private async storeRoom(): Promise<number> {
    if (this.options.freeSpace) return (await this.options.freeSpace().catch(() => undefined)) ?? Infinity;
    try {
      const capacity = await this.options.store.capacity();
      if (capacity.freeBytes !== undefined) return capacity.freeBytes;
      if (capacity.quotaBytes !== undefined) return Math.max(0, capacity.quotaBytes - capacity.usedBytes);
    } catch {
      // Capacity is advisory; an unreachable store shows up on the first real request.
    }
    return Infinity;
  }

  /** The bytes held, for a write of up to `needed` bytes (a fresh listing before any refusal: StoredBytesTally.bytesFor). */
  storedBytesBeforeWriting(needed: number): Promise<number> {
    return this.options.storedBytes.bytesFor((held) => this.limitBytes - held - this.options.uploads.reservedBytes() >= needed);
  }

  /** Room under the limit with `stored` bytes held, less open uploads' reservations; synchronous, so a caller can reserve before anything else runs. */
  room(stored: number): number {
    return Math.max(0, this.limitBytes - stored - this.options.uploads.reservedBytes());
  }

  /** The refusal of a write of `requested` (a description) when only `room` bytes are left. */
  full(requested: string, room: number): ServerFullError {
    return new ServerFullError(
      `${this.options.serverName} is full: ${requested} requested, ` +
        `${formatBytes(room)} available of its ${formatBytes(this.limitBytes)} limit`,
    );
  }

  /** Refuses mutable writes that would grow the slot past the limit (growth is only worked out under a limit). */
  async checkRoomForSlotWrites(growthOf: () => Promise<number>): Promise<void> {
    if (!this.isFinite) return;
    const growth = await growthOf();
    if (growth === 0) return;
    const room = this.room(await this.storedBytesBeforeWriting(growth));
    if (growth > room) throw this.full(`a mutable write adding ${formatBytes(growth)}`, room);
  }
}
