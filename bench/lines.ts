// One benchmark figure, and how every bench prints them.
export interface BenchLine {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function printLines(lines: readonly BenchLine[]): void {
  for (const l of lines)
    console.log(`${l.name.padEnd(34)} ${String(l.value).padStart(12)} ${l.unit}${l.note ? `   (${l.note})` : ""}`);
}
