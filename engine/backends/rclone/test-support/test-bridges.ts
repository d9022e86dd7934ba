/**
 * The bridges a remote's test opens: each wrapped in RAIC's retry as the
 * account runtime wraps it, remembered so the conformance suite can SIGKILL
 * their rclone children (as a crash would) and name their secrets, and
 * closed together when the file ends.
 */
import type { RetryPolicy } from '../../common/retry';
import { withRetry } from '../../retrying';
import { RcloneBlobStore, RcloneBridge } from '../index';

/** Short waits: the suite's retry cases need attempts, not realistic pauses. */
export const TEST_RETRY: Partial<RetryPolicy> = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 500 };

export class TestBridges {
  private readonly bridges: RcloneBridge[] = [];

  open(config: ConstructorParameters<typeof RcloneBridge>[0], policy: Partial<RetryPolicy> = TEST_RETRY) {
    const bridge = new RcloneBridge(config);
    this.bridges.push(bridge);
    return withRetry(new RcloneBlobStore(bridge), policy);
  }

  /** The secrets every bridge put into its child's config (none may appear in a message). */
  secrets(): string[] {
    return this.bridges.flatMap((bridge) => bridge.secrets());
  }

  /** The conformance suite's server fault: every child killed; the stores start new ones on their next operation. */
  asKillableServer(): { kill(): Promise<void>; restart(): Promise<void> } {
    return {
      kill: async () => {
        for (const bridge of this.bridges) {
          const pid = bridge.pid();
          if (pid !== undefined) process.kill(pid, 'SIGKILL');
        }
      },
      restart: async () => {},
    };
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.bridges.splice(0).map((bridge) => bridge.close()));
  }
}
