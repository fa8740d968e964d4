import { isMap, isScalar } from 'yaml';
import { defineRule } from '../../src/engine/rule.js';
import type { YamlModel } from '../../src/parsers/yaml.js';

function topLevel(model: YamlModel): Record<string, unknown> | undefined {
  const data = model.data;
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}

/** 1-based line of a top-level key in the first document. */
function keyLine(model: YamlModel, key: string): number | undefined {
  const contents = model.docs[0]?.contents;
  if (!isMap(contents)) return undefined;
  const pair = contents.items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair ? model.lineOf(pair.key) : undefined;
}

export default defineRule({
  meta: {
    id: 'monitoring/no-alert-rules',
    priority: 'P2',
    category: 'observability',
    kinds: ['yaml'],
    messages: {
      noAlerts: {
        en: 'Prometheus config `{{file}}` scrapes targets but loads no `rule_files` and sends to no Alertmanager: nothing alerts when they fail.',
        zh: 'Prometheus 配置 `{{file}}` 采集了指标，但没有加载 `rule_files`，也没有配置 Alertmanager：出故障时没有任何告警。',
      },
    },
    docs: {
      en: {
        title: 'Monitoring without alert rules',
        why: 'Scraped metrics only help when someone looks at them; alert rules and an Alertmanager turn them into pages when error rate, latency or availability cross a threshold.',
        risk: 'Outages and slow degradation are discovered by users; the dashboards exist but nobody is told.',
        fix: 'Add `rule_files:` with alert rules (instance down, 5xx rate, p95 latency, saturation) and an `alerting:` block pointing at Alertmanager with a real receiver.',
      },
      zh: {
        title: '监控缺少告警规则',
        why: '采集到的指标只有在有人查看时才有用；告警规则和 Alertmanager 才能在错误率、延迟或可用性越过阈值时通知到人。',
        risk: '故障与缓慢退化由用户先发现；仪表盘虽在，却没人收到通知（故障发现滞后）。',
        fix: '增加 `rule_files:` 与告警规则（实例宕机、5xx 比例、p95 延迟、资源饱和），并配置指向 Alertmanager 的 `alerting:`，设置真实的接收人。',
      },
    },
    examples: {
      bad: 'scrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: ["api:8000"]',
      good: 'rule_files:\n  - alerts.yml\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ["alertmanager:9093"]\nscrape_configs:\n  - job_name: api',
    },
    refs: ['https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/'],
  },
  create(ctx) {
    const configs: { path: string; line: number }[] = [];
    let rulesElsewhere = false;
    return {
      yaml(file) {
        const top = topLevel(file.model);
        if (!top) return;
        // Rules shipped separately (a PrometheusRule resource, a rules file with `alert:`) are loaded by an operator.
        if (top.kind === 'PrometheusRule' || (Array.isArray(top.groups) && top.groups.some((g) => Array.isArray((g as { rules?: unknown[] })?.rules) && (g as { rules: { alert?: unknown }[] }).rules.some((r) => r && typeof r === 'object' && 'alert' in r)))) {
          rulesElsewhere = true;
          return;
        }
        if (!Array.isArray(top.scrape_configs)) return;
        const hasRules = Array.isArray(top.rule_files) && top.rule_files.length > 0;
        const alerting = top.alerting as { alertmanagers?: unknown[] } | undefined;
        const hasAlerting = !!alerting && Array.isArray(alerting.alertmanagers) && alerting.alertmanagers.length > 0;
        if (hasRules || hasAlerting) return;
        configs.push({ path: file.path, line: keyLine(file.model, 'scrape_configs') ?? 1 });
      },
      done() {
        if (rulesElsewhere) return;
        for (const config of configs) {
          ctx.report({ messageId: 'noAlerts', data: { file: config.path }, evidence: [{ path: config.path, line: config.line }] });
        }
      },
    };
  },
});
