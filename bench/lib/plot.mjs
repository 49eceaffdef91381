// The recall / queries-per-second curve of one data set as an SVG (no dependencies): recall@10 on x,
// queries per second (1 thread, log scale) on y, one line per tool through its ef sweep, medians over reps.
const COLORS = ['#d62728', '#ff7f0e', '#1f77b4', '#2ca02c', '#9467bd', '#8c564b']

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), h = s.length >> 1
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2
}
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;')

/** SVG text, or null when the run has no search records for `ds`. */
export function curveSvg(raw, ds) {
  const recs = raw.records.filter((r) => r.ds === ds && r.kind === 'search' && r.ordering !== 'kmeans' && !r.codes_only &&
    Number.isFinite(r.recall) && Number.isFinite(r.qps))
  if (!recs.length) return null
  const tools = [...new Set(recs.map((r) => r.tool))].sort((a, b) => (a.startsWith('sochdb') ? 0 : 1) - (b.startsWith('sochdb') ? 0 : 1) || a.localeCompare(b))
  const lines = tools.map((tool) => {
    const efs = [...new Set(recs.filter((r) => r.tool === tool).map((r) => r.ef))].sort((a, b) => a - b)
    return {tool, points: efs.map((ef) => {
      const at = recs.filter((r) => r.tool === tool && r.ef === ef)
      return {ef, recall: median(at.map((r) => r.recall)), qps: median(at.map((r) => r.qps))}
    })}
  })
  const all = lines.flatMap((l) => l.points)
  const [W, H, L, R, T, B] = [760, 480, 70, 190, 40, 50]
  const rMin = Math.max(0, Math.floor(Math.min(...all.map((p) => p.recall)) * 20) / 20), rMax = 1
  const qMin = 10 ** Math.floor(Math.log10(Math.min(...all.map((p) => p.qps))))
  const qMax = 10 ** Math.ceil(Math.log10(Math.max(...all.map((p) => p.qps))))
  const x = (r) => L + ((r - rMin) / (rMax - rMin)) * (W - L - R)
  const y = (q) => H - B - ((Math.log10(q) - Math.log10(qMin)) / (Math.log10(qMax) - Math.log10(qMin))) * (H - T - B)
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L}" y="22" font-size="14">${esc(ds)}: recall@10 vs queries/s, 1 thread (ef ${all.map((p) => p.ef).sort((a, b) => a - b)[0]}…${Math.max(...all.map((p) => p.ef))}); ${esc(raw.env?.cpu_model ?? '')}, ${esc(raw.env?.date?.slice(0, 10) ?? '')}</text>`]
  for (let r = rMin; r <= rMax + 1e-9; r += 0.05) {
    out.push(`<line x1="${x(r)}" y1="${T}" x2="${x(r)}" y2="${H - B}" stroke="#ddd"/>`,
      `<text x="${x(r)}" y="${H - B + 16}" text-anchor="middle">${r.toFixed(2)}</text>`)
  }
  for (let q = qMin; q <= qMax * 1.0001; q *= 10) {
    for (const k of [1, 2, 5]) {
      if (q * k > qMax * 1.0001) break
      out.push(`<line x1="${L}" y1="${y(q * k)}" x2="${W - R}" y2="${y(q * k)}" stroke="${k === 1 ? '#ccc' : '#eee'}"/>`,
        `<text x="${L - 6}" y="${y(q * k) + 4}" text-anchor="end">${(q * k).toLocaleString('en-US')}</text>`)
    }
  }
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">recall@10</text>`,
    `<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">queries / s (log)</text>`)
  lines.forEach((l, i) => {
    const color = COLORS[i % COLORS.length]
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${l.points.map((p) => `${x(p.recall).toFixed(1)},${y(p.qps).toFixed(1)}`).join(' ')}"/>`)
    for (const p of l.points) {
      out.push(`<circle cx="${x(p.recall).toFixed(1)}" cy="${y(p.qps).toFixed(1)}" r="3" fill="${color}"><title>${esc(l.tool)} ef ${p.ef}: recall ${p.recall.toFixed(3)}, ${Math.round(p.qps)} q/s</title></circle>`)
    }
    out.push(`<rect x="${W - R + 14}" y="${T + 8 + i * 20}" width="14" height="4" fill="${color}"/>`,
      `<text x="${W - R + 34}" y="${T + 14 + i * 20}">${esc(l.tool)}</text>`)
  })
  out.push('</svg>', '')
  return out.join('\n')
}
