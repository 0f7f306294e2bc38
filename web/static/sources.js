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
