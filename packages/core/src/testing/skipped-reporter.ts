import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * A test may skip itself only when something it needs cannot run here (see testing/redis.ts); the
 * run then ends by naming each such test and what it missed, so a skip is never silent.
 */
export default class SkippedReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const lines: string[] = [];
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests('skipped')) {
        const result = test.result();
        // Tests left out by a name filter (-t) carry no note and need no line.
        const note = result.state === 'skipped' ? result.note : undefined;
        if (note)
          lines.push(`  ${path.relative(process.cwd(), testModule.moduleId)} > ${test.fullName}: ${note}`);
      }
    }
    if (lines.length > 0) process.stdout.write(`\nSkipped, with the reason:\n${lines.join('\n')}\n`);
  }
}
