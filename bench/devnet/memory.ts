import { readFileSync } from 'node:fs';

export const MIB = 1024 * 1024;

/** A field of /proc/<pid>/status in bytes (the kernel reports kB), or undefined when the kernel has no such field. */
function statusField(pid: number | 'self', field: string): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/**
 * Peak resident set size of a process in bytes: `VmHWM` (the kernel's high-water mark, so no sampling can miss
 * a peak), falling back to the current RSS elsewhere than Linux.
 */
export function readVmHwm(pid: number): number {
  return statusField(pid, 'VmHWM') ?? statusField(pid, 'VmRSS') ?? Number.NaN;
}

/** Resident memory of a process now, split into anonymous (heap, stacks) and file-backed (code, LMDB's map) pages. */
export function readRss(pid: number): { anon: number; file: number } {
  return { anon: statusField(pid, 'RssAnon') ?? Number.NaN, file: statusField(pid, 'RssFile') ?? Number.NaN };
}

/** The bench client's own peak RSS in bytes. */
export function clientPeakRss(): number {
  return statusField('self', 'VmHWM') ?? process.resourceUsage().maxRSS * 1024;
}

export function mib(bytes: number): string {
  return (bytes / MIB).toFixed(0);
}
