// The reader's annotation form, enhanced: autosave after a pause in typing, conflicts shown side by side
// (nothing typed is ever dropped), and tag suggestions for the tag being typed after a comma.
// Without this script the form posts as usual and the server shows the same conflict view.

const form = document.querySelector('form.annotation-form')
if (form) enhanceAnnotation(form)

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

  async function save() {
    clearTimeout(timer)
    if (inConflict) return
    if (saving) {
      again = true
      return
    }
    const current = snapshot()
    if (current === lastSaved) return
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
        setStatus(d.failed, true)
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
