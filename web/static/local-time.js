// The server writes instants in UTC, as it cannot know its reader's time zone; the browser does:
// each <time data-local> is written again in it, as the page's language writes a date (and the
// tooltip of each <time data-local-title>, whose text is an age).
const locale = document.documentElement.lang === 'en' ? 'en-GB' : 'fr-FR'
const formats = {
  date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }),
  datetime: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
}
const local = (el, style) => {
  const when = new Date(el.dateTime)
  return formats[style] && !Number.isNaN(when.getTime()) ? formats[style].format(when) : null
}
for (const el of document.querySelectorAll('time[data-local]'))
  el.textContent = local(el, el.dataset.local) ?? el.textContent
for (const el of document.querySelectorAll('time[data-local-title]'))
  el.title = local(el, el.dataset.localTitle) ?? el.title
