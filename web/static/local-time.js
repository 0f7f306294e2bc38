// The server writes instants in UTC, as it cannot know its reader's time zone; the browser does:
// each <time data-local> is written again in it, as the page's language writes a date.
const locale = document.documentElement.lang === 'en' ? 'en-GB' : 'fr-FR'
const formats = {
  date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }),
  datetime: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
}
for (const el of document.querySelectorAll('time[data-local]')) {
  const format = formats[el.dataset.local]
  const when = new Date(el.dateTime)
  if (format && !Number.isNaN(when.getTime())) el.textContent = format.format(when)
}
