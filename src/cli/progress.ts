// Progress on stderr (stdout is for results): a cli-progress bar when stderr is a TTY,
// otherwise a plain line every few seconds, nothing with --quiet. chalk and cli-progress
// load here, when a command asks for progress, not when the CLI starts.

import type {ChalkInstance} from 'chalk'
import type cliProgressModule from 'cli-progress'

import type {ProgressSink} from '../engine/index.js'

const PLAIN_INTERVAL_MS = 5000

let chalkStderr: ChalkInstance
let cliProgress: typeof cliProgressModule

export async function createProgress(command: string, quiet: boolean): Promise<ProgressSink> {
  chalkStderr ??= (await import('chalk')).chalkStderr
  if (quiet) return {phase() {}, update() {}, warn: (m) => warn(m), stop() {}}
  if (!process.stderr.isTTY) return new LineProgress(command)
  cliProgress ??= (await import('cli-progress')).default
  return new BarProgress()
}

function warn(message: string): void {
  process.stderr.write(`${chalkStderr.yellow('Warning:')} ${message}\n`)
}

class BarProgress implements ProgressSink {
  private bar: cliProgressModule.SingleBar | undefined

  phase(name: string, total: number, unit: string): void {
    this.stop()
    if (total === 0) {
      process.stderr.write(`${chalkStderr.dim(name)}…\n`)
      return
    }
    this.bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${name} {bar} {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 50,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    )
    this.bar.start(total, 0, {rate: '0'})
    this.started = performance.now()
  }

  private started = 0

  update(done: number): void {
    const seconds = (performance.now() - this.started) / 1000
    this.bar?.update(done, {rate: seconds > 0 ? Math.round(done / seconds).toLocaleString('en-US') : '0'})
  }

  warn(message: string): void {
    warn(message)
  }

  stop(): void {
    this.bar?.stop()
    this.bar = undefined
  }
}

class LineProgress implements ProgressSink {
  private name = ''
  private unit = ''
  private total = 0
  private started = 0
  private lastPrinted = 0

  constructor(private readonly command: string) {}

  phase(name: string, total: number, unit: string): void {
    this.name = name
    this.unit = unit
    this.total = total
    this.started = performance.now()
    this.lastPrinted = this.started
    process.stderr.write(`${this.command}: ${name}${total ? ` ${total.toLocaleString('en-US')} ${total === 1 ? singular(unit) : unit}` : ''}\n`)
  }

  update(done: number): void {
    const now = performance.now()
    if (now - this.lastPrinted < PLAIN_INTERVAL_MS || !this.total) return
    this.lastPrinted = now
    const seconds = (now - this.started) / 1000
    const rate = done / seconds
    const eta = rate > 0 ? (this.total - done) / rate : 0
    process.stderr.write(
      `${this.command}: ${this.name} ${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ${this.unit}` +
        ` (${Math.floor((100 * done) / this.total)}%), ${Math.round(rate).toLocaleString('en-US')}/s, ETA ${Math.ceil(eta)}s\n`,
    )
  }

  warn(message: string): void {
    warn(message)
  }

  stop(): void {}
}

/** The unit of a count of one: the phases count queries, rows, vectors and bytes. */
function singular(unit: string): string {
  return unit === 'queries' ? 'query' : unit.replace(/s$/, '')
}
