/**
 * `node --import tsx bench/rla/profile-sampler.ts`: the sampler benchmark's workload alone (200
 * draws, Arlo ids, 1,000,000 ballots in 1,000 batches), five warm runs, CPU time of each, for
 * profiling with --cpu-prof.
 */
import { parseManifest, sampleBallots } from '@vigil/rla';

const lines = ['Tabulator,Batch Name,Number of Ballots'];
for (let batch = 1; batch <= 1000; batch++)
  lines.push(`Tabulator ${1 + (batch % 7)},Batch ${String(batch).padStart(4, '0')},1000`);
const manifest = parseManifest({
  file: 'manifest-1m.csv',
  bytes: new TextEncoder().encode(`${lines.join('\n')}\n`),
  jurisdiction: 'Bench County',
});
if (!manifest.ok) throw new Error(JSON.stringify(manifest.error));
const runs = Number(process.argv[2] ?? 6);
for (let run = 0; run < runs; run++) {
  const cpu = process.cpuUsage();
  const sample = sampleBallots({
    manifests: [manifest.value],
    seed: '12345678901234567890',
    size: 200,
    withReplacement: true,
    idFormat: 'arlo',
  });
  const used = process.cpuUsage(cpu);
  if (!sample.ok) throw new Error('sample');
  console.log(`run ${run}: ${((used.user + used.system) / 1e6).toFixed(3)} s CPU; last ${sample.value.at(-1)?.ticket}`);
}
