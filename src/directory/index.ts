export type { FoundHandle, Handle, Network, PersonCandidate } from './types.ts'
export { NETWORKS } from './types.ts'
export { normaliseName, splitAuthors } from './names.ts'
export { handleFromUrl, normaliseHandle, profileUrl } from './handles.ts'
export {
  discoverProfiles,
  mentionHandles,
  preferredHandles,
  sectorFileHandles,
  type ArticleProfiles,
} from './profiles.ts'
export { mergeCandidates } from './merge.ts'
export { citationsOf, hostOfSource, outboundLinks, siteHost, type LinkedArticle } from './links.ts'
export { pageRank, type Edge } from './pagerank.ts'
export { isRising, perWeek, weeklyCounts, WEEKS } from './metrics.ts'
export { computeDirectory, type DirectoryInput, type ComputedDirectory } from './compute.ts'
export { collectProfiles, dedupe, foundProfilesOf, type FoundProfiles } from './found-profiles.ts'
export { isPlatformHost, PLATFORM_HOSTS } from './platform-hosts.ts'
export {
  suggestionCandidates,
  MIN_CITATIONS,
  type CitedHost,
  type SuggestionCandidate,
} from './suggestions.ts'
