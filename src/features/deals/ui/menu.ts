// The deal menu on a pipeline line (account card, `/kvalue deal`): advance, won, lost…, change close date…, as one
// overflow element, so every line of the card keeps its own actions. Values are `<action>:<deal id>`.
import type { Overflow } from "@slack/types";
import type { Stage } from "../../../core/enums.js";
import { OPEN_STAGES } from "../../../core/enums.js";
import { name, t } from "../../../i18n/catalog.js";
import type { Locale } from "../../../i18n/locale.js";
import { ACTION_IDS } from "../../../ui/ids.js";
import { option } from "../../../ui/limits.js";

export const DEAL_MENU_ACTIONS = ["advance", "won", "lost", "close_date"] as const;
export type DealMenuAction = (typeof DEAL_MENU_ACTIONS)[number];

/** `advance:clx…` → the action and the deal id; null for anything else (a forged or stale value). */
export function parseDealMenuValue(value: string): { action: DealMenuAction; dealId: string } | null {
  const at = value.indexOf(":");
  const action = DEAL_MENU_ACTIONS.find((a) => a === value.slice(0, at));
  const dealId = value.slice(at + 1);
  return action && dealId && /^[\w-]{1,64}$/.test(dealId) ? { action, dealId } : null;
}

/** The menu of an open deal; S5 has no "advance" (the next step is winning or losing it). */
export function dealMenu(locale: Locale, deal: { id: string; stage: Stage }): Overflow {
  const i = OPEN_STAGES.findIndex((s) => s === deal.stage);
  const next = i >= 0 && i < OPEN_STAGES.length - 1 ? OPEN_STAGES[i + 1] : undefined;
  const options = [
    ...(next
      ? [
          option(
            t(locale, "deal.menu.advance", { stage: `${next} ${name(locale, "stage", next)}` }),
            `advance:${deal.id}`,
          ),
        ]
      : []),
    option(t(locale, "deal.menu.won"), `won:${deal.id}`),
    option(t(locale, "deal.menu.lost"), `lost:${deal.id}`),
    option(t(locale, "deal.menu.close_date"), `close_date:${deal.id}`),
  ];
  return { type: "overflow", action_id: ACTION_IDS.dealMenu, options };
}
