// What every process entry point (src/main.ts, src/worker.ts) does the same way: a configuration error is
// one line and exit 78 (EX_CONFIG), anything else a stack and exit 1; SIGTERM/SIGINT stop cleanly.
import { ConfigError } from "./config.js";
import { StoreError } from "./store/index.js";

export function runEntry(name: string, main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    if (e instanceof ConfigError || (e instanceof StoreError && e.code === "config")) {
      process.stderr.write(`${name}: ${e.message}\n`);
      process.exit(78);
    }
    process.stderr.write(`${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}

export function onShutdown(stop: () => Promise<void>): void {
  const once = () => void stop().finally(() => process.exit(0));
  process.once("SIGTERM", once);
  process.once("SIGINT", once);
}
