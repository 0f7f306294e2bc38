import { z } from 'zod'

// The schema mirrors the YAML as a person writes it (snake_case, optional fields nullable because
// an empty `description:` parses to null); defaults and camelCase mapping happen in to-sector.ts.

export const SOURCE_KINDS = ['blog', 'media', 'influencer'] as const
export const HANDLE_NETWORKS = [
  'x',
  'linkedin',
  'instagram',
  'tiktok',
  'threads',
  'bluesky',
  'mastodon',
  'youtube',
  'facebook',
  'twitch',
  'github',
] as const

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/

export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0
  } catch {
    return false
  }
}

const text = z.string().trim().min(1)
const httpUrl = z.string().trim().refine(isHttpUrl, 'must be an http(s) URL')
const language = z
  .string()
  .trim()
  .regex(LANGUAGE, 'must be a language code such as "fr" or "en-GB"')
const textList = z.array(text)

export const HandlesYaml = z.strictObject(
  Object.fromEntries(HANDLE_NETWORKS.map((n) => [n, text.nullish()])) as Record<
    (typeof HANDLE_NETWORKS)[number],
    z.ZodOptional<z.ZodNullable<typeof text>>
  >,
)

export const PersonYaml = z.strictObject({ name: text, handles: HandlesYaml.nullish() })

/** One rule for a feed's name and URL wherever they are written: form, API, OPML, sector file. */
export const MAX_FEED_NAME = 200
export const MAX_FEED_URL = 2000

export const SourceYaml = z.strictObject({
  name: text.max(MAX_FEED_NAME, `must be at most ${MAX_FEED_NAME} characters`),
  site: httpUrl.nullish(),
  feed: httpUrl.refine(
    (u) => u.length <= MAX_FEED_URL,
    `must be at most ${MAX_FEED_URL} characters`,
  ),
  /** The site has no feed: `feed` is the page that lists its articles (its blog or news page). */
  no_feed: z.boolean().nullish(),
  kind: z.enum(SOURCE_KINDS).nullish(),
  lang: language.nullish(),
  tags: textList.nullish(),
  people: z.array(PersonYaml).nullish(),
})

export const TopicYaml = z.strictObject({
  name: text,
  weight: z.number().positive().max(10).nullish(),
  terms: textList.min(1),
})

// Freshness may cost an old article at most this share of its score: beyond it, a fresh article
// with little to do with the sector could overtake an on-topic one of the day before.
export const FRESHNESS_WEIGHT_MAX = 0.3

export const ProfileYaml = z.strictObject({
  half_life_hours: z
    .number()
    .positive()
    .max(24 * 365)
    .nullish(),
  freshness_weight: z
    .number()
    .min(0)
    .max(FRESHNESS_WEIGHT_MAX, `must be at most ${FRESHNESS_WEIGHT_MAX}`)
    .nullish(),
  shortlist_floor: z.number().min(0).max(1, 'must be between 0 and 1').nullish(),
  topics: z.array(TopicYaml).nullish(),
  excluded: textList.nullish(),
})

/** An IANA time zone the runtime knows ("Europe/Paris"). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

const hashtag = z
  .string()
  .trim()
  .regex(
    /^#?[\p{L}\p{N}_]{1,100}$/u,
    'must be one word of letters, digits or _, e.g. CommunityManagement',
  )

export const SectorYaml = z.strictObject({
  name: text,
  language,
  description: z.string().trim().nullish(),
  public: z.boolean().nullish(),
  timezone: z
    .string()
    .trim()
    .refine(isTimeZone, 'must be a time zone such as "Europe/Paris"')
    .nullish(),
  hashtags: z.array(hashtag).nullish(),
  digest: z
    .strictObject({
      time: z
        .string()
        .trim()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as "08:00"'),
      to: z.array(z.email('must be an email address')).min(1).max(200),
    })
    .nullish(),
  profile: ProfileYaml.nullish(),
  sources: z.array(SourceYaml).nullish(),
})

export type SectorYaml = z.infer<typeof SectorYaml>

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  array: 'a list',
  object: 'a mapping of keys to values',
  boolean: 'true or false',
}

/** Plain-language messages for zod's built-in issues, written for someone editing YAML by hand. */
export const yamlErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'is required'
      if (iss.input === null) return 'must not be empty'
      return `must be ${EXPECTED[iss.expected] ?? iss.expected} (got ${show(iss.input)})`
    case 'invalid_value':
      return `must be one of ${iss.values.map(String).join(', ')} (got ${show(iss.input)})`
    case 'too_small':
      if (iss.origin === 'string') return 'must not be empty'
      if (iss.origin === 'array') return `must list at least ${iss.minimum} item(s)`
      return `must be ${iss.inclusive ? 'at least' : 'greater than'} ${iss.minimum}`
    case 'too_big':
      return `must be at most ${iss.maximum}`
    default:
      return undefined
  }
}

function show(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object' && value !== null) return 'a mapping'
  return JSON.stringify(value) ?? String(value)
}
