import type { AnalyzerLang } from '../search/analyzer.ts'

export type SourceKind = 'blog' | 'media' | 'influencer'

/** An article as the score stage needs it (the lead maps rows of `articles` + `feeds` to this). */
export interface ScoreDoc {
  id: number
  sectorSlug: string
  feedId: number
  source: string
  sourceKind: SourceKind
  lang: string | null
  title: string
  text: string
  excerpt: string | null
  publishedAt: Date
  url: string
}

/** An article after analysis: what scoring, learning and clustering read. */
export interface AnalyzedDoc {
  id: number
  titleTerms: string[]
  /** The first BODY_TERMS_MAX analysed terms of the body, in order (phrases match across them). */
  bodyTerms: string[]
  lang: AnalyzerLang
  /**
   * Language-neutral names and numbers (unstemmed, folded, lower-cased: "meta", "thread", "2025",
   * "mosseri"), so that a French and an English article on one story share something. Optional:
   * clustering falls back to terms alone without it.
   */
  entities?: string[]
}

export type Action = 'approve' | 'reject' | 'reshare'

export interface TermMatch {
  term: string
  display: string
  where: 'title' | 'body'
  count: number
}

export type ReasonCode =
  | 'title_match'
  | 'profile_terms'
  | 'no_profile_topic'
  | 'related_terms'
  | 'excluded'
  | 'close_to_choices'
  | 'far_from_choices'
  | 'liked_source'
  | 'rejected_source'
  | 'trending'
  | 'fresh'
  | 'old'

/** One reason for a score; its words are web/i18n's "reason.<code>" with these parameters. */
export interface Reason {
  code: ReasonCode
  params: Record<string, string | number>
}

export interface Explanation {
  /** The total in [0, 1]. */
  score: number
  /** One line for a card, in the scoring language: "LinkedIn (titre) · source appréciée (5 décisions) · frais". */
  reason: string
  /** The same as codes, for a reader in another language (absent from scores saved before them). */
  reasons?: Reason[]
  profile: {
    score: number
    topics: { name: string; weight: number; score: number; terms: TermMatch[] }[]
    excluded: { display: string; count: number }[]
    /** Terms the sector's best-matching articles share, matched here (see expansion.ts). */
    related?: TermMatch[]
  }
  /** terms: the learned score's largest parts, each its share of score (shown only from 0.005). */
  learned: { score: number; terms: { term: string; weight: number }[] }
  freshness: { score: number; ageHours: number; halfLifeHours: number }
  /** score: 0.5 is neutral, above means the source is preferred (kind and curator's history). */
  source: { score: number; name: string; kind: string; kept: number; rejected: number }
  /** boost: how much the total rose because the story is covered by several sources. */
  trending: { boost: number; sources: number }
}

export type ScorableDoc = AnalyzedDoc & {
  feedId: number
  source: string
  sourceKind: SourceKind
  publishedAt: Date
}
