import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// npm rewrites the lock's root entry from package.json on every `npm install`; when the two disagree, a fresh clone
// starts with a dirty tree (issue 13, item 7: the lock said Apache-2.0, the package MIT).
const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, "utf8"));
const pkg = read("package.json");
const lock = read("package-lock.json") as { name?: unknown; version?: unknown; packages?: Record<string, unknown> };
const root = (lock.packages?.[""] ?? {}) as Record<string, unknown>;

describe("package-lock.json is in step with package.json", () => {
  it("has the same name and version", () => {
    expect(lock.name).toBe(pkg.name);
    expect(lock.version).toBe(pkg.version);
  });
  for (const field of [
    "name",
    "version",
    "license",
    "engines",
    "bin",
    "dependencies",
    "devDependencies",
    "optionalDependencies",
  ]) {
    it(`root entry carries package.json's ${field}`, () => {
      expect(root[field]).toEqual(pkg[field]);
    });
  }
});
