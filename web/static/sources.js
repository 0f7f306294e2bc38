// The sector profile editor on /sources/profile: buttons to add and remove topics. Without script, the
// page always offers one blank topic, and a topic emptied by hand is dropped on save.
const topics = document.getElementById('topics')

if (topics) {
  const addButton = document.querySelector('.add-topic')

  // Gives a cloned topic its own ids (topic-<n>-name ...) so that labels still point at its fields.
  const renumber = (fieldset, n) => {
    fieldset.dataset.topic = String(n)
    for (const el of fieldset.querySelectorAll('[id^="topic-"]'))
      el.id = el.id.replace(/^topic-\d+-/, `topic-${n}-`)
    for (const label of fieldset.querySelectorAll('label[for^="topic-"]')) {
      label.htmlFor = label.htmlFor.replace(/^topic-\d+-/, `topic-${n}-`)
    }
  }

  const enableRemove = (fieldset) => {
    const button = fieldset.querySelector('.remove-topic')
    if (!button) return
    button.hidden = false
    button.addEventListener('click', () => {
      if (topics.querySelectorAll('.topic').length > 1) fieldset.remove()
      else for (const field of fieldset.querySelectorAll('input, textarea')) field.value = ''
    })
  }

  for (const fieldset of topics.querySelectorAll('.topic')) enableRemove(fieldset)

  if (addButton) {
    addButton.hidden = false
    addButton.addEventListener('click', () => {
      const all = topics.querySelectorAll('.topic')
      const template = all[all.length - 1]
      const copy = template.cloneNode(true)
      const next = Math.max(...[...all].map((f) => Number(f.dataset.topic) || 0)) + 1
      renumber(copy, next)
      for (const field of copy.querySelectorAll('input, textarea')) {
        field.value = field.name === 'topic_weight' ? '1' : ''
        field.removeAttribute('aria-invalid')
      }
      const legend = copy.querySelector('legend')
      if (legend) legend.textContent = addButton.dataset.legend || legend.textContent
      topics.append(copy)
      enableRemove(copy)
      copy.querySelector('input')?.focus()
    })
  }
}

// While a preview or a save waits on the sector's scoring (seconds on a large sector), the editor
// shows what the server reports: texts analysed, then scores computed.
const busy = document.getElementById('profile-busy')

if (busy && busy.dataset.progress) {
  const form = busy.closest('form')
  const bar = busy.querySelector('progress')
  const [text, spoken] = busy.querySelectorAll('span')
  const numbers = new Intl.NumberFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'fr-FR')
  const fill = (template, done, total) =>
    template.replace('{done}', numbers.format(done)).replace('{total}', numbers.format(total))
  let polling = null

  // The live region changes with the stage only: read out twice a second, the figures would drown
  // the page for a screen reader.
  const say = (line) => {
    if (spoken.textContent !== line) spoken.textContent = line
  }
  const show = (title, progress) => {
    if (!progress) {
      bar.removeAttribute('value')
      text.textContent = title
      say(title)
      return
    }
    const { analysed, toAnalyse, scored, toScore, waiting } = progress
    bar.max = Math.max(1, toAnalyse + toScore)
    bar.value = analysed + scored
    // Between the texts and the first scores, the worker groups the window into stories.
    const [step, stage] = waiting
      ? [busy.dataset.waiting, busy.dataset.waiting]
      : analysed < toAnalyse
        ? [fill(busy.dataset.analysing, analysed, toAnalyse), busy.dataset.stageAnalysing]
        : scored === 0
          ? [busy.dataset.grouping, busy.dataset.grouping]
          : [fill(busy.dataset.scoring, scored, toScore), busy.dataset.stageScoring]
    text.textContent = `${title} ${step}`
    say(`${title} ${stage}`)
  }

  form.addEventListener('submit', (event) => {
    const preview = (event.submitter?.getAttribute('formaction') ?? '').endsWith('/preview')
    const title = preview ? busy.dataset.preview : busy.dataset.save
    show(title, null)
    busy.hidden = false
    busy.scrollIntoView({ block: 'nearest' })
    form.setAttribute('aria-busy', 'true')
    // Once the submission has its data: a button disabled before would be left out of it.
    setTimeout(() => {
      for (const button of form.querySelectorAll('button[type="submit"]')) button.disabled = true
    })
    const poll = async () => {
      try {
        const res = await fetch(busy.dataset.progress, { headers: { accept: 'application/json' } })
        if (res.ok) show(title, (await res.json()).progress)
      } catch {
        // The page is being replaced by the answer, or the server is away: the next poll tells.
      }
      polling = setTimeout(poll, 500)
    }
    polling = setTimeout(poll, 200)
  })

  // Back to this page from the browser's cache: the wait is over.
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return
    clearTimeout(polling)
    busy.hidden = true
    form.removeAttribute('aria-busy')
    for (const button of form.querySelectorAll('button[type="submit"]')) button.disabled = false
  })
}
