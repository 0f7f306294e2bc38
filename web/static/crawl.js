// The live crawl view of /crawl: follows the server's status events (/crawl/events) and updates the
// progress bar and figures in place. Without script the page shows the status as it was when loaded.
const live = document.getElementById('crawl-live')

if (live && live.dataset.events && 'EventSource' in window) {
  const field = (name) => live.querySelector(`[data-field="${name}"]`)
  // Figures as the page's language writes them ("1 234" in French), like the server's first render.
  const numbers = new Intl.NumberFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'fr-FR')
  const num = (n) => numbers.format(Number(n) || 0)
  const progress = live.querySelector('#crawl-progress')
  const pagesBar = live.querySelector('#crawl-pages')
  const button = document.querySelector('.crawl-now button')
  let wasRunning = live.classList.contains('running')

  const show = (s) => {
    const running = s.state === 'running'
    live.classList.toggle('running', running)
    live.classList.toggle('idle', !running)
    const state = field('state')
    if (state) state.textContent = running ? state.dataset.running : state.dataset.idle
    if (progress) {
      progress.max = Math.max(1, s.feedsTotal)
      progress.value = s.feedsDone
      progress.textContent = `${num(s.feedsDone)} / ${num(s.feedsTotal)}`
    }
    const feeds = field('feeds')
    if (feeds)
      feeds.textContent = feeds.dataset.template
        .replace('{done}', num(s.feedsDone))
        .replace('{total}', num(s.feedsTotal))
    const handled = (s.pagesExtracted || 0) + (s.pagesFailed || 0)
    if (pagesBar) {
      pagesBar.max = Math.max(1, s.pagesQueued || 0)
      pagesBar.value = handled
      pagesBar.textContent = `${num(handled)} / ${num(s.pagesQueued)}`
    }
    const pages = field('pages')
    if (pages)
      pages.textContent = pages.dataset.template
        .replace('{extracted}', num(s.pagesExtracted))
        .replace('{failed}', num(s.pagesFailed))
        .replace('{waiting}', num(Math.max(0, (s.pagesQueued || 0) - handled)))
        .replace('{queued}', num(s.pagesQueued))
    field('articlesNew').textContent = num(s.articlesNew)
    field('errors').textContent = num(s.errors)
    field('current').textContent = s.current || '—'
    showErrors(s.lastErrors || [])
    if (button) button.disabled = running
    // A crawl just ended: reload once so that the table of runs shows it, without the "crawl
    // started" message of the URL that brought us here.
    if (wasRunning && !running) setTimeout(reloadClean, 800)
    wasRunning = running
  }

  // The latest errors as text nodes (feed data never goes through innerHTML).
  const showErrors = (errors) => {
    const box = field('lastErrors')
    const list = box && box.querySelector('ul')
    if (!list) return
    list.replaceChildren(
      ...errors.map((e) => {
        const item = document.createElement('li')
        const feed = document.createElement('span')
        feed.className = 'error-feed'
        feed.textContent = e.feedUrl
        const text = document.createElement('span')
        text.className = 'error-text'
        text.textContent = e.error
        text.title = e.detail || ''
        item.append(feed, ' ', text)
        return item
      }),
    )
    box.hidden = errors.length === 0
  }

  const reloadClean = () => {
    const url = new URL(location.href)
    url.searchParams.delete('flash')
    location.replace(url.href)
  }

  const source = new EventSource(live.dataset.events)
  source.addEventListener('status', (event) => {
    try {
      show(JSON.parse(event.data))
    } catch {
      // A malformed event is skipped; the next one comes within a second.
    }
  })
  window.addEventListener('pagehide', () => source.close())
}
