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
