// Resharing: measuring, composing and sending a post, publication slots, public feeds. Pure of the
// database: the jobs store what these return and decide when to call them again.
export { NETWORKS, type ArticleRef, type Channel, type Network, type ReshareDeps } from './types.ts'
export { ReshareError, redact, type RetryCode, type ReshareErrorInit } from './errors.ts'
export {
  DEFAULT_LIMITS,
  textLength,
  textLengths,
  type LengthOptions,
  type TextLength,
} from './text-length.ts'
export { addUtm, type Utm } from './utm.ts'
export { formatHashtag, formatHashtags } from './hashtags.ts'
export { mentionFor } from './handles.ts'
export {
  DEFAULT_MAX_HASHTAGS,
  defaultTemplate,
  type TemplateLanguage,
} from './default-templates.ts'
export {
  renderTemplate,
  TEMPLATE_VARIABLES,
  type TemplateInput,
  type TemplateVariable,
} from './template.ts'
export {
  mastodonClient,
  type FindStatusInput,
  type MastodonAccount,
  type MastodonClient,
  type MastodonStatusRef,
  type MastodonVisibility,
  type PostStatusInput,
} from './mastodon.ts'
export {
  blueskyClient,
  DEFAULT_PDS,
  postUrl,
  type BlueskyCard,
  type BlueskyClient,
  type BlueskyPostInput,
  type BlueskyPostRef,
  type BlueskySession,
} from './bluesky.ts'
export { detectFacets, utf8Offset, type Facet, type FacetFeature } from './bluesky-facets.ts'
export {
  sendWebhook,
  signBody,
  verifySignature,
  webhookPayload,
  type WebhookInput,
  type WebhookPayload,
} from './webhook.ts'
export {
  facebookShareUrl,
  linkedinOffsiteUrl,
  linkedinShareUrl,
  threadsIntentUrl,
  xIntentUrl,
} from './share-intents.ts'
export { DEFAULT_SLOTS, localTime, nextFreeSlot, validSlots, type Slot } from './calendar.ts'
export {
  renderPublicFeed,
  type PublicEntry,
  type PublicFeedFormat,
  type PublicFeedInput,
} from './public-feeds.ts'
export { formatSlots, parseSlots } from './slots-text.ts'
