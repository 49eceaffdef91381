// TOON, DESIGN.md's table text: `name[N]{a,b}:x1,y1;x2,y2`, one line per table, rows
// separated by `;`, fields by `,`. A field is written bare when it is non-empty and holds
// none of `, ; { } " \` and no control character (U+0000-U+001F, U+007F); otherwise it is
// quoted: `"…"` with `""` for a quote, `\\` for a backslash, `\n` `\r` `\t`, and `\u00XX`
// for the other control characters. So a table stays on one line whatever its values
// hold, and reads back exactly: an empty bare field is NULL (sql) or no value (kv, where
// an entry has `value` or `value_b64`), `""` the empty string.

// eslint-disable-next-line no-control-regex
const NEEDS_QUOTES = /[,;{}"\\\x00-\x1f\x7f]/
// eslint-disable-next-line no-control-regex
const ESCAPED = /["\\\x00-\x1f\x7f]/g

function escape(c: string): string {
  switch (c) {
    case '"':
      return '""'
    case '\\':
      return '\\\\'
    case '\n':
      return '\\n'
    case '\r':
      return '\\r'
    case '\t':
      return '\\t'
    default:
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  }
}

/** One field: null or undefined (NULL, no value) is empty; the empty string is `""`. */
export function toonField(v: string | null | undefined): string {
  if (v === null || v === undefined) return ''
  if (v !== '' && !NEEDS_QUOTES.test(v)) return v
  return `"${v.replace(ESCAPED, escape)}"`
}

/** `name[N]{fields}:` */
export function toonHead(name: string, rows: number, fields: readonly string[]): string {
  return `${name}[${rows}]{${fields.map(toonField).join(',')}}:`
}

const KV_FIELDS = ['key', 'key_b64', 'value', 'value_b64'] as const

type KvRow = Partial<Record<(typeof KV_FIELDS)[number], string>>

/** A kv scan as one table: only the fields some entry has (`key` when there are none). */
export function toon(name: string, entries: KvRow[]): string {
  const fields: string[] = KV_FIELDS.filter((f) => entries.some((e) => e[f] !== undefined))
  if (fields.length === 0) fields.push('key')
  const rows = entries.map((e) => fields.map((f) => toonField(e[f as keyof KvRow])).join(','))
  return toonHead(name, entries.length, fields) + rows.join(';')
}
