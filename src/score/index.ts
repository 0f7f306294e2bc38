export { analyzeDoc, entitiesOf, BODY_TERMS_MAX } from './analyze-doc.ts'
export { compileProfile, type CompiledProfile, type ProfileInput } from './profile.ts'
export { isOnTopic, matchProfile, type DocFrequencies, type ProfileMatch } from './profile-match.ts'
export { docFrequencies, DocFrequencyCounts } from './doc-frequencies.ts'
export { relatedTerms } from './expansion.ts'
export {
  emptyModel,
  learnFromDecision,
  learnFromDecisions,
  learnInPlace,
  unlearnDecision,
  MODEL_TERMS_MAX,
  type SectorModel,
  type LearnableDoc,
} from './model.ts'
export { freshness } from './freshness.ts'
export { sourceWeight } from './source-weight.ts'
export { scoreDoc, type ScoreContext } from './score-doc.ts'
export { simhash, hamming, minhashSignature, storyTokens } from './fingerprints.ts'
export type {
  Action,
  AnalyzedDoc,
  Explanation,
  ScorableDoc,
  ScoreDoc,
  SourceKind,
  TermMatch,
  Reason,
  ReasonCode,
} from './types.ts'
export { reasonText, type ReasonLang } from './reason.ts'
export {
  clusterStories,
  createStoryCache,
  type ClusterDoc,
  type ClusterOptions,
  type StoryCache,
} from './stories.ts'
export {
  salientTerms,
  selectShortlist,
  type Candidate,
  type ShortlistOptions,
} from './shortlist.ts'
export { docVector } from './model.ts'
export { learnedTermsOf, modelDiff, type ModelDiff } from './model-diff.ts'
