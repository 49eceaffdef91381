// The file piscina loads in each worker. piscina tries require() first; on Node ≥ 20.19
// require() of an ES module (worker.js) takes a path that can abort the whole process
// ("Assertion failed: facade->InstantiateModule" in ModuleWrap::CreateRequiredModuleFacade,
// seen in CI on Node 20.20). This CommonJS file makes that require() plain, and loads the
// real worker with import(), the path Node has long supported.

import type {WorkerTask} from './worker.js'

let worker: Promise<typeof import('./worker.js')> | undefined

function runTask(task: WorkerTask): Promise<unknown> {
  worker ??= import('./worker.js')
  return worker.then((loaded) => loaded.default(task))
}

export = runTask
