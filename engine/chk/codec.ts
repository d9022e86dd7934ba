/** The zfec-compatible erasure codec (engine/erasure) the CHK encoder and decoder use. */
export { createCodec, type ErasureCodec } from '../erasure';
