/** The recovery key, and the sealed catalog kept in the grid so the key and the accounts restore everything. */
export {
  generateRecoveryKey,
  recoveryKeyToWords,
  formatRecoveryKeyFile,
  parseRecoveryKey,
  recoveryKeyId,
  RecoveryKeyError,
  RECOVERY_KEY_WORD_COUNT,
  type RecoveryKey,
} from './recovery-key';
export { seal, open, type SealPurpose } from './sealed-box';
export { RecoveryFormatError } from './format-error';
export { localFolderAuxStore, blobAuxStore, type AuxStore, type AccountProblem } from './aux-store';
export { publishCatalog, CatalogPublishError, type PublishedCatalog, type PublishCatalogOptions } from './publish';
export { findLatestCatalog, CatalogRestoreError, type FoundCatalog, type FindLatestCatalogOptions } from './restore';
