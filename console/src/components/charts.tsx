import { Group, Text, useMantineTheme } from '@mantine/core';

/**
 * Small SVG charts. A charting library (recharts under @mantine/charts) would add about 145 KB
 * gzipped to the dashboard, the page every sign-in lands on; these two shapes need none of it.
 * Each chart is an image with a text summary for screen readers.
 */
export interface Series {
  name: string;
  color: string;
}

const WIDTH = 720;

function resolveColor(theme: ReturnType<typeof useMantineTheme>, color: string): string {
  const [name, shade] = color.split('.');
  return theme.colors[name]?.[Number(shade ?? 6)] ?? color;
}

export function StackedBars({
  data,
  series,
  label,
  height = 200,
}: {
  data: { label: string; values: Record<string, number> }[];
  series: Series[];
  label: string;
  height?: number;
}) {
  const theme = useMantineTheme();
  const totals = data.map((d) => series.reduce((sum, s) => sum + (d.values[s.name] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const slot = WIDTH / Math.max(1, data.length);
  const plot = height - 20;
  const summary = `${label}: ${series
    .map((s) => `${s.name} ${data.reduce((sum, d) => sum + (d.values[s.name] ?? 0), 0)}`)
    .join(', ')}`;
  return (
    <div>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={summary} preserveAspectRatio="none">
        <line x1={0} y1={plot} x2={WIDTH} y2={plot} stroke={theme.colors.gray[4]} />
        {data.map((d, i) => {
          let y = plot;
          return (
            <g key={d.label}>
              {series.map((s) => {
                const value = d.values[s.name] ?? 0;
                const h = (value / max) * (plot - 4);
                y -= h;
                return value > 0 ? (
                  <rect
                    key={s.name}
                    x={i * slot + slot * 0.15}
                    y={y}
                    width={slot * 0.7}
                    height={h}
                    fill={resolveColor(theme, s.color)}
                  >
                    <title>{`${d.label} ${s.name}: ${value}`}</title>
                  </rect>
                ) : null;
              })}
              {i % Math.ceil(data.length / 8) === 0 && (
                <text
                  x={i === 0 ? 0 : i * slot + slot / 2}
                  y={height - 4}
                  fontSize={11}
                  textAnchor={i === 0 ? 'start' : 'middle'}
                  fill={theme.colors.gray[7]}
                >
                  {d.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Group gap="md" mt={4}>
        {series.map((s) => (
          <Group key={s.name} gap={6}>
            <span
              aria-hidden
              style={{
                width: 10,
                height: 10,
                borderRadius: 2,
                background: resolveColor(theme, s.color),
                display: 'inline-block',
              }}
            />
            <Text size="xs">{s.name}</Text>
          </Group>
        ))}
      </Group>
    </div>
  );
}

export function Sparkline({ values, label, height = 120 }: { values: number[]; label: string; height?: number }) {
  const theme = useMantineTheme();
  const max = Math.max(1, ...values);
  const step = WIDTH / Math.max(1, values.length - 1);
  const points = values.map(
    (v, i) => `${(i * step).toFixed(1)},${(height - 4 - (v / max) * (height - 12)).toFixed(1)}`,
  );
  const color = theme.colors.indigo[7];
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={label} preserveAspectRatio="none">
      <line x1={0} y1={height - 4} x2={WIDTH} y2={height - 4} stroke={theme.colors.gray[4]} />
      {values.length > 1 && (
        <>
          <polygon
            points={`0,${height - 4} ${points.join(' ')} ${WIDTH},${height - 4}`}
            fill={color}
            fillOpacity={0.15}
          />
          <polyline points={points.join(' ')} fill="none" stroke={color} strokeWidth={2} />
        </>
      )}
    </svg>
  );
}
