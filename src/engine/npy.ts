// .npy encoding of result arrays, with the exact header numpy writes (from the core).

import {native} from './binding.js'

export function npyBytes(descr: '<i8' | '<f4', shape: number[], data: BigInt64Array | Float32Array): Buffer {
  const header = native().npyHeader(descr, shape)
  return Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)])
}
