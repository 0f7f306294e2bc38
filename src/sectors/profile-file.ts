import { readFile } from 'node:fs/promises'
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  YAMLMap,
  YAMLSeq,
  type Node,
  type Pair,
} from 'yaml'
import { AppError } from '../lib/errors.ts'
import { readBackSector, replaceFile, sectorFile } from './sector-file.ts'
import { ProfileYaml, yamlErrorMap, type SectorYaml } from './schema.ts'
import { crossChecks, DEFAULT_HALF_LIFE_HOURS, DEFAULT_TOPIC_WEIGHT } from './to-sector.ts'
import type { SectorDef, SectorProfile } from './types.ts'
import { issueCodeOf, type IssueCode } from './issue-code.ts'
import { formatPath } from './yaml-position.ts'

export interface ProfileIssue extends Partial<IssueCode> {
  /** Where in the profile, e.g. "topics[0].weight". */
  field: string
  /** In English, for logs and the command line; the interface words `code` in its own language. */
  message: string
}

type RawProfile = NonNullable<SectorYaml['profile']>

function toRaw(profile: SectorProfile): RawProfile {
  return {
    half_life_hours: profile.halfLifeHours,
    ...(profile.freshnessWeight !== undefined && { freshness_weight: profile.freshnessWeight }),
    ...(profile.shortlistFloor !== undefined && { shortlist_floor: profile.shortlistFloor }),
    topics: profile.topics.map((t) => ({ name: t.name, weight: t.weight, terms: t.terms })),
    excluded: profile.excluded,
  }
}

/** What is wrong with an edited profile, by the same rules as the sector files (empty when valid). */
export function profileIssues(profile: SectorProfile): ProfileIssue[] {
  const raw = toRaw(profile)
  const parsed = ProfileYaml.safeParse(raw, { error: yamlErrorMap })
  if (!parsed.success) {
    return parsed.error.issues.map((i) => ({
      field: formatPath(i.path as PropertyKey[]),
      message: i.message,
      ...issueCodeOf(i),
    }))
  }
  const whole = { name: 'x', language: 'fr', profile: parsed.data } as SectorYaml
  return crossChecks(whole).map((i) => {
    const first = /already used by topics\[(\d+)\]/.exec(i.message)?.[1]
    const code: IssueCode = first
      ? { code: 'duplicate_topic', params: { first: Number(first) } }
      : { code: 'invalid' }
    return { field: formatPath(i.path.slice(1)), message: i.message, ...code }
  })
}

/** Throws AppError('validation_failed', { field, issues }) when the profile breaks the sector rules. */
export function assertValidProfile(profile: SectorProfile): void {
  const issues = profileIssues(profile)
  const first = issues[0]
  if (first)
    throw new AppError(
      'validation_failed',
      { field: first.field, issues },
      `${first.field}: ${first.message}`,
    )
}

/**
 * The sector file's text with its `profile:` section replaced by this profile. Only that section is
 * re-printed: every other byte of the file stays as written. Inside it, topics, terms and keys that
 * survive the edit keep their nodes, so their comments and blank lines stay too.
 */
export function replaceProfileInYaml(text: string, profile: SectorProfile): string {
  const doc = parseDocument(text)
  if (doc.errors.length || !isMap(doc.contents)) {
    throw new AppError(
      'sector_file_invalid',
      {},
      'the sector file does not parse as a YAML mapping',
    )
  }
  const root = doc.contents
  const raw = toRaw(profile)
  const pair = root.items.find((p) => keyOf(p) === 'profile')
  if (sameProfile(pair?.value, raw)) return text
  const old = pair && isMap(pair.value) ? pair.value : null
  const map: YAMLMap = old ?? new YAMLMap()
  // Keys the file leaves to their defaults stay unwritten while the value is still the default.
  setOrAdd(doc, map, 'half_life_hours', raw.half_life_hours, DEFAULT_HALF_LIFE_HOURS)
  // Left blank in the editor: the key goes, and the sector falls back to the default.
  for (const key of ['freshness_weight', 'shortlist_floor'] as const) {
    if (raw[key] == null) map.delete(key)
    else setOrAdd(doc, map, key, raw[key], undefined, 'half_life_hours')
  }
  if (map.has('topics') || raw.topics?.length) {
    map.set('topics', topicsNode(doc, map.get('topics', true), raw.topics ?? []))
  }
  if (map.has('excluded') || raw.excluded?.length) {
    map.set('excluded', stringSeq(doc, map.get('excluded', true), raw.excluded ?? []))
  }

  const section = new Document(new YAMLMap())
  const sectionPair = doc.createPair('profile', null)
  sectionPair.value = map
  ;(section.contents as YAMLMap).items.push(sectionPair)
  const printed = section
    .toString({ lineWidth: 0, flowCollectionPadding: false })
    .replace(/^\n+/, '')

  const keyNode = pair?.key as Node | undefined
  const valueNode = pair?.value as Node | undefined
  if (keyNode?.range && valueNode?.range) {
    return text.slice(0, keyNode.range[0]) + printed + text.slice(valueNode.range[2])
  }
  if (keyNode?.range) {
    // `profile:` with nothing after it: replace that line.
    const lineEnd = text.indexOf('\n', keyNode.range[0])
    return text.slice(0, keyNode.range[0]) + printed + (lineEnd < 0 ? '' : text.slice(lineEnd + 1))
  }
  // No profile yet: it goes before the sources, or at the end.
  const sources = root.items.find((p) => keyOf(p) === 'sources')?.key as Node | undefined
  const at =
    sources?.range?.[0] == null ? text.length : startOfCommentsAbove(text, sources.range[0])
  const before = text.slice(0, at)
  const sep = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n'
  return before + sep + printed + (at < text.length ? '\n' + text.slice(at) : '')
}

/**
 * Writes an edited profile into the sector's file, keeping the rest of it, after checking the profile
 * and the whole resulting file; the file is replaced atomically. Returns the sector as now defined.
 */
export async function saveProfileFile(
  feedsDir: string,
  slug: string,
  profile: SectorProfile,
): Promise<SectorDef> {
  assertValidProfile(profile)
  const file = await sectorFile(feedsDir, slug)
  const text = await readFile(file, 'utf8')
  const next = replaceProfileInYaml(text, profile)
  const sector = readBackSector(next, file, slug, 'profile')
  await replaceFile(file, next)
  return sector
}

// The comment lines just above a key belong to it: new text goes above them.
function startOfCommentsAbove(text: string, offset: number): number {
  let at = text.lastIndexOf('\n', offset - 1) + 1
  while (at > 0) {
    const prev = text.lastIndexOf('\n', at - 2) + 1
    if (!text.slice(prev, at).trimStart().startsWith('#')) break
    at = prev
  }
  return at
}

function keyOf(pair: Pair): string | null {
  return isScalar(pair.key)
    ? String(pair.key.value)
    : typeof pair.key === 'string'
      ? pair.key
      : null
}

function setScalar(doc: Document, map: YAMLMap, key: string, value: unknown) {
  const current = map.get(key, true)
  if (isScalar(current)) current.value = value
  else map.set(key, doc.createNode(value))
}

// Sets a key the map has; adds a missing one (after `after`, or first) only when it differs from its default.
function setOrAdd(
  doc: Document,
  map: YAMLMap,
  key: string,
  value: unknown,
  fallback: unknown,
  after?: string,
) {
  if (map.has(key)) return setScalar(doc, map, key, value)
  if (value === fallback) return
  const at = after ? map.items.findIndex((p) => keyOf(p) === after) + 1 : 0
  map.items.splice(at, 0, doc.createPair(key, value))
}

// Whether the file's profile section already says this (defaults applied), so a no-op save writes nothing.
function sameProfile(node: unknown, raw: RawProfile): boolean {
  const js = (isMap(node) ? node.toJSON() : null) as RawProfile | null
  const norm = (p: RawProfile | null) =>
    JSON.stringify({
      half_life_hours: p?.half_life_hours ?? DEFAULT_HALF_LIFE_HOURS,
      freshness_weight: p?.freshness_weight ?? null,
      shortlist_floor: p?.shortlist_floor ?? null,
      topics: (p?.topics ?? []).map((t) => ({
        name: t.name,
        weight: t.weight ?? DEFAULT_TOPIC_WEIGHT,
        terms: t.terms,
      })),
      excluded: p?.excluded ?? [],
    })
  return norm(js) === norm(raw)
}

// A list of strings, reusing the nodes of the items that stay (their comments go with them).
function stringSeq(doc: Document, current: unknown, values: string[]): YAMLSeq {
  const seq = isSeq(current) ? current : new YAMLSeq()
  const old = new Map<string, unknown>()
  for (const item of seq.items) if (isScalar(item)) old.set(String(item.value), item)
  seq.items = values.map((v) => old.get(v) ?? doc.createNode(v))
  // A list that was empty was printed as `[]`: long lists read better one per line.
  if (seq.flow && values.length > 3) seq.flow = false
  return seq
}

// Topics matched by name (case-insensitive), so a renamed weight or new term keeps the topic's comments.
function topicsNode(doc: Document, current: unknown, topics: RawProfile['topics'] & {}): YAMLSeq {
  const seq = isSeq(current) ? current : new YAMLSeq()
  const old = new Map<string, YAMLMap>()
  for (const item of seq.items) {
    if (isMap(item)) old.set(String(item.get('name') ?? '').toLowerCase(), item)
  }
  const spaced = seq.items.slice(1).some((i) => (i as Node).spaceBefore)
  seq.items = topics.map((t, i) => {
    const node = old.get(t.name.toLowerCase()) ?? new YAMLMap()
    setScalar(doc, node, 'name', t.name)
    setOrAdd(doc, node, 'weight', t.weight, DEFAULT_TOPIC_WEIGHT, 'name')
    node.set('terms', stringSeq(doc, node.get('terms', true), t.terms))
    if (i > 0 && spaced) node.spaceBefore = true
    return node
  })
  return seq
}
