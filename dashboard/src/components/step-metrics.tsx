/** What a step reported on completion (names to numbers), in the order the API gives them. */
export type StepMetrics = Record<string, number>;

export function metricsOf(subject: Record<string, unknown>): StepMetrics {
  return typeof subject.metrics === 'object' && subject.metrics !== null ? (subject.metrics as StepMetrics) : {};
}

/** 1840.5 → "1,840.5": grouped, and every reported decimal up to six. */
export function formatMetric(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** "duration_ms 1,840 · tokens_in 512": one line for a table cell; an em dash when none were reported. */
export function metricsLine(metrics: StepMetrics): string {
  const entries = Object.entries(metrics);
  return entries.length === 0 ? '—' : entries.map(([name, value]) => `${name} ${formatMetric(value)}`).join(' · ');
}

/** A step's metrics as a two-column table, or a note that it reported none. */
export function StepMetricsTable({ metrics }: { metrics: StepMetrics }) {
  const entries = Object.entries(metrics);
  if (entries.length === 0) return <p class="empty">No metrics reported.</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption>Metrics the step reported when it completed</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col" class="num">
              Value
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name}>
              <td class="mono">{name}</td>
              <td class="num">{formatMetric(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
