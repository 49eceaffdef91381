// The load-average sentence of the bench:kv and bench:sql reports. "Other jobs shared the
// machine" is said only when the 1-minute load at the start shows other work.

/** `env.loadavg_start` / `loadavg_end`: "1m 5m 15m" strings, as the runners record them. */
export function loadSentence(env) {
  const shared = Number(String(env.loadavg_start).split(' ')[0]) > 1 ? ' (other jobs shared the machine)' : ''
  return `load average ${env.loadavg_start} at the start, ${env.loadavg_end} at the end${shared}.`
}
