/**
 * The backend part of the benchmark: the shares of the benchmark file (3-of-10:
 * ten shares of a third of its size each) put to and read back from the S3
 * backend against the local OpenStack Swift s3api server, beside the same
 * through the local-folder backend, measured in the same run.
 */
import { benchmarkBackends } from './backends';

export interface BackendFigures {
  s3_upload_MBps: number;
  s3_download_MBps: number;
  local_upload_MBps: number;
  local_download_MBps: number;
  /** S3 over local-folder speed; the target is at least 0.5 each way. */
  s3_over_local_upload: number;
  s3_over_local_download: number;
  /** CPU seconds per process during the S3 puts, to show what limits S3 here. */
  s3_upload_cpu_seconds: Record<string, number>;
}

export async function measureBackendFigures(fileBytes: number, needed: number, total: number): Promise<BackendFigures> {
  const shareMiB = fileBytes / needed / (1 << 20);
  const results = await benchmarkBackends({ sizeMiB: shareMiB, count: total, backends: ['local', 's3'] });
  const local = results.find((r) => r.backend === 'local');
  const s3 = results.find((r) => r.backend.startsWith('s3'));
  if (!local || !s3) throw new Error('the backend benchmark did not measure both the local and the S3 backend');
  const round = (value: number, digits = 1) => Number(value.toFixed(digits));
  return {
    s3_upload_MBps: round(s3.putMBps),
    s3_download_MBps: round(s3.getMBps),
    local_upload_MBps: round(local.putMBps),
    local_download_MBps: round(local.getMBps),
    s3_over_local_upload: round(s3.putMBps / local.putMBps, 3),
    s3_over_local_download: round(s3.getMBps / local.getMBps, 3),
    s3_upload_cpu_seconds: Object.fromEntries(Object.entries(s3.putCpuSeconds).map(([who, s]) => [who, round(s, 1)])),
  };
}
