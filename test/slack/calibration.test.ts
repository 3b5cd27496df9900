// `/kvalue calibration` through the real Bolt app and the fake Slack: the report in words with its two charts sent
// to the manager directly, the refusal for anyone else, and the Adopt (with Slack's confirm dialog) and Keep buttons
// on a history where the refit proposes an adoption; afterwards the card and the matrix name the new version.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { versionInForce } from "../../src/features/calibration/service.js";
import { seedAdoptable } from "../calibration/support/adoptable.js";
import { sendBlockAction } from "../support/slack-request.js";
import { BOSS, REP, SALES, SIGNING_SECRET, WS, startHarness, textOf, type Harness } from "./harness.js";

interface Button {
  action_id: string;
  value: string;
  confirm?: Record<string, unknown>;
}
const buttonsOf = (blocks: unknown): Button[] =>
  ((blocks ?? []) as { type: string; elements?: Button[] }[])
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? []);

const DSJ = "东江省大数据管理局";

describe("/kvalue calibration in Slack", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ history: true });
  }, 240_000);
  afterAll(async () => {
    await h?.close();
  });

  async function press(user: string, button: Button): Promise<string> {
    const res = await sendBlockAction(
      h.base,
      SIGNING_SECRET,
      {
        user_id: user,
        channel_id: SALES,
        is_ephemeral: true,
        message_ts: "1700000000.000200",
        actions: [{ action_id: button.action_id, value: button.value }],
      },
      { slack: h.slack },
    );
    expect(res.status).toBe(200);
    const reply = await h.slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl, 60_000);
    return textOf(reply.args.blocks ?? reply.args.text);
  }

  /** The showcase account's history. */
  const history = async (): Promise<string> => (await h.slash(`history ${DSJ}`, { user: REP })).text;
  /** The V line of the newest change in it (a re-scoring's line has no arrow). */
  let recordedV = "";
  const lastChangeScore = async (): Promise<string> => /价值分 V \d+\.\d\d → [^\n]+/.exec(await history())?.[0] ?? "";

  it("shows a manager the report in plain words with the version in force, and sends the two charts directly", async () => {
    const { text, reply } = await h.slash("calibration", { user: BOSS });
    expect(text).toContain("模型校准 · 全部团队");
    expect(text).toContain("当前模型版本 v1-default");
    expect(text).toContain("预测是否比基准率更准？");
    expect(text).toMatch(/BSS = -?\d\.\d{3}/);
    expect(text).toContain("V 能否给客户排好序？");
    expect(text).toMatch(/AUC 0\.\d{3}/);
    expect(text).toContain("V 权重（当前 → 建议）：CV 0.30 →");
    // The demo's history is too small to adopt: the reasons in words, and no buttons.
    expect(text).toContain("不建议采用，原因：训练样本少于 200 个");
    expect(buttonsOf(reply.blocks)).toEqual([]);
    const upload = await h.slack.waitFor("files.completeUploadExternal", undefined, 60_000);
    expect(upload.args.channel_id).toBe(`D${BOSS.slice(1)}`);
    const files = h.slack.files().filter((f) => f.completed);
    expect(files.map((f) => f.filename).sort()).toEqual([
      expect.stringMatching(/^calibration-reliability-.*\.png$/),
      expect.stringMatching(/^calibration-won-rate-.*\.png$/),
    ]);
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
  }, 120_000);

  it("refuses anyone who is not a manager, in words", async () => {
    const { text } = await h.slash("calibration", { user: REP });
    expect(text).toBe("模型校准报告只对经理开放。");
  }, 60_000);

  it("offers Adopt (with a confirm dialog) and Keep when the refit proposes it; Keep records, Adopt puts a new version in force", async () => {
    const team = await h.store.db.team.findFirstOrThrow({ where: { workspaceId: WS, channelId: SALES } });
    // A change made under v1-default, whose recorded scores the history must keep through the adopt and the revert.
    await h.slash(`set ${DSJ} 毛利率=5%`, { user: REP });
    recordedV = await lastChangeScore();
    expect(recordedV).toMatch(/^价值分 V (\d+\.\d\d) → (?!\1 )\d+\.\d\d/);
    const asOf = new Date(h.deps.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    await seedAdoptable(h.store, { workspaceId: WS, teamId: team.id, asOf });
    const { text, reply } = await h.slash("calibration", { user: BOSS });
    expect(text).toContain("建议采用");
    const buttons = buttonsOf(reply.blocks);
    const adopt = buttons.find((b) => b.action_id === "kv_calibration_adopt");
    const keep = buttons.find((b) => b.action_id === "kv_calibration_keep");
    expect(adopt?.confirm).toMatchObject({
      title: { text: "采用新模型版本？" },
      confirm: { text: "采用" },
      deny: { text: "取消" },
    });
    if (!adopt || !keep) throw new Error("no buttons");

    // A rep pressing a forwarded Adopt changes nothing.
    expect(await press(REP, adopt)).toBe("模型校准报告只对经理开放。");
    expect((await versionInForce(h.deps, WS)).label).toBe("v1-default");

    expect(await press(BOSS, keep)).toBe("已记录：保持模型版本 v1-default，不采用本次建议。");
    expect(await h.store.db.modelVersion.count({ where: { workspaceId: WS, kind: "keep", adoptedBy: BOSS } })).toBe(1);
    expect((await versionInForce(h.deps, WS)).label).toBe("v1-default");

    const adopted = await press(BOSS, adopt);
    expect(adopted).toMatch(/^已采用新模型版本 v2-\d{4}Q[1-4]（基于 v1-default），\d+ 个客户已重新评分。$/);
    const inForce = await versionInForce(h.deps, WS);
    expect(inForce.label).toMatch(/^v2-/);
    const audit = await h.store.db.factChange.findMany({
      where: { workspaceId: WS, entity: "model_version", entityId: inForce.id ?? "" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: BOSS, source: "slash" });

    // Pressed again: the report no longer rests on the version in force.
    expect(await press(BOSS, adopt)).toContain(`现为 ${inForce.label}`);

    // History shows the change's V as recorded under v1-default, not re-scored with the new weights, and above it
    // the re-scoring under the adopted version.
    expect(await lastChangeScore()).toBe(recordedV);
    const rescored = new RegExp(`模型版本改为 \`${inForce.label}\`，重新评分：价值分 V (\\d+\\.\\d\\d)`);
    const lines = (await history()).split("\n");
    const rescoreLine = lines.findIndex((l) => rescored.test(l));
    expect(rescoreLine).toBeGreaterThan(-1);
    expect(rescoreLine).toBeLessThan(lines.findIndex((l) => l.includes(recordedV)));
    const card = (await h.slash(DSJ, { user: REP })).text;
    expect(card).toContain(`价值分 V*\n${rescored.exec(lines[rescoreLine] ?? "")?.[1]}`);

    // The card and the matrix say which version they use, and show its weights: the contributions add up to V.
    expect(card).toContain(`模型版本 ${inForce.label}`);
    const w = inForce.weights;
    expect(card).toContain(
      `V = ${w.CV.toFixed(2)}·CV + ${w.PT.toFixed(2)}·PT + ${w.SF.toFixed(2)}·SF + ${w.RA.toFixed(2)}·RA`,
    );
    const v = Number(/价值分 V\*\n(\d+\.\d\d)/.exec(card)?.[1]);
    const parts = [...(/各项贡献[^\n]*\n([^\n]+)/.exec(card)?.[1] ?? "").matchAll(/(?:CV|PT|SF|RA) (\d+\.\d\d)/g)];
    expect(parts).toHaveLength(4);
    expect(Math.abs(parts.reduce((sum, m) => sum + Number(m[1]), 0) - v)).toBeLessThanOrEqual(0.02);
    const matrix = (await h.slash("matrix", { user: REP })).text;
    expect(matrix).toContain(`模型版本 ${inForce.label}`);
    expect(matrix).toContain(
      `Y = ${Number(inForce.yWeights.PT.toFixed(2))}·潜力 + ${Number(inForce.yWeights.SF.toFixed(2))}·需求匹配`,
    );
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
  }, 240_000);

  it("lists the model versions with a Revert button (with a confirm dialog) that puts v1-default back, audited and re-scored", async () => {
    const adopted = await versionInForce(h.deps, WS);
    expect((await h.slash("calibration versions", { user: REP })).text).toBe("模型校准报告只对经理开放。");
    const { text, reply } = await h.slash("校准 版本", { user: BOSS });
    expect(text).toContain("模型版本");
    expect(text).toContain(`当前版本：\`${adopted.label}\``);
    expect(text).toMatch(new RegExp(`\\d\\d:\\d\\d · <@${BOSS}> 采用了 \`${adopted.label}\`（替换 \`v1-default\`）`));
    expect(text).toContain(`<@${BOSS}> 保留 \`v1-default\`（未采用重新拟合的建议）`);
    const revert = buttonsOf(reply.blocks).find((b) => b.action_id === "kv_calibration_revert");
    expect(revert).toMatchObject({ value: "v1-default", confirm: { title: { text: "更换当前模型版本？" } } });
    if (!revert) throw new Error("no Revert button");

    expect(await press(REP, revert)).toBe("模型校准报告只对经理开放。");
    expect((await versionInForce(h.deps, WS)).label).toBe(adopted.label);
    const snapshots = await h.store.db.scoreSnapshot.count({ where: { workspaceId: WS, reason: "model" } });
    const accounts = await h.store.db.account.count({ where: { workspaceId: WS } });
    expect(await press(BOSS, revert)).toBe(
      `已回退：模型版本 v1-default 重新生效（替换 ${adopted.label}），${accounts} 个客户已重新评分。`,
    );
    expect((await versionInForce(h.deps, WS)).label).toBe("v1-default");
    expect(await lastChangeScore()).toBe(recordedV);
    expect(await history()).toMatch(/模型版本改为 `v1-default`，重新评分：价值分 V \d+\.\d\d/);
    expect(await h.store.db.scoreSnapshot.count({ where: { workspaceId: WS, reason: "model" } })).toBe(
      snapshots + accounts,
    );
    const audit = await h.store.db.factChange.findFirstOrThrow({
      where: { workspaceId: WS, entity: "model_version", actorUserId: BOSS },
      orderBy: { at: "desc" },
    });
    expect(JSON.parse(audit.after ?? "{}")).toMatchObject({ kind: "revert", label: "v1-default" });

    // Pressed again: nothing to do. By label from the command: the adopted version comes back.
    expect(await press(BOSS, revert)).toBe("v1-default 已经是当前版本。");
    expect((await h.slash("calibration revert v9", { user: BOSS })).text).toBe(
      `没有已采用的版本 v9。可以回退到：${adopted.label}。`,
    );
    expect((await h.slash(`calibration revert ${adopted.label}`, { user: BOSS })).text).toContain(
      `已回退：模型版本 ${adopted.label} 重新生效（替换 v1-default）`,
    );
    expect((await versionInForce(h.deps, WS)).label).toBe(adopted.label);
    expect((await h.slash("calibration revert", { user: BOSS })).text).toContain("用法：`/kvalue calibration [团队]`");
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
  }, 240_000);
});
