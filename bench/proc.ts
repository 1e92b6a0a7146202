/** What Linux says of a process in /proc: its memory and the CPU time it used (the benchmarks' readings). */
import { readFileSync } from 'node:fs'

/** A memory field of /proc/<pid>/status in KiB: VmRSS (now) or VmHWM (the peak so far). */
export function statusKiB(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
}

/** Resident set size now, in MiB. */
export function rssMiB(pid: number | undefined): number {
  return statusKiB(pid, 'VmRSS') / 1024
}

/** CPU time the process has used (user + system), in seconds (/proc/<pid>/stat, ticks of 1/100 s). */
export function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / 100
}
