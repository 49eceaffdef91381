// What the engine tells whoever is watching a long job. The CLI implements it with a
// progress bar or periodic lines on stderr (src/cli/progress.ts); tests collect calls.

export interface ProgressSink {
  /** A new phase: `total` units of `unit` to do (0 = unknown). */
  phase(name: string, total: number, unit: string): void
  /** `done` units of the current phase are finished. */
  update(done: number): void
  /** A warning for the person watching (stderr). */
  warn(message: string): void
  /** The job is over (success or failure): clear the bar. */
  stop(): void
}

export const silentProgress: ProgressSink = {
  phase() {},
  update() {},
  warn() {},
  stop() {},
}
