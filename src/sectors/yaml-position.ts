import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml'

export type YamlPath = readonly PropertyKey[]

/**
 * Line and column (1-based) of the YAML node at a validation path. Where the path runs past what
 * the file contains (a missing key), the deepest node that exists is used, so the error points
 * at the mapping that lacks the key. `atKey` points at the key itself (unknown or misspelt keys).
 */
export function positionOf(
  doc: Document,
  lines: LineCounter,
  path: YamlPath,
  atKey = false,
): { line: number; column: number } {
  let node: unknown = doc.contents
  let offset = startOf(node) ?? 0
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment))
      if (!pair) break
      const value = pair.value
      const valueIsEmpty = value == null || (isScalar(value) && value.value == null)
      const target = atKey || valueIsEmpty ? pair.key : value
      offset = startOf(target) ?? offset
      node = value
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] != null) {
      node = node.items[segment]
      offset = startOf(node) ?? offset
    } else {
      break
    }
  }
  const { line, col } = lines.linePos(offset)
  return { line, column: col }
}

/** "sources[3].feed" for ['sources', 3, 'feed']. */
export function formatPath(path: YamlPath): string {
  return path
    .map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : `${i ? '.' : ''}${String(seg)}`))
    .join('')
}

function keyText(key: unknown): string | null {
  if (isScalar(key)) return String(key.value)
  return typeof key === 'string' ? key : null
}

function startOf(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0]
}
