// Lines of an input file, read in large chunks with one native `indexOf` per line: no
// readline, no string per chunk. A line is a byte range of `buf`, valid until `next()`.

import {closeSync, fstatSync, openSync, readSync} from 'node:fs'

export class LineReader {
  buf: Buffer
  /** The current line: buf[start, end), without its "\n" or "\r\n". */
  start = 0
  end = 0
  /** 1-based number of the current line. */
  lineNo = 0
  readonly size: number
  private pos = 0
  private len = 0
  private base = 0
  private eof = false
  private readonly fd: number

  constructor(path: string, chunkBytes = 4 << 20) {
    this.fd = openSync(path, 'r')
    this.size = fstatSync(this.fd).size
    this.buf = Buffer.allocUnsafe(chunkBytes)
  }

  /** Bytes of the file consumed so far. */
  get consumed(): number {
    return this.base + this.pos
  }

  next(): boolean {
    for (;;) {
      const nl = this.pos < this.len ? this.buf.indexOf(10, this.pos) : -1
      if (nl >= 0 && nl < this.len) {
        this.take(nl)
        this.pos = nl + 1
        return true
      }
      if (this.eof) {
        if (this.pos >= this.len) return false
        this.take(this.len)
        this.pos = this.len
        return true
      }
      this.refill()
    }
  }

  close(): void {
    closeSync(this.fd)
  }

  private take(nl: number): void {
    this.start = this.pos
    this.end = nl > this.pos && this.buf[nl - 1] === 13 ? nl - 1 : nl
    this.lineNo++
    // A UTF-8 byte order mark on the first line is not part of the data.
    if (this.lineNo === 1 && this.end - this.start >= 3 && this.buf[0] === 0xef && this.buf[1] === 0xbb && this.buf[2] === 0xbf) {
      this.start += 3
    }
  }

  private refill(): void {
    if (this.pos > 0) {
      this.buf.copy(this.buf, 0, this.pos, this.len)
      this.len -= this.pos
      this.base += this.pos
      this.pos = 0
    }
    if (this.len === this.buf.length) {
      // One line longer than the buffer: grow it.
      const grown = Buffer.allocUnsafe(this.buf.length * 2)
      this.buf.copy(grown, 0, 0, this.len)
      this.buf = grown
    }
    const n = readSync(this.fd, this.buf, this.len, this.buf.length - this.len, null)
    if (n === 0) this.eof = true
    this.len += n
  }
}
