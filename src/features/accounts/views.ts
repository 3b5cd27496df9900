// Account service results → the view models of src/ui/types → Block Kit. Shared by the slash command, buttons,
// modals, App Home and the console.
import type { Locale } from "../../i18n/index.js";
import type { ModelWeights } from "../../core/index.js";
import type { HomeView } from "@slack/types";
import type { MatrixRow, SlackMessage } from "../../ui/types.js";
import { cacheSpec, type Caches } from "../caches.js";
import type { HomeChangeData } from "./home.js";
import type { MyWeek } from "./mine.js";
import type { PortfolioEntry } from "./portfolio.js";
import type { AccountView } from "./service.js";
import { accountCardMessage } from "./ui/card.js";
import { homeView } from "./ui/home.js";
import { mineMessage, type MineData } from "./ui/mine.js";
import { topListMessage, valueMatrixMessage } from "./ui/matrix.js";

// Rendering a card is pure and costs more than the queries behind it, so a card is rendered once per account
// version and business day (the version every write to the account or its parts bumps), language and weighted
// pipeline (the team's rates can move it). Each caller gets its own copy of the block list.
const RENDERED_CARDS = cacheSpec<SlackMessage>("accounts.renderedCards", 2_000);

export function cardMessage(view: AccountView, locale: Locale, caches: Caches): SlackMessage {
  const cache = caches.of(RENDERED_CARDS);
  const p = view.pipeline;
  const key = `${view.aggregate.facts.id}|${locale}|${p.openCount}|${p.openAmount}|${p.weightedAmount}|${view.modelVersion}`;
  const version = `${view.aggregate.version}|${view.asOf}`;
  let message = cache.peek(key, version);
  if (!message) {
    message = renderCard(view, locale);
    cache.set(key, version, message);
  }
  return { ...message, blocks: [...message.blocks] };
}

function renderCard(view: AccountView, locale: Locale): SlackMessage {
  const f = view.aggregate.facts;
  return accountCardMessage({
    account: {
      id: f.id,
      name: f.name ?? f.id,
      industry: f.industry ?? null,
      adminLevel: f.admin_level ?? null,
      customerType: f.customer_type ?? null,
      ownerUserId: view.aggregate.ownerUserId,
      crmId: view.aggregate.crmId,
      crmUrl: view.crmUrl,
    },
    assessment: view.assessment,
    pipeline: {
      openCount: view.pipeline.openCount,
      openAmount: view.pipeline.openAmount,
      weightedAmount: view.pipeline.weightedAmount,
      opportunities: view.pipeline.opportunities.map((o) => ({
        id: o.id,
        name: o.name,
        stage: o.stage,
        amount: o.amount,
        expectedCloseDate: o.expectedCloseDate,
      })),
    },
    contacts: (f.contacts ?? []).map((c) => ({ id: c.id, name: c.name ?? null, title: c.title ?? null })),
    needs: (f.needs ?? []).map((n) => ({ id: n.id, description: n.description ?? null })),
    modelVersion: view.modelVersion,
    weights: view.weights,
    ...(view.aggregate.segmentDefaults ? { segmentDefaults: view.aggregate.segmentDefaults } : {}),
    locale,
  });
}

export function matrixRow(e: PortfolioEntry): MatrixRow {
  const f = e.aggregate.facts;
  return {
    account: {
      id: f.id,
      name: f.name ?? f.id,
      industry: f.industry ?? null,
      adminLevel: f.admin_level ?? null,
      ownerUserId: e.aggregate.ownerUserId,
    },
    assessment: e.assessment,
    pipeline: {
      openCount: e.pipeline.openCount,
      openAmount: e.pipeline.openAmount,
      weightedAmount: e.pipeline.weightedAmount,
    },
  };
}

export function matrixMessage(
  teamName: string,
  asOf: string,
  entries: readonly PortfolioEntry[],
  locale: Locale,
  model?: { label: string } & ModelWeights,
): SlackMessage {
  return valueMatrixMessage({
    teamName,
    asOf,
    rows: entries.map(matrixRow),
    locale,
    ...(model ? { modelVersion: model.label, weights: { weights: model.weights, yWeights: model.yWeights } } : {}),
  });
}

export function topMessage(
  n: number,
  entries: readonly PortfolioEntry[],
  locale: Locale,
  total = entries.length,
): SlackMessage {
  return topListMessage({ n, rows: entries.map(matrixRow), total, locale });
}

/** App Home: the user's accounts and what moved since last week's snapshot. */
export function homeTab(
  userId: string,
  home: { asOf: string; entries: readonly PortfolioEntry[]; changes: readonly HomeChangeData[]; week?: MyWeek },
  locale: Locale,
): HomeView {
  return homeView({
    ...(home.week ? { week: mineData(home.week, locale) } : {}),
    userId,
    asOf: home.asOf,
    locale,
    accounts: home.entries.map(matrixRow),
    changes: home.changes.map((c) => ({
      account: matrixRow(c.entry).account,
      quadrantBefore: c.quadrantBefore,
      quadrantAfter: c.entry.assessment.quadrant,
      provisionalBefore: c.provisionalBefore,
      provisionalAfter: c.entry.assessment.provisional,
      vBefore: c.vBefore,
      vAfter: c.entry.assessment.scores.V,
    })),
  });
}

/** `/kvalue mine` and the App Home's week: the service's reps → the builder's lines. */
export function mineData(week: MyWeek, locale: Locale): MineData {
  return {
    asOf: week.asOf,
    locale,
    manager: week.manager,
    reps: week.reps.map((r) => ({
      userId: r.userId,
      accounts: r.entries.map(({ aggregate: g, assessment: a }) => ({
        id: g.facts.id,
        name: g.facts.name ?? g.facts.id,
        priority: a.priority,
        quadrant: a.quadrant,
        provisional: a.provisional,
        v: a.scores.V,
        redFlags: a.red_flags,
        next: a.collect_next[0]?.field ?? null,
        contacts: (g.facts.contacts ?? []).map((c) => ({ id: c.id, name: c.name ?? null, title: c.title ?? null })),
      })),
      deals: r.deals,
    })),
  };
}

export function mineReply(week: MyWeek, locale: Locale): SlackMessage {
  return mineMessage(mineData(week, locale));
}
