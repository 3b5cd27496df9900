// The account card (`/kvalue <account>`): METHOD §3.6 explanation in the fixed order, the open pipeline and
// the four buttons. Pure: data in, blocks out.
import type { KnownBlock } from "@slack/types";
import { SUB_SCORES, type Stage } from "../../../core/enums.js";
import { V_W } from "../../../core/weights.js";
import { isOpen, stageIndex } from "../../../core/rates.js";
import { name, t } from "../../../i18n/catalog.js";
import { actionText, collectNextQuestion, driverText, quadrantLabel, redFlagText } from "../../../i18n/explain.js";
import { formatDate, formatKappa, formatScore } from "../../../i18n/format.js";
import type { Locale } from "../../../i18n/locale.js";
import { formatMoney } from "../../../i18n/money.js";
import {
  actionRows,
  button,
  context,
  divider,
  fallback,
  fieldsSection,
  header,
  mention,
  section,
} from "../../../ui/blocks.js";
import { ACTION_IDS } from "../../../ui/ids.js";
import { escapeMrkdwn, fitLines, fitMessage, oneLine, safeName, truncate } from "../../../ui/limits.js";
import { dealMenu } from "../../deals/ui/menu.js";
import type { AccountCardData, AccountSummary, OpportunityLine, SlackMessage } from "../../../ui/types.js";
import type { SegmentDefault } from "../../../core/segments.js";
import { factLabel, factValueText } from "./facts.js";

// Per-section character budgets; together well under the ~12k message budget, so nothing is dropped whole.
const BUDGET = { defaults: 1200, drivers: 2600, flags: 1500, collect: 1200, pipeline: 2400, actions: 2000 } as const;
/** Pipeline lines shown with their own deal menu; more would crowd the card. */
const MENU_LINES = 5;

/** "S4 投标" */
export const stageLabel = (locale: Locale, stage: Stage): string => `${stage} ${name(locale, "stage", stage)}`;

/** "政务 · 省级 · 政府机关" from whatever the account has. */
export function accountMeta(locale: Locale, a: AccountSummary): string[] {
  const parts: string[] = [];
  if (a.industry) parts.push(name(locale, "industry", a.industry));
  if (a.adminLevel && a.adminLevel !== "na") parts.push(name(locale, "adminLevel", a.adminLevel));
  if (a.customerType) parts.push(name(locale, "customerType", a.customerType));
  return parts;
}

/** Late stages first (they close soonest), then by close date, then id. */
function sortOpportunities(opps: readonly OpportunityLine[]): OpportunityLine[] {
  return opps
    .filter((o) => isOpen(o.stage))
    .sort(
      (a, b) =>
        stageIndex(b.stage) - stageIndex(a.stage) ||
        (a.expectedCloseDate ?? "9999").localeCompare(b.expectedCloseDate ?? "9999") ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** "医疗 · 330000 · 2026" */
export function segmentLabel(
  locale: Locale,
  s: { industry: SegmentDefault["segment"]["industry"]; region_code: string; year: number },
) {
  return t(locale, "segment.label", {
    industry: name(locale, "industry", s.industry),
    region: s.region_code,
    year: s.year,
  });
}

function segmentDefaultLine(
  locale: Locale,
  d: SegmentDefault,
  needs: readonly { id: string; description?: string | null }[],
) {
  const segment = segmentLabel(locale, d.segment);
  if (d.field === "our_fit") {
    const need = needs.find((n) => n.id === d.need_id)?.description ?? d.need_id ?? "";
    return t(locale, "card.segment_defaults.fit_line", { need: safeName(need, 60), value: String(d.value), segment });
  }
  return t(locale, "card.segment_defaults.line", {
    fact: factLabel(locale, d.field),
    value: factValueText(locale, d.field, d.value),
    segment,
  });
}

export function accountCardMessage(data: AccountCardData): SlackMessage {
  const { account, assessment: a, pipeline, locale } = data;
  const provisional = a.provisional;
  const quadrant = quadrantLabel(locale, a.quadrant, provisional);
  const blocks: KnownBlock[] = [];

  // 1. Header: name, then V, quadrant, tier, priority, confidence with κ (§3.6 item 1).
  blocks.push(header(oneLine(account.name) || account.id));
  const meta = accountMeta(locale, account).join(" · ");
  const owner = mention(account.ownerUserId);
  const crmText = account.crmId ? t(locale, "card.meta.crm_id", { id: escapeMrkdwn(account.crmId) }) : "";
  // A mrkdwn link (`<url|text>`): the template is checked at start to hold no `<`, `>`, `|` or spaces, and the id
  // is URL-encoded, so the link cannot break out of its brackets.
  const crm = crmText && account.crmUrl ? `<${account.crmUrl}|${crmText}>` : crmText;
  if (meta || owner || crm) blocks.push(context(meta, owner ? t(locale, "card.meta.owner", { owner }) : "", crm));
  const confidence = t(locale, "card.field.confidence", {
    confidence: name(locale, "confidence", a.confidence),
    kappa: formatKappa(a.completeness.overall),
  });
  const headline = [
    t(locale, "card.field.v", { v: formatScore(a.scores.V) }),
    t(locale, "card.field.quadrant", { quadrant }),
  ];
  // A provisional account is not tiered (METHOD §3.4): no tier, no priority, even if the data carries them.
  if (!provisional && a.tier) headline.push(t(locale, "card.field.tier", { tier: name(locale, "tier", a.tier) }));
  if (!provisional && a.priority)
    headline.push(t(locale, "card.field.priority", { priority: name(locale, "priority", a.priority) }));
  headline.push(confidence);
  blocks.push(fieldsSection(headline));
  if (provisional)
    blocks.push(section(t(locale, "card.provisional_note", { kappa: formatKappa(a.completeness.overall) })));

  // The four sub-scores and the matrix position.
  blocks.push(
    fieldsSection(
      (["CV", "PT", "SF", "RA"] as const).map((sub) =>
        t(locale, "card.subscore", {
          name: name(locale, "subScore", sub),
          code: sub,
          score: formatScore(a.scores[sub]),
        }),
      ),
    ),
  );
  blocks.push(
    context(
      t(locale, "card.axes", { x: formatScore(a.scores.X), y: formatScore(a.scores.Y) }),
      data.modelVersion ? t(locale, "common.model_version", { model: data.modelVersion }) : "",
    ),
  );

  // Which facts are a segment's defaults rather than the account's own (METHOD §2.3), before the drivers they move.
  const defaults = data.segmentDefaults ?? [];
  if (defaults.length > 0) {
    const lines = defaults.map((d) => segmentDefaultLine(locale, d, data.needs ?? []));
    blocks.push(
      context(
        fitLines(lines, BUDGET.defaults, {
          head: t(locale, "card.segment_defaults.title"),
          more: (n) => t(locale, "common.more_items", { n }),
        }),
      ),
    );
  }

  // 2–3. Contributions, then per sub-score its drivers as facts, in contribution order.
  const ex = a.explanation;
  const contributionList = ex.contributions.map((c) => `${c.sub} ${formatScore(c.points)}`).join(" > ");
  const order = ex.contributions.map((c) => c.sub);
  const drivers = [...ex.drivers].sort((x, y) => order.indexOf(x.sub) - order.indexOf(y.sub));
  const driverLines = drivers.map((d) =>
    t(locale, "card.driver_line", {
      sub: d.sub,
      text: escapeMrkdwn(driverText(locale, d, { needs: data.needs ?? [] })),
      points: formatScore(d.points),
    }),
  );
  // The weights of the version in force (§6.6): the contributions above add up to its V.
  const w = data.weights?.weights ?? V_W;
  const formula = SUB_SCORES.map((sub) => `${w[sub].toFixed(2)}·${sub}`).join(" + ");
  const contributionsText = t(locale, "card.contributions", { list: contributionList, formula });
  blocks.push(
    section(
      driverLines.length === 0
        ? contributionsText
        : fitLines(driverLines, BUDGET.drivers, {
            head: `${contributionsText}\n${t(locale, "card.drivers.title")}`,
            more: (n) => t(locale, "common.more_items", { n }),
          }),
    ),
  );

  // 4. Distance to the nearest quadrant boundary (not for a provisional account: its quadrant is not shown).
  if (!provisional) {
    const { axis, distance, quadrant: target } = ex.nearest;
    const below = (axis === "X" ? ex.boundary.x : ex.boundary.y) < 0;
    const line = t(locale, below ? "card.distance.up" : "card.distance.down", {
      axis,
      d: formatScore(distance),
      quadrant: name(locale, "quadrant", target),
    });
    blocks.push(section(`${t(locale, "card.distance.title")}\n${line}`));
  }
  blocks.push(divider());

  // 5. Red flags.
  const flags = a.red_flags.map((f) => `:warning: ${redFlagText(locale, f)}`);
  blocks.push(
    section(
      flags.length === 0
        ? `${t(locale, "card.red_flags.title")}\n${t(locale, "card.red_flags.none")}`
        : fitLines(flags, BUDGET.flags, {
            head: t(locale, "card.red_flags.title"),
            more: (n) => t(locale, "common.more_items", { n }),
          }),
    ),
  );

  // 6. Next three facts to collect, as questions.
  const questions = a.collect_next.slice(0, 3).map((c, i) =>
    t(locale, "card.collect_line", {
      i: i + 1,
      question: escapeMrkdwn(collectNextQuestion(locale, c.field, data.contacts ?? [])),
    }),
  );
  blocks.push(
    section(
      questions.length === 0
        ? `${t(locale, "card.collect.title")}\n${t(locale, "card.collect.none")}`
        : fitLines(questions, BUDGET.collect, {
            head: t(locale, "card.collect.title"),
            more: (n) => t(locale, "common.more_items", { n }),
          }),
    ),
  );

  // Open pipeline for the account (§4.4 columns: count, amount, weighted).
  const opps = sortOpportunities(pipeline.opportunities);
  const pipelineHead = t(locale, "card.pipeline.title", {
    count: pipeline.openCount,
    amount: formatMoney(locale, pipeline.openAmount),
    weighted: formatMoney(locale, pipeline.weightedAmount),
  });
  const oppLines = opps.map((o) =>
    t(locale, "card.pipeline.line", {
      stage: stageLabel(locale, o.stage),
      name: safeName(o.name, 60),
      amount: formatMoney(locale, o.amount),
      date: formatDate(locale, o.expectedCloseDate),
    }),
  );
  // The first lines carry the deal menu (advance, won, lost…, close date…); the rest are listed.
  const withMenu = Math.min(opps.length, MENU_LINES);
  if (withMenu === 0 || oppLines.length === 0)
    blocks.push(
      section(
        oppLines.length === 0 && pipeline.openCount === 0
          ? `${pipelineHead}\n${t(locale, "card.pipeline.none")}`
          : fitLines(oppLines, BUDGET.pipeline, {
              head: pipelineHead,
              more: (n) => t(locale, "common.more_opportunities", { n }),
            }),
      ),
    );
  else {
    blocks.push(section(pipelineHead));
    opps.slice(0, withMenu).forEach((o, i) => {
      blocks.push({ ...section(truncate(oppLines[i] ?? "", 600)), accessory: dealMenu(locale, o) });
    });
    if (oppLines.length > withMenu)
      blocks.push(
        section(
          fitLines(oppLines.slice(withMenu), BUDGET.pipeline - 600, {
            more: (n) => t(locale, "common.more_opportunities", { n }),
          }),
        ),
      );
  }

  // 7. Recommended actions (§4.3).
  const actions = ex.actions.map((c) => `• ${actionText(locale, c)}`);
  if (actions.length > 0) {
    blocks.push(
      section(
        fitLines(actions, BUDGET.actions, {
          head: t(locale, "card.actions.title"),
          more: (n) => t(locale, "common.more_items", { n }),
        }),
      ),
    );
  }
  if (ex.clv !== null && Number.isFinite(ex.clv))
    blocks.push(context(t(locale, "card.clv", { clv: formatMoney(locale, ex.clv) })));

  // Buttons carry the account id; the listeners open the modals with it.
  const id = account.id;
  const buttons = [
    button(t(locale, "button.update_facts"), ACTION_IDS.updateFacts, id, "primary"),
    button(t(locale, "button.add_contact"), ACTION_IDS.addContact, id),
    button(t(locale, "button.add_opportunity"), ACTION_IDS.addOpportunity, id),
    button(t(locale, "button.log_note"), ACTION_IDS.logNote, id),
  ];
  const rows = actionRows(buttons, "kv_card_actions");
  blocks.push(...rows);

  return fitMessage(
    {
      text: fallback(
        t(locale, "card.fallback", { name: escapeMrkdwn(oneLine(account.name)), quadrant, v: formatScore(a.scores.V) }),
      ),
      blocks,
    },
    { more: (n) => t(locale, "common.omitted_sections", { n }), keepTail: rows.length },
  );
}
