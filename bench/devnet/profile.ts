/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, e.g. written by `npm run bench -- --cpu-prof DIR`): the
 * functions with the most self time, and the most inclusive time. With a focus, only the samples under a
 * function whose label contains FOCUS count (e.g. `submit`, `buildBlock`, `chain_getBlock`).
 * Usage: `tsx devnet/profile.ts FILE [TOP] [FOCUS]`.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? relative(process.cwd(), url.replace(/^file:\/\//, '')) : '';
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

function main(): void {
  const [file, topArg, focus] = process.argv.slice(2);
  if (!file) {
    console.error('Usage: tsx devnet/profile.ts FILE.cpuprofile [TOP]');
    process.exit(2);
  }
  const top = Number(topArg ?? 40);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const underFocus = (id: number) => {
    if (!focus) return true;
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      if (label(byId.get(current) as ProfileNode).includes(focus)) return true;
    }
    return false;
  };
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    if (underFocus(id)) selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, time] of selfTime) {
    const node = byId.get(id) as ProfileNode;
    self.set(label(node), (self.get(label(node)) ?? 0) + time);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const name = label(byId.get(current) as ProfileNode);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + time);
    }
  }
  const print = (title: string, times: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, time] of [...times].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(
        `${(time / 1000).toFixed(0).padStart(8)} ms ${((100 * time) / total).toFixed(1).padStart(5)}%  ${name}`,
      );
    }
  };
  console.log(`${(total / 1e6).toFixed(2)} s sampled${focus ? ` under ${focus}` : ''}`);
  print('self time', self);
  print('inclusive time', inclusive);
}

main();
