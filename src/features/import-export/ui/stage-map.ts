// A team's stage map as a message: each CRM name with the kvalue stage it stands for, or how to set one. Pure.
import { name, t } from "../../../i18n/catalog.js";
import type { Locale } from "../../../i18n/locale.js";
import { esc, textMessage } from "../../../ui/text.js";
import type { SlackMessage } from "../../../ui/types.js";
import type { StageMap } from "../stage-map.js";
import type { ServiceError } from "../../errors.js";

/** "初步沟通 → S1 商机" lines, in the map's order. */
export const stageMapLines = (locale: Locale, map: StageMap): string[] =>
  map.map(([crm, stage]) => `${crm} → ${stage} ${name(locale, "stage", stage)}`);

export function stageMapMessage(locale: Locale, input: { team: string; map: StageMap; notice?: string }): SlackMessage {
  const { map } = input;
  const team = esc(input.team);
  const body = map.length
    ? [t(locale, "stages.head", { team, n: map.length }), ...stageMapLines(locale, map).map((l) => `• ${esc(l)}`)]
    : [t(locale, "stages.none", { team })];
  return textMessage([...(input.notice ? [input.notice] : []), ...body, t(locale, "stages.how")].join("\n"));
}

/** Why a change was refused (setTeamStageMap's ServiceError on field `stage_map`). */
export function stageMapErrorText(locale: Locale, e: ServiceError): string {
  const p = e.params;
  return p.names === undefined
    ? t(locale, "stages.too_many", { n: p.n ?? "", max: p.max ?? "" })
    : t(locale, "stages.not_in_map", { names: esc(String(p.names)), known: esc(String(p.known || "—")) });
}
