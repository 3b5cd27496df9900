// The digest calendar (ISO weeks, Monday 00:00 boundaries and weekly slots in the subscription's time zone) and the
// `/kvalue digest subscribe` arguments.
import { describe, expect, it } from "vitest";
import { parseSubscribeArgs } from "../../src/features/digest/subscribe-args.js";
import { latestSlot, nextSlot, weekOf } from "../../src/features/digest/week.js";

const SH = { weekday: 1, time: "09:00", timezone: "Asia/Shanghai" };
const at = (iso: string) => new Date(iso);

describe("digest weeks and slots", () => {
  it("puts the week boundary at Monday 00:00 in the subscription's zone", () => {
    // Sunday 23:30 in Shanghai is still the previous ISO week; Monday 00:00 starts the next one.
    expect(weekOf(at("2026-03-01T15:30:00Z"), "Asia/Shanghai")).toMatchObject({
      periodKey: "2026-W09",
      asOf: "2026-02-23",
    });
    expect(weekOf(at("2026-03-01T16:00:00Z"), "Asia/Shanghai")).toMatchObject({
      periodKey: "2026-W10",
      asOf: "2026-03-02",
    });
    // The same instant is still Sunday in New York.
    expect(weekOf(at("2026-03-01T16:00:00Z"), "America/New_York")).toMatchObject({ periodKey: "2026-W09" });
  });

  it("uses ISO week-years across New Year", () => {
    expect(weekOf(at("2026-01-01T04:00:00Z"), "Asia/Shanghai")).toMatchObject({
      periodKey: "2026-W01",
      asOf: "2025-12-29",
    });
    expect(weekOf(at("2027-01-01T04:00:00Z"), "Asia/Shanghai")).toMatchObject({
      periodKey: "2026-W53",
      asOf: "2026-12-28",
    });
  });

  it("finds the latest due slot, never one before the subscription", () => {
    const since = at("2026-02-20T02:00:00Z");
    // Subscribed on Friday 20 Feb: nothing is due until Monday 23 Feb 09:00 (the Monday before lies before it).
    expect(latestSlot(at("2026-02-23T00:59:59Z"), SH, since)).toBeNull();
    expect(latestSlot(at("2026-02-23T01:00:00Z"), SH, since)?.periodKey).toBe("2026-W09");
    // Monday 2 March 08:59: still last week's slot.
    expect(latestSlot(at("2026-03-02T00:59:59Z"), SH, since)?.periodKey).toBe("2026-W09");
    expect(latestSlot(at("2026-03-02T01:00:00Z"), SH, since)).toMatchObject({
      periodKey: "2026-W10",
      at: at("2026-03-02T01:00:00Z"),
    });
    // Thursday: the Monday slot of this week is the latest.
    expect(latestSlot(at("2026-03-05T08:00:00Z"), SH, since)?.periodKey).toBe("2026-W10");
    // A Friday 17:00 subscription on Monday morning: last Friday's slot, in last week.
    expect(
      latestSlot(at("2026-03-09T01:00:00Z"), { weekday: 5, time: "17:00", timezone: "Asia/Shanghai" }, since)
        ?.periodKey,
    ).toBe("2026-W10");
  });

  it("keeps the local time across a daylight-saving change", () => {
    const ny = { weekday: 1, time: "09:00", timezone: "America/New_York" };
    // 9 March 2026 is the first Monday after the US spring-forward (8 March): 09:00 EDT = 13:00 UTC.
    expect(nextSlot(at("2026-03-06T00:00:00Z"), ny).at).toEqual(at("2026-03-09T13:00:00Z"));
    expect(nextSlot(at("2026-02-27T00:00:00Z"), ny).at).toEqual(at("2026-03-02T14:00:00Z"));
  });
});

describe("/kvalue digest subscribe arguments", () => {
  it("defaults to Monday 09:00 Asia/Shanghai in the subscriber's language", () => {
    expect(parseSubscribeArgs([])).toEqual({ weekday: 1, time: "09:00", timezone: "Asia/Shanghai", locale: null });
  });

  it("reads each argument by its shape, in any order, in English or Chinese", () => {
    expect(parseSubscribeArgs(["en", "Europe/Berlin", "8:30", "fri"])).toEqual({
      weekday: 5,
      time: "08:30",
      timezone: "Europe/Berlin",
      locale: "en",
    });
    expect(parseSubscribeArgs(["周三", "17：00", "中文"])).toEqual({
      weekday: 3,
      time: "17:00",
      timezone: "Asia/Shanghai",
      locale: "zh-CN",
    });
    expect(parseSubscribeArgs(["sunday", "asia/tokyo"])).toMatchObject({ weekday: 7, timezone: "Asia/Tokyo" });
    expect(parseSubscribeArgs(["UTC"])).toMatchObject({ timezone: "UTC" });
  });

  it("names the argument that is wrong", () => {
    expect(parseSubscribeArgs(["25:00"])).toEqual({ error: "bad_time", token: "25:00" });
    expect(parseSubscribeArgs(["9"])).toEqual({ error: "bad_time", token: "9" });
    expect(parseSubscribeArgs(["Mars/Olympus"])).toEqual({ error: "bad_timezone", token: "Mars/Olympus" });
    expect(parseSubscribeArgs(["mon", "tue"])).toEqual({ error: "duplicate", token: "tue", kind: "weekday" });
    expect(parseSubscribeArgs(["weekly"])).toEqual({ error: "unknown", token: "weekly" });
  });
});
