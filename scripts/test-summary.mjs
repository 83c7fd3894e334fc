// Sums vitest's JSON reports into one closing line; fails when nothing ran or anything failed.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  const s = { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + (r.numTodoTests ?? 0) };
  console.log(`${path.basename(f, '.json').padEnd(14)} ${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`);
  if (r.numTotalTests === 0) {
    console.error(`!! ${f}: no tests ran`);
    failed++;
  }
  passed += s.passed;
  failed += s.failed;
  skipped += s.skipped;
}
if (passed === 0) {
  console.error('!! no tests ran');
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
