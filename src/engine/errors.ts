// Errors and exit codes: the one place that maps a failure to DESIGN.md's exit codes.
// Native errors arrive as `Error("[CODE] message")` (see native/node/src/errors.rs).

export type ErrorCode = 'INTERNAL' | 'USAGE' | 'INVALID_INPUT' | 'NOT_FOUND' | 'CORRUPT' | 'LOCKED' | 'IO'

export const EXIT_CODES: Readonly<Record<ErrorCode, number>> = {
  INTERNAL: 1,
  USAGE: 2,
  INVALID_INPUT: 3,
  NOT_FOUND: 4,
  CORRUPT: 5,
  LOCKED: 6,
  IO: 7,
}

export class SochError extends Error {
  /** More fields for the --json error document (e.g. where in a SQL script). */
  details?: Record<string, unknown>

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'SochError'
  }

  get exitCode(): number {
    return EXIT_CODES[this.code]
  }
}

const NATIVE_PREFIX = /^\[([A-Z_]+)\] ([\s\S]*)$/

// Node's own errno codes, for files the TypeScript side opens itself.
const ERRNO: Record<string, ErrorCode> = {
  ENOENT: 'NOT_FOUND',
  ENOTDIR: 'NOT_FOUND',
  EACCES: 'IO',
  EPERM: 'IO',
  ENOSPC: 'IO',
  EROFS: 'IO',
  EISDIR: 'IO',
  EIO: 'IO',
  EDQUOT: 'IO',
  EBADF: 'IO',
}

/** Any thrown value, as a SochError with a code. Unknown errors are INTERNAL (a bug). */
export function toSochError(err: unknown): SochError {
  if (err instanceof SochError) return err
  if (err instanceof Error) {
    const m = NATIVE_PREFIX.exec(err.message)
    if (m && m[1]! in EXIT_CODES) return new SochError(m[1] as ErrorCode, m[2]!)
    const errno = (err as NodeJS.ErrnoException).code
    if (errno && errno in ERRNO) return new SochError(ERRNO[errno]!, err.message)
    return new SochError('INTERNAL', err.stack ?? err.message)
  }
  return new SochError('INTERNAL', String(err))
}

/**
 * A failed write of `file`, as the user should read it: a full disk or quota names the
 * file and what to do (Node's own message is `ENOSPC: no space left on device, write`,
 * with no file). Any other error is returned as it is.
 */
export function writeError(error: unknown, file: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOSPC') return new SochError('IO', `disk full while writing ${file}: free space and run again`)
  if (code === 'EDQUOT') return new SochError('IO', `disk quota exceeded while writing ${file}: free space and run again`)
  return error
}
