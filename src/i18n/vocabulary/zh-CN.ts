// 中文名称：METHOD §2 的枚举、§3.5 风险提示、§4.3 建议动作、字段名与补充信息的问题。
import type { Vocabulary } from "../vocabulary.js";

export const zhCNVocabulary: Vocabulary = {
  customerType: {
    gov: "政府机关", public_inst: "事业单位", soe_central: "央企", soe_local: "地方国企", private: "民企", foreign: "外企",
  },
  adminLevel: {
    national: "部委/国家级", provincial: "省级", prefecture: "地市级", county: "区县级", township: "乡镇街道", na: "不适用",
  },
  industry: {
    e_gov: "政务", public_security: "公安", education: "教育", healthcare: "医疗", finance: "金融",
    energy_power: "能源电力", transport: "交通", manufacturing: "制造", telecom: "运营商", other: "其他行业",
  },
  industryOutlook: {
    strong_growth: "强劲增长", growth: "增长", flat: "平稳", decline: "收缩", strong_decline: "大幅收缩",
  },
  marketPosition: {
    national_leader: "全国龙头/国家级标杆", regional_leader: "区域龙头/省级主管", backbone: "骨干", ordinary: "一般",
  },
  developmentTrend: {
    expanding: "扩张（新建/改扩建/数字化转型规划）", stable: "稳定", contracting: "收缩",
  },
  budgetStatus: { none: "无预算", planned: "规划中", approved: "已立项/已批复" },
  referenceValue: { national: "国家级标杆", provincial: "省级标杆", prefecture: "地市级标杆", none: "无标杆效应" },
  incumbent: { us: "我方", competitor: "竞争对手", none: "无现有供应商", unknown: "问过，不清楚" },
  needCategory: {
    efficiency: "效率", cost: "成本", compliance: "合规", security: "安全", service: "民生/服务体验",
    innovation: "创新", other: "其他",
  },
  role: {
    economic_buyer: "决策者/拍板人", technical_buyer: "技术把关/评估者", user_buyer: "使用者", coach: "教练/内线",
    initiator: "发起者", influencer: "影响者", procurement: "采购/招标代理", gatekeeper: "守门人",
  },
  influence: { high: "高", medium: "中", low: "低" },
  attitude: { "-2": "强烈反对", "-1": "倾向反对", "0": "中立", "1": "支持", "2": "强力支持/倡导" },
  relationshipStrength: { "0": "不认识", "1": "认识", "2": "熟悉", "3": "信任", "4": "同盟" },
  relationshipLayer: { general: "普遍关系", key: "关键关系", organizational: "组织关系" },
  responseMode: {
    growth: "求增长（想做得更好）", trouble: "有麻烦（急需解决问题）", even_keel: "求平稳（不想改变）",
    overconfident: "过度自信（认为没问题）", unknown: "判断不了",
  },
  stage: {
    S0: "线索", S1: "商机", S2: "立项", S3: "方案", S4: "投标", S5: "谈判", W: "赢单", L: "输单", A: "放弃/取消",
  },
  source: {
    industry_report: "行业报告/行业研究",
    exhibition_event: "展会/峰会/行业会议",
    social_circle: "社交圈/专业圈层/人脉",
    government_policy: "政府部门/政策规划/预算公开",
    industry_association: "行业协会/学会",
    consultant_institute: "咨询机构/设计院/第三方研究",
    ecosystem_partner: "合作伙伴/集成商/竞争对手生态",
    customer_referral: "老客户转介绍/存量经营",
    other: "其他来源",
    unknown: "来源不明",
  },
  projectType: { strategic: "战略项目", competitive: "竞争项目", normal: "普通项目" },
  procurementMethod: {
    open_tender: "公开招标", invited_tender: "邀请招标", competitive_negotiation: "竞争性谈判",
    competitive_consultation: "竞争性磋商", single_source: "单一来源", inquiry: "询价",
    framework: "框架/协议供货", direct: "直接采购", unknown: "采购方式未定",
  },
  leadTemperature: { cold: "冷线索", warm: "温线索", hot: "热线索" },
  closeReason: {
    price: "价格", solution: "方案", relationship: "关系", budget_cut: "预算削减", no_decision: "客户未决策",
    compliance: "合规", withdrew: "我方退出", other: "其他",
  },
  meddpicc: {
    metrics: "量化收益", economic_buyer: "决策者", decision_criteria: "决策标准", decision_process: "决策流程",
    paper_process: "合同/审批流程", identify_pain: "痛点", champion: "支持者（内线）", competition: "竞争态势",
  },
  subScore: { CV: "当前价值", PT: "客户潜力", SF: "需求与战略匹配", RA: "关系与决策链" },
  quadrant: { strategic: "战略客户", develop: "发展客户", maintain: "维持客户", opportunistic: "机会客户" },
  tier: { strategic: "战略客户", key: "重点客户", general: "普通客户" },
  priority: { P1: "P1", P2: "P2", P3: "P3", P4: "P4" },
  confidence: { high: "高", medium: "中", low: "低" },
  boolean: { true: "是", false: "否" },
  bridgeLabel: {
    advanced: "推进", regressed: "回退", amount_changed: "金额变化", won: "赢单", lost: "输单", abandoned: "放弃",
    slipped: "延期出本期", removed: "移除", pulled_in: "提前进入本期", new: "新增",
  },
  binding: { count: "数量漏斗", amount: "金额漏斗", none: "无缺口" },
  component: {
    S_rev: "近12月收入", S_gm: "毛利率", S_ten: "合作年限", S_head: "可拓展空间", industry_outlook: "行业前景",
    market_position: "市场地位", development_trend: "发展趋势", S_need: "需求强度", budget_status: "客户预算",
    segment_match: "目标细分市场", reference_value: "标杆价值", M: "联系人态度与关系", C: "核心角色覆盖",
  },
  redFlag: {
    no_contacts: "决策链未识别：还没有记录任何联系人。",
    eb_missing: "还没有找到决策者（拍板人）。",
    eb_opposed: "决策者倾向反对，关系与决策链得分被封顶在 30。",
    eb_weak_relationship: "和决策者的关系还很浅（关系强度 ≤ 1，只是认识）。",
    eb_response_mode: "决策者求平稳或过度自信，暂时没有改变的动力。",
    no_coach: "没有教练/内线。",
    "role_uncovered:technical_buyer": "技术把关人还没覆盖。",
    "role_uncovered:user_buyer": "使用者还没覆盖。",
    high_influence_opposed: "有高影响力的联系人倾向反对。",
    contact_stale: "有联系人超过 90 天没有接触。",
    late_stage_unqualified: "有投标/谈判阶段的商机，但决策者或内线还没确认。",
    no_budget_late_stage: "客户还没有预算，商机却已到方案阶段或更后。",
  },
  action: {
    deepen_expand:
      "深耕扩展：专属铁三角（客户经理+方案经理+交付经理）和高层发起人，每季度高层互访、每月更新客户计划；跟随客户规划/预算周期联合规划，每个方案阶段商机做标前引导，交叉销售，建立组织关系。",
    invest_grow:
      "投入发展：客户经理加共享方案经理，每月拜访；围绕需求清单发掘商机，推动试点/POC，把线索转为商机，提升当前价值。",
    protect_share:
      "维持份额：客户经理（或电销/伙伴）每季度复盘；保障续约和服务质量，控制服务成本，警惕竞争对手切入。",
    monitor_selective:
      "观察为主：通过伙伴/渠道和标准方案覆盖；有选择地响应招标，立项/投标评审通过后再投入。",
    access_breakthrough: "关系突破：补齐缺失的核心角色，争取教练；决策者反对要当作阻碍优先处理。",
    find_coach_identify_ub_raise_eb: "找教练、识别使用者，把决策者关系提升到“熟悉”（≥ 2）以上。",
    repair_eb_before_renewal: "续约前修复和决策者的关系。",
    guide_customer_budget: "客户预算还在规划中：把标前引导推进到客户立项。",
    collect_facts_first: "资料不足，暂不分级：先补齐下面要收集的信息。",
  },
  field: {
    customer_type: "客户类型", admin_level: "行政级别", industry: "行业", region_code: "行政区划代码",
    uscc: "统一社会信用代码", is_existing_customer: "是否已合作客户", revenue_ttm: "我方近12月收入（元）",
    gross_margin_pct: "毛利率（%）", relationship_years: "合作年限（年）", wallet_annual: "客户年度相关预算（元）",
    industry_outlook: "行业前景", market_position: "市场地位", development_trend: "发展趋势",
    budget_status: "客户预算状态", segment_match: "属于目标细分市场", reference_value: "标杆价值",
    incumbent: "现有供应商", retention_rate: "续约率（0–1）", discount_rate: "折现率（0–1）",
  },
  question: {
    customer_type: "客户是什么类型：政府机关、事业单位、央企、地方国企、民企还是外企？",
    admin_level: "客户是哪一级单位：国家级、省级、地市级、区县级还是乡镇街道？",
    industry: "客户属于哪个行业？",
    region_code: "客户所在地的行政区划代码（6 位）是多少？",
    uscc: "客户的统一社会信用代码是多少？",
    is_existing_customer: "我们和这个客户已经有合作了吗？",
    revenue_ttm: "过去 12 个月我们从这个客户拿到的收入（含已签合同）是多少？",
    gross_margin_pct: "这个客户的毛利率大约是多少？",
    relationship_years: "我们和客户合作几年了？",
    wallet_annual: "客户年度相关预算是多少？",
    industry_outlook: "客户所在行业前景如何：增长、平稳还是收缩？",
    market_position: "客户在行业里的地位如何：全国龙头、区域龙头、骨干还是一般？",
    development_trend: "客户是在扩张（新建、改扩建、数字化规划）、保持稳定还是在收缩？",
    budget_status: "客户这件事有预算吗：没有、在规划中，还是已经立项？",
    segment_match: "这个客户在我们今年选定的目标细分市场里吗？",
    reference_value: "拿下这个客户的标杆效应有多大：国家级、省级、地市级，还是没有？",
    incumbent: "客户现在用的是谁家的：我们、竞争对手，还是还没有供应商？",
    retention_rate: "这个客户每年续约的可能性大约多少（0–1）？",
    discount_rate: "计算客户终身价值用多少折现率（0–1）？",
    needs: "客户最痛的问题是什么？有多严重、多紧迫？客户方有人确认过吗？",
    contacts: "客户那边谁拍板、谁把技术关、谁在用？谁是我们的内线？",
  },
};
