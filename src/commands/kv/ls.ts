import {Args} from '../../cli/oclif.js'

import {BaseCommand} from '../../cli/base-command.js'
import {db, system} from '../../cli/flags-store.js'
import {listLines} from '../../cli/render-kv.js'
import {kvList, type ListResult} from '../../engine/index.js'

export default class KvLs extends BaseCommand {
  static override summary = 'List the children of a key path, like a directory.'
  static override description =
    'Keys are paths separated by "/". Prints the distinct next segments under PATH, one per line, in key order; ' +
    'a segment that has keys below it ends with "/" (users/ lists "42" for the key users/42 and "42/" for users/42/x). ' +
    'Without PATH: the top level.'

  static override examples = ['<%= config.bin %> kv ls', '<%= config.bin %> kv ls users/']

  static override args = {path: Args.string({description: 'the path ("/" is added when missing)', default: ''})}
  static override flags = {db, system}

  async run(): Promise<ListResult> {
    const {args, flags} = await this.parse(KvLs)
    const r = kvList(flags.db, args.path ?? '', flags.system)
    if (r.children.length > 0) this.log(listLines(r).join('\n'))
    return r
  }
}
