export type { SecretStore } from './secret-store';
export { SecretStoreError, validateSecretRef } from './secret-store';
export { KeychainSecretStore, KeychainError, DEFAULT_SERVICE_NAME } from './keychain-store';
export { probeKeychain, type KeychainProbe } from './probe-keychain';
export { EncryptedFileSecretStore } from './encrypted-file-store';
export { WrongPassphraseError, DamagedSecretsFileError } from './secrets-file-format';
export { checkNewPassphrase, MIN_PASSPHRASE_LENGTH } from './passphrase-policy';
export { openSecretStore, secretsFilePath, NoSecretStoreError, type OpenSecretStoreOptions } from './open-secret-store';
