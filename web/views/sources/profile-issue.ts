import type { ProfileIssue } from '../../../src/sectors/index.ts'
import type { Translate } from '../../i18n/index.ts'

const TOPIC = /^topics\[(\d+)\](?:\.(name|weight|terms)(?:\[(\d+)\])?)?$/

/** A topic named as the curator sees it: by its name, or by its 1-based place when it has none. */
function topicLabel(t: Translate, topics: { name: string }[], index: number): string {
  const name = topics[index]?.name.trim()
  return name
    ? t('profile.issue.topicNamed', { name })
    : t('profile.issue.topicNumber', { n: index + 1 })
}

/** The field an issue is about, in words ("le thème « Modération », ses termes"). */
export function issueFieldLabel(t: Translate, field: string, topics: { name: string }[]): string {
  const topic = TOPIC.exec(field)
  if (topic) {
    const label = topicLabel(t, topics, Number(topic[1]))
    const [, , part, item] = topic
    if (!part) return label
    const what =
      part === 'terms' && item !== undefined
        ? t('profile.issue.term', { n: Number(item) + 1 })
        : t(`profile.issue.${part}`)
    return t('profile.issue.of', { what, topic: label })
  }
  if (field === 'half_life_hours') return t('profile.issue.halfLife')
  if (field === 'freshness_weight') return t('profile.issue.freshnessWeight')
  if (field === 'shortlist_floor') return t('profile.issue.shortlistFloor')
  if (field === 'topics') return t('profile.topics')
  const excluded = /^excluded(?:\[(\d+)\])?$/.exec(field)
  if (excluded)
    return excluded[1] === undefined
      ? t('profile.issue.excluded')
      : t('profile.issue.excludedTerm', { n: Number(excluded[1]) + 1 })
  return t('profile.issue.profile')
}

/** An issue of the profile editor as a sentence in the interface language. */
export function profileIssueText(
  t: Translate,
  issue: ProfileIssue,
  topics: { name: string }[],
): string {
  const words = issueFieldLabel(t, issue.field, topics)
  const label = words.charAt(0).toUpperCase() + words.slice(1)
  if (!issue.code) return t('profile.issue.line', { label, message: issue.message })
  const params = { ...issue.params }
  if (issue.code === 'duplicate_topic')
    params.other = topicLabel(t, topics, Number(issue.params?.first ?? 0))
  return t('profile.issue.line', { label, message: t(`issue.${issue.code}`, params) })
}
