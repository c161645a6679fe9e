/** Prints rows as an aligned text table with a title. */
export function printTable(title: string, header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): void {
  const cells = [header, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = header.map((_, col) => Math.max(...cells.map((row) => row[col]?.length ?? 0)));
  // Numbers (and measures such as '12.3 ms') align right, text aligns left.
  const numeric = header.map((_, col) => cells.slice(1).every((row) => /^[\d.,]+( ?(ms|µs|%|×))?$/.test(row[col] ?? '')));
  const line = (row: readonly string[]) => `  ${row.map((cell, col) => (numeric[col] ? cell.padStart(widths[col]) : cell.padEnd(widths[col]))).join('   ').trimEnd()}`;
  console.log(`\n${title}`);
  console.log(line(cells[0]));
  console.log(`  ${widths.map((w) => '-'.repeat(w)).join('   ')}`);
  for (const row of cells.slice(1)) console.log(line(row));
}

/** Milliseconds with a sensible precision. */
export function ms(value: number): string {
  return value >= 10 ? `${value.toFixed(1)} ms` : value >= 0.1 ? `${value.toFixed(2)} ms` : `${(value * 1000).toFixed(1)} µs`;
}
