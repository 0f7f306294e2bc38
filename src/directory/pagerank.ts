export interface Edge {
  from: string
  to: string
  weight: number
}

/**
 * Weighted PageRank over a directed graph: a node's rank is the chance that a reader who follows
 * links (in proportion to their weight) and, with probability 1 - damping, jumps to a random node,
 * is there. Nodes with no outgoing link spread their rank evenly (the usual dangling-node fix), so
 * ranks sum to 1. Iterates until the ranks move less than `tolerance` in total.
 */
export function pageRank(
  nodes: string[],
  edges: Edge[],
  opts: { damping?: number; tolerance?: number; maxIterations?: number } = {},
): Map<string, number> {
  const { damping = 0.85, tolerance = 1e-9, maxIterations = 100 } = opts
  const index = new Map(nodes.map((n, i) => [n, i]))
  for (const e of edges) for (const n of [e.from, e.to]) if (!index.has(n)) index.set(n, index.size)
  const n = index.size
  if (!n) return new Map()
  const out = new Float64Array(n)
  const links: { from: number; to: number; weight: number }[] = []
  for (const e of edges) {
    if (e.from === e.to || e.weight <= 0) continue
    const link = { from: index.get(e.from)!, to: index.get(e.to)!, weight: e.weight }
    links.push(link)
    out[link.from]! += link.weight
  }
  let rank = new Float64Array(n).fill(1 / n)
  for (let iter = 0; iter < maxIterations; iter++) {
    let dangling = 0
    for (let i = 0; i < n; i++) if (out[i] === 0) dangling += rank[i]!
    const next = new Float64Array(n).fill((1 - damping) / n + (damping * dangling) / n)
    for (const l of links) next[l.to]! += (damping * rank[l.from]! * l.weight) / out[l.from]!
    let moved = 0
    for (let i = 0; i < n; i++) moved += Math.abs(next[i]! - rank[i]!)
    rank = next
    if (moved < tolerance) break
  }
  return new Map([...index].map(([name, i]) => [name, rank[i]!]))
}
