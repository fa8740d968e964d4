import type { Node } from '@babel/types';
import { defineRule } from '../../src/engine/rule.js';
import { jsImportsOf, pyImportsOf } from '../../src/analysis/facts.js';
import { calleeName, walk as walkJs } from '../../src/analysis/js/index.js';
import { callInfo, descendantsOfType, dottedName, lineOf } from '../../src/analysis/python/index.js';
import { isExamplePath, isTestPath } from '../../src/io/paths.js';

/** Migration tools, as imported modules. */
const MIGRATION_IMPORT = /^(?:alembic|flask_migrate|yoyo|aerich|umzug|knex|node-pg-migrate|db-migrate|typeorm\/migration|@mikro-orm\/migrations|migrate-mongo)(?:[./]|$)/;
/** Folders and files that hold migrations, whatever the tool. */
const MIGRATION_DIR = /(?:^|\/)(?:alembic|migrations?|db\/migrate|prisma\/migrations|flyway|liquibase|changelogs?)(?:\/|$)/i;
const MIGRATION_FILE = /(?:^|\/)(?:alembic\.ini|knexfile\.[cm]?[jt]s|\.sequelizerc|atlas\.hcl|dbmate\.ya?ml|V\d+(?:_\d+)*__[\w-]+\.sql|\d{3,}_[\w-]+\.(?:up\.)?sql)$/i;

interface Site {
  path: string;
  line: number;
  what: string;
}

export default defineRule({
  meta: {
    id: 'db/no-migrations',
    priority: 'P1',
    category: 'reliability',
    kinds: ['js', 'python'],
    messages: {
      startupSchema: {
        en: 'The schema is created at start-up (`{{what}}` in `{{file}}`) and the repository has no migration tool (Alembic, Django/Prisma/Knex/TypeORM migrations).',
        zh: '数据库表结构在启动时创建（`{{file}}` 中的 `{{what}}`），仓库中没有任何迁移工具（Alembic、Django/Prisma/Knex/TypeORM 迁移）。',
      },
    },
    docs: {
      en: {
        title: 'No database migrations',
        why: '`create_all`, `synchronize: true` and `sequelize.sync()` create missing tables but never alter existing ones safely: there is no versioned history of the schema and no way back.',
        risk: 'A column added in code is missing in production (errors on deploy), `synchronize`/`alter` can drop data, and a failed release cannot roll the schema back: upgrades are uncontrolled.',
        fix: 'Adopt a migration tool (Alembic, Flask-Migrate, Django migrations, Prisma Migrate, Knex/TypeORM/Sequelize migrations), generate a baseline from the current schema, and run migrations as a deploy step instead of creating tables at start-up.',
      },
      zh: {
        title: '数据库缺少迁移体系',
        why: '`create_all`、`synchronize: true` 和 `sequelize.sync()` 只会创建缺失的表，无法安全地修改已有表：没有 schema 版本历史，也无法回滚。',
        risk: '代码中新增的列在生产库中不存在（发布即报错），`synchronize`/`alter` 可能删除数据，发布失败时也无法回滚表结构：线上升级不可控。',
        fix: '引入迁移工具（Alembic、Flask-Migrate、Django migrations、Prisma Migrate、Knex/TypeORM/Sequelize migrations），从当前表结构生成基线，并把迁移作为发布步骤执行，而不是在启动时建表。',
      },
    },
    examples: {
      bad: '@app.on_event("startup")\ndef init():\n    Base.metadata.create_all(bind=engine)',
      good: '# alembic/versions/0001_baseline.py + `alembic upgrade head` in the deploy step',
    },
    refs: ['https://alembic.sqlalchemy.org/', 'https://typeorm.io/migrations'],
  },
  create(ctx) {
    const sites: Site[] = [];
    let migrationImport = false;
    return {
      python(file) {
        const imports = pyImportsOf(file);
        if ([...imports.values()].some((i) => MIGRATION_IMPORT.test(i))) migrationImport = true;
        if (isTestPath(file.path) || isExamplePath(file.path)) return;
        // Sound: every site below is written with one of these names.
        if (!/create_all|create_tables|generate_schemas/.test(file.text)) return;
        // `Base.metadata.create_all` is also passed uncalled (`conn.run_sync(Base.metadata.create_all)`).
        for (const node of descendantsOfType(file.model.root, 'attribute')) {
          const name = dottedName(node);
          if (name && /(?:^|\.)metadata\.create_all$/.test(name)) sites.push({ path: file.path, line: lineOf(node), what: name });
        }
        for (const node of descendantsOfType(file.model.root, 'call')) {
          const call = callInfo(node, imports);
          const name = call.written ?? '';
          if (/(?:^|\.)(?:create_tables|generate_schemas)$/.test(name)) sites.push({ path: file.path, line: lineOf(node), what: name });
          else if (call.kwargs.get('generate_schemas')?.text === 'True') sites.push({ path: file.path, line: lineOf(node), what: 'generate_schemas=True' });
        }
      },
      js(file) {
        const imports = jsImportsOf(file);
        if ([...imports.values()].some((b) => MIGRATION_IMPORT.test(b.source))) migrationImport = true;
        if (isTestPath(file.path) || isExamplePath(file.path)) return;
        // Sound: a site or a `migrations` key needs these names, written as is unless a backslash escape spells them.
        if (!/sync|migrations/i.test(file.text) && !file.text.includes('\\')) return;
        walkJs(file.model.ast, (node: Node) => {
          if (node.type === 'ObjectExpression') {
            const keys = new Map<string, Node>();
            for (const p of node.properties) if (p.type === 'ObjectProperty' && p.key.type === 'Identifier') keys.set(p.key.name, p.value);
            const sync = keys.get('synchronize');
            // A DataSource that also lists migrations has the tool; `synchronize` there is a separate choice.
            if (sync?.type === 'BooleanLiteral' && sync.value && !keys.has('migrations')) sites.push({ path: file.path, line: sync.loc?.start.line ?? 1, what: 'synchronize: true' });
            if (keys.has('migrations')) migrationImport = true;
          }
          if (node.type === 'CallExpression') {
            const name = calleeName(node, imports) ?? '';
            if (/(?:^|\.)sequelize\.sync$/i.test(name)) sites.push({ path: file.path, line: node.loc?.start.line ?? 1, what: `${name}()` });
          }
        });
      },
      done() {
        if (!sites.length || migrationImport) return;
        if (ctx.inventory.dirs.some((d) => MIGRATION_DIR.test(d)) || ctx.inventory.files.some((f) => MIGRATION_FILE.test(f.path))) return;
        // Django keeps migrations in each app's migrations/ package: covered by the folder test above.
        sites.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
        const first = sites[0];
        ctx.report({
          messageId: 'startupSchema',
          data: { what: first.what, file: first.path },
          evidence: sites.slice(0, 10).map((s) => ({ path: s.path, line: s.line })),
        });
      },
    };
  },
});
