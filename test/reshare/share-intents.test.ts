import { describe, expect, it } from 'vitest'
import {
  facebookShareUrl,
  linkedinOffsiteUrl,
  linkedinShareUrl,
  threadsIntentUrl,
  xIntentUrl,
} from '../../src/reshare/index.ts'

const link = 'https://exemple.fr/article?x=1&y=é#partie-2'
const text = `Très bonne analyse 👏🏽 de l'algorithme — à lire :\n${link} #CommunityManagement 100% + bonus`

describe('share intents', () => {
  it('LinkedIn: the feed composer carries the whole text', () => {
    const url = new URL(linkedinShareUrl(text))
    expect(url.origin + url.pathname).toBe('https://www.linkedin.com/feed/')
    expect(url.searchParams.get('shareActive')).toBe('true')
    expect(url.searchParams.get('text')).toBe(text)
    // No raw "+" for a space, no bare "&", "#" or newline that would cut or alter the text.
    const raw = linkedinShareUrl(text)
    expect(raw).not.toMatch(/[ \n#+]/)
    expect(raw).toContain('%2B%20bonus')
  })

  it('LinkedIn: share-offsite carries the link', () => {
    const url = new URL(linkedinOffsiteUrl(link))
    expect(url.origin + url.pathname).toBe('https://www.linkedin.com/sharing/share-offsite/')
    expect(url.searchParams.get('url')).toBe(link)
  })

  it('X: text and url apart, url left out when not given', () => {
    const url = new URL(xIntentUrl("L'algorithme expliqué 🇫🇷", link))
    expect(url.origin + url.pathname).toBe('https://x.com/intent/post')
    expect(url.searchParams.get('text')).toBe("L'algorithme expliqué 🇫🇷")
    expect(url.searchParams.get('url')).toBe(link)
    expect(new URL(xIntentUrl('Seul')).searchParams.has('url')).toBe(false)
  })

  it('Threads: the whole text', () => {
    const url = new URL(threadsIntentUrl(text))
    expect(url.origin + url.pathname).toBe('https://www.threads.net/intent/post')
    expect(url.searchParams.get('text')).toBe(text)
  })

  it('Facebook: the link as u', () => {
    const raw = facebookShareUrl(link)
    expect(raw.startsWith('https://www.facebook.com/sharer/sharer.php?u=')).toBe(true)
    expect(new URL(raw).searchParams.get('u')).toBe(link)
    expect(new URL(raw).hash).toBe('')
  })
})
