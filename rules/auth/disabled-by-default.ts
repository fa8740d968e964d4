import { defineRule } from '../../src/engine/rule.js';
import { jsImportsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { jsSwitches, pythonSwitches, type OffSwitch, type SwitchRead } from '../../src/analysis/auth/switches.js';
import { authSwitchSense, leavesAuthOff, mentionsAuthSwitch, switchValue, upperSnake } from '../../src/analysis/auth/names.js';
import { isDevComposeFile, readCompose } from '../../src/analysis/compose.js';
import { isDotenvTemplate } from '../../src/io/classify.js';
import { isExamplePath, isTestPath } from '../../src/io/paths.js';

/** `.env.development`, `.env.local`, `.env.test`: not what production runs with. */
const DEV_DOTENV = /(?:^|\/)\.env\.(?:dev|development|local|test|testing|ci|e2e)(?:\.|$)/i;

export default defineRule({
  meta: {
    id: 'auth/disabled-by-default',
    priority: 'P0',
    category: 'security',
    kinds: ['python', 'js', 'dotenv', 'compose'],
    messages: {
      default: {
        en: 'Authentication switch `{{name}}` is off unless the environment turns it on (`{{expr}}`): a deployment that forgets it serves every API without authentication.',
        zh: '鉴权开关 `{{name}}` 默认关闭（`{{expr}}`），除非环境变量显式开启：生产环境很容易被误部署为无鉴权模式，所有接口裸奔。',
      },
      hardcoded: {
        en: 'Authentication switch `{{name}}` is hard-coded off (`{{expr}}`): every API is served without authentication.',
        zh: '鉴权开关 `{{name}}` 在代码中写死为关闭（`{{expr}}`）：所有接口均无需鉴权即可访问。',
      },
      committed: {
        en: '`{{name}}` switches authentication off in committed deployment configuration ({{value}}): whoever deploys with it runs without authentication.',
        zh: '已提交的部署配置中 `{{name}}` 关闭了鉴权（{{value}}）：按此配置部署即为无鉴权模式。',
      },
    },
    docs: {
      en: {
        title: 'Authentication disabled by default',
        why: 'A switch that turns authentication on only when a variable is set fails open: a missing or mistyped variable means no authentication at all, and nothing complains.',
        risk: 'Every API is exposed: data leaks, account takeover, abuse of paid upstream APIs — typically discovered after the fact.',
        fix: 'Make authentication the default (fail closed): default the switch to on, refuse to start in production when it is off, and only allow an explicit opt-out in development.',
      },
      zh: {
        title: '认证默认关闭',
        why: '只有设置了环境变量才开启鉴权的开关是"失败即放行"：变量缺失或拼写错误就意味着完全没有鉴权，而且不会有任何报错。',
        risk: '所有 API 暴露、敏感数据泄露、账户被盗用、上游付费接口被滥用，且往往事后才发现。',
        fix: '默认开启鉴权（失败即拒绝）：开关默认值为开启，生产环境检测到关闭时拒绝启动，仅允许开发环境显式关闭。',
      },
    },
    examples: {
      bad: 'AUTH_ENABLED = os.getenv("AUTH_ENABLED", "false").lower() == "true"',
      good: 'AUTH_ENABLED = os.getenv("AUTH_ENABLED", "true").lower() != "false"\nif not AUTH_ENABLED and ENV == "production":\n    raise RuntimeError("AUTH_ENABLED must be on in production")',
    },
    refs: ['https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/', 'https://cwe.mitre.org/data/definitions/1188.html'],
    tags: ['security'],
  },
  create(ctx) {
    const off: OffSwitch[] = [];
    const reads: SwitchRead[] = [];
    /** Committed deployment settings that turn a switch on (a safer deployment, not a safe default). */
    const onInDeployment = new Map<string, string>();
    const skip = (path: string) => isTestPath(path) || isExamplePath(path);

    const deploymentValue = (key: string, value: string, path: string, line: number) => {
      const sense = authSwitchSense(key);
      const on = switchValue(value);
      if (!sense || on === undefined) return;
      if (!leavesAuthOff(sense, on)) {
        onInDeployment.set(upperSnake(key), `${path}:${line}`);
        return;
      }
      ctx.report({ messageId: 'committed', data: { name: key, value: `${key}=${value}` }, evidence: [{ path, line }] });
    };

    return {
      python(file) {
        // Sound: every off switch and every read names a switch, which spells AUTH/LOGIN/ANONYMOUS/API_KEY.
        if (skip(file.path) || !mentionsAuthSwitch(file.text)) return;
        const found = pythonSwitches(file.model.root, pyImportsOf(file), file.path);
        off.push(...found.off);
        reads.push(...found.reads);
      },
      js(file) {
        // Sound: as for Python, a file that spells no switch word holds no switch.
        if (skip(file.path) || !mentionsAuthSwitch(file.text)) return;
        const found = jsSwitches(file.model.ast, jsImportsOf(file), file.path, file.text);
        off.push(...found.off);
        reads.push(...found.reads);
      },
      dotenv(file) {
        if (skip(file.path) || isDotenvTemplate(file.path) || DEV_DOTENV.test(file.path) || ctx.inventory.isGitignored(file.path)) return;
        for (const entry of file.model.entries) deploymentValue(entry.key, entry.value, file.path, entry.line);
      },
      compose(file) {
        if (skip(file.path) || isDevComposeFile(file.path)) return;
        const project = readCompose(file.path, file.text, file.model, (p) => ctx.inventory.text(p));
        for (const service of project.services) {
          for (const setting of service.environment.values()) {
            // Values from a `.env` or env_file are reported (or not) where they are written.
            if (setting.value === undefined || setting.path !== file.path || (setting.origin !== 'literal' && setting.origin !== 'default')) continue;
            deploymentValue(setting.key, setting.value, file.path, setting.line);
          }
        }
      },
      done() {
        for (const s of off) {
          // Where the rest of the app reads the switch (settings module → main).
          const read = reads.find((r) => r.key === s.key && r.file !== s.file);
          const evidence = [{ path: s.file, line: s.line, column: s.column }, ...(read ? [{ path: read.file, line: read.line }] : [])];
          const turnedOn = onInDeployment.get(s.key);
          ctx.report({
            messageId: s.how === 'hardcoded' ? 'hardcoded' : 'default',
            data: { name: s.name, expr: s.expr },
            evidence,
            ...(turnedOn && s.how !== 'hardcoded'
              ? { priority: 'P1' as const, reason: `the committed deployment configuration turns it on (${turnedOn}); the default still fails open` }
              : {}),
          });
        }
      },
    };
  },
});
