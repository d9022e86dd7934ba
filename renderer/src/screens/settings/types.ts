/** Shapes the settings screen passes between its parts (the API's own types, named once). */
import type { z } from 'zod';
import type { EncodingOptionSchema, RobustnessTargetSchema } from '../../../../shared/api';

export type EncodingShape = { needed: number; happy: number; total: number };
export type EncodingOption = z.infer<typeof EncodingOptionSchema>;
export type RobustnessTarget = z.infer<typeof RobustnessTargetSchema>;
