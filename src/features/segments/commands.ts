// `/kvalue segment [industry region [year]]` and the segment forms (one per look, one for 三定): the same functions
// for Slack (listeners) and the console. Registered in src/commands/handlers.ts.
import type { View } from "@slack/types";
import { INDUSTRIES, LOOKS, type Look } from "../../core/index.js";
import { hasName, name, t, type Locale } from "../../i18n/index.js";
import type { CommandEnv, FeatureCommands } from "../../commands/registry.js";
import { errorMessage } from "../../commands/reply.js";
import { section } from "../../ui/blocks.js";
import { esc, textMessage } from "../../ui/text.js";
import type { SlackMessage, ViewStateValues } from "../../ui/types.js";
import { isServiceError } from "../errors.js";
import { today } from "../deps.js";
import { resolveScope } from "../teams/scope.js";
import { pickTeam } from "../teams/scope.js";
import { saveSegment, SegmentInputError, segmentKey, type SegmentRaw } from "./service.js";
import { segmentDetail, segmentList } from "./views.js";
import { issueText, readSegmentText, segmentModal, type SegmentModalMeta } from "./ui/modals.js";
import {
  decodeRef,
  keptOwnText,
  segmentDetailMessage,
  segmentListMessage,
  segmentMissingMessage,
  segmentTitle,
  segmentValueText,
} from "./ui/segments.js";

/** An industry as typed: its code, or its name in either language (医疗, Healthcare). Unknown text stays as typed,
 *  so the check names it. */
export function industryOf(text: string): string {
  const k = text.trim().toLowerCase();
  for (const code of INDUSTRIES) {
    if (code === k) return code;
    for (const locale of ["zh-CN", "en"] as const)
      if (hasName(locale, "industry", code) && name(locale, "industry", code).toLowerCase() === k) return code;
  }
  return text.trim();
}

/** A key as typed; the year defaults to this year. */
export function keyOf(
  env: Pick<CommandEnv, "deps">,
  industry: string,
  region: string,
  year: string | null,
): SegmentRaw {
  const y =
    year === null ? Number(today(env.deps).slice(0, 4)) : /^\d{4}年?$/u.test(year) ? Number(year.slice(0, 4)) : year;
  return { industry: industryOf(industry), region_code: region.trim(), year: y };
}

/** Service errors of a segment, in the user's language (bad input names each field); `looking`: the input was a
 *  segment to show, where "not saved" would be odd. */
export function segmentErrorMessage(e: unknown, locale: Locale, looking = false): SlackMessage {
  if (e instanceof SegmentInputError)
    return textMessage(
      t(locale, looking ? "segment.invalid_key" : "segment.invalid", {
        detail: e.issues.map((i) => issueText(locale, i)).join(t(locale, "reply.list_separator")),
      }),
    );
  return errorMessage(e, locale);
}

const here = (env: CommandEnv) => (env.channelId ? { channelId: env.channelId } : {});

export const segmentCommands = {
  segment: async (env, command) => {
    try {
      const scope = await resolveScope(env.deps, env.actor);
      if (command.industry === null || command.region === null) {
        const list = await segmentList(env.deps, scope, { team: null, ...here(env) });
        return segmentListMessage({
          teamName: list.team.name,
          asOf: list.asOf,
          summaries: list.summaries,
          locale: env.locale,
        });
      }
      const key = keyOf(env, command.industry, command.region, command.year);
      try {
        return segmentDetailMessage(
          await segmentDetail(env.deps, scope, { team: null, ...here(env), key }),
          env.locale,
        );
      } catch (e) {
        if (!(isServiceError(e) && e.code === "not_found" && e.field === "segment")) throw e;
        const team = pickTeam(scope, null, env.channelId);
        return segmentMissingMessage(team.name, segmentKey(key), env.locale);
      }
    } catch (e) {
      return segmentErrorMessage(e, env.locale, true);
    }
  },
} satisfies FeatureCommands<"segment">;

/** The form of a look (a button's value is the segment's ref); the segment need not exist yet. */
export async function segmentForm(env: CommandEnv, look: string, value: string): Promise<View> {
  const ref = decodeRef(value);
  if (!ref || !(look in LOOKS))
    throw new SegmentInputError([{ field: "segment", code: "not_text", value: value.slice(0, 80) }]);
  const scope = await resolveScope(env.deps, env.actor);
  const team = pickTeam(scope, ref.team);
  const key = segmentKey(ref);
  const segment = await env.deps.repos.segments.findSegment(team.id, key);
  const meta: SegmentModalMeta = { ref, look: look as Look, version: segment?.version ?? null, ...here(env) };
  return segmentModal(env.locale, meta, segment);
}

/** Field-level check of a submitted form, in the user's language (no writes). */
export const validateSegmentForm = readSegmentText;

/** Writes a checked form (audited; the accounts it feeds re-scored) and returns the segment as it is now. */
export async function submitSegmentForm(
  env: CommandEnv,
  meta: SegmentModalMeta,
  fields: Record<string, unknown>,
): Promise<SlackMessage> {
  const { locale } = env;
  try {
    const scope = await resolveScope(env.deps, env.actor);
    const r = await saveSegment(env.deps, env.actor, scope, {
      team: meta.ref.team,
      key: meta.ref,
      fields,
      ...(meta.version === null ? {} : { expectedVersion: meta.version }),
    });
    const label = segmentTitle(locale, r.segment);
    const changes = r.changed.map(
      (c) => `${t(locale, `segment.field.${c.field}`)} → ${segmentValueText(locale, r.segment, c.field)}`,
    );
    const head =
      r.changed.length === 0 && !r.created
        ? t(locale, "segment.saved.nochange", { label })
        : [
            t(locale, "segment.saved", { label, changes: changes.join(t(locale, "reply.list_separator")) || "—" }),
            r.rescored.length ? t(locale, "segment.saved.rescored", { n: r.rescored.length }) : "",
            esc(keptOwnText(locale, r.keptOwn)),
          ]
            .filter(Boolean)
            .join("\n");
    const detail = segmentDetailMessage(
      await segmentDetail(env.deps, scope, { team: meta.ref.team, key: meta.ref }),
      locale,
    );
    return {
      ...detail,
      blocks: [section(head), ...detail.blocks].slice(0, 50),
    };
  } catch (e) {
    return segmentErrorMessage(e, locale);
  }
}

export type { ViewStateValues };
