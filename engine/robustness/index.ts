/**
 * Robustness model (issue 6): how many accounts a grid can lose, how likely a
 * file is to be lost within a year, how often it is reachable, what it costs,
 * and which encodings meet a target. Pure functions; see docs/robustness.md.
 */
export type {
  AccountRisk,
  DomainRisk,
  EncodingOption,
  EncodingShape,
  FilePlacement,
  FileRobustness,
  GridRobustness,
  GridRobustnessInput,
  LossMethod,
  PriceEntry,
  ProviderKind,
  Recommendation,
  RepairSchedule,
  RobustnessTarget,
} from './types';
export { DEFAULT_PRICES, DEFAULT_RISK_BY_KIND, defaultPrice, defaultRisk, defaultsKey, type RiskDefault } from './defaults';
export { fileRobustness } from './file-robustness';
export { correlatedRisks, SHARED_FRACTION_OF_RISK, type DomainAssignment } from './domains';
export { idealPlacement } from './ideal-placement';
export { gridRobustness } from './grid-robustness';
export { lossWithRepair } from './repair';
export { robustnessChart } from './chart';
export { recommendEncodings, HYPOTHETICAL_ACCOUNT_ID } from './recommend';
export { accountChangePreview, type AccountChangePreview, type EncodingFigures, type GridShape } from './account-change-preview';
export { formatNines, ninesOf, MAX_NINES } from '../../shared/nines';
