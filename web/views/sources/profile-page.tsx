import type { ProfilePreview } from '../../../src/jobs/profile-edit.ts'
import {
  DEFAULT_FRESHNESS_WEIGHT,
  DEFAULT_SHORTLIST_FLOOR,
  FRESHNESS_WEIGHT_MAX,
  type ProfileIssue,
} from '../../../src/sectors/index.ts'
import { profileIssueText } from './profile-issue.ts'
import { SectorPicker, type SectorOption } from '../components/sector-picker.tsx'
import { queryString } from '../components/format.tsx'
import { Layout, type LayoutProps } from '../layout.tsx'
import { PreviewTable } from './profile-preview.tsx'

export type Frame = Omit<LayoutProps, 'children' | 'title' | 'active'>

/** The editor's fields as typed (strings), so that a refused form comes back unchanged. */
export interface ProfileFormValues {
  halfLife: string
  freshnessWeight: string
  shortlistFloor: string
  excluded: string
  topics: { name: string; weight: string; terms: string }[]
}

export interface ProfilePageProps {
  frame: Frame
  sectors: SectorOption[]
  sector: string
  values: ProfileFormValues
  issues: ProfileIssue[]
  preview: ProfilePreview | null
  saved: boolean
}

/** "topics[2].terms[0]" -> "topic-2-terms": the input an issue is about. */
export function fieldId(field: string): string {
  const topic = /^topics\[(\d+)\]\.(name|weight|terms)/.exec(field)
  if (topic) return `topic-${topic[1]}-${topic[2]}`
  if (field.startsWith('excluded')) return 'excluded'
  if (field === 'freshness_weight') return 'freshness-weight'
  if (field === 'shortlist_floor') return 'shortlist-floor'
  return 'half-life'
}

/** The sector profile editor: topics (name, weight, terms), excluded terms, half-life; preview or save. */
export function ProfilePage(p: ProfilePageProps) {
  const { t, csrf } = p.frame
  const bad = new Set(p.issues.map((i) => fieldId(i.field)))
  const invalid = (id: string) => (bad.has(id) ? 'true' : undefined)
  // One blank topic at the end: a new theme can be added without script.
  const topics = [...p.values.topics, { name: '', weight: '1', terms: '' }]
  return (
    <Layout {...p.frame} title={t('profile.title')} active="sources">
      <div class="page-head">
        <h1>{t('profile.title')}</h1>
        <SectorPicker sectors={p.sectors} current={p.sector} action="/sources/profile" t={t} />
        <nav class="page-links" aria-label={t('sources.links')}>
          <a href={`/sources${queryString({ sector: p.sector })}`}>{t('profile.back')}</a>
        </nav>
      </div>
      {p.saved && (
        <p class="flash ok" role="status">
          {t('profile.saved')}
        </p>
      )}
      {p.issues.length > 0 && (
        <div class="form-errors" role="alert">
          <p>{t('profile.errors')}</p>
          <ul>
            {p.issues.map((i) => (
              <li>
                <a href={`#${fieldId(i.field)}`}>{profileIssueText(t, i, p.values.topics)}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action="/sources/profile" class="profile-editor" id="profile-editor">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="sector" value={p.sector} />
        <div class="field">
          <label for="half-life">{t('profile.halfLife')}</label>
          <input
            id="half-life"
            name="half_life_hours"
            inputmode="decimal"
            value={p.values.halfLife}
            aria-invalid={invalid('half-life')}
            aria-describedby="half-life-help"
          />
          <p class="help" id="half-life-help">
            {t('profile.halfLifeHelp')}
          </p>
        </div>
        <div class="field">
          <label for="freshness-weight">{t('profile.freshnessWeight')}</label>
          <input
            id="freshness-weight"
            name="freshness_weight"
            inputmode="decimal"
            value={p.values.freshnessWeight}
            aria-invalid={invalid('freshness-weight')}
            aria-describedby="freshness-weight-help"
          />
          <p class="help" id="freshness-weight-help">
            {t('profile.freshnessWeightHelp', {
              max: FRESHNESS_WEIGHT_MAX,
              fallback: DEFAULT_FRESHNESS_WEIGHT,
            })}
          </p>
        </div>
        <div class="field">
          <label for="shortlist-floor">{t('profile.shortlistFloor')}</label>
          <input
            id="shortlist-floor"
            name="shortlist_floor"
            inputmode="decimal"
            value={p.values.shortlistFloor}
            aria-invalid={invalid('shortlist-floor')}
            aria-describedby="shortlist-floor-help"
          />
          <p class="help" id="shortlist-floor-help">
            {t('profile.shortlistFloorHelp', { fallback: DEFAULT_SHORTLIST_FLOOR })}
          </p>
        </div>
        <h2>{t('profile.topics')}</h2>
        <p class="help">{t('profile.emptyTopicHelp')}</p>
        <div class="topics" id="topics">
          {topics.map((topic, i) => (
            <fieldset class="topic" data-topic={String(i)}>
              <legend>
                {topic.name ||
                  (i === topics.length - 1
                    ? t('profile.newTopic')
                    : t('profile.topic', { n: i + 1 }))}
              </legend>
              <label for={`topic-${i}-name`}>{t('profile.topicName')}</label>
              <input
                id={`topic-${i}-name`}
                name="topic_name"
                value={topic.name}
                maxlength={200}
                aria-invalid={invalid(`topic-${i}-name`)}
              />
              <label for={`topic-${i}-weight`}>{t('profile.weight')}</label>
              <input
                id={`topic-${i}-weight`}
                name="topic_weight"
                inputmode="decimal"
                value={topic.weight}
                aria-invalid={invalid(`topic-${i}-weight`)}
              />
              <label for={`topic-${i}-terms`}>{t('profile.terms')}</label>
              <textarea
                id={`topic-${i}-terms`}
                name="topic_terms"
                rows={6}
                aria-invalid={invalid(`topic-${i}-terms`)}
              >
                {topic.terms}
              </textarea>
              <button type="button" class="remove-topic" hidden>
                {t('profile.removeTopic')}
              </button>
            </fieldset>
          ))}
        </div>
        <button type="button" class="add-topic" data-legend={t('profile.newTopic')} hidden>
          {t('profile.addTopic')}
        </button>
        <div class="field">
          <label for="excluded">{t('profile.excluded')}</label>
          <textarea
            id="excluded"
            name="excluded"
            rows={5}
            aria-invalid={invalid('excluded')}
            aria-describedby="excluded-help"
          >
            {p.values.excluded}
          </textarea>
          <p class="help" id="excluded-help">
            {t('profile.excludedHelp')}
          </p>
        </div>
        <div class="form-actions">
          <button type="submit" formaction="/sources/profile/preview">
            {t('profile.preview')}
          </button>
          <button type="submit" class="primary">
            {t('profile.save')}
          </button>
        </div>
        {/* Shown by script while a preview or a save waits on the sector's scoring. The visible line
            moves every half second; screen readers hear only its stages (the bar has the figures). */}
        <div
          class="profile-busy"
          id="profile-busy"
          hidden
          data-progress={`/sources/profile/progress${queryString({ sector: p.sector })}`}
          data-preview={t('profile.busyPreview')}
          data-save={t('profile.busySave')}
          data-analysing={t('profile.busyAnalysing')}
          data-waiting={t('profile.busyWaiting')}
          data-grouping={t('profile.busyGrouping')}
          data-scoring={t('profile.busyScoring')}
          data-stage-analysing={t('profile.stageAnalysing')}
          data-stage-scoring={t('profile.stageScoring')}
        >
          <progress aria-label={t('profile.busyProgress')} />
          <span aria-hidden="true" />
          <span class="visually-hidden" role="status" />
        </div>
      </form>
      {p.preview && <PreviewTable preview={p.preview} t={t} />}
    </Layout>
  )
}
