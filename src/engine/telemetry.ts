// --telemetry: what a build cost the process, from getrusage (process.resourceUsage),
// which covers the main thread and every pool worker.

export interface Telemetry {
  user_cpu_seconds: number
  system_cpu_seconds: number
  /** Peak resident set size of the process so far, in bytes. */
  peak_rss_bytes: number
  minor_page_faults: number
  major_page_faults: number
}

export type UsageMark = NodeJS.ResourceUsage

export function mark(): UsageMark {
  return process.resourceUsage()
}

/** The cost between `start` and now (peak RSS is the process's lifetime peak). */
export function since(start: UsageMark): Telemetry {
  const now = process.resourceUsage()
  return {
    user_cpu_seconds: (now.userCPUTime - start.userCPUTime) / 1e6,
    system_cpu_seconds: (now.systemCPUTime - start.systemCPUTime) / 1e6,
    peak_rss_bytes: now.maxRSS * 1024,
    minor_page_faults: now.minorPageFault - start.minorPageFault,
    major_page_faults: now.majorPageFault - start.majorPageFault,
  }
}
