// Start-up: a V8 code cache for the CommonJS modules the CLI loads (oclif and its
// dependencies, about 110 files). Compiling them is about a sixth of a `kv get`, and a
// shell loop pays it on every call. Node ≥ 22.1 does this itself (module.enableCompileCache,
// used when present); Node 20 has no such switch, so this does what Node 22 does:
// compile each file with `vm.Script` and the code V8 produced for the same source on an
// earlier run, and save new code at exit.
//
// Why it is safe:
// - an entry is used only for a byte-identical source (its SHA-1 is stored): V8 itself
//   checks only the source length, its own version and flags, and rejects the data (a
//   normal compile follows) when those differ;
// - files holding `import(` compile the normal way: code from `vm.Script` cannot run a
//   dynamic import without an experimental option, and oclif loads commands that way;
// - the file starts with a magic, a version and the Node version, and carries a SHA-1
//   of its body; anything unexpected is an empty cache, never an error. It is written
//   to a temporary name and renamed, so concurrent runs never see half a file; a
//   read-only install simply runs without it.
// Not a bundle: oclif stays as installed, and `npm install` remains the only build step.

import {createHash, hash as digest} from 'node:crypto'
import {mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import vm from 'node:vm'

const MAGIC = 'SOCHCC\0\0'
const VERSION = 1

interface Entry {
  sha1: string
  data: Buffer
}

interface CjsModule {
  exports: unknown
  require(id: string): unknown
}

interface ModuleStatics {
  prototype: {_compile(this: CjsModule, content: string, filename: string): unknown}
  wrap(content: string): string
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: unknown): string
  _resolveLookupPaths(request: string, parent: CjsModule): string[] | null
  _extensions: unknown
  _cache: unknown
  enableCompileCache?: (dir?: string) => unknown
}

// An `import(` call, but not the text "import()" (oclif's bundle has it in a message).
const DYNAMIC_IMPORT = /\bimport\((?!\))/

const sha1 = (text: string): string => digest('sha1', text)

/** Reads the cache file; any problem (missing, other Node, damaged) is an empty cache. */
function readCache(file: string, stamp: string): Map<string, Entry> {
  const entries = new Map<string, Entry>()
  let buf: Buffer
  try {
    buf = readFileSync(file)
  } catch {
    return entries
  }
  try {
    if (buf.toString('latin1', 0, 8) !== MAGIC || buf.readUInt32LE(8) !== VERSION) return entries
    const body = buf.subarray(32)
    if (buf.toString('hex', 12, 32) !== createHash('sha1').update(body).digest('hex')) return entries
    const indexLen = body.readUInt32LE(0)
    const index = JSON.parse(body.toString('utf8', 4, 4 + indexLen)) as {stamp: string; files: [string, string, number][]}
    if (index.stamp !== stamp) return entries
    let at = 4 + indexLen
    for (const [name, hash, len] of index.files) {
      entries.set(name, {sha1: hash, data: body.subarray(at, at + len)})
      at += len
    }
  } catch {
    entries.clear()
  }
  return entries
}

function writeCache(file: string, stamp: string, entries: Map<string, Entry>): void {
  const files = [...entries].map(([name, e]): [string, string, number] => [name, e.sha1, e.data.length])
  const index = Buffer.from(JSON.stringify({stamp, files}))
  const indexLen = Buffer.alloc(4)
  indexLen.writeUInt32LE(index.length)
  const body = Buffer.concat([indexLen, index, ...[...entries.values()].map((e) => e.data)])
  const head = Buffer.alloc(32)
  head.write(MAGIC, 0, 'latin1')
  head.writeUInt32LE(VERSION, 8)
  head.write(createHash('sha1').update(body).digest('hex'), 12, 'hex')
  mkdirSync(path.dirname(file), {recursive: true})
  const tmp = `${file}.${process.pid}.tmp`
  try {
    writeFileSync(tmp, Buffer.concat([head, body]))
    renameSync(tmp, file)
  } catch {
    rmSync(tmp, {force: true})
  }
}

/**
 * Makes later `require`s of files under a `node_modules` directory use (and fill) the
 * code cache in `dir`. Call before importing @oclif/core. NODE_DISABLE_COMPILE_CACHE
 * turns it off, as it does Node's own.
 */
export function enableCompileCache(dir: string): void {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return
  const Module = createRequire(import.meta.url)('node:module') as ModuleStatics
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache(dir)
    return
  }
  const file = path.join(dir, 'v8-code-cache.bin')
  const stamp = `${process.version} ${process.arch}`
  const cache = readCache(file, stamp)
  const compiled = new Map<string, {script: vm.Script; sha1: string}>()
  let stale = false
  const compile = Module.prototype._compile
  Module.prototype._compile = function (this: CjsModule, content: string, filename: string) {
    if (!cacheable(filename) || DYNAMIC_IMPORT.test(content)) {
      return compile.call(this, content, filename)
    }
    const hash = sha1(content)
    const entry = cache.get(filename)
    const cachedData = entry?.sha1 === hash ? entry.data : undefined
    const script = new vm.Script(Module.wrap(content), {filename, cachedData})
    if (!cachedData || script.cachedDataRejected) {
      stale = true
      compiled.set(filename, {script, sha1: hash})
    }
    return script.runInThisContext({displayErrors: true}).call(
      this.exports,
      this.exports,
      requireFor(Module, this),
      this,
      filename,
      path.dirname(filename),
    )
  }
  process.once('exit', () => {
    if (!stale) return
    try {
      // Created after the run, the data also holds the functions V8 compiled lazily.
      for (const [name, {script, sha1: hash}] of compiled) cache.set(name, {sha1: hash, data: script.createCachedData()})
      writeCache(file, stamp, cache)
    } catch {
      // A cache that cannot be written costs only start-up time.
    }
  })
}

/** Installed dependencies and the oclif bundle (scripts/bundle-oclif.mjs): the code that is the same on every run. */
function cacheable(filename: string): boolean {
  return filename.includes(`${path.sep}node_modules${path.sep}`) || filename.endsWith('.bundle.cjs')
}

/** The `require` a CommonJS module sees, as Node's loader builds it. */
function requireFor(Module: ModuleStatics, mod: CjsModule): NodeJS.Require {
  const require = ((id: string) => mod.require(id)) as NodeJS.Require
  const resolve = ((request: string, options?: {paths?: string[]}) =>
    Module._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve
  resolve.paths = (request: string) => Module._resolveLookupPaths(request, mod)
  require.resolve = resolve
  require.main = process.mainModule
  require.extensions = Module._extensions as NodeJS.Require['extensions']
  require.cache = Module._cache as NodeJS.Require['cache']
  return require
}
