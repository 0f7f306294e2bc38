/** Weekly counts as a small inline SVG line (oldest on the left), with no script. */
export function Sparkline(p: { weekly: number[]; label: string }) {
  const points = [...p.weekly].reverse()
  const width = 96
  const height = 20
  const max = Math.max(1, ...points)
  const step = points.length > 1 ? width / (points.length - 1) : width
  const coords = points
    .map((n, i) => `${(i * step).toFixed(1)},${(height - 1 - (n / max) * (height - 2)).toFixed(1)}`)
    .join(' ')
  return (
    <svg
      class="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={p.label}
    >
      <title>{p.label}</title>
      <polyline points={coords} fill="none" stroke="currentColor" stroke-width="1.5" />
    </svg>
  )
}

/** A share (0 to 1) as a small horizontal SVG bar, with no script; nothing when there is none. */
export function ShareBar(p: { share: number | null; label: string }) {
  if (p.share === null) return <>—</>
  const width = 96
  const filled = Math.max(0, Math.min(1, p.share)) * width
  return (
    <span class="share">
      <svg
        class="share-bar"
        width={width}
        height={8}
        viewBox={`0 0 ${width} 8`}
        role="img"
        aria-label={p.label}
      >
        <title>{p.label}</title>
        <rect x="0" y="0" width={width} height="8" fill="currentColor" fill-opacity="0.15" />
        <rect x="0" y="0" width={filled.toFixed(1)} height="8" fill="currentColor" />
      </svg>{' '}
      {Math.round(p.share * 100)} %
    </span>
  )
}

/** One figure of a person's or a source's page: its label over its value (a grid cell of `.figures`). */
export function Figure(p: { label: string; children: unknown }) {
  return (
    <div class="figure">
      <dt>{p.label}</dt>
      <dd>{p.children}</dd>
    </div>
  )
}
