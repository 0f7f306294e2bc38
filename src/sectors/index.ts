// The sectors stage: feeds/*.yaml definitions and OPML import/export.
export type {
  OpmlOutline,
  SectorDef,
  SectorLoadError,
  SectorProfile,
  SourceDef,
  TopicDef,
} from './types.ts'
export { formatSectorError, loadSectors, parseSector } from './load.ts'
export { parseOpml } from './opml-parse.ts'
export { buildOpml } from './opml-build.ts'
export {
  DEFAULT_FRESHNESS_WEIGHT,
  DEFAULT_HALF_LIFE_HOURS,
  DEFAULT_SHORTLIST_FLOOR,
  DEFAULT_SOURCE_KIND,
  DEFAULT_TOPIC_WEIGHT,
} from './to-sector.ts'
export { FRESHNESS_WEIGHT_MAX } from './schema.ts'
export {
  assertValidProfile,
  profileIssues,
  replaceProfileInYaml,
  saveProfileFile,
  type ProfileIssue,
} from './profile-file.ts'
export { sectorFile } from './sector-file.ts'
export {
  editSourceInYaml,
  removeSourceFromYaml,
  saveSourceEdit,
  saveSourceRemoval,
  type SourceEdit,
} from './source-edit.ts'
export { saveSectorPublic, setPublicInYaml } from './public-edit.ts'
export { MAX_FEED_NAME, MAX_FEED_URL } from './schema.ts'
