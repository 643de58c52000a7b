import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { detectCoordination } from './detect-coordination';

test('every post with a URL reaches co-link, past DuckDB appender flushes (250,000 distinct URLs)', async () => {
  // Session 1 appended the canonical URLs while still streaming the distinct ones on the same
  // connection; the first flush of the appender (~200,000 rows) ended the stream early and
  // silently. At 20 M posts 17 % of the URL posts had no canonical URL and co-link found nothing.
  const dir = mkdtempSync(join(tmpdir(), 'vigil-detect-urls-'));
  const input = join(dir, 'urls.csv');
  const lines = ['account_id,post_id,timestamp,urls'];
  const start = Date.UTC(2024, 0, 1) / 1000;
  for (let i = 0; i < 250_000; i += 1) lines.push(`u${i % 5000},p${i},${start + i * 10},https://site${i % 97}.example/page/${i}?utm_source=x`);
  // Two accounts sharing the same pages within seconds, three times: one co-link edge.
  for (let k = 0; k < 3; k += 1) {
    for (const account of ['a', 'b']) lines.push(`${account},q${k}${account},${start + k * 1000 + (account === 'a' ? 0 : 5)},https://www.shared.example/story/${k}/`);
  }
  writeFileSync(input, `${lines.join('\n')}\n`);
  const result = await detectCoordination({ input, format: 'generic', outDir: join(dir, 'out'), methods: ['co-link'] });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const coLink = result.value.methods.find((method) => method.method === 'co-link');
  expect(coLink?.shares).toBe(result.value.import.withUrls);
  expect(coLink?.shares).toBe(250_006);
  expect(coLink?.objects).toBe(250_003);
}, 120_000);
