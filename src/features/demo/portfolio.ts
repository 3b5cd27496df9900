// A believable 政企 portfolio for the local console, demos and tests: one sales team in a fictional East-China
// province (东江省; cities 临海, 江川; counties 青溪, 云溪), so no real agency, company or person is described.
// Region codes are left unknown for the same reason: a real GB/T 2260 code would point at a real place.
//
// The accounts are spread over the four quadrants of METHOD §4 (computed with the §3 formulas while writing
// them; test/demo checks the spread with the core's `assess`), a few are provisional (κ < 0.5), and facts
// are missing where a real CRM has gaps. Opportunities run over S0–S5, W, L and A with stage histories;
// closed ones lie in the trailing four quarters so §5.2 conversion rates can be computed, some open ones are
// overdue or stalled, some S4/S5 lack a champion. Every date is an offset from `today`: the same `today`
// always gives the same portfolio.
import type {
  CloseReason, Influence, LeadTemperature, NeedCategory, ProcurementMethod, ProjectType, RelationshipLayer,
  ResponseMode, Role, Source, Stage,
} from "../../core/enums.js";
import { isoDate } from "../../core/facts.js";
import { addDays } from "../../core/dates.js";
import { stageTotals, weightedAmount } from "../../core/funnel.js";
import { DEFAULT_RATES, isOpen, stageProbabilities } from "../../core/rates.js";
import type { ImportAccount, ImportContact, ImportNeed, ImportOpportunity, MeddpiccChecklist } from "../import-export/records.js";

export interface DemoPortfolio {
  team: { name: string; channel: string };
  /** The team's revenue target for the calendar year of `today` (METHOD §5.4 T). */
  target: { period: string; period_start: string; period_end: string; amount: number };
  accounts: ImportAccount[];
}

const WAN = 10_000;

// ---- builders: compact literals → import records ---------------------------------------------------

type Day = (offset: number) => string;

function need(
  id: string, description: string, category: NeedCategory,
  severity: number | null, urgency: number | null, our_fit: number | null, confirmed: boolean, metric?: string,
): ImportNeed {
  return { id, description, category, severity, urgency, our_fit, confirmed, ...(metric ? { metric } : {}) };
}

interface ContactExtra {
  org?: string; layer?: RelationshipLayer; mode?: ResponseMode; win?: string;
  /** Days ago of the last contact; leave out when the CRM has no record of one. */
  seen?: number;
}

const personOn = (d: Day) => (
  id: string, name: string, title: string, role: Role, influence: Influence,
  attitude: number | null, strength: number | null, x: ContactExtra = {},
): ImportContact => ({
    id, name, title, role, influence, attitude, relationship_strength: strength,
    ...(x.org ? { org_unit: x.org } : {}),
    relationship_layer: x.layer ?? (strength !== null && strength >= 3 ? "key" : "general"),
    ...(x.mode ? { response_mode: x.mode } : {}),
    ...(x.win ? { win_result: x.win } : {}),
    ...(x.seen !== undefined ? { last_contact_date: d(-x.seen) } : {}),
});

/** MEDDPICC as eight 0/1 characters in METHOD order: metrics, EB, criteria, process, paper, pain, champion, competition. */
function meddpicc(mask: string): MeddpiccChecklist {
  const bit = (i: number): boolean => mask[i] === "1";
  return {
    metrics: bit(0), economic_buyer: bit(1), decision_criteria: bit(2), decision_process: bit(3),
    paper_process: bit(4), identify_pain: bit(5), champion: bit(6), competition: bit(7),
  };
}

interface DealSpec {
  id: string;
  name: string;
  source: Source;
  detail?: string;
  /** Stage entries as [stage, days ago, amount in 万 at entry (carried forward when left out)]. */
  path: readonly (readonly [Stage, number, number?])[];
  /** Expected close in days from today (negative = overdue); closed deals close on their last entry. */
  close?: number;
  project?: ProjectType;
  procurement?: ProcurementMethod;
  temp?: LeadTemperature;
  med?: string;
  reason?: CloseReason;
  /** Signed amount in 万 for W, when it differs from the last amount. */
  final?: number;
}

function deal(d: Day, s: DealSpec): ImportOpportunity {
  let amount = 0;
  const stage_history = s.path.map(([stage, ago, wan]) => {
    if (wan !== undefined) amount = wan * WAN;
    return { stage, entered_date: d(-ago), amount_at_entry: amount };
  });
  const first = stage_history[0];
  const last = stage_history[stage_history.length - 1];
  if (!first || !last) throw new Error(`demo deal ${s.id} has no stage history`);
  const closed = !isOpen(last.stage);
  return {
    id: s.id, name: s.name, stage: last.stage, amount,
    created_date: first.entered_date,
    expected_close_date: closed ? last.entered_date : d(s.close ?? 90),
    ...(closed ? { closed_date: last.entered_date } : {}),
    source: s.source,
    ...(s.detail ? { source_detail: s.detail } : {}),
    project_type: s.project ?? "normal",
    procurement_method: s.procurement ?? "open_tender",
    ...(s.temp ? { lead_temperature: s.temp } : {}),
    ...(s.med ? { meddpicc: meddpicc(s.med) } : {}),
    ...(last.stage === "W" ? { final_amount: (s.final ?? amount / WAN) * WAN } : {}),
    ...(last.stage === "L" || last.stage === "A" ? { close_reason: s.reason ?? "other" } : {}),
    stage_history,
  };
}

// ---- the team's people ------------------------------------------------------------------------------

const AR = { zhou: "周立", chen: "陈静", wang: "王磊" } as const;
const SR = { lin: "林晓", zhao: "赵敏" } as const;
const FR = { huang: "黄涛", wu: "吴芳" } as const;
const SPONSOR = { liu: "刘志远（副总裁）", sun: "孙海（区域总经理）" } as const;

// ---- accounts ---------------------------------------------------------------------------------------

function accounts(d: Day): ImportAccount[] {
  const p = personOn(d);
  const o = (s: DealSpec) => deal(d, s);
  const w = (n: number) => n * WAN;

  return [
    // ---- Q1 战略客户: high current value, high attractiveness
    {
      id: "DJ-DSJ", name: "东江省大数据管理局", aliases: ["省大数据局", "东江大数据局", "DJ Big Data Bureau"],
      customer_type: "gov", admin_level: "provincial", industry: "e_gov",
      is_existing_customer: true, revenue_ttm: w(680), gross_margin_pct: 32, relationship_years: 5, wallet_annual: w(6000),
      industry_outlook: "growth", market_position: "regional_leader", development_trend: "expanding",
      budget_status: "planned", segment_match: true, reference_value: "provincial", incumbent: "us",
      retention_rate: 0.9, discount_rate: 0.1,
      owner: AR.zhou, owner_ar: AR.zhou, owner_sr: SR.lin, owner_fr: FR.huang, executive_sponsor: SPONSOR.liu,
      visit_cadence: "biweekly", revenue_target: w(1200), last_review_date: d(-18),
      needs: [
        need("N1", "跨部门数据共享交换平台扩容", "efficiency", 5, 4, 3, true, "共享接口调用量年增 3 倍，审批时限压缩 40%"),
        need("N2", "公共数据授权运营合规", "compliance", 4, 3, 2, false),
      ],
      contacts: [
        p("C1", "李卫东", "副局长", "economic_buyer", "high", 1, 3, { layer: "key", mode: "growth", win: "年内完成省级一网通办考核", seen: 21 }),
        p("C2", "何建平", "信息中心主任", "technical_buyer", "high", 2, 4, { layer: "organizational", seen: 6 }),
        p("C3", "苏晴", "数据资源处处长", "user_buyer", "medium", 1, 3, { seen: 12 }),
        p("C4", "方志强", "信息中心工程师", "coach", "low", 2, 3, { seen: 4 }),
        p("C5", "钱学林", "信息处科长", "influencer", "medium", 0, 1, { org: "东江省财政厅", seen: 75 }),
        p("C6", "邱红", "办公室主任", "gatekeeper", "low", 0, 2, { seen: 33 }),
      ],
      opportunities: [
        o({ id: "O-DSJ-01", name: "一网通办平台三期", source: "government_policy", project: "strategic", med: "11110110", close: 75,
          path: [["S0", 210, 1500], ["S1", 180], ["S2", 120], ["S3", 60, 1800]] }),
        o({ id: "O-DSJ-02", name: "公共数据授权运营平台", source: "industry_report", temp: "warm", close: 160,
          path: [["S0", 45, 600], ["S1", 20]] }),
        o({ id: "O-DSJ-03", name: "政务云资源扩容", source: "customer_referral", project: "strategic",
          path: [["S0", 330, 1000], ["S1", 300], ["S2", 270], ["S3", 240], ["S4", 200], ["S5", 180, 980], ["W", 160, 950]] }),
      ],
    },
    {
      id: "DJ-GAT", name: "东江省公安厅", aliases: ["省公安厅", "东江公安", "Dongjiang Public Security Dept"],
      customer_type: "gov", admin_level: "provincial", industry: "public_security",
      is_existing_customer: true, revenue_ttm: w(420), gross_margin_pct: 28, relationship_years: 4, wallet_annual: w(8000),
      industry_outlook: "strong_growth", market_position: "regional_leader", development_trend: "expanding",
      budget_status: "approved", segment_match: true, reference_value: "provincial", incumbent: "competitor",
      owner: AR.zhou, owner_ar: AR.zhou, owner_sr: SR.zhao, owner_fr: FR.wu, executive_sponsor: SPONSOR.liu,
      visit_cadence: "biweekly", revenue_target: w(1500), last_review_date: d(-40),
      needs: [
        need("N1", "视频图像解析算力不足", "security", 5, 5, 3, true, "重点区域视频解析时延 < 3 秒"),
        need("N2", "警务数据治理与标签体系", "efficiency", 4, 3, 2, true),
      ],
      contacts: [
        p("C1", "高振国", "副厅长", "economic_buyer", "high", 0, 1, { mode: "even_keel", seen: 64 }),
        p("C2", "魏东升", "科技信息化总队总队长", "technical_buyer", "high", 1, 3, { seen: 15 }),
        p("C3", "冯敏", "情报指挥中心主任", "user_buyer", "high", 1, 2, { seen: 27 }),
        p("C4", "唐亮", "科信总队科长", "coach", "medium", 2, 3, { seen: 3 }),
        p("C5", "严海", "装备财务处处长", "procurement", "medium", 0, 1, { seen: 110 }),
      ],
      opportunities: [
        o({ id: "O-GAT-01", name: "雪亮工程视频解析平台", source: "government_policy", project: "strategic", med: "11111101", close: 20,
          path: [["S0", 260, 3000], ["S1", 230], ["S2", 190], ["S3", 120, 2900], ["S4", 30, 2800]] }),
        o({ id: "O-GAT-02", name: "警务数据治理", source: "consultant_institute", detail: "省公安科研所规划报告", close: 120,
          path: [["S0", 100, 1200], ["S1", 80], ["S2", 50]] }),
        o({ id: "O-GAT-03", name: "移动警务终端", source: "exhibition_event", detail: "安博会", reason: "price",
          path: [["S0", 300, 800], ["S1", 280], ["S2", 250], ["S3", 220], ["S4", 190, 760], ["L", 170]] }),
      ],
    },
    {
      id: "DJ-DL", name: "东江省电力公司", aliases: ["省电力", "东江电力", "DJ Power"],
      customer_type: "soe_central", admin_level: "na", industry: "energy_power",
      is_existing_customer: true, revenue_ttm: w(1200), gross_margin_pct: 22, relationship_years: 6, wallet_annual: w(15000),
      industry_outlook: "growth", market_position: "national_leader", development_trend: "expanding",
      budget_status: "approved", segment_match: true, reference_value: "national", incumbent: "us",
      owner: AR.chen, owner_ar: AR.chen, owner_sr: SR.lin, owner_fr: FR.huang, executive_sponsor: SPONSOR.liu,
      visit_cadence: "monthly", revenue_target: w(2000), last_review_date: d(-9),
      needs: [
        need("N1", "网络安全等保三级整改", "compliance", 5, 5, 3, true, "等保测评问题项清零"),
        need("N2", "新型电力系统调度数据平台", "efficiency", 4, 4, 2, true),
      ],
      contacts: [
        p("C1", "郑国华", "副总经理", "economic_buyer", "high", 1, 2, { seen: 30 }),
        p("C2", "罗建", "信通公司总经理", "technical_buyer", "high", 1, 3, { seen: 11 }),
        p("C3", "袁立新", "调度控制中心主任", "user_buyer", "medium", 0, 2, { seen: 45 }),
        p("C4", "杜鹏", "数字化部专责", "coach", "low", 1, 2, { seen: 8 }),
        p("C5", "潘雪", "物资部主任", "procurement", "medium", 0, 1, { seen: 58 }),
        p("C6", "蒋文", "总部数字化部处长", "initiator", "high", 1, 1, { org: "集团总部数字化部", layer: "organizational", seen: 95 }),
      ],
      opportunities: [
        o({ id: "O-DL-01", name: "调度数据中台", source: "industry_association", detail: "电力信息化年会", project: "strategic", med: "11111111", close: 15,
          path: [["S0", 240, 4000], ["S1", 220], ["S2", 180], ["S3", 140, 3800], ["S4", 70, 3600], ["S5", 25, 3500]] }),
        o({ id: "O-DL-02", name: "等保整改框架服务", source: "customer_referral", procurement: "framework",
          path: [["S1", 200, 700], ["S2", 180], ["S3", 150], ["S5", 120, 680], ["W", 100]] }),
        o({ id: "O-DL-03", name: "配网运维 AI 巡检", source: "exhibition_event", detail: "电博会", temp: "hot", close: 240,
          path: [["S0", 15, 900]] }),
      ],
    },
    {
      id: "HT-DJ", name: "华通移动东江分公司", aliases: ["华通移动", "东江移动", "Huatong Mobile Dongjiang"],
      customer_type: "soe_central", admin_level: "na", industry: "telecom",
      is_existing_customer: true, revenue_ttm: w(900), gross_margin_pct: 18, relationship_years: 3, wallet_annual: w(5000),
      industry_outlook: "flat", market_position: "regional_leader", development_trend: "stable",
      budget_status: "planned", segment_match: true, reference_value: "provincial", incumbent: "competitor",
      owner: AR.chen, owner_ar: AR.chen, owner_sr: SR.zhao, executive_sponsor: SPONSOR.sun,
      visit_cadence: "monthly", revenue_target: w(1000), last_review_date: d(-70),
      needs: [need("N1", "政企专网交付周期长", "efficiency", 4, 3, 2, true, "交付周期从 45 天降到 20 天")],
      contacts: [
        p("C1", "范志刚", "政企事业部总经理", "economic_buyer", "high", 1, 2, { seen: 25 }),
        p("C2", "谢宁", "IT 支撑中心主任", "technical_buyer", "medium", 1, 2, { seen: 40 }),
        p("C3", "韩冬", "网络部经理", "user_buyer", "medium", 0, 1, { seen: 130 }),
      ],
      opportunities: [
        o({ id: "O-HT-01", name: "5G 专网能力平台", source: "ecosystem_partner", project: "competitive", procurement: "competitive_negotiation", close: 100,
          path: [["S0", 90, 1500], ["S1", 60], ["S2", 10]] }),
        o({ id: "O-HT-02", name: "政企 ICT 集成分包", source: "ecosystem_partner", reason: "withdrew",
          path: [["S0", 200, 400], ["S1", 170], ["A", 120]] }),
      ],
    },
    {
      id: "LH-DSJ", name: "临海市大数据发展局", aliases: ["临海大数据局", "临海数据局"],
      customer_type: "gov", admin_level: "prefecture", industry: "e_gov",
      is_existing_customer: true, revenue_ttm: w(260), gross_margin_pct: 35, relationship_years: 3, wallet_annual: w(2500),
      industry_outlook: "growth", market_position: "backbone", development_trend: "expanding",
      budget_status: "approved", segment_match: true, reference_value: "prefecture", incumbent: "us",
      owner: AR.wang, owner_ar: AR.wang, owner_sr: SR.lin, owner_fr: FR.wu,
      visit_cadence: "monthly", revenue_target: w(600), last_review_date: d(-25),
      needs: [need("N1", "城市运行态势一屏统览", "service", 4, 5, 3, true, "12345 工单办结时长缩短 30%")],
      contacts: [
        p("C1", "孔德明", "局长", "economic_buyer", "high", 2, 3, { seen: 14 }),
        p("C2", "曹燕", "数据应用科科长", "user_buyer", "medium", 1, 3, { seen: 9 }),
        p("C3", "彭浩", "信息中心副主任", "technical_buyer", "medium", 1, 2, { seen: 20 }),
        p("C4", "许可", "大数据中心工程师", "coach", "low", 2, 4, { seen: 2 }),
      ],
      opportunities: [
        o({ id: "O-LH-01", name: "城市运行管理平台（一网统管）", source: "government_policy", project: "strategic", procurement: "competitive_consultation", med: "11011110", close: -10,
          path: [["S0", 150, 1200], ["S1", 130], ["S2", 100], ["S3", 40]] }),
        o({ id: "O-LH-02", name: "数据要素流通试点", source: "industry_report",
          path: [["S0", 280, 350], ["S1", 260], ["S2", 240], ["S3", 200], ["S4", 160], ["S5", 150, 330], ["W", 140]], final: 320 }),
      ],
    },
    {
      id: "DJ-JT", name: "东江交通投资集团", aliases: ["东江交投", "交投集团", "DJ Transport Investment"],
      customer_type: "soe_local", admin_level: "provincial", industry: "transport",
      is_existing_customer: true, revenue_ttm: w(500), gross_margin_pct: 25, relationship_years: 4, wallet_annual: w(4000),
      industry_outlook: "growth", market_position: "regional_leader", development_trend: "expanding",
      budget_status: "planned", segment_match: true, reference_value: "provincial",
      owner: AR.wang, owner_ar: AR.wang, owner_sr: SR.zhao, owner_fr: FR.huang, executive_sponsor: SPONSOR.sun,
      visit_cadence: "monthly", revenue_target: w(900),
      needs: [
        need("N1", "高速公路收费稽核漏损", "cost", 5, 4, 3, true, "年度逃费追缴额提升 2,000 万"),
        need("N2", "隧道机电设备老化", "security", 3, 3, null, false),
      ],
      contacts: [
        p("C1", "邓国强", "副总经理", "economic_buyer", "high", 1, 2, { seen: 35 }),
        p("C2", "陆明", "信息中心主任", "technical_buyer", "high", 2, 3, { seen: 7 }),
        p("C3", "石磊", "运营管理部部长", "user_buyer", "medium", 1, 2, { seen: 19 }),
        p("C4", "毛俊", "信息中心工程师", "coach", "low", 1, 3, { seen: 5 }),
        p("C5", "贺兰", "招采中心主任", "procurement", "medium", 0, 1, { seen: 88 }),
      ],
      opportunities: [
        o({ id: "O-JT-01", name: "高速公路智慧收费稽核", source: "industry_report", project: "competitive", med: "11111110", close: 30,
          path: [["S0", 200, 2000], ["S1", 170], ["S2", 140, 2200], ["S3", 90], ["S4", 12]] }),
        o({ id: "O-JT-02", name: "隧道机电运维", source: "social_circle", reason: "price",
          path: [["S0", 320, 600], ["S1", 300], ["S2", 280], ["S3", 250], ["S4", 220], ["L", 200]] }),
        o({ id: "O-JT-03", name: "ETC 数据中台", source: "customer_referral", close: 200,
          path: [["S0", 60, 800], ["S1", 25]] }),
      ],
    },
    {
      id: "LH-YY1", name: "临海市第一人民医院", aliases: ["临海一院", "市一医院", "Linhai No.1 Hospital"],
      customer_type: "public_inst", admin_level: "prefecture", industry: "healthcare",
      is_existing_customer: true, revenue_ttm: w(180), gross_margin_pct: 30, relationship_years: 5, wallet_annual: w(3000),
      industry_outlook: "strong_growth", market_position: "regional_leader", development_trend: "expanding",
      budget_status: "approved", segment_match: true, reference_value: "prefecture", incumbent: "us",
      owner: AR.chen, owner_ar: AR.chen, owner_sr: SR.zhao, owner_fr: FR.wu,
      visit_cadence: "monthly", revenue_target: w(500), last_review_date: d(-55),
      needs: [need("N1", "互联互通四级测评改造", "compliance", 4, 5, 2, true, "年内通过四级甲等测评")],
      contacts: [
        p("C1", "宋文斌", "院长", "economic_buyer", "high", 1, 2, { seen: 50 }),
        p("C2", "梁超", "信息科科长", "technical_buyer", "high", 1, 3, { seen: 10 }),
        p("C3", "傅雅", "门诊部主任", "user_buyer", "medium", 1, 2, { seen: 38 }),
      ],
      opportunities: [
        o({ id: "O-YY-01", name: "互联互通四级测评改造", source: "industry_association", detail: "医院信息化分会", med: "10110100", close: 60,
          path: [["S0", 120, 900], ["S1", 100], ["S2", 80], ["S3", 30]] }),
        o({ id: "O-YY-02", name: "HIS 运维续约", source: "customer_referral", procurement: "single_source",
          path: [["S2", 150, 150], ["S3", 140], ["S5", 120], ["W", 110]] }),
      ],
    },

    // ---- Q2 发展客户: small today, high potential
    {
      id: "JC-RMYY", name: "江川市人民医院", aliases: ["江川市医院", "江川人民医院"],
      customer_type: "public_inst", admin_level: "prefecture", industry: "healthcare",
      is_existing_customer: true, revenue_ttm: w(20), gross_margin_pct: 20, relationship_years: 1, wallet_annual: w(3000),
      industry_outlook: "strong_growth", market_position: "regional_leader", development_trend: "expanding",
      budget_status: "approved", segment_match: true, reference_value: "prefecture", incumbent: "competitor",
      owner: AR.wang, owner_ar: AR.wang, owner_sr: SR.zhao,
      visit_cadence: "monthly", revenue_target: w(300),
      needs: [need("N1", "门诊排队与电子病历五级评审", "service", 4, 5, 2, true)],
      contacts: [
        p("C1", "程建国", "院长", "economic_buyer", "high", 0, 1, { seen: 70 }),
        p("C2", "白雪", "信息科科长", "technical_buyer", "high", 1, 2, { seen: 16 }),
      ],
      opportunities: [
        o({ id: "O-JC-01", name: "智慧医院（电子病历五级）", source: "social_circle", project: "competitive", close: 140,
          path: [["S0", 90, 1600], ["S1", 70], ["S2", 40]] }),
      ],
    },
    {
      id: "DJ-DX", name: "东江大学", aliases: ["东大", "东江大学信息化办公室", "Dongjiang University"],
      customer_type: "public_inst", admin_level: "provincial", industry: "education",
      is_existing_customer: true, revenue_ttm: w(60), gross_margin_pct: 25, relationship_years: 2, wallet_annual: w(3500),
      industry_outlook: "growth", market_position: "regional_leader", development_trend: "expanding",
      budget_status: "planned", segment_match: true, reference_value: "provincial",
      owner: AR.zhou, owner_ar: AR.zhou, owner_sr: SR.lin,
      visit_cadence: "monthly", revenue_target: w(400), last_review_date: d(-33),
      needs: [
        need("N1", "各业务系统数据孤岛", "efficiency", 4, 3, 3, true, "教务/人事/科研数据统一口径"),
        need("N2", "招生季网络并发", "service", 3, 4, 2, false),
      ],
      contacts: [
        p("C1", "罗振华", "副校长", "economic_buyer", "high", 1, 1, { seen: 80 }),
        p("C2", "温涛", "信息化办公室主任", "technical_buyer", "high", 1, 2, { seen: 12 }),
        p("C3", "殷红", "教务处处长", "user_buyer", "medium", 0, 1, { seen: 60 }),
        p("C4", "郝杰", "网络中心工程师", "coach", "low", 2, 3, { seen: 6 }),
        p("C5", "柏林", "国资处科长", "procurement", "low", 0, null, {}),
      ],
      opportunities: [
        o({ id: "O-DX-01", name: "智慧校园数据中台", source: "exhibition_event", detail: "高校信息化论坛", med: "11010110", close: 90,
          path: [["S0", 140, 1100], ["S1", 110], ["S2", 80], ["S3", 20]] }),
        o({ id: "O-DX-02", name: "一卡通升级", source: "ecosystem_partner", reason: "price",
          path: [["S0", 280, 200], ["S1", 260], ["S3", 230], ["S4", 200], ["L", 190]] }),
      ],
    },
    {
      id: "DJ-WJW", name: "东江省卫生健康委员会", aliases: ["省卫健委", "东江卫健委"],
      customer_type: "gov", admin_level: "provincial", industry: "healthcare",
      is_existing_customer: false, wallet_annual: w(5000),
      industry_outlook: "strong_growth", market_position: "regional_leader", development_trend: "expanding",
      budget_status: "approved", segment_match: true, reference_value: "provincial", incumbent: "competitor",
      owner: AR.chen, owner_ar: AR.chen, owner_sr: SR.zhao, executive_sponsor: SPONSOR.sun,
      visit_cadence: "monthly",
      needs: [need("N1", "全民健康信息平台互通", "service", 4, 4, 2, true)],
      contacts: [
        p("C1", "乔新", "规划信息处处长", "technical_buyer", "high", 1, 2, { seen: 22 }),
        p("C2", "萧月", "统计信息中心主任", "user_buyer", "medium", 1, 1, { seen: 41 }),
      ],
      opportunities: [
        o({ id: "O-WJW-01", name: "全民健康信息平台升级", source: "government_policy", detail: "省“十四五”卫生信息化规划", close: 180,
          path: [["S0", 50, 2500], ["S1", 30]] }),
      ],
    },
    {
      id: "LH-GAJ", name: "临海市公安局", aliases: ["临海公安", "临海市局"],
      customer_type: "gov", admin_level: "prefecture", industry: "public_security",
      is_existing_customer: true, revenue_ttm: w(50), gross_margin_pct: 25, relationship_years: 2, wallet_annual: w(2000),
      industry_outlook: "strong_growth", market_position: "backbone", development_trend: "expanding",
      budget_status: "planned", segment_match: true, reference_value: "prefecture",
      owner: AR.zhou, owner_ar: AR.zhou, owner_sr: SR.zhao,
      visit_cadence: "monthly", revenue_target: w(350),
      needs: [need("N1", "社区警情研判滞后", "security", 4, 4, 3, true)],
      contacts: [
        p("C1", "齐志远", "副局长", "economic_buyer", "high", 1, 2, { seen: 28 }),
        p("C2", "江涛", "科信科科长", "technical_buyer", "high", 1, 3, { seen: 9 }),
        p("C3", "邵敏", "指挥中心主任", "user_buyer", "medium", 0, 1, { seen: 52 }),
        p("C4", "龚伟", "科信科民警", "coach", "low", 2, 3, { seen: 3 }),
      ],
      opportunities: [
        o({ id: "O-LGA-01", name: "智慧安防小区", source: "government_policy", procurement: "competitive_consultation", med: "10111100", close: -5,
          path: [["S0", 160, 780], ["S1", 140], ["S2", 110], ["S3", 70], ["S4", 40]] }),
        o({ id: "O-LGA-02", name: "警情分析平台", source: "social_circle", procurement: "inquiry",
          path: [["S0", 260, 120], ["S1", 240], ["S3", 220], ["S4", 200], ["S5", 190], ["W", 180]] }),
      ],
    },
    {
      id: "LH-CT", name: "临海城市建设投资集团", aliases: ["临海城投", "LH Urban Investment"],
      customer_type: "soe_local", admin_level: "prefecture", industry: "other",
      is_existing_customer: true, revenue_ttm: w(40), gross_margin_pct: 18, relationship_years: 1, wallet_annual: w(2500),
      industry_outlook: "growth", market_position: "regional_leader", development_trend: "expanding",
      budget_status: "planned", segment_match: true, reference_value: "prefecture",
      owner: AR.wang, owner_ar: AR.wang,
      visit_cadence: "monthly",
      needs: [need("N1", "在建项目安全监管", "security", 4, 3, 2, true)],
      contacts: [
        p("C1", "钟华", "总经理", "economic_buyer", "high", 0, 1, { mode: "overconfident", seen: 90 }),
        p("C2", "阎峰", "信息管理部经理", "technical_buyer", "medium", 1, 2, { seen: 17 }),
        p("C3", "左丽", "工程管理部部长", "user_buyer", "medium", 1, 2, { seen: 23 }),
      ],
      opportunities: [
        o({ id: "O-CT-01", name: "智慧工地监管平台", source: "social_circle", close: 120,
          path: [["S0", 70, 650], ["S1", 55], ["S2", 20]] }),
        o({ id: "O-CT-02", name: "数字孪生园区", source: "consultant_institute", detail: "市规划设计院", temp: "cold", close: 300,
          path: [["S0", 10, 1500]] }),
      ],
    },
    {
      id: "DJ-NSH", name: "东江农商银行", aliases: ["东江农商行", "DJ Rural Commercial Bank"],
      customer_type: "soe_local", admin_level: "na", industry: "finance",
      is_existing_customer: true, revenue_ttm: w(40), gross_margin_pct: 30, relationship_years: 2, wallet_annual: w(2000),
      industry_outlook: "growth", market_position: "backbone", development_trend: "expanding",
      budget_status: "approved", segment_match: true, reference_value: "provincial",
      owner: AR.chen, owner_ar: AR.chen, owner_sr: SR.lin, owner_fr: FR.huang,
      visit_cadence: "monthly", revenue_target: w(600), last_review_date: d(-12),
      needs: [need("N1", "信创替代时间表", "compliance", 5, 4, 3, true, "外围系统年内完成国产化替代")],
      contacts: [
        p("C1", "易国庆", "副行长", "economic_buyer", "high", 1, 2, { seen: 18 }),
        p("C2", "车明", "金融科技部总经理", "technical_buyer", "high", 1, 2, { seen: 10 }),
        p("C3", "莫琳", "运营管理部经理", "user_buyer", "medium", 1, 1, { seen: 44 }),
        p("C4", "包宇", "科技部工程师", "coach", "low", 1, 2, { seen: 7 }),
      ],
      opportunities: [
        o({ id: "O-NSH-01", name: "信创替代（核心外围系统）", source: "consultant_institute", med: "11111111", close: 10,
          path: [["S0", 210, 1300], ["S1", 180], ["S2", 150], ["S3", 110], ["S4", 50], ["S5", 15]] }),
        o({ id: "O-NSH-02", name: "反洗钱数据集市", source: "industry_report", reason: "budget_cut",
          path: [["S0", 250, 300], ["S1", 230], ["A", 200]] }),
      ],
    },
    {
      id: "ZK-50", name: "中科电子第五十研究所", aliases: ["五十所", "中科五十所", "No.50 Institute"],
      customer_type: "soe_central", admin_level: "na", industry: "manufacturing",
      is_existing_customer: true, revenue_ttm: w(30), gross_margin_pct: 40, relationship_years: 1, wallet_annual: w(3000),
      industry_outlook: "growth", market_position: "national_leader", development_trend: "expanding",
      budget_status: "planned", segment_match: true, reference_value: "national",
      owner: AR.zhou, owner_ar: AR.zhou, owner_sr: SR.lin,
      visit_cadence: "quarterly",
      needs: [need("N1", "研发设计数据跨所协同", "innovation", 3, 3, 2, false)],
      contacts: [
        p("C1", "洪涛", "所长", "economic_buyer", "high", 1, 1, { seen: 120 }),
        p("C2", "詹平", "信息化处处长", "technical_buyer", "medium", 1, 2, { seen: 30 }),
        p("C3", "骆佳", "科研管理处处长", "user_buyer", "medium", 0, 1, { seen: 65 }),
      ],
      opportunities: [
        o({ id: "O-ZK-01", name: "研发设计协同平台", source: "industry_association", detail: "电子学会年会", close: 220,
          path: [["S0", 40, 900], ["S1", 12]] }),
      ],
    },
    {
      id: "DJ-JYT", name: "东江省教育厅", aliases: ["省教育厅", "东江教育厅"],
      customer_type: "gov", admin_level: "provincial", industry: "education",
      is_existing_customer: false, wallet_annual: w(4000),
      industry_outlook: "growth", market_position: "regional_leader", development_trend: "expanding",
      budget_status: "planned", segment_match: true, reference_value: "provincial",
      owner: AR.zhou, owner_ar: AR.zhou,
      needs: [need("N1", "教育数字基座建设", "innovation", 4, 3, 2, false)],
      contacts: [
        p("C1", "卢春", "科技与信息化处处长", "technical_buyer", "high", 1, 1, { seen: 36 }),
        p("C2", "田甜", "电教馆馆长", "user_buyer", "medium", 1, 2, { seen: 24 }),
      ],
      opportunities: [
        o({ id: "O-JYT-01", name: "教育数字基座", source: "industry_report", temp: "warm", close: 270,
          path: [["S0", 20, 2000]] }),
      ],
    },

    // ---- Q3 维持客户: worth a lot today, little room to grow
    {
      id: "LH-GW", name: "临海港务集团", aliases: ["临海港", "临海港务", "Linhai Port Group"],
      customer_type: "soe_local", admin_level: "prefecture", industry: "transport",
      is_existing_customer: true, revenue_ttm: w(350), gross_margin_pct: 26, relationship_years: 6, wallet_annual: w(450),
      industry_outlook: "flat", market_position: "backbone", development_trend: "stable",
      budget_status: "none", segment_match: false, reference_value: "none", incumbent: "us",
      owner: AR.wang, owner_ar: AR.wang, owner_fr: FR.wu,
      visit_cadence: "quarterly", revenue_target: w(380), last_review_date: d(-80),
      needs: [need("N1", "码头作业系统运维响应", "efficiency", 3, 2, 3, true)],
      contacts: [
        p("C1", "侯建军", "副总经理", "economic_buyer", "high", 0, 2, { seen: 60 }),
        p("C2", "秦川", "信息中心主任", "technical_buyer", "medium", 1, 3, { seen: 20 }),
        p("C3", "尹华", "生产业务部经理", "user_buyer", "medium", 1, 3, { seen: 31 }),
        p("C4", "常乐", "信息中心工程师", "coach", "low", 1, 2, { seen: 125 }),
      ],
      opportunities: [
        o({ id: "O-GW-01", name: "码头 TOS 运维续约", source: "customer_referral", procurement: "single_source", med: "11111111", close: 25,
          path: [["S2", 60, 220], ["S3", 50], ["S5", 20]] }),
        o({ id: "O-GW-02", name: "闸口智能识别", source: "exhibition_event", detail: "港口科技展",
          path: [["S0", 300, 180], ["S1", 280], ["S2", 260], ["S3", 240], ["S4", 220], ["S5", 210], ["W", 200]] }),
      ],
    },
    {
      id: "MZ-JM", name: "明州精密制造有限公司", aliases: ["明州精密", "Mingzhou Precision"],
      customer_type: "private", admin_level: "na", industry: "manufacturing",
      is_existing_customer: true, revenue_ttm: w(200), gross_margin_pct: 18, relationship_years: 5, wallet_annual: w(300),
      industry_outlook: "decline", market_position: "ordinary", development_trend: "contracting",
      budget_status: "none", segment_match: false, reference_value: "none", incumbent: "us",
      owner: AR.chen, owner_ar: AR.chen,
      visit_cadence: "quarterly", revenue_target: w(150),
      needs: [need("N1", "设备停机损失", "cost", 3, 3, 2, true)],
      contacts: [
        p("C1", "金宝山", "董事长", "economic_buyer", "high", -1, 2, { win: "压缩 IT 开支", seen: 100 }),
        p("C2", "于洋", "IT 经理", "technical_buyer", "medium", 1, 3, { seen: 14 }),
        p("C3", "姜涛", "生产总监", "user_buyer", "medium", 0, 2, { seen: 47 }),
      ],
      opportunities: [
        o({ id: "O-MZ-01", name: "MES 升级", source: "customer_referral", procurement: "direct", reason: "relationship",
          path: [["S0", 200, 350], ["S1", 180], ["S3", 150], ["S4", 120], ["L", 100]] }),
        o({ id: "O-MZ-02", name: "设备联网运维", source: "customer_referral", procurement: "direct", close: 40,
          path: [["S1", 90, 160], ["S2", 80], ["S3", 60]] }),
      ],
    },
    {
      id: "JC-SWJ", name: "江川市税务局", aliases: ["江川税务", "江川市税务"],
      customer_type: "gov", admin_level: "prefecture", industry: "e_gov",
      is_existing_customer: true, revenue_ttm: w(150), gross_margin_pct: 30, relationship_years: 4, wallet_annual: w(200),
      industry_outlook: "flat", market_position: "backbone", development_trend: "stable",
      budget_status: "planned", segment_match: false, reference_value: "none", incumbent: "us",
      owner: AR.wang, owner_ar: AR.wang, owner_fr: FR.huang,
      visit_cadence: "quarterly", revenue_target: w(160), last_review_date: d(-100),
      needs: [need("N1", "办税服务厅终端运维", "service", 2, 2, 3, true)],
      contacts: [
        p("C1", "史国平", "副局长", "economic_buyer", "medium", 1, 2, { seen: 55 }),
        p("C2", "顾城", "信息中心主任", "technical_buyer", "high", 1, 3, { seen: 19 }),
        p("C3", "夏雨", "征管科科长", "user_buyer", "medium", 1, 2, { seen: 34 }),
      ],
      opportunities: [
        o({ id: "O-SWJ-01", name: "办税服务厅运维", source: "customer_referral", procurement: "framework",
          path: [["S3", 170, 140], ["S5", 150], ["W", 140]] }),
      ],
    },
    {
      id: "DJ-GT", name: "东江钢铁集团", aliases: ["东钢", "东江钢铁", "DJ Steel"],
      customer_type: "soe_local", admin_level: "na", industry: "manufacturing",
      is_existing_customer: true, revenue_ttm: w(150), gross_margin_pct: 15, relationship_years: 6, wallet_annual: null,
      industry_outlook: "decline", market_position: "ordinary", development_trend: "stable",
      budget_status: null, segment_match: false, reference_value: "none",
      owner: AR.chen, owner_ar: AR.chen,
      visit_cadence: "quarterly",
      needs: [need("N1", "设备运维成本高", "cost", 3, 2, 3, true)],
      contacts: [
        p("C1", "武刚", "总经理", "economic_buyer", "high", -1, 2, { seen: 140 }),
        p("C2", "汤明", "信息部经理", "user_buyer", "medium", 1, 3, { seen: 26 }),
        p("C3", "滕飞", "采购部专员", "procurement", "low", 0, null, {}),
      ],
      opportunities: [
        o({ id: "O-GT-01", name: "能耗管理系统", source: "industry_report", close: 45,
          path: [["S0", 150, 500], ["S1", 120], ["S2", 90]] }),
      ],
    },
    {
      id: "LH-GS", name: "临海市供水集团", aliases: ["临海水务", "供水集团"],
      customer_type: "soe_local", admin_level: "prefecture", industry: "other",
      is_existing_customer: true, revenue_ttm: w(220), gross_margin_pct: 24, relationship_years: 5, wallet_annual: w(500),
      industry_outlook: "flat", market_position: "backbone", development_trend: "stable",
      budget_status: "planned", segment_match: false, reference_value: "prefecture", incumbent: "us",
      owner: AR.wang, owner_ar: AR.wang, owner_sr: SR.zhao, owner_fr: FR.wu,
      visit_cadence: "quarterly", revenue_target: w(300), last_review_date: d(-45),
      needs: [need("N1", "管网漏损率偏高", "cost", 3, 3, 3, true, "漏损率从 14% 降到 10%")],
      contacts: [
        p("C1", "叶青", "副总经理", "economic_buyer", "high", 1, 3, { seen: 29 }),
        p("C2", "杨帆", "调度中心主任", "user_buyer", "medium", 1, 3, { seen: 13 }),
        p("C3", "邹凯", "信息科科长", "technical_buyer", "medium", 2, 3, { seen: 8 }),
        p("C4", "熊斌", "信息科工程师", "coach", "low", 1, 3, { seen: 4 }),
      ],
      opportunities: [
        o({ id: "O-GS-01", name: "供水管网漏损监测", source: "industry_association", detail: "城镇供水协会", med: "11111111", close: 20,
          path: [["S0", 130, 280], ["S1", 110], ["S2", 90], ["S3", 60], ["S4", 20]] }),
        o({ id: "O-GS-02", name: "营收系统改造", source: "social_circle",
          path: [["S0", 260, 260], ["S1", 240], ["S2", 220], ["S3", 200], ["S4", 150], ["S5", 140], ["W", 130]] }),
      ],
    },
    {
      id: "DJ-NX", name: "东江省农村信用社联合社", aliases: ["省农信", "东江农信", "DJ Rural Credit Union"],
      customer_type: "soe_local", admin_level: "provincial", industry: "finance",
      is_existing_customer: true, revenue_ttm: w(500), gross_margin_pct: 20, relationship_years: 6, wallet_annual: w(600),
      industry_outlook: "flat", market_position: "regional_leader", development_trend: "stable",
      budget_status: "none", segment_match: false, reference_value: "provincial", incumbent: "us",
      owner: AR.zhou, owner_ar: AR.zhou, owner_fr: FR.huang, executive_sponsor: SPONSOR.sun,
      visit_cadence: "quarterly", revenue_target: w(520),
      contacts: [
        p("C1", "聂文", "副主任", "economic_buyer", "high", 1, 3, { seen: 42 }),
        p("C2", "甘露", "科技结算中心总经理", "technical_buyer", "high", 1, 2, { seen: 21 }),
        p("C3", "牛力", "运营部经理", "user_buyer", "medium", 0, 2, { seen: 150 }),
      ],
      opportunities: [
        o({ id: "O-NX-01", name: "灾备中心扩容", source: "customer_referral", close: -20,
          path: [["S1", 150, 450], ["S2", 140], ["S3", 100]] }),
        o({ id: "O-NX-02", name: "柜面终端运维", source: "customer_referral", procurement: "framework",
          path: [["S2", 200, 300], ["S3", 190], ["S5", 170], ["W", 160]] }),
      ],
    },

    // ---- Q4 机会客户: small and not very attractive
    {
      id: "QX-ZF", name: "青溪县人民政府办公室", aliases: ["青溪县政府办", "青溪县府办"],
      customer_type: "gov", admin_level: "county", industry: "e_gov",
      is_existing_customer: true, revenue_ttm: w(30), gross_margin_pct: 25, relationship_years: 2, wallet_annual: w(200),
      industry_outlook: "flat", market_position: "ordinary", development_trend: "stable",
      budget_status: "none", segment_match: false, reference_value: "none",
      owner: AR.wang, owner_ar: AR.wang,
      visit_cadence: "semiannual",
      needs: [need("N1", "县级政务外网老旧", "security", 3, 2, 2, false)],
      contacts: [
        p("C1", "卜建设", "主任", "economic_buyer", "high", 0, 1, { seen: 160 }),
        p("C2", "司马南", "信息中心主任", "technical_buyer", "medium", 1, 2, { seen: 70 }),
      ],
      opportunities: [
        o({ id: "O-QX-01", name: "县级政务外网改造", source: "government_policy", reason: "price",
          path: [["S0", 220, 120], ["S1", 200], ["S3", 180], ["S4", 160], ["L", 150]] }),
        o({ id: "O-QX-02", name: "协同办公系统升级", source: "social_circle", temp: "cold", close: 150,
          path: [["S0", 30, 60]] }),
      ],
    },
    {
      id: "YX-EZ", name: "云溪县第二中学", aliases: ["云溪二中"],
      customer_type: "public_inst", admin_level: "county", industry: "education",
      is_existing_customer: true, revenue_ttm: w(15), gross_margin_pct: 20, relationship_years: 1, wallet_annual: w(80),
      industry_outlook: "flat", market_position: "ordinary", development_trend: "stable",
      budget_status: "planned", segment_match: false, reference_value: "none",
      owner: AR.zhou, owner_ar: AR.zhou,
      contacts: [
        p("C1", "贾永", "校长", "economic_buyer", "high", 1, 1, { seen: 95 }),
        p("C2", "任晓", "信息中心教师", "user_buyer", "low", 1, 2, { seen: 40 }),
      ],
      opportunities: [
        o({ id: "O-YX-01", name: "智慧教室改造", source: "ecosystem_partner", detail: "本地集成商", procurement: "inquiry", close: 60,
          path: [["S0", 60, 80], ["S1", 40], ["S2", 15]] }),
      ],
    },
    {
      id: "RF-FZ", name: "瑞丰纺织有限公司", aliases: ["瑞丰纺织", "Ruifeng Textile"],
      customer_type: "private", admin_level: "na", industry: "manufacturing",
      is_existing_customer: false, wallet_annual: w(150),
      industry_outlook: "decline", market_position: "ordinary", development_trend: "contracting",
      budget_status: "none", segment_match: false, reference_value: "none",
      owner: AR.chen, owner_ar: AR.chen,
      contacts: [p("C1", "邬总", "总经理", "economic_buyer", "high", 0, 0, { seen: 95 })],
      opportunities: [
        o({ id: "O-RF-01", name: "ERP 替换", source: "other", detail: "陌拜", procurement: "direct", reason: "no_decision",
          path: [["S0", 180, 100], ["S1", 150], ["A", 90]] }),
      ],
    },
    {
      id: "JC-WL", name: "江川文旅集团", aliases: ["江川文旅"],
      customer_type: "soe_local", admin_level: "prefecture", industry: "other",
      is_existing_customer: true, revenue_ttm: w(50), gross_margin_pct: 15, relationship_years: 2, wallet_annual: w(300),
      industry_outlook: "flat", market_position: "backbone", development_trend: "stable",
      budget_status: "planned", segment_match: false, reference_value: "prefecture",
      owner: AR.wang, owner_ar: AR.wang,
      visit_cadence: "semiannual",
      needs: [need("N1", "景区票务与客流统计", "service", 3, 3, 2, true)],
      contacts: [
        p("C1", "屈平", "副总经理", "economic_buyer", "medium", 0, 1, { seen: 85 }),
        p("C2", "宁远", "信息部主任", "technical_buyer", "medium", 1, 2, { seen: 33 }),
        p("C3", "沈园", "景区运营部经理", "user_buyer", "low", 1, 1, { seen: 48 }),
      ],
      opportunities: [
        o({ id: "O-WL-01", name: "智慧景区票务", source: "exhibition_event", detail: "文旅博览会", med: "10010100", close: 50,
          path: [["S0", 100, 150], ["S1", 80], ["S2", 60], ["S3", 35]] }),
      ],
    },
    {
      id: "LH-DCWS", name: "临海市东城街道社区卫生服务中心", aliases: ["东城社区卫生中心", "东城卫生服务中心"],
      customer_type: "public_inst", admin_level: "township", industry: "healthcare",
      is_existing_customer: true, revenue_ttm: w(12), gross_margin_pct: 20, relationship_years: 1, wallet_annual: w(60),
      industry_outlook: "flat", market_position: "ordinary", development_trend: "stable",
      budget_status: "none", segment_match: false, reference_value: "none",
      owner: AR.chen, owner_ar: AR.chen,
      contacts: [p("C1", "阮芳", "主任", "economic_buyer", "high", 1, 1, { seen: 150 })],
      opportunities: [
        o({ id: "O-XW-01", name: "家庭医生签约系统", source: "customer_referral", procurement: "direct",
          path: [["S0", 200, 55], ["S1", 190], ["S3", 170], ["S5", 160], ["W", 150]] }),
      ],
    },
    {
      id: "SD-WL", name: "东江顺达物流有限公司", aliases: ["顺达物流", "Shunda Logistics"],
      customer_type: "private", admin_level: "na", industry: "transport",
      is_existing_customer: true, revenue_ttm: w(70), gross_margin_pct: 12, relationship_years: 3, wallet_annual: w(400),
      industry_outlook: "decline", market_position: "backbone", development_trend: "stable",
      budget_status: "none", segment_match: false, reference_value: "none",
      owner: AR.zhou, owner_ar: AR.zhou,
      contacts: [
        p("C1", "欧阳锋", "信息总监", "technical_buyer", "high", 1, 2, { seen: 26 }),
        p("C2", "蓝天", "运营总监", "user_buyer", "medium", 0, 1, { seen: 72 }),
        p("C3", "古月", "财务总监", "influencer", "high", -1, 1, { seen: 72 }),
      ],
      opportunities: [
        o({ id: "O-SD-01", name: "运输管理系统", source: "other", detail: "招投标平台公告", close: 90,
          path: [["S0", 70, 200], ["S1", 50]] }),
      ],
    },
    {
      id: "DE-QP", name: "德尔曼汽车零部件（临海）有限公司", aliases: ["德尔曼", "Dellmann Auto Parts"],
      customer_type: "foreign", admin_level: "na", industry: "manufacturing",
      is_existing_customer: true, revenue_ttm: w(40), gross_margin_pct: 30, relationship_years: 2, wallet_annual: w(250),
      industry_outlook: "flat", market_position: "backbone", development_trend: "stable",
      budget_status: "planned", segment_match: false, reference_value: "none", incumbent: "competitor",
      owner: AR.chen, owner_ar: AR.chen,
      visit_cadence: "semiannual",
      needs: [need("N1", "工控网络安全合规（集团审计）", "compliance", 4, 4, 2, true)],
      contacts: [
        p("C1", "Thomas Weber", "工厂总经理", "economic_buyer", "high", 1, 1, { seen: 100 }),
        p("C2", "常宏", "IT 经理", "technical_buyer", "medium", 2, 3, { seen: 12 }),
        p("C3", "俞静", "采购经理", "procurement", "medium", 0, 2, { seen: 30 }),
      ],
      opportunities: [
        o({ id: "O-DE-01", name: "工业网络安全加固", source: "other", detail: "陌拜", procurement: "invited_tender", med: "01100100", close: 15,
          path: [["S0", 80, 90], ["S1", 60], ["S3", 40], ["S4", 10]] }),
        o({ id: "O-DE-02", name: "MES 集成", source: "ecosystem_partner", reason: "solution",
          path: [["S0", 230, 240], ["S1", 210], ["S2", 190], ["S3", 170], ["S4", 150], ["L", 120]] }),
      ],
    },

    // ---- provisional (κ < 0.5): too little known to tier
    {
      id: "QX-GAJ", name: "青溪县公安局", aliases: ["青溪公安"],
      customer_type: "gov", admin_level: "county", industry: "public_security",
      industry_outlook: "growth", market_position: "ordinary", segment_match: true,
      owner: AR.zhou,
      contacts: [p("C1", "龙飞", "科技通信科科长", "technical_buyer", "medium", null, null, {})],
      opportunities: [
        o({ id: "O-QXG-01", name: "县域视频联网", source: "unknown", temp: "cold", close: 200,
          path: [["S0", 5, 100]] }),
      ],
    },
    {
      id: "JC-GXQ", name: "江川高新技术产业开发区管理委员会", aliases: ["江川高新区", "高新区管委会", "Jiangchuan Hi-tech Zone"],
      customer_type: "gov", admin_level: "county", industry: "e_gov",
      is_existing_customer: false, industry_outlook: "strong_growth",
      owner: AR.wang,
      opportunities: [
        o({ id: "O-GXQ-01", name: "产业大脑", source: "government_policy", detail: "高新区数字经济三年行动", temp: "warm", close: 250,
          path: [["S0", 3, 1200]] }),
      ],
    },
    {
      id: "DJ-WLT", name: "东江省文化和旅游厅", aliases: ["省文旅厅", "东江文旅厅"],
      customer_type: "gov", admin_level: "provincial", industry: "other",
      is_existing_customer: true, revenue_ttm: w(25), market_position: "regional_leader",
      owner: AR.chen,
      contacts: [p("C1", "孟秋", "科技教育处处长", "economic_buyer", "medium", 1, 2, { seen: 200 })],
    },
  ];
}

// ---- target ----------------------------------------------------------------------------------------

/**
 * The year's target: what is already won this year plus the in-period pipeline's weighted amount (§5.3, default
 * rates) grossed up so that weighted coverage lands near 85 %: close, but not covered, whatever `today` is.
 */
function yearTarget(list: readonly ImportAccount[], periodStart: string, periodEnd: string): number {
  const opps = list.flatMap((a) => a.opportunities ?? []);
  const won = opps
    .filter((o) => o.stage === "W" && o.closed_date != null && o.closed_date >= periodStart && o.closed_date <= periodEnd)
    .reduce((sum, o) => sum + (o.final_amount ?? o.amount), 0);
  const pipeline = opps.flatMap((o) => (o.expected_close_date != null ? [{ stage: o.stage, amount: o.amount, expected_close_date: o.expected_close_date }] : []));
  const weighted = weightedAmount(stageTotals(pipeline, periodEnd), stageProbabilities(DEFAULT_RATES));
  const step = 100 * WAN;
  return Math.ceil((won + weighted / 0.85) / step) * step;
}

/** The demo team's portfolio as of `today` (YYYY-MM-DD). Deterministic: no clock, no randomness. */
export function demoPortfolio(today: string): DemoPortfolio {
  if (!isoDate.safeParse(today).success) throw new RangeError(`demoPortfolio: "${today}" is not a date YYYY-MM-DD`);
  // Calendar arithmetic on the ISO digits: no clock, no time zone.
  const d: Day = (offset) => addDays(today, offset);
  const list = accounts(d);
  const year = today.slice(0, 4);
  const period_start = `${year}-01-01`;
  const period_end = `${year}-12-31`;
  return {
    team: { name: "华东政企一部", channel: "#kv-huadong" },
    target: { period: year, period_start, period_end, amount: yearTarget(list, period_start, period_end) },
    accounts: list,
  };
}
