/** File health: classification, the per-file check through the engine, and the background monitor. */
export { assessFile, severityOf, HEALTH_BY_SEVERITY, type FileHealth, type FileHealthAssessment, type FileEncoding, type ShareMap } from './classify';
export { checkGridFile, type FileCheckResult, type FileCheckOptions, type GridEncoding } from './file-check';
export {
  HealthMonitor,
  DEFAULT_MONITOR_SETTINGS,
  MIN_READ_BYTES_PER_SECOND,
  type AccountHealth,
  type GridHealth,
  type MonitorDeps,
  type MonitoredAccount,
  type MonitoredFile,
  type MonitorNotice,
  type MonitorSettings,
  type NewMonitorEvent,
  type PassOptions,
  type PassReport,
} from './monitor';
