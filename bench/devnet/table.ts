export interface Row {
  readonly metric: string;
  readonly value: string;
  /** Empty for figures reported for information. */
  readonly target?: string;
  readonly ok?: boolean;
}

export function formatNumber(value: number, fractionDigits = 0): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });
}

/** A markdown table: metric | value | target | ok. */
export function markdownTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => [
    row.metric,
    row.value,
    row.target ?? '—',
    row.ok === undefined ? '' : row.ok ? '✅' : '❌',
  ]);
  const header = ['metric', 'value', 'target', 'ok'];
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column].length)));
  const line = (values: string[]) => `| ${values.map((value, column) => value.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
