import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { fmt } from './options.ts';

/** The machine the bench runs on, for the report's first line: cores, memory, load, Node. */
export function machineFacts(): string {
  return `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${fmt(totalmem() / 2 ** 30)} GiB RAM (${fmt(freemem() / 2 ** 30)} free), load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')} at the start, Node ${process.version}`;
}
