export type DistPlan = { reason: string; builderArgs?: undefined } | { reason?: undefined; builderArgs: string[] };
export function distPlan(args: string[], machine: { platform: NodeJS.Platform; arch: string; electronDir: string | undefined }): DistPlan;
