// The composer, enhanced: each channel's counter follows the text as the network counts it (the
// server counts, so the page and the sender agree), the share links follow the text, and the
// Schedule button stays disabled while a chosen channel is over its limit.

for (const root of document.querySelectorAll('[data-count-url]')) enhance(root)

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? ''
}

function enhance(root) {
  const url = root.dataset.countUrl
  const submit = root.querySelector('button[type="submit"]')
  for (const box of root.querySelectorAll('.composer-channel')) {
    const text = box.querySelector('textarea')
    const toggle = box.querySelector('input[type="checkbox"]')
    let timer = 0
    text.addEventListener('input', () => {
      clearTimeout(timer)
      timer = setTimeout(() => count(box, text.value), 250)
    })
    toggle?.addEventListener('change', () => refreshSubmit())
  }
  refreshSubmit()

  async function count(box, value) {
    // Answers may come back out of order: only the latest request's counts are shown.
    const seq = (box.countSeq = (box.countSeq ?? 0) + 1)
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() },
      body: JSON.stringify({ channelId: Number(box.dataset.channel), text: value }),
    })
    if (!res.ok) return
    const { length, intentUrl } = await res.json()
    if (seq !== box.countSeq) return
    const counter = box.querySelector('.count')
    counter.classList.toggle('over', length.over)
    counter.querySelector('.count-used').textContent = `${length.used} / ${length.limit}`
    const over = counter.querySelector('.count-over')
    over.textContent = length.over ? overText(counter, length.used - length.limit) : ''
    const link = box.querySelector('a.intent')
    if (link && intentUrl) link.href = intentUrl
    refreshSubmit()
  }

  // The server's wording (its templates on the counter), in the plural form the page's language wants.
  function overText(counter, n) {
    const locale = document.documentElement.lang === 'en' ? 'en-GB' : 'fr-FR'
    const one = new Intl.PluralRules(locale).select(n) === 'one'
    const template = (one && counter.dataset.overOne) || counter.dataset.over
    return template.replace('{n}', new Intl.NumberFormat(locale).format(n))
  }

  function refreshSubmit() {
    if (!submit) return
    const boxes = [...root.querySelectorAll('.composer-channel')]
    const chosen = boxes.filter((b) => b.querySelector('input[type="checkbox"]')?.checked)
    const blocked = chosen.some((b) => b.querySelector('.count').classList.contains('over'))
    submit.disabled = chosen.length === 0 || blocked
  }
}
