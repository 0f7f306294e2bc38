import { sql } from 'drizzle-orm'
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core'

const ms = (name: string) => integer(name, { mode: 'timestamp_ms' })

/** A sector as loaded from feeds/<slug>.yaml; the profile is kept as JSON for the scoring stage. */
export const sectors = sqliteTable('sectors', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  language: text('language').notNull(),
  profile: text('profile', { mode: 'json' }).notNull(),
  sourceFile: text('source_file'),
  updatedAt: ms('updated_at').notNull(),
  /** Its picks are published at /p/<slug> and as feeds (`public: true` in the file). */
  public: integer('public', { mode: 'boolean' }).notNull().default(false),
  /** IANA time zone of the publication calendar and the digest. */
  timezone: text('timezone').notNull().default('Europe/Paris'),
  hashtags: text('hashtags', { mode: 'json' })
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`),
  /** The daily digest by email: local time "HH:MM" and recipients; null when not sent. */
  digest: text('digest', { mode: 'json' }).$type<{ time: string; to: string[] }>(),
})

export const feeds = sqliteTable(
  'feeds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sectorSlug: text('sector_slug').notNull(),
    // The URL as written in feeds/*.yaml or imported; `url` follows permanent redirects.
    declaredUrl: text('declared_url').notNull(),
    url: text('url').notNull(),
    siteUrl: text('site_url'),
    title: text('title'),
    sourceName: text('source_name').notNull(),
    kind: text('kind', { enum: ['blog', 'media', 'influencer'] })
      .notNull()
      .default('blog'),
    people: text('people', { mode: 'json' }).$type<
      { name: string; handles?: Record<string, string> }[]
    >(),
    // A feed, or the page of a site without one, whose listed articles are its entries.
    sourceType: text('source_type', { enum: ['feed', 'page'] })
      .notNull()
      .default('feed'),
    origin: text('origin', { enum: ['yaml', 'opml', 'manual'] })
      .notNull()
      .default('yaml'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    disabledReason: text('disabled_reason'),
    etag: text('etag'),
    lastModified: text('last_modified'),
    lastFetchedAt: ms('last_fetched_at'),
    lastSuccessAt: ms('last_success_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    errorCount: integer('error_count').notNull().default(0),
    checkIntervalS: integer('check_interval_s').notNull().default(3600),
    nextCheckAt: ms('next_check_at')
      .notNull()
      .default(sql`0`),
    leaseOwner: text('lease_owner'),
    leaseUntil: ms('lease_until'),
    articlesSeen: integer('articles_seen').notNull().default(0),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('feeds_sector_declared_url').on(t.sectorSlug, t.declaredUrl),
    index('feeds_due').on(t.nextCheckAt),
  ],
)

export const articles = sqliteTable(
  'articles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sectorSlug: text('sector_slug').notNull(),
    feedId: integer('feed_id').notNull(),
    guid: text('guid').notNull(),
    url: text('url').notNull(),
    canonicalUrl: text('canonical_url').notNull(),
    title: text('title').notNull().default(''),
    author: text('author'),
    publishedAt: ms('published_at').notNull(),
    publishedFromFeed: integer('published_from_feed', { mode: 'boolean' }).notNull().default(true),
    firstSeenAt: ms('first_seen_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    siteName: text('site_name'),
    image: text('image'),
    lang: text('lang'),
    excerpt: text('excerpt'),
    wordCount: integer('word_count').notNull().default(0),
    readingMinutes: integer('reading_minutes').notNull().default(0),
    html: text('html'),
    /** What the page said about its author's profiles (rel=me, twitter:creator, JSON-LD...), raw. */
    profileSignals: text('profile_signals', { mode: 'json' }).$type<Record<string, unknown>>(),
    text: text('text'),
    feedSummary: text('feed_summary'),
    // The feed's own content as given (unsanitised): the fallback when the page cannot be extracted.
    feedHtml: text('feed_html'),
    feedContentHash: text('feed_content_hash'),
    extractState: text('extract_state', { enum: ['pending', 'ok', 'feed_only'] })
      .notNull()
      .default('pending'),
    extractError: text('extract_error'),
    extractAttempts: integer('extract_attempts').notNull().default(0),
    // Curation state: new, approved, rejected, reshared, snoozed (until snoozeUntil), dismissed (seen and
    // passed over: out of the queue, and nothing learned from it).
    status: text('status').notNull().default('new'),
    snoozeUntil: ms('snooze_until'),
    /** When its body's links were stored as citations (at extraction); null: not yet read. */
    linksAt: ms('links_at'),
  },
  (t) => [
    uniqueIndex('articles_feed_guid').on(t.feedId, t.guid),
    uniqueIndex('articles_sector_canonical').on(t.sectorSlug, t.canonicalUrl),
    index('articles_sector_published').on(t.sectorSlug, t.publishedAt),
    // A source's articles in the window, for a queue filtered to a few sources.
    index('articles_feed_published').on(t.feedId, t.publishedAt),
    // A language's articles in the window, for a queue filtered to a language few articles have.
    index('articles_sector_lang_published').on(t.sectorSlug, t.lang, t.publishedAt),
    index('articles_pending').on(t.extractState, t.feedId),
    // The curation state by id, apart from the row: status comes after the bodies in the row, so reading
    // it for the thousands of articles a queue or a count joins would read every body's overflow pages.
    index('articles_queue_state').on(
      t.id,
      t.status,
      t.snoozeUntil,
      t.publishedAt,
      t.feedId,
      t.lang,
    ),
    // What changed since the directory last ran and whose links extraction did not store (a crawl's
    // worth at most, read from the index alone: links_at comes after the bodies in the row).
    index('articles_sector_updated_links').on(t.sectorSlug, t.updatedAt, t.extractState, t.linksAt),
  ],
)

/**
 * Articles deleted (retention, a removed feed, a duplicate), by id and time: each process's search
 * index reads what was deleted since its last sync, instead of comparing every article to see it.
 * Kept a day.
 */
export const articleDeletions = sqliteTable(
  'article_deletions',
  {
    articleId: integer('article_id').primaryKey(),
    deletedAt: ms('deleted_at').notNull(),
  },
  (t) => [index('article_deletions_deleted_at').on(t.deletedAt)],
)

/** What was deleted or rejected, so that a later crawl does not bring it back as new. */
export const tombstones = sqliteTable(
  'tombstones',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sectorSlug: text('sector_slug').notNull(),
    feedId: integer('feed_id'),
    guid: text('guid'),
    canonicalUrl: text('canonical_url'),
    reason: text('reason').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('tombstones_feed_guid').on(t.feedId, t.guid),
    index('tombstones_sector_canonical').on(t.sectorSlug, t.canonicalUrl),
  ],
)

/** One row per crawl, for progress in the UI and last-crawl times in `vigie sectors`. */
export const crawlRuns = sqliteTable('crawl_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  owner: text('owner').notNull(),
  sectorSlug: text('sector_slug'),
  startedAt: ms('started_at').notNull(),
  finishedAt: ms('finished_at'),
  feedsTotal: integer('feeds_total').notNull().default(0),
  feedsDone: integer('feeds_done').notNull().default(0),
  feedsOk: integer('feeds_ok').notNull().default(0),
  feedsNotModified: integer('feeds_not_modified').notNull().default(0),
  feedsFailed: integer('feeds_failed').notNull().default(0),
  articlesNew: integer('articles_new').notNull().default(0),
  articlesUpdated: integer('articles_updated').notNull().default(0),
  errors: integer('errors').notNull().default(0),
  /** Feeds the crawl wanted but another live crawler held: not crawled, and not counted as ok. */
  feedsLeased: integer('feeds_leased').notNull().default(0),
  /** Set when the run's process was found gone before it finished (killed, crashed). */
  interruptedAt: ms('interrupted_at'),
  /** Article pages of this run: queued for extraction, extracted, failed (the crawl page's progress). */
  pagesQueued: integer('pages_queued').notNull().default(0),
  pagesExtracted: integer('pages_extracted').notNull().default(0),
  pagesFailed: integer('pages_failed').notNull().default(0),
})

/** Every curator decision, kept as history: the learning stage replays them, the UI can undo them. */
export const decisions = sqliteTable(
  'decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id').notNull(),
    sectorSlug: text('sector_slug').notNull(),
    action: text('action', {
      enum: ['approve', 'reject', 'reshare', 'snooze', 'dismiss', 'reset'],
    }).notNull(),
    snoozeUntil: ms('snooze_until'),
    actor: text('actor'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('decisions_sector').on(t.sectorSlug, t.createdAt),
    index('decisions_article').on(t.articleId),
  ],
)

/** The latest score of an article in its sector, with the parts that explain it and its story. */
export const articleScores = sqliteTable(
  'article_scores',
  {
    articleId: integer('article_id').primaryKey(),
    sectorSlug: text('sector_slug').notNull(),
    score: real('score').notNull(),
    explanation: text('explanation', { mode: 'json' }).notNull(),
    // The story (cluster of near-duplicates and same-story articles): the id of its first article.
    storyId: integer('story_id').notNull(),
    simhash: text('simhash'),
    computedAt: ms('computed_at').notNull(),
    // The article's date, copied when the score is saved: the queue's indexes tell the window from it.
    publishedAt: ms('published_at'),
  },
  (t) => [
    index('scores_sector_score').on(t.sectorSlug, t.score),
    index('scores_story').on(t.storyId),
    // Stories of a sector without reading the rows: story_id comes after the explanation (kilobytes).
    index('scores_sector_story').on(t.sectorSlug, t.storyId, t.score),
    // The queue read in rank order without the rows: (score, article id) is the keyset, story_id the card,
    // published_at skips articles out of the window without reading them.
    index('scores_queue_rank').on(t.sectorSlug, t.score, t.articleId, t.storyId, t.publishedAt),
    // The window's stories, to count the queue.
    index('scores_sector_window').on(t.sectorSlug, t.publishedAt, t.storyId),
  ],
)

/**
 * The articles the curator has decided (approved, rejected, reshared, snoozed), with their story:
 * a story with one of them in the scoring window leaves the undecided queue. Kept when a decision is
 * recorded and when scoring moves an article to another story, so that hiding decided stories reads
 * these few rows rather than every article of the window.
 */
export const storyDecisions = sqliteTable(
  'story_decisions',
  {
    articleId: integer('article_id').primaryKey(),
    sectorSlug: text('sector_slug').notNull(),
    storyId: integer('story_id').notNull(),
    publishedAt: ms('published_at').notNull(),
    // Null: decided for good; a snooze hides the story until then.
    hiddenUntil: ms('hidden_until'),
  },
  (t) => [index('story_decisions_story').on(t.sectorSlug, t.storyId, t.publishedAt)],
)

/**
 * Articles the curator said are not the same story ("not the same story" on a card): scoring never
 * puts the two in one story again, whatever their words share. One row per pair, the smaller id first.
 */
export const storySplits = sqliteTable(
  'story_splits',
  {
    sectorSlug: text('sector_slug').notNull(),
    articleId: integer('article_id').notNull(),
    apartFromId: integer('apart_from_id').notNull(),
    // The one of the two the curator took out of the story: its undo forgets this pair.
    separatedId: integer('separated_id').notNull(),
    actor: text('actor'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.apartFromId] }),
    index('story_splits_sector').on(t.sectorSlug, t.createdAt),
  ],
)

/** What the sector has learned from the curator's decisions (term weights, source weights), as JSON. */
export const sectorModels = sqliteTable('sector_models', {
  sectorSlug: text('sector_slug').primaryKey(),
  model: text('model', { mode: 'json' }).notNull(),
  decisionsSeen: integer('decisions_seen').notNull().default(0),
  updatedAt: ms('updated_at').notNull(),
})

/** A daily shortlist once produced, kept as it was so that it reads the same later. */
export const shortlists = sqliteTable(
  'shortlists',
  {
    sectorSlug: text('sector_slug').notNull(),
    day: text('day').notNull(),
    items: text('items', { mode: 'json' }).notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sectorSlug, t.day] })],
)

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  name: text('name'),
  role: text('role', { enum: ['admin', 'curator', 'viewer'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  locale: text('locale', { enum: ['fr', 'en'] })
    .notNull()
    .default('fr'),
  createdAt: ms('created_at').notNull(),
})

/** Browser sessions: only a hash of the cookie's token is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
)

/** Personal API tokens for the JSON API: only a hash is stored. */
export const apiTokens = sqliteTable('api_tokens', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userId: integer('user_id').notNull(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: ms('created_at').notNull(),
  lastUsedAt: ms('last_used_at'),
})

/** The curator's note, tags and public commentary on an article; `version` guards concurrent edits. */
export const annotations = sqliteTable('annotations', {
  articleId: integer('article_id').primaryKey(),
  sectorSlug: text('sector_slug').notNull(),
  note: text('note').notNull().default(''),
  tags: text('tags', { mode: 'json' })
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`),
  commentary: text('commentary').notNull().default(''),
  version: integer('version').notNull().default(0),
  updatedBy: integer('updated_by'),
  updatedAt: ms('updated_at').notNull(),
})

/** Every saved version of an annotation, so that no edit is ever lost. */
export const annotationVersions = sqliteTable(
  'annotation_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id').notNull(),
    version: integer('version').notNull(),
    note: text('note').notNull(),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
    commentary: text('commentary').notNull(),
    updatedBy: integer('updated_by'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('annotation_versions_article_version').on(t.articleId, t.version)],
)

/**
 * Sign-in attempts, shared by every process on the database: a row is reserved ('pending') before the
 * password is checked, so that parallel attempts cannot all pass the limit, and kept as 'failed'.
 */
export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    account: text('account').notNull(),
    address: text('address').notNull(),
    state: text('state', { enum: ['pending', 'failed'] }).notNull(),
    at: ms('at').notNull(),
  },
  (t) => [
    index('login_attempts_account_at').on(t.account, t.at),
    index('login_attempts_address_at').on(t.address, t.at),
    index('login_attempts_at').on(t.at),
  ],
)

/**
 * Where a sector's picks are reshared: a network account, a webhook or a share-intent link. The secret
 * (token, app password, webhook key) is stored encrypted and never read back out through the API.
 */
export const channels = sqliteTable(
  'channels',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sectorSlug: text('sector_slug').notNull(),
    name: text('name').notNull(),
    kind: text('kind', {
      enum: ['mastodon', 'bluesky', 'webhook', 'linkedin', 'x', 'threads', 'facebook'],
    }).notNull(),
    /** Instance or PDS URL, handle, webhook URL and format, template, UTM parameters, visibility. */
    settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    secret: text('secret'),
    /** The account it posts as, from the last successful "test channel". */
    account: text('account', { mode: 'json' }).$type<Record<string, unknown>>(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [uniqueIndex('channels_sector_name').on(t.sectorSlug, t.name)],
)

/**
 * One post of an article to one channel: scheduled, then leased by a sender, marked 'sending' before
 * the network call (so a crash is reconciled, never blindly resent), then 'sent' or 'failed'.
 */
export const reshares = sqliteTable(
  'reshares',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id').notNull(),
    sectorSlug: text('sector_slug').notNull(),
    channelId: integer('channel_id').notNull(),
    text: text('text').notNull(),
    state: text('state', {
      enum: ['scheduled', 'sending', 'sent', 'failed', 'cancelled'],
    }).notNull(),
    scheduledAt: ms('scheduled_at').notNull(),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    leaseOwner: text('lease_owner'),
    leaseUntil: ms('lease_until'),
    idempotencyKey: text('idempotency_key').notNull(),
    remoteId: text('remote_id'),
    remoteUrl: text('remote_url'),
    error: text('error'),
    createdBy: text('created_by'),
    createdAt: ms('created_at').notNull(),
    sentAt: ms('sent_at'),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    index('reshares_due').on(t.state, t.nextAttemptAt),
    index('reshares_article').on(t.articleId),
    index('reshares_calendar').on(t.sectorSlug, t.scheduledAt),
    uniqueIndex('reshares_idempotency').on(t.idempotencyKey),
  ],
)

/** A scratch row written and deleted in one transaction, to learn whether the disk has room. */
export const storageProbe = sqliteTable('storage_probe', {
  id: integer('id').primaryKey(),
  filler: blob('filler'),
})

/** One digest email per sector and day: claimed before sending, so two processes never both send it. */
export const digestRuns = sqliteTable(
  'digest_runs',
  {
    sectorSlug: text('sector_slug').notNull(),
    day: text('day').notNull(),
    state: text('state', { enum: ['sending', 'sent', 'failed'] }).notNull(),
    recipients: integer('recipients').notNull().default(0),
    error: text('error'),
    claimedBy: text('claimed_by'),
    createdAt: ms('created_at').notNull(),
    sentAt: ms('sent_at'),
  },
  (t) => [primaryKey({ columns: [t.sectorSlug, t.day] })],
)

// The directory (people and sources of a sector). Everything below except the curator's own fields
// on `people` is recomputed from articles by src/jobs/directory.ts, so a row may vanish and return.

/**
 * An author of the sector, merged across spellings, feeds and sites. `curatorName` and `note` are the
 * curator's and survive every recomputation: a recomputed group keeps the id of the person already
 * linked to any of its (feed, name) aliases.
 */
export const people = sqliteTable(
  'people',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sectorSlug: text('sector_slug').notNull(),
    name: text('name').notNull(),
    normName: text('norm_name').notNull(),
    curatorName: text('curator_name'),
    note: text('note').notNull().default(''),
    /** Set once a curator edited the entry: recomputation then never removes it. */
    edited: integer('edited', { mode: 'boolean' }).notNull().default(false),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('people_sector_name').on(t.sectorSlug, t.normName)],
)

/** One spelling of a person on one source: the unit that merging groups. */
export const personSources = sqliteTable(
  'person_sources',
  {
    sectorSlug: text('sector_slug').notNull(),
    feedId: integer('feed_id').notNull(),
    normName: text('norm_name').notNull(),
    name: text('name').notNull(),
    personId: integer('person_id').notNull(),
    articles: integer('articles').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.sectorSlug, t.feedId, t.normName] }),
    index('person_sources_person').on(t.personId),
  ],
)

/** A handle of a person or a source on a network, and where it was found. */
export const profiles = sqliteTable(
  'profiles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sectorSlug: text('sector_slug').notNull(),
    subject: text('subject', { enum: ['person', 'source'] }).notNull(),
    /** people.id or feeds.id */
    subjectId: integer('subject_id').notNull(),
    network: text('network').notNull(),
    handle: text('handle').notNull(),
    url: text('url'),
    /** 'sector-file', 'rel-me', 'twitter:creator', 'json-ld:sameAs', 'feed:author'... */
    signal: text('signal').notNull(),
    /** The article (or else the feed) the signal was read from; null for the sector file. */
    articleId: integer('article_id'),
    feedId: integer('feed_id'),
  },
  (t) => [
    uniqueIndex('profiles_subject_handle').on(
      t.sectorSlug,
      t.subject,
      t.subjectId,
      t.network,
      t.handle,
    ),
  ],
)

/** A link from an article's body to another site: the edges of the sector's citation graph. */
export const citations = sqliteTable(
  'citations',
  {
    articleId: integer('article_id').notNull(),
    sectorSlug: text('sector_slug').notNull(),
    /** The citing source. */
    feedId: integer('feed_id').notNull(),
    targetHost: text('target_host').notNull(),
    targetUrl: text('target_url').notNull(),
    publishedAt: ms('published_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.targetUrl] }),
    index('citations_sector_host').on(t.sectorSlug, t.targetHost),
  ],
)

/** The figures of a source or a person as last computed, with its 16 weekly counts (latest first). */
export const directoryStats = sqliteTable(
  'directory_stats',
  {
    sectorSlug: text('sector_slug').notNull(),
    subject: text('subject', { enum: ['person', 'source'] }).notNull(),
    subjectId: integer('subject_id').notNull(),
    articles: integer('articles').notNull(),
    weekly: text('weekly', { mode: 'json' }).$type<number[]>().notNull(),
    citedWeekly: text('cited_weekly', { mode: 'json' }).$type<number[]>().notNull(),
    lastPublishedAt: ms('last_published_at'),
    affinity: real('affinity'),
    shortlistShare: real('shortlist_share'),
    approveRate: real('approve_rate'),
    citations: integer('citations').notNull().default(0),
    citingSources: integer('citing_sources').notNull().default(0),
    influence: real('influence').notNull().default(0),
    rising: integer('rising', { mode: 'boolean' }).notNull().default(false),
    computedAt: ms('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sectorSlug, t.subject, t.subjectId] })],
)

/** Up to when a sector's article links were read, so that a recomputation reads only what changed. */
export const directoryRuns = sqliteTable('directory_runs', {
  sectorSlug: text('sector_slug').primaryKey(),
  scannedUntil: ms('scanned_until').notNull(),
  computedAt: ms('computed_at').notNull(),
})

/**
 * A curator's merge or split: this (feed, spelling) alias belongs to that person, whatever the
 * automatic rules would say. Recomputation places pinned aliases first and never regroups them.
 */
export const personAliasPins = sqliteTable(
  'person_alias_pins',
  {
    sectorSlug: text('sector_slug').notNull(),
    feedId: integer('feed_id').notNull(),
    normName: text('norm_name').notNull(),
    personId: integer('person_id').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sectorSlug, t.feedId, t.normName] }),
    index('person_alias_pins_person').on(t.personId),
  ],
)

/** A site the sector's articles cite but that no feed of the sector follows, and what became of it. */
export const sourceSuggestions = sqliteTable(
  'source_suggestions',
  {
    sectorSlug: text('sector_slug').notNull(),
    host: text('host').notNull(),
    siteUrl: text('site_url').notNull(),
    /** Found by autodiscovery; null until looked for, or when none was found. */
    feedUrl: text('feed_url'),
    title: text('title'),
    citations: integer('citations').notNull().default(0),
    citingSources: integer('citing_sources').notNull().default(0),
    /** Mean affinity of a sample of the site's own articles, once fetched. */
    affinity: real('affinity'),
    status: text('status', { enum: ['new', 'dismissed', 'followed'] })
      .notNull()
      .default('new'),
    checkedAt: ms('checked_at'),
    error: text('error'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sectorSlug, t.host] }),
    index('source_suggestions_rank').on(t.sectorSlug, t.status, t.citingSources),
  ],
)

/** What happened to a feed that a curator should be able to read later (merged, moved, deleted). */
export const feedEvents = sqliteTable(
  'feed_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sectorSlug: text('sector_slug').notNull(),
    feedId: integer('feed_id').notNull(),
    kind: text('kind').notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    at: ms('at').notNull(),
  },
  (t) => [index('feed_events_feed').on(t.feedId, t.at)],
)

/**
 * A search the curators of a sector follow ("Recherches suivies": a brand, a law, a new network): the
 * queue and the search page count its results published since it was last opened.
 */
export const followedSearches = sqliteTable(
  'followed_searches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sectorSlug: text('sector_slug').notNull(),
    query: text('query').notNull(),
    createdBy: text('created_by'),
    createdAt: ms('created_at').notNull(),
    // When the search was last opened: its results published since are new, and counted in the queue.
    seenAt: ms('seen_at').notNull(),
    // Where "Nouveau" starts during the current visit: the seenAt before it began, so that the marks
    // stay while the curator pages through the results.
    newSince: ms('new_since').notNull(),
  },
  (t) => [uniqueIndex('followed_searches_query').on(t.sectorSlug, t.query)],
)

/**
 * Who gets a followed search's email alert, each curator on their own clock: up to when articles have
 * been alerted to them (by when Vigie first saw them, so that one crawled late with an old date still
 * makes an alert).
 */
export const searchAlerts = sqliteTable(
  'search_alerts',
  {
    searchId: integer('search_id').notNull(),
    userId: integer('user_id').notNull(),
    alertedUntil: ms('alerted_until').notNull(),
    // At most once an hour, or once a day (a morning's veille rather than an inbox through the day).
    every: text('every', { enum: ['hour', 'day'] })
      .notNull()
      .default('hour'),
  },
  (t) => [
    primaryKey({ columns: [t.searchId, t.userId] }),
    index('search_alerts_user').on(t.userId),
  ],
)
