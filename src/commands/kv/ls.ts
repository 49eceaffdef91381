import {Args, Flags} from '../../cli/oclif.js'

import {BaseCommand} from '../../cli/base-command.js'
import {hexBytes} from '../../cli/flags-bytes.js'
import {db, system} from '../../cli/flags-store.js'
import {listLines} from '../../cli/render-kv.js'
import {kvList, SochError, type ListResult} from '../../engine/index.js'

export default class KvLs extends BaseCommand {
  static override summary = 'List the children of a key path, like a directory.'
  static override description =
    'Keys are paths separated by "/". Prints the distinct next segments under PATH, one per line, in key order; ' +
    'a segment that has keys below it ends with "/" (users/ lists "42" for the key users/42 and "42/" for users/42/x). ' +
    'Without PATH: the top level. A path that is not UTF-8 text is given as --path-hex.'

  static override examples = ['<%= config.bin %> kv ls', '<%= config.bin %> kv ls users/']

  static override args = {path: Args.string({description: 'the path ("/" is added when missing)', default: ''})}
  static override flags = {
    db,
    'path-hex': Flags.string({description: 'PATH as hex bytes'}),
    system,
  }

  async run(): Promise<ListResult> {
    const {args, flags} = await this.parse(KvLs)
    if (flags['path-hex'] !== undefined && args.path) throw new SochError('USAGE', 'give PATH or --path-hex, not both')
    const path = flags['path-hex'] !== undefined ? hexBytes(flags['path-hex'], 'path-hex') : (args.path ?? '')
    const r = kvList(flags.db, path, flags.system)
    if (r.children.length > 0) this.log(listLines(r).join('\n'))
    return r
  }
}
