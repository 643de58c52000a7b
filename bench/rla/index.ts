/**
 * `npm run bench -- rla`: the risk-limiting-audit engine on audit-sized inputs.
 * 1. Sampling: 200 draws (with replacement, Arlo ids) from a 1,000,000-ballot manifest of 1,000
 *    batches, parsed from CSV: one cold run (WebAssembly compile and JIT included), then the
 *    median and fastest of nine warm runs (CPU time: the machine is shared; `profile-sampler.ts`
 *    runs this workload alone for --cpu-prof).
 * 2. ALPHA comparison sample size by simulation: 10,000 simulated audits of a 1,000,000-ballot
 *    contest with a 2 % diluted margin (one-vote overstatements 1/1000, two-vote 1/10000).
 * 3. Parsing a 1,000,000-row Dominion CVR export (two contests, seven choices), generated under
 *    bench/out/rla/ (git-ignored) and reused when present.
 * 4. Matching that export against its ballot manifest (7,000 tabulator/batch pairs; the tabulator
 *    changes on every row, the worst case for the matcher's one-entry cache).
 * 5. Reading a 100,000-entry ZIP64 archive of deflated Hart-style XML files (one per ballot, the
 *    shape of a Hart export that needs ZIP64), built in memory.
 * 6. `vigil audit cvrs --format hart` in a child process over Hart ZIPs on disk larger than 4 GB
 *    (sparse: 4.5 GB of stored zero padding first, then the ballots beyond 2^32 bytes), wall time,
 *    CPU and peak RSS, against the same ballots without padding: memory follows the ballots, not
 *    the archive. `npm run bench -- rla big-zip` runs this step alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  alphaSampleSize,
  buildContest,
  crc32,
  matchCvrsToManifest,
  parseDominionCvrs,
  parseManifest,
  readZip,
  sampleBallots,
} from '@vigil/rla';
import { measure } from '../measure';
import { writeSparseHartZip } from './sparse-hart-zip';

const here = dirname(fileURLToPath(import.meta.url));
// `npm run bench -- rla zip` runs step 5 alone.
if (process.argv[2] === 'zip') {
  await benchZip64();
  process.exit(0);
}
const out = join(here, '..', 'out', 'rla');
mkdirSync(out, { recursive: true });
if (process.argv[2] === 'big-zip') {
  benchBigZip();
  process.exit(0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

// 1. Sampling.
const manifestLines = ['Tabulator,Batch Name,Number of Ballots'];
for (let batch = 1; batch <= 1000; batch++)
  manifestLines.push(`Tabulator ${1 + (batch % 7)},Batch ${String(batch).padStart(4, '0')},1000`);
const manifestFile = join(out, 'manifest-1m.csv');
writeFileSync(manifestFile, `${manifestLines.join('\n')}\n`);
const { result: manifest } = await measure('parse 1,000-batch manifest (1,000,000 ballots)', () =>
  parseManifest({
    file: manifestFile,
    bytes: readFileSync(manifestFile),
    jurisdiction: 'Bench County',
  }),
);
if (!manifest.ok) throw new Error(JSON.stringify(manifest.error));
const draw = () =>
  sampleBallots({
    manifests: [manifest.value],
    seed: '12345678901234567890',
    size: 200,
    withReplacement: true,
    idFormat: 'arlo',
  });
const { result: cold } = await measure('sample 200 of 1,000,000 ballots, cold', draw);
if (!cold.ok) throw new Error(JSON.stringify(cold.error));
const warm: number[] = [];
const warmCpu: number[] = [];
for (let run = 0; run < 9; run++) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const again = draw();
  warm.push((performance.now() - start) / 1000);
  const used = process.cpuUsage(cpu);
  warmCpu.push((used.user + used.system) / 1e6);
  if (!again.ok || JSON.stringify(again.value) !== JSON.stringify(cold.value))
    throw new Error('the sample changed between runs');
}
console.log(
  `sample 200 of 1,000,000 ballots, warm: median ${median(warm).toFixed(3)} s wall, ${median(warmCpu).toFixed(3)} s CPU, fastest ${Math.min(...warmCpu).toFixed(3)} s CPU (9 runs, wall ${warm.map((s) => s.toFixed(3)).join(', ')}; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores)`,
);
console.log(
  `  first draw ${cold.value[0]?.ticket} ${cold.value[0]?.batch} #${cold.value[0]?.position}; last ${cold.value.at(-1)?.ticket}`,
);

// 2. ALPHA comparison sample size.
const contest = buildContest({
  name: 'Bench',
  ballots: 1_000_000,
  winners: 1,
  choices: { Winner: 510_000, Loser: 490_000 },
});
const { result: size } = await measure(
  'ALPHA comparison sample size, 10,000 simulations (N = 1,000,000, margin 2 %)',
  () =>
    alphaSampleSize({
      contest,
      riskLimit: 0.05,
      kind: 'comparison',
      simulations: 10_000,
      quantile: 0.9,
      seed: 'bench',
      withReplacement: true,
    }),
);
console.log(`  90th-percentile sample size: ${size.ok ? size.value : JSON.stringify(size.error)}`);

// 3. Dominion CVR export with 1,000,000 rows.
const cvrFile = join(out, 'dominion-cvr-1m.csv');
if (!existsSync(cvrFile)) {
  const lines = [
    'Bench Election,5.10.50.85,,,,,,,,,,,,,,',
    ',,,,,,,,Mayor (Vote For=1),Mayor (Vote For=1),Mayor (Vote For=1),Mayor (Vote For=1),Council (Vote For=2),Council (Vote For=2),Council (Vote For=2)',
    ',,,,,,,,Alice,Bob,Carol,Write-In,Dan,Eve,Frank',
    'CvrNumber,TabulatorNum,BatchId,RecordId,ImprintedId,CountingGroup,PrecinctPortion,BallotType,,,,,,,',
  ];
  // A fixed pattern (no randomness needed): deterministic marks that vary by row.
  for (let row = 0; row < 1_000_000; row++) {
    const tabulator = 1 + (row % 7);
    const batch = Math.floor(row / 1000) + 1;
    const record = (row % 1000) + 1;
    const mayor = ['1,0,0,0', '0,1,0,0', '0,0,1,0', '0,0,0,1', '0,0,0,0'][row % 5];
    const council =
      row % 3 === 0 ? ',,' : ['1,1,0', '0,1,1', '1,0,0'][row % 4 === 0 ? 0 : row % 2 === 0 ? 1 : 2];
    lines.push(
      `${row},${tabulator},${batch},${record},${tabulator}-${batch}-${record},Election Day,Precinct ${1 + (row % 40)},Ballot ${1 + (row % 3)},${mayor},${council}`,
    );
  }
  writeFileSync(cvrFile, `${lines.join('\r\n')}\r\n`);
}
const cvrBytes = readFileSync(cvrFile);
const { result: cvrs } = await measure(
  `parse 1,000,000-row Dominion CVR export (${(statSync(cvrFile).size / 2 ** 20).toFixed(0)} MB)`,
  () => parseDominionCvrs({ file: cvrFile, bytes: cvrBytes }),
);
if (!cvrs.ok) throw new Error(JSON.stringify(cvrs.error.slice(0, 3)));
console.log(`  ${cvrs.value.ballotCount} ballots; totals ${JSON.stringify(cvrs.value.totals)}`);

// 4. The export against its manifest.
const perBatch = new Map<string, number>();
for (let row = 0; row < 1_000_000; row++) {
  const key = `${1 + (row % 7)},${Math.floor(row / 1000) + 1}`;
  perBatch.set(key, (perBatch.get(key) ?? 0) + 1);
}
const cvrManifestText = `Tabulator,Batch Name,Number of Ballots\n${[...perBatch].map(([key, count]) => `${key},${count}`).join('\n')}\n`;
const cvrManifest = parseManifest({
  file: 'cvr-manifest.csv',
  bytes: new TextEncoder().encode(cvrManifestText),
  jurisdiction: 'Bench County',
});
if (!cvrManifest.ok) throw new Error(JSON.stringify(cvrManifest.error.slice(0, 3)));
const { result: matched } = await measure(
  `match 1,000,000 CVRs to a ${perBatch.size}-batch manifest`,
  () => matchCvrsToManifest({ cvrs: cvrs.value, format: 'dominion', manifest: cvrManifest.value }),
);
if (!matched.ok) throw new Error(JSON.stringify(matched.error.slice(0, 3)));

await benchZip64();
benchBigZip();

/** 6. The CLI over Hart ZIPs larger than 4 GB, in a child process: wall, CPU, peak RSS. */
function benchBigZip(): void {
  const main = join(here, '..', '..', 'apps', 'cli', 'src', 'main.ts');
  const script = `import { main } from ${JSON.stringify(main)};
const cpu = process.cpuUsage();
const start = performance.now();
process.exitCode = await main(['node', 'vigil', ...process.argv.slice(1)]);
const used = process.cpuUsage(cpu);
process.stderr.write(JSON.stringify({ wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6, maxRss: process.resourceUsage().maxRSS * 1024 }) + '\\n');`;
  for (const [ballots, paddings] of [
    [20_000, 2],
    [200_000, 2],
    [200_000, 0],
  ] as const) {
    const file = join(out, `hart-${ballots}-${paddings}.zip`);
    const written = writeSparseHartZip(file, { paddings, paddingBytes: 2.25 * 2 ** 30, ballots });
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
        'audit',
        'cvrs',
        '--format',
        'hart',
        file,
        '--json',
      ],
      { encoding: 'utf8', maxBuffer: 2 ** 28 },
    );
    const stats = JSON.parse(child.stderr.trim().split('\n').at(-1) ?? '{}') as {
      wall: number;
      cpu: number;
      maxRss: number;
    };
    const parsed = JSON.parse(child.stdout) as { ballots: number };
    if (child.status !== 0 || parsed.ballots !== ballots) throw new Error(child.stderr);
    const real = statSync(file).blocks * 512;
    console.log(
      `audit cvrs --format hart: ${ballots.toLocaleString('en')} ballots in a ${(written.size / 2 ** 30).toFixed(2)} GB ZIP (${(real / 2 ** 20).toFixed(0)} MB on disk; first ballot at byte ${written.firstBallotOffset.toLocaleString('en')}): ${stats.wall.toFixed(2)} s wall, ${stats.cpu.toFixed(2)} s CPU, peak RSS ${(stats.maxRss / 2 ** 20).toFixed(0)} MB`,
    );
    rmSync(file);
  }
}

/** 5. A 100,000-entry ZIP64 archive, read with wall and CPU time. */
async function benchZip64(): Promise<void> {
  const entries = 100_000;
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const encoder = new TextEncoder();
  for (let index = 0; index < entries; index++) {
    const name = encoder.encode(`cvr-${index}.xml`);
    const content = encoder.encode(
      `<?xml version="1.0" encoding="utf-8"?>\n<Cvr xmlns="http://tempuri.org/CVRDesign.xsd"><Contests><Contest><Name>Mayor</Name><Options><Option><Name>${index % 3 === 0 ? 'Alice' : 'Bob'}</Name></Option></Options></Contest></Contests><BatchSequence>${(index % 500) + 1}</BatchSequence><BatchNumber>${Math.floor(index / 500) + 1}</BatchNumber><CvrGuid>guid-${index}</CvrGuid></Cvr>`,
    );
    const data = deflateRawSync(content);
    const header = (size: number, signature: number, isCentral: boolean): Uint8Array => {
      const bytes = new Uint8Array(size + name.length);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, signature, true);
      const at = isCentral ? 10 : 8;
      view.setUint16(at, 8, true);
      view.setUint32(at + 6, crc32(content), true);
      view.setUint32(at + 10, data.length, true);
      view.setUint32(at + 14, content.length, true);
      view.setUint16(at + 18, name.length, true);
      if (isCentral) view.setUint32(42, offset, true);
      bytes.set(name, size);
      return bytes;
    };
    const local = header(30, 0x04034b50, false);
    central.push(header(46, 0x02014b50, true));
    parts.push(local, data);
    offset += local.length + data.length;
  }
  const directorySize = central.reduce((sum, entry) => sum + entry.length, 0);
  const tail = new Uint8Array(56 + 20 + 22);
  const tailView = new DataView(tail.buffer);
  tailView.setUint32(0, 0x06064b50, true);
  tailView.setBigUint64(4, 44n, true);
  tailView.setBigUint64(24, BigInt(entries), true);
  tailView.setBigUint64(32, BigInt(entries), true);
  tailView.setBigUint64(40, BigInt(directorySize), true);
  tailView.setBigUint64(48, BigInt(offset), true);
  tailView.setUint32(56, 0x07064b50, true);
  tailView.setBigUint64(64, BigInt(offset + directorySize), true);
  tailView.setUint32(72, 1, true);
  tailView.setUint32(76, 0x06054b50, true);
  tailView.setUint16(84, 0xffff, true);
  tailView.setUint16(86, 0xffff, true);
  tailView.setUint32(88, 0xffffffff, true);
  tailView.setUint32(92, 0xffffffff, true);
  const archive = new Uint8Array(offset + directorySize + tail.length);
  let at = 0;
  for (const part of [...parts, ...central, tail]) {
    archive.set(part, at);
    at += part.length;
  }
  const cpu = process.cpuUsage();
  const { result: unzipped } = await measure(
    `read a ${entries.toLocaleString('en')}-entry ZIP64 archive (${(archive.length / 2 ** 20).toFixed(1)} MB)`,
    () =>
      readZip({ file: 'hart.zip', bytes: archive, inflateRaw: (bytes) => inflateRawSync(bytes) }),
  );
  const used = process.cpuUsage(cpu);
  console.log(
    `  ${((used.user + used.system) / 1e6).toFixed(3)} s CPU; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
  );
  if (!unzipped.ok || unzipped.value.length !== entries)
    throw new Error('ZIP64 bench archive not read');
}
