import {Args, Flags} from '../../cli/oclif.js'

import {BaseCommand} from '../../cli/base-command.js'
import {b64Bytes, hexBytes, keyFlags, keyFrom} from '../../cli/flags-bytes.js'
import {db, sync, system, wait} from '../../cli/flags-store.js'
import {keyText} from '../../cli/render-kv.js'
import {readStdin} from '../../cli/stdin.js'
import {kvPut, plural, SochError, type PutResult, type ValueSource} from '../../engine/index.js'

export default class KvPut extends BaseCommand {
  static override summary = 'Set a key to a value.'
  static override description =
    'The value is the VALUE argument (its UTF-8), the bytes of --value-file, --value-hex or --value-b64, or stdin ' +
    'when VALUE is "-" (binary-safe). A key that is not UTF-8 text is given as --key-hex or --key-b64; the first ' +
    'argument is then the VALUE. Creates the database if it does not exist. The write is durable when the command ' +
    'exits 0 (under --sync normal or full).'

  static override examples = [
    '<%= config.bin %> kv put users/42 \'{"name":"Ada"}\'',
    '<%= config.bin %> kv put blobs/logo --value-file logo.png',
    'gzip -c notes.txt | <%= config.bin %> kv put notes/1 -',
    '<%= config.bin %> kv put --key-hex 00ff01 --value-hex c328',
  ]

  static override args = {
    key: Args.string({description: 'the key (or --key-hex, --key-b64)'}),
    value: Args.string({description: 'the value, or - to read it from stdin'}),
  }

  static override flags = {
    db,
    ...keyFlags,
    'value-file': Flags.string({description: 'read the value from this file (binary-safe)'}),
    'value-hex': Flags.string({description: 'the value as hex bytes (e.g. 00ff41)'}),
    'value-b64': Flags.string({description: 'the value as base64'}),
    sync,
    wait,
    system,
  }

  async run(): Promise<PutResult> {
    const {args, flags} = await this.parse(KvPut)
    // With --key-hex / --key-b64 the one positional argument is the value.
    const byFlag = flags['key-hex'] !== undefined || flags['key-b64'] !== undefined
    if (byFlag && args.value !== undefined) throw new SochError('USAGE', 'with --key-hex or --key-b64, give at most one argument: the VALUE')
    const key = keyFrom(byFlag ? undefined : args.key, flags)
    const text = byFlag ? args.key : args.value
    const {'value-file': file, 'value-hex': hex, 'value-b64': b64} = flags
    if ([text, file, hex, b64].filter((v) => v !== undefined).length !== 1) {
      throw new SochError('USAGE', 'give the value as an argument, as - (stdin), or with --value-file, --value-hex or --value-b64, exactly one of them')
    }
    const value: ValueSource =
      file !== undefined
        ? {file}
        : hex !== undefined
          ? {bytes: hexBytes(hex, 'value-hex')}
          : b64 !== undefined
            ? {bytes: b64Bytes(b64, 'value-b64')}
            : text === '-'
              ? {bytes: await readStdin()}
              : {text: text!}
    const r = await kvPut({db: flags.db, sync: flags.sync, waitMs: flags.wait, key, value, system: flags.system})
    this.log(`Put ${keyText(r)} (${plural(r.bytes, 'byte')}) at LSN ${r.lsn}`)
    return r
  }
}
