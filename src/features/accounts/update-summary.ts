// The one line that says what a fact update did ("已更新 X：毛利率 30% → 35%，V a → b · 象限 → 象限"), shown after
// `set`, after the update-facts form in the console and after the modal in Slack.
import { quadrantLabel } from "../../i18n/explain.js";
import { formatScore, t, type Locale } from "../../i18n/index.js";
import { esc } from "../../ui/text.js";
import type { FactUpdate } from "./service.js";
import { accountLabel, accountValue } from "./ui/history.js";

export function factUpdateSummary(locale: Locale, update: FactUpdate): string {
  const name = esc(update.accountName);
  if (update.changed.length === 0) return t(locale, "reply.set.nochange", { name });
  const changes = update.changed
    .map((c) =>
      t(locale, "reply.set.change", {
        field: accountLabel(locale, c.field),
        before: accountValue(locale, c.field, c.before),
        after: accountValue(locale, c.field, c.after),
      }),
    )
    .join(t(locale, "reply.list_separator"));
  return t(locale, "reply.set.done", {
    name,
    changes,
    vBefore: formatScore(update.before.scores.V),
    vAfter: formatScore(update.after.scores.V),
    qBefore: quadrantLabel(locale, update.before.quadrant, update.before.provisional),
    qAfter: quadrantLabel(locale, update.after.quadrant, update.after.provisional),
  });
}
