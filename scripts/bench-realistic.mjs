// The `realistic` bench corpus: service repositories shaped like real ones, not one dense file
// kind repeated. Per unit (80 files, ~0.55 MB): a FastAPI service (routes in a few modules, models,
// schemas, services, utils, tests, migrations), an Express/React service (routes, services,
// components, tests, a package-lock.json), and its deployment and docs (Dockerfiles, compose,
// nginx, Kubernetes YAML, .env.example, Markdown, a JSON fixture, an SVG). Sizes vary by a
// seeded PRNG, so every machine gets the same bytes.

const NOUNS = ['user', 'order', 'invoice', 'item', 'report', 'session', 'payment', 'ticket', 'project', 'comment', 'tag', 'event', 'account', 'team', 'file'];
const VERBS = ['load', 'save', 'sync', 'render', 'score', 'merge', 'split', 'check', 'format', 'build', 'collect', 'apply'];

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}

function int(r, lo, hi) {
  return lo + Math.floor(r() * (hi - lo + 1));
}

function camel(a, b) {
  return a + b[0].toUpperCase() + b.slice(1);
}

function pascal(a) {
  return a[0].toUpperCase() + a.slice(1);
}

// ---- Python ---------------------------------------------------------------------------------

function pyHelper(r, name) {
  const n = int(r, 3, 9);
  return `
def ${name}(rows: list[dict], limit: int = ${int(r, 10, 500)}) -> list[dict]:
    """${pascal(pick(r, VERBS))} the rows and keep at most \`limit\` of them."""
    out = []
    for row in rows[:limit]:
        value = row.get("${pick(r, NOUNS)}_id") or 0
        if value % ${n} == 0:
            continue
        out.append({**row, "score": value * ${int(r, 2, 40)} % ${int(r, 7, 97)}})
    out.sort(key=lambda x: x["score"], reverse=${r() < 0.5 ? 'True' : 'False'})
    return out
`;
}

function pyRoutes(r, unit, noun) {
  const routes = [];
  const count = int(r, 3, 8);
  for (let i = 0; i < count; i++) {
    const method = pick(r, ['get', 'get', 'post', 'put', 'delete']);
    const write = method !== 'get';
    routes.push(`
@router.${method}("/${noun}s${i ? `/{${noun}_id}` : ''}${i > 1 ? `/${pick(r, VERBS)}` : ''}")
async def ${method}_${noun}_${i}(${i ? `${noun}_id: int, ` : ''}${write ? `payload: ${pascal(noun)}In, ` : ''}db: Session = Depends(get_db), user: User = Depends(current_user)):
    """${pascal(method)} ${noun} records for service ${unit}."""
    query = db.query(${pascal(noun)}).filter(${pascal(noun)}.owner_id == user.id)
    ${i ? `record = query.filter(${pascal(noun)}.id == ${noun}_id).first()\n    if record is None:\n        raise HTTPException(status_code=404, detail="${noun} not found")` : 'record = None'}
    ${write ? `data = payload.model_dump()\n    logger.info("${method} ${noun}", extra={"user": user.id})\n    return ${noun}_service.${pick(r, VERBS)}_${noun}(db, record, data)` : `return [${pascal(noun)}Out.model_validate(x) for x in query.limit(${int(r, 20, 200)}).all()]`}
`);
  }
  return `import logging

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from ..db import get_db
from ..deps import current_user
from ..models.${noun} import ${pascal(noun)}
from ..models.user import User
from ..schemas.${noun} import ${pascal(noun)}In, ${pascal(noun)}Out
from ..services import ${noun}_service

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api/${noun}s", tags=["${noun}"])
${routes.join('')}`;
}

function pyModel(r, noun) {
  const cols = [];
  for (let i = 0; i < int(r, 3, 10); i++) cols.push(`    ${pick(r, NOUNS)}_${pick(r, ['name', 'code', 'count', 'note', 'status'])}_${i} = Column(${pick(r, ['String(120)', 'Integer', 'Boolean, default=False', 'Text', 'DateTime'])})`);
  return `from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from ..db import Base


class ${pascal(noun)}(Base):
    __tablename__ = "${noun}s"

    id = Column(Integer, primary_key=True, index=True)
    owner_id = Column(Integer, ForeignKey("users.id"), nullable=False)
${cols.join('\n')}

    owner = relationship("User")

    def __repr__(self) -> str:
        return f"<${pascal(noun)} {self.id}>"
`;
}

function pySchema(r, noun) {
  const fields = [];
  for (let i = 0; i < int(r, 2, 8); i++) fields.push(`    ${pick(r, NOUNS)}_${i}: ${pick(r, ['str', 'int', 'bool', 'str | None = None', 'list[int] = []'])}`);
  return `from pydantic import BaseModel, Field


class ${pascal(noun)}In(BaseModel):
    name: str = Field(min_length=1, max_length=120)
${fields.join('\n')}


class ${pascal(noun)}Out(${pascal(noun)}In):
    id: int

    model_config = {"from_attributes": True}
`;
}

function pyService(r, noun) {
  const helpers = [];
  for (let i = 0; i < int(r, 1, 4); i++) helpers.push(pyHelper(r, `_${pick(r, VERBS)}_${i}`));
  const verbs = [];
  for (let i = 0; i < 3; i++) {
    const v = VERBS[(i * 5 + noun.length) % VERBS.length];
    verbs.push(`
def ${v}_${noun}(db, record, data: dict):
    if record is None:
        record = ${pascal(noun)}(**data)
        db.add(record)
    else:
        for key, value in data.items():
            setattr(record, key, value)
    db.commit()
    db.refresh(record)
    return record
`);
  }
  return `import httpx

from ..models.${noun} import ${pascal(noun)}
from ..settings import settings

TIMEOUT = httpx.Timeout(${int(r, 2, 15)}.0)

${helpers.join('')}${verbs.join('')}

async def notify_${noun}(record_id: int) -> None:
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        await client.post(f"{settings.notify_url}/${noun}s/{record_id}")
`;
}

function pyTest(r, noun) {
  const cases = [];
  for (let i = 0; i < int(r, 2, 7); i++) cases.push(`
def test_${noun}_${i}(client, auth_headers):
    response = client.${pick(r, ['get', 'post'])}("/api/${noun}s${i ? `/${i}` : ''}", headers=auth_headers)
    assert response.status_code in (200, 201, 404)
`);
  return `import pytest


@pytest.fixture
def auth_headers(token):
    return {"Authorization": f"Bearer {token}"}
${cases.join('')}`;
}

function pyMigration(r, unit, i) {
  return `"""add ${pick(r, NOUNS)} columns

Revision ID: ${unit.toString(16).padStart(4, '0')}${i}a
"""
from alembic import op
import sqlalchemy as sa

revision = "${unit.toString(16).padStart(4, '0')}${i}a"
down_revision = ${i ? `"${unit.toString(16).padStart(4, '0')}${i - 1}a"` : 'None'}


def upgrade():
    op.add_column("${pick(r, NOUNS)}s", sa.Column("${pick(r, VERBS)}_at", sa.DateTime(), nullable=True))


def downgrade():
    op.drop_column("${pick(r, NOUNS)}s", "${pick(r, VERBS)}_at")
`;
}

function pyMain(nouns) {
  return `import logging

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from .routes import ${nouns.join(', ')}
from .settings import settings

logging.basicConfig(level=settings.log_level)
app = FastAPI(title="service")
app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"])
${nouns.map((n) => `app.include_router(${n}.router)`).join('\n')}


@app.get("/health")
def health():
    return {"status": "ok"}
`;
}

const PY_SETTINGS = `from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str
    secret_key: str
    log_level: str = "INFO"
    notify_url: str = "http://notifier:8080"
    cors_origins: list[str] = ["https://app.example.com"]


settings = Settings()
`;

const PY_DB = `from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

from .settings import settings

engine = create_engine(settings.database_url, pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine)
Base = declarative_base()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
`;

const PY_DEPS = `from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer
import jwt

from .settings import settings

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/token")


def current_user(token: str = Depends(oauth2)):
    try:
        return jwt.decode(token, settings.secret_key, algorithms=["HS256"])
    except jwt.PyJWTError:
        raise HTTPException(status_code=401, detail="invalid token")
`;

// ---- TypeScript -----------------------------------------------------------------------------

function tsRoutes(r, noun) {
  const handlers = [];
  for (let i = 0; i < int(r, 3, 7); i++) {
    const method = pick(r, ['get', 'get', 'post', 'put', 'delete']);
    handlers.push(`
router.${method}('/${noun}s${i ? '/:id' : ''}', requireAuth, async (req: Request, res: Response, next: NextFunction) => {
  try {
    const result = await ${noun}Service.${camel(pick(r, VERBS), pascal(noun))}(${i ? 'Number(req.params.id), ' : ''}${method === 'get' ? 'req.query' : 'req.body'});
    res.status(${method === 'post' ? 201 : 200}).json(result);
  } catch (error) {
    next(error);
  }
});
`);
  }
  return `import { Router, type NextFunction, type Request, type Response } from 'express';
import { requireAuth } from '../lib/auth';
import * as ${noun}Service from '../services/${noun}';

export const router = Router();
${handlers.join('')}`;
}

function tsService(r, noun) {
  const fns = [];
  for (const v of VERBS.slice(0, int(r, 3, 8))) {
    fns.push(`
export async function ${camel(v, pascal(noun))}(${r() < 0.5 ? 'id: number, ' : ''}input: Record<string, unknown>): Promise<${pascal(noun)}[]> {
  const { data } = await http.get<${pascal(noun)}[]>(\`/${noun}s\`, { params: input, timeout: ${int(r, 2, 15) * 1000} });
  return data
    .filter((x) => x.score > ${int(r, 0, 50)})
    .map((x) => ({ ...x, label: \`\${x.name} (\${x.score})\` }))
    .slice(0, ${int(r, 10, 100)});
}
`);
  }
  return `import axios from 'axios';

export interface ${pascal(noun)} {
  id: number;
  name: string;
  score: number;
  label?: string;
}

const http = axios.create({ baseURL: process.env.API_URL ?? 'http://localhost:3000' });
${fns.join('')}`;
}

function tsxComponent(r, noun) {
  return `import { useEffect, useMemo, useState } from 'react';
import type { ${pascal(noun)} } from '../services/${noun}';

interface Props {
  title: string;
  items: ${pascal(noun)}[];
  onSelect?: (item: ${pascal(noun)}) => void;
}

export function ${pascal(noun)}List({ title, items, onSelect }: Props) {
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(0);
  const visible = useMemo(
    () => items.filter((x) => x.name.toLowerCase().includes(filter.toLowerCase())).slice(page * ${int(r, 10, 50)}, (page + 1) * ${int(r, 10, 50)}),
    [items, filter, page],
  );
  useEffect(() => setPage(0), [filter]);
  return (
    <section className="${noun}-list">
      <h2>{title}</h2>
      <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter ${noun}s" />
      <ul>
        {visible.map((item) => (
          <li key={item.id} onClick={() => onSelect?.(item)}>
            {item.label ?? item.name}
          </li>
        ))}
      </ul>
      <button disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</button>
      <button onClick={() => setPage(page + 1)}>Next</button>
    </section>
  );
}
`;
}

function tsTest(r, noun) {
  return `import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { app } from '../app';

describe('${noun}s', () => {
${Array.from({ length: int(r, 2, 6) }, (_, i) => `  it('answers ${noun} request ${i}', async () => {
    const res = await request(app).get('/api/${noun}s${i ? `/${i}` : ''}').set('Authorization', 'Bearer test');
    expect([200, 401, 404]).toContain(res.status);
  });`).join('\n')}
});
`;
}

function tsApp(nouns) {
  return `import express from 'express';
import helmet from 'helmet';
import rateLimit from 'express-rate-limit';
${nouns.map((n) => `import { router as ${n}Router } from './routes/${n}';`).join('\n')}

export const app = express();
app.use(helmet());
app.use(express.json({ limit: '1mb' }));
app.use(rateLimit({ windowMs: 60_000, max: 300 }));
${nouns.map((n) => `app.use('/api', ${n}Router);`).join('\n')}
app.get('/health', (_req, res) => res.json({ status: 'ok' }));
`;
}

const TS_AUTH = `import type { NextFunction, Request, Response } from 'express';
import jwt from 'jsonwebtoken';

export function requireAuth(req: Request, res: Response, next: NextFunction) {
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : undefined;
  if (!token) return res.status(401).json({ error: 'unauthenticated' });
  try {
    (req as Request & { user?: unknown }).user = jwt.verify(token, process.env.JWT_SECRET as string);
    return next();
  } catch {
    return res.status(401).json({ error: 'invalid token' });
  }
}
`;

const WEB_DEPENDENCIES = { express: '4.19.2', axios: '1.7.2', react: '18.3.1', helmet: '7.1.0', 'express-rate-limit': '7.4.0', jsonwebtoken: '9.0.2' };

function packageLock(r, unit) {
  const packages = { '': { name: `web-${unit}`, version: '1.0.0', dependencies: WEB_DEPENDENCIES } };
  for (const [name, version] of Object.entries(WEB_DEPENDENCIES)) packages[`node_modules/${name}`] = { version, resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz` };
  const count = int(r, 900, 1500);
  for (let i = 0; i < count; i++) {
    const name = `${pick(r, NOUNS)}-${pick(r, VERBS)}-${i}`;
    packages[`node_modules/${name}`] = {
      version: `${int(r, 0, 9)}.${int(r, 0, 30)}.${int(r, 0, 20)}`,
      resolved: `https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz`,
      integrity: `sha512-${Array.from({ length: 86 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[Math.floor(r() * 64)]).join('')}==`,
      ...(r() < 0.3 ? { dev: true } : {}),
    };
  }
  return JSON.stringify({ name: `web-${unit}`, version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2);
}

// ---- Deployment and docs ----------------------------------------------------------------------

function markdown(r, unit, topic) {
  const sections = [];
  for (let i = 0; i < int(r, 3, 9); i++) {
    sections.push(`## ${pascal(pick(r, VERBS))} ${pick(r, NOUNS)}s\n\n${Array.from({ length: int(r, 2, 6) }, () => `The ${pick(r, NOUNS)} service ${pick(r, VERBS)}s each ${pick(r, NOUNS)} before it is ${pick(r, VERBS)}ed; see the runbook for the ${pick(r, NOUNS)} queue and its limits.`).join(' ')}\n\n\`\`\`bash\ncurl -s https://svc${unit}.example.com/api/${pick(r, NOUNS)}s | jq .\n\`\`\`\n`);
  }
  return `# Service ${unit}: ${topic}\n\n${sections.join('\n')}`;
}

function fixtureJson(r, noun) {
  const rows = [];
  for (let i = 0; i < int(r, 700, 1500); i++) rows.push({ id: i, name: `${noun}-${i}`, status: pick(r, ['open', 'closed', 'pending']), score: int(r, 0, 1000), tags: [pick(r, NOUNS), pick(r, VERBS)] });
  return JSON.stringify(rows, null, 2);
}

function k8s(unit, kind) {
  if (kind === 'deployment') {
    return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-${unit}
spec:
  replicas: 2
  selector:
    matchLabels: { app: api-${unit} }
  template:
    metadata:
      labels: { app: api-${unit} }
    spec:
      containers:
        - name: api
          image: registry.example.com/api-${unit}:1.${unit}.0
          ports: [{ containerPort: 8000 }]
          resources:
            limits: { memory: 512Mi, cpu: 500m }
          readinessProbe:
            httpGet: { path: /health, port: 8000 }
          envFrom:
            - secretRef: { name: api-${unit} }
`;
  }
  if (kind === 'service') return `apiVersion: v1\nkind: Service\nmetadata:\n  name: api-${unit}\nspec:\n  selector: { app: api-${unit} }\n  ports: [{ port: 80, targetPort: 8000 }]\n`;
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api-${unit}
  annotations:
    nginx.ingress.kubernetes.io/limit-rps: "20"
spec:
  rules:
    - host: svc${unit}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: api-${unit}, port: { number: 80 } } }
`;
}

function svg(r) {
  const shapes = [];
  for (let i = 0; i < int(r, 20, 80); i++) shapes.push(`  <circle cx="${int(r, 0, 512)}" cy="${int(r, 0, 512)}" r="${int(r, 2, 40)}" fill="#${int(r, 0, 0xffffff).toString(16).padStart(6, '0')}"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">\n${shapes.join('\n')}\n</svg>\n`;
}

function css(r, noun) {
  const rules = [];
  for (let i = 0; i < int(r, 10, 40); i++) rules.push(`.${noun}-list .item-${i} {\n  margin: ${int(r, 0, 24)}px;\n  color: #${int(r, 0, 0xffffff).toString(16).padStart(6, '0')};\n}`);
  return rules.join('\n\n') + '\n';
}

/** Writes one unit: 80 files. */
export function writeRealisticUnit(write, r, unit) {
  const svc = `services/svc${unit}`;
  const nouns = [0, 1, 2, 3, 4].map((i) => NOUNS[(unit + i * 3) % NOUNS.length]);
  const api = `${svc}/api`;
  write(`${api}/app/__init__.py`, '');
  write(`${api}/app/main.py`, pyMain(nouns));
  write(`${api}/app/settings.py`, PY_SETTINGS);
  write(`${api}/app/db.py`, PY_DB);
  write(`${api}/app/deps.py`, PY_DEPS);
  write(`${api}/app/routes/__init__.py`, '');
  write(`${api}/app/models/__init__.py`, '');
  write(`${api}/app/models/user.py`, pyModel(r, 'user'));
  write(`${api}/app/services/__init__.py`, '');
  for (const noun of nouns) {
    write(`${api}/app/routes/${noun}.py`, pyRoutes(r, unit, noun));
    write(`${api}/app/models/${noun}.py`, pyModel(r, noun));
    write(`${api}/app/schemas/${noun}.py`, pySchema(r, noun));
    write(`${api}/app/services/${noun}_service.py`, pyService(r, noun));
    write(`${api}/tests/test_${noun}.py`, pyTest(r, noun));
  }
  for (let i = 0; i < 3; i++) write(`${api}/app/utils/${pick(r, VERBS)}_${i}.py`, [0, 1, 2].map((k) => pyHelper(r, `${pick(r, VERBS)}_${k}`)).join('\n'));
  for (let i = 0; i < 3; i++) write(`${api}/migrations/versions/${unit}_${i}.py`, pyMigration(r, unit, i));
  write(`${api}/requirements.txt`, 'fastapi==0.115.0\nuvicorn[standard]==0.30.6\nsqlalchemy==2.0.35\npydantic-settings==2.5.2\nhttpx==0.27.2\npyjwt==2.9.0\nalembic==1.13.2\n');
  write(`${api}/Dockerfile`, `FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nUSER 10001\nHEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]\n`);

  const web = `${svc}/web`;
  write(`${web}/package.json`, JSON.stringify({ name: `web-${unit}`, version: '1.0.0', private: true, scripts: { build: 'tsc', start: 'node dist/index.js', test: 'vitest run' }, dependencies: WEB_DEPENDENCIES }, null, 2));
  write(`${web}/package-lock.json`, packageLock(r, unit));
  write(`${web}/tsconfig.json`, JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, jsx: 'react-jsx', outDir: 'dist' } }, null, 2));
  write(`${web}/src/app.ts`, tsApp(nouns.slice(0, 4)));
  write(`${web}/src/index.ts`, `import { app } from './app';\n\nconst server = app.listen(Number(process.env.PORT ?? 3000));\nprocess.on('SIGTERM', () => server.close());\n`);
  write(`${web}/src/lib/auth.ts`, TS_AUTH);
  for (const noun of nouns.slice(0, 4)) {
    write(`${web}/src/routes/${noun}.ts`, tsRoutes(r, noun));
    write(`${web}/src/services/${noun}.ts`, tsService(r, noun));
    write(`${web}/src/components/${pascal(noun)}List.tsx`, tsxComponent(r, noun));
    write(`${web}/src/__tests__/${noun}.test.ts`, tsTest(r, noun));
    write(`${web}/src/styles/${noun}.css`, css(r, noun));
  }
  write(`${web}/Dockerfile`, `FROM node:20.17-alpine AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n\nFROM node:20.17-alpine\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\nCOPY --from=build /app/node_modules ./node_modules\nUSER node\nHEALTHCHECK CMD wget -qO- http://localhost:3000/health || exit 1\nCMD ["node", "dist/index.js"]\n`);

  write(`${svc}/docker-compose.yml`, `services:\n  api:\n    build: ./api\n    image: registry.example.com/api-${unit}:1.${unit}.0\n    restart: unless-stopped\n    env_file: .env\n    ports:\n      - "127.0.0.1:${8000 + (unit % 900)}:8000"\n    deploy:\n      resources:\n        limits:\n          memory: 512m\n    logging:\n      driver: json-file\n      options: { max-size: 10m, max-file: "3" }\n  web:\n    build: ./web\n    image: registry.example.com/web-${unit}:1.${unit}.0\n    restart: unless-stopped\n    deploy:\n      resources:\n        limits:\n          memory: 256m\n    logging:\n      driver: json-file\n      options: { max-size: 10m, max-file: "3" }\n`);
  write(`${svc}/.env.example`, `DATABASE_URL=postgres://app:change-me@localhost:5432/app\nSECRET_KEY=change-me\nJWT_SECRET=change-me\nLOG_LEVEL=info\n`);
  write(`${svc}/nginx/site.conf`, `server {\n    listen 80;\n    server_name svc${unit}.example.com;\n    server_tokens off;\n    client_max_body_size 10m;\n    add_header X-Content-Type-Options nosniff;\n    location /api/ {\n        proxy_pass http://api:8000/api/;\n        proxy_set_header Host $host;\n        proxy_read_timeout 60s;\n    }\n    location / {\n        proxy_pass http://web:3000/;\n    }\n}\n`);
  for (const kind of ['deployment', 'service', 'ingress']) write(`${svc}/k8s/${kind}.yaml`, k8s(unit, kind));
  write(`${svc}/README.md`, markdown(r, unit, 'overview'));
  write(`${svc}/docs/runbook.md`, markdown(r, unit, 'runbook'));
  write(`${svc}/docs/architecture.md`, markdown(r, unit, 'architecture'));
  write(`${svc}/data/${nouns[0]}-fixtures.json`, fixtureJson(r, nouns[0]));
  write(`${svc}/web/public/logo.svg`, svg(r));
}
