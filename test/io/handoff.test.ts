// A file's bytes and rows are handed to the import once, so that no async frame keeps them through the writes
// (issue 11.7): the import takes them, and the holder is empty after.
import { describe, expect, it } from "vitest";
import { Handoff, received } from "../../src/features/import-export/handoff.js";

describe("Handoff", () => {
  it("gives its value once, then refuses", () => {
    const rows = [1, 2, 3];
    const handoff = new Handoff(rows);
    expect(received(handoff)).toBe(rows);
    expect(() => handoff.take()).toThrow("a handoff is taken once");
  });

  it("lets a plain value through unchanged", () => {
    const rows = [1, 2, 3];
    expect(received(rows)).toBe(rows);
  });
});
