// Raw results -> markdown: the issue's target ratios first, then the tables. Cells are "median [min–max]".
const OURS = 'sochdb-bulk'
const PEERS = ['hnswlib-native', 'usearch', 'hnswlib-node']
const isOurs = (tool) => tool.startsWith(OURS)

const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const num = (x, nd = 0) => x.toLocaleString('en-US', {minimumFractionDigits: nd, maximumFractionDigits: nd})
const cell = (xs, nd = 0) => {
  xs = xs.filter((x) => x !== null && x !== undefined && Number.isFinite(x))
  if (!xs.length) return '-'
  return xs.length === 1 ? num(xs[0], nd) : `${num(med(xs), nd)} [${num(Math.min(...xs), nd)}–${num(Math.max(...xs), nd)}]`
}
const m = (xs) => {
  xs = xs.filter((x) => x !== null && x !== undefined && Number.isFinite(x))
  return xs.length ? med(xs) : null
}
const MiB = (b) => (b == null ? null : b / 2 ** 20)
const table = (hdr, rows) => [`| ${hdr.join(' | ')} |`, `|${hdr.map(() => '---|').join('')}`,
  ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')

export function render(raw) {
  const {env, config: c, records: R} = raw
  const sel = (q) => R.filter((r) => Object.entries(q).every(([k, v]) => (typeof v === 'function' ? v(r[k]) : r[k] === v)))
  const pick = (q, f) => sel(q).map(f)
  const T = c.threads
  const dsets = c.datasets
  // Ours at each kernel level measured (sochdb-bulk = the CPU's best, sochdb-bulk@avx2 = pinned), then the peers.
  const oursAt = [...new Set(R.filter((r) => r.tool && isOurs(r.tool)).map((r) => r.tool))].sort()
  const TOOLS = [...oursAt, ...PEERS]
  const tools = (ds) => TOOLS.filter((t) => sel({ds, tool: t, kind: 'build'}).length)
  const vps = (r) => r.n / r.build_s
  const vpsWall = (r) => (r.wall_s ? r.n / r.wall_s : null)
  const out = []

  out.push(`# sochdb-bulk vector benchmark${c.quick ? ' — QUICK smoke config (small data, not comparable)' : ''}`, '')
  out.push(`- date: ${env.date}; ${c.reps} rep(s), reps outermost; ${env.total_minutes ?? '?'} min in all`)
  out.push(`- machine: ${env.cpu_model}, ${env.host_cores} cores (${env.simd}), ${env.mem_gib} GiB, ${env.kernel}; ` +
    `load average at start ${env.loadavg_start?.join(' ')}, at end ${env.loadavg_end?.join(' ') ?? '?'}`)
  out.push(`- versions: sochdb-bulk ${env.sochdb_bulk} (git ${env.git}), node ${env.node}, hnswlib-node ${env['hnswlib-node']}, ` +
    `usearch ${env.usearch}, hnswlib-native = ${env.hnswlib_native} (g++ ${env.gxx})`)
  out.push(`- protocol: M = ${c.M}, ef_construction = ${c.efc}, ${T} build threads where a tool has them (hnswlib-node: 1); ` +
    `queries: ${c.sizes.nq} held out per set, recall@10 against exact top-10; throughput: the queries ×10 at ef ${c.tputEf}`)
  out.push(`- data: ${dsets.map((d) => `${d} ${num(raw.data?.[d]?.n ?? 0)} × ${raw.data?.[d]?.d} (${raw.data?.[d]?.metric})`).join(', ')}`, '')

  // ---------------------------------------------------------------- targets
  const lines = []
  const verdict = (x, ok) => (x == null ? 'n/a' : ok ? 'PASS' : 'FAIL')
  const r2 = (x) => (x == null ? '-' : x.toFixed(2))
  const buildOf = (ds, tool, threads, ordering = 'none', input = undefined, codesOnly = undefined) =>
    sel({ds, tool, kind: 'build', threads, ordering, input: (i) => i === input, codes_only: (x) => x === codesOnly})
  const recallAt = (ds, tool, ef) =>
    m(pick({ds, tool, kind: 'search', ef, ordering: (o) => o !== 'kmeans', codes_only: (x) => !x}, (r) => r.recall))
  for (const ds of dsets.filter((d) => d !== 'big128')) {
    const ours = buildOf(ds, OURS, T), hn = buildOf(ds, 'hnswlib-native', T)
    const hv = m(hn.map(vps)), ow = m(ours.map(vpsWall)), oe = m(ours.map(vps))
    const rw = ow && hv ? ow / hv : null
    const dr = recallAt(ds, OURS, 64) != null && recallAt(ds, 'hnswlib-native', 64) != null
      ? recallAt(ds, OURS, 64) - recallAt(ds, 'hnswlib-native', 64) : null
    lines.push(`- **Build ${ds}** (${T} threads): ours ${ow ? num(ow) : '-'} vec/s whole process (${oe ? num(oe) : '-'} by its own ` +
      `elapsed) vs hnswlib-native ${hv ? num(hv) : '-'} build+save → **${r2(rw)}×** (target ≥ 1.3: ${verdict(rw, rw >= 1.3)}; ` +
      `by elapsed ${r2(oe && hv ? oe / hv : null)}×); recall@10 at ef 64 ours − hnswlib = ${dr == null ? '-' : dr.toFixed(4)} ` +
      `(target ≥ −0.005: ${verdict(dr, dr >= -0.005)})`)
  }
  for (const ds of dsets) {
    const w1 = m(buildOf(ds, OURS, 1).map((r) => r.wall_s)), w2 = m(buildOf(ds, OURS, T).map((r) => r.wall_s))
    const e1 = m(buildOf(ds, OURS, 1).map((r) => r.build_s)), e2 = m(buildOf(ds, OURS, T).map((r) => r.build_s))
    const q1 = m(pick({ds, tool: OURS, kind: 'tput', threads: 1}, (r) => r.qps))
    const q2 = m(pick({ds, tool: OURS, kind: 'tput', threads: T}, (r) => r.qps))
    const rb = w1 && w2 ? w1 / w2 : null, rq = q1 && q2 ? q2 / q1 : null
    const build = w1 ? `build ${T} vs 1 thread **${r2(rb)}×** whole process (${r2(e1 && e2 ? e1 / e2 : null)}× by elapsed; ` +
      `target ≥ 1.8: ${verdict(rb, rb >= 1.8)}); ` : ''
    lines.push(`- **Threads ${ds}**: ${build}batch query ${T} vs 1 thread **${r2(rq)}×** (target ≥ 1.8: ${verdict(rq, rq >= 1.8)})`)
  }
  if (dsets.includes('clust768')) {
    const at99 = (tool, f) => {
      for (const ef of c.efs) {
        const rec = recallAt('clust768', tool, ef)
        if (rec != null && rec >= 0.99) return {ef, rec, qps: m(pick({ds: 'clust768', tool, kind: 'search', ef, ordering: (o) => o !== 'kmeans', codes_only: (x) => !x}, f))}
      }
      return null
    }
    const o = at99(OURS, (r) => r.qps), ow = at99(OURS, (r) => r.qps_wall), h = at99('hnswlib-native', (r) => r.qps)
    const rq = o && h ? o.qps / h.qps : null
    const d = (x) => (x ? `${num(x.qps)} q/s at ef ${x.ef} (recall ${x.rec.toFixed(3)})` : 'recall ≥ 0.99 not reached')
    lines.push(`- **Query clust768** at recall@10 ≥ 0.99, 1 thread: ours ${d(o)} by its own elapsed, ` +
      `${ow ? num(ow.qps) : '-'} q/s whole process; hnswlib-native ${d(h)} → **${r2(rq)}×** ` +
      `(target ≥ 1.2: ${verdict(rq, rq >= 1.2)}; whole process ${r2(ow && h ? ow.qps / h.qps : null)}×)`)
  }
  if (dsets.includes('big128')) {
    const ob = m(pick({tool: OURS, kind: 'open', size: 'big'}, (r) => r.s)), ot = m(pick({tool: OURS, kind: 'open', size: 'tiny'}, (r) => r.s))
    const ro = ob && ot ? ob / ot : null
    lines.push(`- **Open**: query of one vector, whole process: ${num(c.sizes.big128)}-vector index ${ob ? ob.toFixed(3) : '-'} s (target < 0.3: ` +
      `${verdict(ob, ob < 0.3)}), 1,000-vector index ${ot ? ot.toFixed(3) : '-'} s → **${r2(ro)}×** (target ≤ 1.5: ${verdict(ro, ro <= 1.5)})`)
    const b = buildOf('big128', OURS, T)
    const rss = m(b.map((r) => r.rss_mb)), ib = m(b.map((r) => MiB(r.index_bytes)))
    const rm = rss && ib ? rss / ib : null
    lines.push(`- **Memory big128** build: peak RSS ${rss ? num(rss) : '-'} MiB vs index (vectors + graph) ${ib ? num(ib) : '-'} MiB ` +
      `→ **${r2(rm)}×** (target ≤ 1.15: ${verdict(rm, rm <= 1.15)})`)
    const kw = m(buildOf('big128', OURS, T, 'kmeans').map((r) => r.wall_s)), nw = m(b.map((r) => r.wall_s))
    const kq = m(pick({ds: 'big128', tool: OURS, kind: 'search', ordering: 'kmeans'}, (r) => r.qps))
    const nq = m(pick({ds: 'big128', tool: OURS, kind: 'search', ef: c.tputEf, ordering: undefined}, (r) => r.qps))
    const rk = kw && nw ? kw / nw : null
    lines.push(`- **Ordering big128**: kmeans / none build wall **${r2(rk)}×** (target ≤ 1.0: ${verdict(rk, rk <= 1.0)}); ` +
      `query QPS at ef ${c.tputEf} kmeans / none ${r2(kq && nq ? kq / nq : null)}×`)
  }
  out.push(...issue11Targets(raw, {sel, pick, buildOf, recallAt, oursAt, verdict, r2, vps, vpsWall}))
  out.push('## Targets (issue 4), medians side by side', '', ...lines, '')

  // ---------------------------------------------------------------- build
  const brows = []
  for (const ds of dsets) {
    for (const tool of tools(ds)) {
      for (const th of [...new Set(sel({ds, tool, kind: 'build'}).map((r) => r.threads))].sort().reverse()) {
        const b = buildOf(ds, tool, th)
        if (!b.length) continue
        brows.push([ds, tool, th, cell(b.map((r) => r.build_s), 1), cell(b.map(vps)), cell(b.map((r) => r.wall_s), 1),
          cell(b.map(vpsWall)), isOurs(tool) ? cell(b.map((r) => r.cpu_pct)) : '-', cell(b.map((r) => r.rss_mb)),
          cell(b.map((r) => MiB(r.index_bytes)), 1)])
      }
    }
  }
  out.push('## Build', '', table(['data set', 'tool', 'thr', 'build s', 'vec/s', 'process wall s', 'vec/s (process)', 'CPU %',
    'peak RSS MiB', 'index MiB'], brows), '')

  // ---------------------------------------------------------------- query sweep
  const qrows = []
  for (const ds of dsets) {
    for (const tool of tools(ds)) {
      const variants = isOurs(tool) ? [['qps', ' (own elapsed)'], ['qps_wall', ' (whole process)']] : [['qps', '']]
      for (const [key, label] of variants) {
        const row = [ds, tool + label]
        for (const ef of c.efs) {
          const s = sel({ds, tool, kind: 'search', ef, ordering: (o) => o !== 'kmeans', codes_only: (x) => !x})
          row.push(cell(s.map((r) => r.recall), 3), cell(s.map((r) => r[key])))
        }
        qrows.push(row)
      }
    }
    if (sel({ds, tool: OURS, kind: 'search', codes_only: true}).length) {
      const row = [ds, `${OURS} --codes-only (own elapsed)`]
      for (const ef of c.efs) {
        const s = sel({ds, tool: OURS, kind: 'search', ef, codes_only: true})
        row.push(cell(s.map((r) => r.recall), 3), cell(s.map((r) => r.qps)))
      }
      qrows.push(row)
    }
  }
  out.push('## Queries, 1 thread', '', table(['data set', 'tool', ...c.efs.flatMap((ef) => [`ef ${ef} R@10`, `ef ${ef} q/s`])], qrows), '')

  // ---------------------------------------------------------------- throughput
  const trows = []
  for (const ds of dsets) {
    for (const tool of tools(ds)) {
      for (const key of isOurs(tool) ? ['qps', 'qps_wall'] : ['qps']) {
        const q = (t) => pick({ds, tool, kind: 'tput', threads: t}, (r) => r[key])
        const a = m(q(1)), b = m(q(T))
        trows.push([ds, tool + (isOurs(tool) ? (key === 'qps' ? ' (own elapsed)' : ' (whole process)') : ''),
          cell(q(1)), T > 1 && q(T).length ? cell(q(T)) : '-', a && b && T > 1 ? r2(b / a) : '-'])
      }
    }
  }
  out.push(`## Batch query throughput (queries ×10, ef ${c.tputEf})`, '',
    table(['data set', 'tool', '1 thread q/s', `${T} threads q/s`, 'ratio'], trows), '')

  // ---------------------------------------------------------------- open, ordering
  if (dsets.includes('big128')) {
    const orows = TOOLS.map((tool) => {
      const b = pick({tool, kind: 'open', size: 'big'}, (r) => r.s), t = pick({tool, kind: 'open', size: 'tiny'}, (r) => r.s)
      return b.length ? [tool, cell(b, 3), cell(t, 3), m(b) && m(t) ? r2(m(b) / m(t)) : '-'] : null
    }).filter(Boolean)
    out.push('## Open an index and answer one query (whole process, warm page cache)', '',
      table(['tool', `big128 (${num(c.sizes.big128)}) s`, 'tiny128 (1,000) s', 'ratio'], orows), '')
    const krows = ['none', 'kmeans'].map((o) => {
      const b = buildOf('big128', OURS, T, o)
      const s = sel({ds: 'big128', tool: OURS, kind: 'search', ef: c.tputEf, ordering: o === 'none' ? undefined : o})
      return [o, cell(b.map((r) => r.build_s), 1), cell(b.map((r) => r.wall_s), 1), cell(b.map(vpsWall)),
        cell(s.map((r) => r.recall), 3), cell(s.map((r) => r.qps))]
    })
    out.push(`## Ordering on big128 (sochdb-bulk, ${T} threads)`, '', table(['ordering', 'build s', 'process wall s',
      'vec/s (process)', `R@10 ef ${c.tputEf}`, `q/s ef ${c.tputEf}`], krows), '')
  }

  const errs = R.filter((r) => r.kind === 'error')
  if (errs.length) {
    out.push('## Errors', '', ...[...new Map(errs.map((e) => [`${e.tool} ${e.ds} ${e.step}`, e])).values()]
      .map((e) => `- ${e.tool} ${e.ds} ${e.step} (rep ${e.rep}): ${e.message.replace(/\|/g, '\\|')}`), '')
  }
  out.push('Figures are defined in bench/README.md. Peers\' build s = build + save in-process; ours = `elapsed_seconds` ' +
    'of `build-index --json`, and the process wall clock beside it.', '')
  return out.join('\n')
}

/** The targets of issue 11, per kernel level of ours, against hnswlib-native in the same run. */
function issue11Targets(raw, h) {
  const {config: c, env} = raw
  const {sel, pick, buildOf, recallAt, oursAt, verdict, r2, vps, vpsWall} = h
  const T = c.threads
  const HN = 'hnswlib-native'
  const lines = []
  const kernelsOf = (tool) => {
    const k = sel({tool, kind: 'build'}).find((r) => r.kernels)?.kernels
    return k ? `f32 ${k.f32}, int8 ${k.int8}` : 'kernels not reported'
  }
  lines.push(`CPU: ${env.cpu_model} (${env.simd}). Ours at each level: ${oursAt.map((t) => `${t} (${kernelsOf(t)})`).join('; ')}; ` +
    `hnswlib-native built with g++ -O3 -march=native.`, '')
  for (const tool of oursAt) {
    for (const ds of ['clust768', 'glove50', 'big128'].filter((d) => c.datasets.includes(d))) {
      const o = buildOf(ds, tool, T), hn = buildOf(ds, HN, T)
      const ow = m(o.map(vpsWall)), hv = m(hn.map(vps))
      const rw = ow && hv ? ow / hv : null
      const ro = recallAt(ds, tool, 64), rh = recallAt(ds, HN, 64)
      const dr = ro != null && rh != null ? ro - rh : null
      lines.push(`- **Build ${ds}**, ${tool} (${T} threads, whole process): ${ow ? num(ow) : '-'} vec/s vs ${HN} ${hv ? num(hv) : '-'} ` +
        `→ **${r2(rw)}×** (target ≥ 1.5: ${verdict(rw, rw >= 1.5)}); recall@10 at ef 64 ours − hnswlib ` +
        `${dr == null ? '-' : dr.toFixed(4)} (target ≥ −0.005: ${verdict(dr, dr >= -0.005)})`)
    }
    for (const [ds, want] of [['glove50', 0.95], ['clust768', 0.99]].filter(([d]) => c.datasets.includes(d))) {
      const first = (t) => {
        for (const ef of c.efs) {
          const rec = recallAt(ds, t, ef)
          if (rec != null && rec >= want) return {ef, rec, qps: m(pick({ds, tool: t, kind: 'search', ef, ordering: (o) => o !== 'kmeans', codes_only: (x) => !x}, (r) => r.qps))}
        }
        return null
      }
      const o = first(tool), hn = first(HN)
      const rq = o && hn ? o.qps / hn.qps : null
      const d = (x) => (x ? `${num(x.qps)} q/s at ef ${x.ef} (recall ${x.rec.toFixed(3)})` : `recall ≥ ${want} not reached`)
      lines.push(`- **Query ${ds}** at recall@10 ≥ ${want}, 1 thread, own elapsed: ${tool} ${d(o)} vs ${HN} ${d(hn)} ` +
        `→ **${r2(rq)}×** (target ≥ 2: ${verdict(rq, rq >= 2)})`)
    }
  }
  for (const ds of c.datasets) {
    const ob = m(buildOf(ds, OURS, T).map((r) => r.index_bytes)), hb = m(buildOf(ds, HN, T).map((r) => r.index_bytes))
    const rs = ob && hb ? ob / hb : null
    const co = m(buildOf(ds, OURS, T, 'none', undefined, true).map((r) => r.index_bytes))
    const rc = (ef) => m(pick({ds, tool: OURS, kind: 'search', ef, codes_only: true}, (r) => r.recall))
    const codes = co ? `; --codes-only ${num(co / 2 ** 20, 1)} MiB (${r2(co / hb)}×), recall@10 at ef 64 ` +
      `${rc(64)?.toFixed(3) ?? '-'} vs ${recallAt(ds, OURS, 64)?.toFixed(3) ?? '-'} with vectors` : ''
    lines.push(`- **Index size ${ds}**: ours ${ob ? num(ob / 2 ** 20, 1) : '-'} MiB vs ${HN} ${hb ? num(hb / 2 ** 20, 1) : '-'} MiB ` +
      `→ **${r2(rs)}×** (target ≤ 1.25: ${verdict(rs, rs <= 1.25)})${codes}`)
  }
  if (c.datasets.includes('glove50')) {
    const f = m(buildOf('glove50', OURS, T).map((r) => r.wall_s)), cc = m(buildOf('glove50', OURS, T, 'none', 'C').map((r) => r.wall_s))
    const rf = f && cc ? f / cc : null
    lines.push(`- **Fortran order** (glove50 as shipped vs its C-order copy), build wall: ${f ? f.toFixed(1) : '-'} s vs ` +
      `${cc ? cc.toFixed(1) : '-'} s → **${r2(rf)}×** (1.00 = no cost)`)
  }
  return ['## Targets (issue 11: every CPU, real embeddings), medians side by side', '', ...lines, '']
}
