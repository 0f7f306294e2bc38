// The queue page, enhanced: decisions in place with an undo toast, and keyboard shortcuts.
// Without this script every action is a plain form post that comes back to the page.

import { keyboardShortcuts, openOriginal } from './keys.js'

const queue = document.querySelector('section.queue')
if (queue) enhanceQueue(queue)

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? ''
}

/** Posts a decision form's fields with fetch; resolves to true when the server took it. */
async function postDecision(action, fields) {
  const res = await fetch(action, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'x-csrf-token': csrfToken(),
    },
    body: new URLSearchParams(fields).toString(),
    credentials: 'same-origin',
  })
  return res.ok
}

function enhanceQueue(queue) {
  const toast = document.getElementById('queue-toast')
  const canDecide = queue.dataset.canDecide === '1'
  let selected = null
  let toastTimer = 0

  const cards = () => [...queue.querySelectorAll('.story-card')]

  function select(card) {
    if (!card) return
    selected?.classList.remove('selected')
    selected?.removeAttribute('aria-current')
    selected = card
    card.classList.add('selected')
    card.setAttribute('aria-current', 'true')
    card.focus({ preventScroll: true })
    // A smooth scroll is motion: not for those whose system asks for less.
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches
    card.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' })
  }

  function move(step) {
    const list = cards()
    if (!list.length) return
    const at = selected ? list.indexOf(selected) : -1
    select(list[Math.max(0, Math.min(list.length - 1, at + step))] ?? list[0])
  }

  function showToast(message, undo, isError = false) {
    clearTimeout(toastTimer)
    toast.replaceChildren()
    toast.classList.toggle('error', isError)
    const text = document.createElement('span')
    text.textContent = message
    toast.append(text)
    if (undo) {
      const button = document.createElement('button')
      button.type = 'button'
      button.textContent = queue.dataset.undo
      button.addEventListener('click', undo, { once: true })
      toast.append(button)
    }
    toast.hidden = false
    toastTimer = setTimeout(() => (toast.hidden = true), 8000)
  }

  /** Takes the decision, takes the card out of the list, and offers to put it back. */
  async function decide(form, action) {
    const card = form.closest('.story-card')
    const fields = new FormData(form)
    fields.set('action', action)
    form.setAttribute('aria-busy', 'true')
    let ok = false
    try {
      ok = await postDecision(form.getAttribute('action'), fields)
    } catch {
      ok = false
    }
    form.removeAttribute('aria-busy')
    if (!ok) return showToast(queue.dataset.failed, null, true)
    const list = cards()
    const next = list[list.indexOf(card) + 1] ?? list[list.indexOf(card) - 1] ?? null
    const parent = card.parentNode
    const before = card.nextSibling
    card.remove()
    if (selected === card) {
      selected = null
      select(next)
    }
    showToast(queue.dataset[`done${action[0].toUpperCase()}${action.slice(1)}`] ?? '', async () => {
      const undone = await postDecision(form.getAttribute('action'), {
        _csrf: fields.get('_csrf') ?? '',
        action: 'reset',
      }).catch(() => false)
      if (!undone) return showToast(queue.dataset.failed, null, true)
      parent.insertBefore(card, before && before.parentNode === parent ? before : null)
      select(card)
      showToast(queue.dataset.doneReset)
    })
  }

  queue.addEventListener('submit', (event) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('decision')) return
    event.preventDefault()
    const action = event.submitter?.value ?? 'approve'
    decide(form, action)
  })

  queue.addEventListener('click', (event) => {
    const card = event.target.closest?.('.story-card')
    if (card && card !== selected) select(card)
  })

  function decideSelected(action) {
    if (!canDecide || !selected) return
    const form = selected.querySelector('form.decision')
    if (form) decide(form, action)
  }


  const keys = {
    j: () => move(1),
    k: () => move(-1),
    o: () => selected && (location.href = selected.dataset.reader),
    v: () => openOriginal(selected?.dataset.original),
    a: () => decideSelected('approve'),
    r: () => decideSelected('reject'),
    m: () => decideSelected('dismiss'),
    s: () => decideSelected('snooze'),
    p: () => decideSelected('reshare'),
    e: () => canDecide && selected && (location.href = `${selected.dataset.reader}#annotation`),
    '/': () => document.getElementById('quick-search')?.focus(),
  }
  keyboardShortcuts(keys, { onHelpClosed: () => selected?.focus({ preventScroll: true }) })
}
