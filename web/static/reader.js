// The reader's annotation form, enhanced: autosave after a pause in typing, conflicts shown side by side
// (nothing typed is ever dropped), tag suggestions for the tag being typed after a comma, and the
// limits counted while typing. Also the reader's keyboard shortcuts and the phone bar's "Note" link.
// Without this script the form posts as usual and the server shows the same conflict and limit views.

import { keyboardShortcuts, openOriginal } from './keys.js'

const form = document.querySelector('form.annotation-form')
if (form) enhanceAnnotation(form)
if (document.querySelector('.reader')) enhanceReader()

const PAUSE_MS = 1500

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? ''
}

function enhanceAnnotation(form) {
  const d = form.dataset
  const field = (name) => form.elements.namedItem(name)
  const base = field('baseVersion')
  const status = form.querySelector('.save-status')
  const version = form.querySelector('.version')
  let timer = 0
  let saving = false
  let again = false
  let inConflict = false

  const values = () => ({
    note: field('note').value,
    tags: field('tags').value,
    commentary: field('commentary').value,
  })
  const snapshot = () => JSON.stringify(values())
  let lastSaved = snapshot()

  function setStatus(text, isError = false) {
    status.textContent = text
    status.classList.toggle('error', isError)
  }

  // The limits as the server renders them (ANNOTATION_LIMITS); tags are counted as the server
  // normalises them (trimmed, no leading #, lower-case, unique).
  const limit = (name) => Number(d[`limit${name}`])
  const number = new Intl.NumberFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'fr-FR')
  const fill = (template, vars) =>
    template.replace(/\{(\w+)\}/g, (_, k) =>
      typeof vars[k] === 'number' ? number.format(vars[k]) : (vars[k] ?? ''),
    )
  // A count's sentence in the plural form the page's language wants, when the page gave one
  // (data-…-one), as the server picks it.
  const plural = new Intl.PluralRules(document.documentElement.lang === 'en' ? 'en-GB' : 'fr-FR')
  const counted = (name, vars) =>
    fill((plural.select(vars.n) === 'one' && d[`${name}One`]) || d[name], vars)
  const tagsOf = (text) => [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim().replace(/^#+/, '').toLowerCase().replace(/\s+/g, ' '))
        .filter(Boolean),
    ),
  ]

  /** The first limit the form breaks, as the sentence to show, or null. */
  function overLimit() {
    const v = values()
    for (const [name, label] of [
      ['note', d.noteLabel],
      ['commentary', d.commentaryLabel],
    ]) {
      const max = limit(name[0].toUpperCase() + name.slice(1))
      if (v[name].length > max)
        return fill(d.overChars, { label, actual: v[name].length, limit: max })
    }
    const tags = tagsOf(v.tags)
    if (tags.length > limit('Tags'))
      return fill(d.overTags, { label: d.tagsShort, actual: tags.length, limit: limit('Tags') })
    const long = tags.find((t) => t.length > limit('Tag'))
    if (long) return fill(d.overTag, { actual: long.length, limit: limit('Tag') })
    return null
  }

  /** The counters beside the fields: characters left, or how many too many; tags used of the maximum. */
  function updateCounters() {
    for (const name of ['note', 'commentary']) {
      const counter = document.getElementById(`${name}-count`)
      if (!counter) continue
      const used = field(name).value.length
      const max = limit(name[0].toUpperCase() + name.slice(1))
      counter.textContent =
        used > max
          ? counted('charsOver', { n: used - max, max })
          : counted('charsLeft', { n: max - used, max })
      counter.classList.toggle('over', used > max)
    }
    const counter = document.getElementById('tags-count')
    if (!counter) return
    const tags = tagsOf(field('tags').value)
    const tooLong = tags.some((t) => t.length > limit('Tag'))
    const over = tags.length > limit('Tags')
    counter.textContent = over
      ? fill(d.tagsOver, { n: tags.length, max: limit('Tags') })
      : tooLong
        ? fill(d.tagTooLong, { max: limit('Tag') })
        : fill(d.tagsLeft, { n: tags.length, max: limit('Tags'), len: limit('Tag') })
    counter.classList.toggle('over', over || tooLong)
  }

  /** The reason a save was refused, in the curator's words: the limit it broke, never a bare failure. */
  async function refusal(res) {
    if (res.status === 413) return d.tooLarge
    const body = await res.json().catch(() => ({}))
    const x = body.details ?? {}
    if (res.status === 400 && x.field && x.limit != null) {
      if (x.field === 'tags')
        return fill(d.overTags, { label: d.tagsShort, actual: x.actual, limit: x.limit })
      if (x.field === 'tag') return fill(d.overTag, { actual: x.actual, limit: x.limit })
      const label = x.field === 'commentary' ? d.commentaryLabel : d.noteLabel
      return fill(d.overChars, { label, actual: x.actual, limit: x.limit })
    }
    return d.failed
  }

  async function save() {
    clearTimeout(timer)
    if (inConflict) return
    if (saving) {
      again = true
      return
    }
    const current = snapshot()
    if (current === lastSaved) return
    // Over a limit: say which one now, without a round trip that can only be refused.
    const over = overLimit()
    if (over) return setStatus(over, true)
    saving = true
    setStatus(d.saving)
    try {
      const res = await fetch(form.action, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          'x-csrf-token': csrfToken(),
        },
        body: JSON.stringify({ baseVersion: Number(base.value), ...values() }),
        credentials: 'same-origin',
      })
      if (res.ok) {
        const { annotation } = await res.json()
        base.value = String(annotation.version)
        if (version)
          version.textContent = (d.version ?? '{n}').replace('{n}', String(annotation.version))
        lastSaved = current
        setStatus(d.saved)
      } else if (res.status === 409) {
        const body = await res.json().catch(() => ({}))
        showConflict(body.details?.current ?? null)
      } else {
        setStatus(await refusal(res), true)
      }
    } catch {
      setStatus(d.failed, true)
    }
    saving = false
    if (again) {
      again = false
      save()
    }
  }

  /** The saved version beside the curator's own, and a choice; the form keeps the curator's text meanwhile. */
  function showConflict(current) {
    inConflict = true
    const theirs = {
      note: current?.note ?? '',
      tags: (current?.tags ?? []).join(', '),
      commentary: current?.commentary ?? '',
      version: current?.version ?? 0,
    }
    form.parentNode.querySelector('.conflict.live')?.remove()
    const panel = el('div', { class: 'conflict live', role: 'alert' }, [el('p', {}, [d.conflict])])
    const columns = el('div', { class: 'conflict-versions' }, [
      versionView(d.theirs, theirs),
      versionView(d.yours, values()),
    ])
    const keep = el('button', { type: 'button', class: 'primary' }, [d.keepMine])
    const take = el('button', { type: 'button' }, [d.takeTheirs])
    keep.addEventListener('click', () => {
      base.value = String(theirs.version)
      resolve(panel)
      lastSaved = ''
      save()
    })
    take.addEventListener('click', () => {
      field('note').value = theirs.note
      field('tags').value = theirs.tags
      field('commentary').value = theirs.commentary
      base.value = String(theirs.version)
      lastSaved = snapshot()
      resolve(panel)
      setStatus(d.saved)
    })
    panel.append(columns, el('div', { class: 'conflict-actions' }, [keep, take]))
    form.before(panel)
    setStatus(d.conflict, true)
    keep.focus()
  }

  function resolve(panel) {
    panel.remove()
    inConflict = false
  }

  function versionView(title, v) {
    return el('div', {}, [
      el('h3', {}, [title]),
      el('dl', { class: 'annotation-view' }, [
        el('dt', {}, [d.noteLabel]),
        el('dd', { class: 'pre' }, [v.note]),
        el('dt', {}, [d.tagsLabel]),
        el('dd', {}, [v.tags]),
        el('dt', {}, [d.commentaryLabel]),
        el('dd', { class: 'pre' }, [v.commentary]),
      ]),
    ])
  }

  form.addEventListener('input', (event) => {
    if (event.target === field('tags')) suggestTags(field('tags'))
    updateCounters()
    clearTimeout(timer)
    timer = setTimeout(save, PAUSE_MS)
  })
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    save()
  })
  // Leaving with an unsaved edit: ask first.
  window.addEventListener('beforeunload', (event) => {
    if (snapshot() !== lastSaved) event.preventDefault()
  })
  if (location.hash === '#annotation') field('note').focus()
  updateCounters()
}

/** Brings the note into the middle of the screen (clear of the phone's bottom bar) and focuses it. */
function goToNote() {
  const note = document.getElementById('note')
  const target = note ?? document.getElementById('annotation')
  if (!target) return false
  target.scrollIntoView({ block: 'center' })
  note?.focus({ preventScroll: true })
  return true
}

/** The reader's keys (listed in #keys-help) and the bar's "Note" link. */
function enhanceReader() {
  const decision = document.querySelector('.reader-actions form.decision')
  const decide = (action) => {
    const button = decision?.querySelector(`button[name="action"][value="${action}"]`)
    if (button) decision.requestSubmit(button)
  }
  const follow = (selector) => {
    const link = document.querySelector(selector)
    if (link) location.href = link.href
  }
  document.querySelector('.reader-actions a.jump-note')?.addEventListener('click', (event) => {
    if (goToNote()) event.preventDefault()
  })

  const keys = {
    a: () => decide('approve'),
    r: () => decide('reject'),
    m: () => decide('dismiss'),
    p: () => decide('reshare'),
    s: () => decide('snooze'),
    e: () => goToNote(),
    j: () => follow('.queue-nav a[rel="next"]'),
    k: () => follow('.queue-nav a[rel="prev"]'),
    v: () => openOriginal(document.querySelector('.original a')?.href),
  }
  keyboardShortcuts(keys)
}

// The datalist only completes a whole value: offer "already, typed, <tag>" for the tag after the last comma.
let knownTags = null
function suggestTags(input) {
  const list = document.getElementById('known-tags')
  if (!list) return
  knownTags ??= [...list.options].map((o) => o.value)
  const parts = input.value.split(',')
  const partial = parts.pop().trim().toLowerCase()
  const used = new Set(parts.map((p) => p.trim().toLowerCase()).filter(Boolean))
  const prefix = parts.length
    ? `${parts
        .map((p) => p.trim())
        .filter(Boolean)
        .join(', ')}, `
    : ''
  const options = knownTags
    .filter((tag) => !used.has(tag) && tag.startsWith(partial))
    .slice(0, 20)
    .map((tag) => el('option', { value: `${prefix}${tag}` }, []))
  list.replaceChildren(...options)
}

/** An element with attributes and text or element children (text is never parsed as HTML). */
function el(tag, attrs, children) {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
  for (const c of children) node.append(c)
  return node
}
