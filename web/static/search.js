// The search page, enhanced: "/" focuses the search box (the rest is plain GET forms and links).

const box = document.getElementById('search-q')
if (box) {
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return
    const target = event.target
    if (
      target instanceof HTMLElement &&
      (target.isContentEditable || target.closest('input, textarea, select'))
    )
      return
    event.preventDefault()
    box.focus()
    box.select()
  })
}
