// Composer URLs a curator opens in the browser, for networks Vigie does not post to itself.
// encodeURIComponent, not URLSearchParams: some composers show a '+' literally instead of a space.
const q = (params: Record<string, string | null | undefined>) =>
  Object.entries(params)
    .filter((e): e is [string, string] => !!e[1])
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&')

/** LinkedIn's feed composer, opened with the whole text (link included) already typed. */
export function linkedinShareUrl(text: string): string {
  return `https://www.linkedin.com/feed/?shareActive=true&${q({ text })}`
}

/** LinkedIn's share-offsite dialog: a link card only, LinkedIn ignores any text passed to it. */
export function linkedinOffsiteUrl(link: string): string {
  return `https://www.linkedin.com/sharing/share-offsite/?${q({ url: link })}`
}

/** X's composer; X appends `url` after the text, so the text should not repeat the link. */
export function xIntentUrl(text: string, link?: string | null): string {
  return `https://x.com/intent/post?${q({ text, url: link })}`
}

/** Threads' composer with the whole text (link included). */
export function threadsIntentUrl(text: string): string {
  return `https://www.threads.net/intent/post?${q({ text })}`
}

/** Facebook's sharer: a link only, Facebook has not accepted pre-filled text since 2017. */
export function facebookShareUrl(link: string): string {
  return `https://www.facebook.com/sharer/sharer.php?${q({ u: link })}`
}
