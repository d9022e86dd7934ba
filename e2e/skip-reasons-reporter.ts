/** Prints each skipped test with its reason, which the list reporter leaves out. */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasonsReporter implements Reporter {
  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = [...test.annotations, ...result.annotations].find((a) => a.type === 'skip')?.description;
    console.log(`skipped: ${test.titlePath().filter(Boolean).join(' › ')}: ${reason ?? 'no reason given'}`);
  }
}
