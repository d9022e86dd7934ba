/** The Tahoe-LAFS immutable CHK format: the functions engine/chk/api.ts promises. */
export * from './api';
export { computeConvergentKey, planEncoding } from './plan';
export { encodeChk, type EncodeOptions } from './encoder';
export { parseCap, formatCap, literalCap, storageIndexOf, toVerifyCap } from './caps';
export { CapError, NotEnoughSharesError, IntegrityError } from './errors';
export { downloadChk } from './decoder';
export { verifyShare } from './verifier';
export { MemoryShareStore } from './memory-shares';
