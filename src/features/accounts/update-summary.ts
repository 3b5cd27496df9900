// The one line that says what a fact update did ("已更新 X：毛利率 30% → 35%，V a → b · 象限 → 象限"), shown after
// `set`, after the update-facts form in the console and after the modal in Slack.
import type { Quadrant } from "../../core/index.js";
import { formatScore, name as vocabName, t, type Locale } from "../../i18n/index.js";
import { esc } from "../../ui/text.js";
import type { FactUpdate } from "./service.js";
import { factLabel, factValueText } from "./ui/facts.js";

/** A quadrant's name, or 待评估 while the assessment is provisional. */
export const quadrantName = (locale: Locale, q: Quadrant, provisional: boolean): string =>
  provisional ? t(locale, "common.provisional") : vocabName(locale, "quadrant", q);

export function factUpdateSummary(locale: Locale, update: FactUpdate): string {
  const name = esc(update.accountName);
  if (update.changed.length === 0) return t(locale, "reply.set.nochange", { name });
  const changes = update.changed
    .map((c) =>
      t(locale, "reply.set.change", {
        field: factLabel(locale, c.field),
        before: factValueText(locale, c.field, c.before),
        after: factValueText(locale, c.field, c.after),
      }),
    )
    .join(t(locale, "reply.list_separator"));
  return t(locale, "reply.set.done", {
    name,
    changes,
    vBefore: formatScore(update.before.scores.V),
    vAfter: formatScore(update.after.scores.V),
    qBefore: quadrantName(locale, update.before.quadrant, update.before.provisional),
    qAfter: quadrantName(locale, update.after.quadrant, update.after.provisional),
  });
}
