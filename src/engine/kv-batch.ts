// Writes packed for one crossing into Rust per batch (the layout is documented in
// native/node/src/store.rs): per op `u8 kind` (0 put, 1 delete), `u32 LE key length`,
// key, and for a put `u32 LE value length`, value. Strings are encoded straight into the
// buffer, with no intermediate Buffer per row.

export type Bytes = string | Uint8Array

export class PackedBatch {
  private buf: Buffer
  private off = 0
  /** Ops in the batch. */
  rows = 0

  constructor(capacity = 1 << 20) {
    this.buf = Buffer.allocUnsafe(capacity)
  }

  get byteLength(): number {
    return this.off
  }

  put(key: Bytes, value: Bytes): void {
    this.reserve(9 + maxBytes(key) + maxBytes(value))
    this.buf[this.off++] = 0
    this.field(key)
    this.field(value)
    this.rows++
  }

  delete(key: Bytes): void {
    this.reserve(5 + maxBytes(key))
    this.buf[this.off++] = 1
    this.field(key)
    this.rows++
  }

  /** The packed ops so far (a view, valid until the next write); then empties the batch. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.off)
    this.off = 0
    this.rows = 0
    return out
  }

  private field(b: Bytes): void {
    const at = this.off
    this.off += 4
    if (typeof b === 'string') {
      this.off += this.buf.write(b, this.off, 'utf8')
    } else {
      this.buf.set(b, this.off)
      this.off += b.byteLength
    }
    this.buf.writeUInt32LE(this.off - at - 4, at)
  }

  private reserve(n: number): void {
    if (this.off + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.off + n) size *= 2
    const grown = Buffer.allocUnsafe(size)
    this.buf.copy(grown, 0, 0, this.off)
    this.buf = grown
  }
}

/** An upper bound on the UTF-8 length: 3 bytes per UTF-16 unit. */
function maxBytes(b: Bytes): number {
  return typeof b === 'string' ? b.length * 3 : b.byteLength
}
