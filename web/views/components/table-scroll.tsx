import type { Child } from 'hono/jsx'

/**
 * A wide table's box, scrolled sideways on a narrow screen: a named region that takes the
 * keyboard's focus, so that arrow keys can scroll what a mouse or a finger would.
 */
export function TableScroll(p: { label: string; children: Child }) {
  return (
    <div class="table-scroll" role="region" aria-label={p.label} tabindex={0}>
      {p.children}
    </div>
  )
}
