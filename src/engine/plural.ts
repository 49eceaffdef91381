// Counts in messages: "1 row", "2 rows", "0 rows".

/** `n` and the noun, singular when n is 1 (`many` for irregular plurals: entry → entries). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}
