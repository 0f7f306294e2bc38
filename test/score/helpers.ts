import { readFileSync } from 'node:fs'
import { parseSector } from '../../src/sectors/index.ts'
import {
  analyzeDoc,
  compileProfile,
  emptyModel,
  scoreDoc,
  type CompiledProfile,
  type Explanation,
  type ScoreContext,
  type ScoreDoc,
} from '../../src/score/index.ts'
import { NOW } from '../fixtures/score/articles.ts'

/** The shipped community-management profile, compiled. */
export function shippedProfile(): CompiledProfile {
  const file = 'feeds/community-management.yaml'
  const { sector, errors } = parseSector(readFileSync(file, 'utf8'), file, 'community-management')
  if (!sector) throw new Error(JSON.stringify(errors))
  return compileProfile(sector.profile)
}

const profile = shippedProfile()

/** Scores a fixture article against the shipped profile, with an empty model unless given. */
export function score(doc: ScoreDoc, ctx: Partial<ScoreContext> = {}): Explanation {
  return scoreDoc(
    { ...doc, ...analyzeDoc(doc) },
    { profile, model: emptyModel(), now: NOW, ...ctx },
  )
}
