// Generates the deterministic polyglot repositories of `npm run bench`. Two shapes:
// - `realistic` (default, scripts/bench-realistic.mjs): service repositories with the mix of files
//   real ones have — code, tests, migrations, lockfiles, docs, data, deployment files.
// - `dense`: a stress shape where every Python and TypeScript module is a 26–28-route file, the
//   worst case for the code rules.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeRealisticUnit } from './bench-realistic.mjs';

/** Bump when a generator changes, so stale corpora are rebuilt. */
export const CORPUS_VERSION = 3;

/** Units per 1× of each shape: 1× is about 1,900–2,000 files, so 4× is the 7,500-file target. */
export const UNITS_PER_SCALE = { realistic: 24, dense: 250 };

/** A small deterministic PRNG, so the corpus is byte-identical on every machine. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pythonModule(i, r) {
  const fns = [];
  for (let f = 0; f < 28; f++) {
    fns.push(`
@router.${['get', 'post', 'put'][f % 3]}("/items${i}/${f}/{item_id}")
async def handler_${i}_${f}(item_id: int, q: str | None = None, user=Depends(current_user)):
    """Returns item ${f} of service ${i}; computes a checksum of the payload."""
    total = 0
    for n in range(${Math.floor(r() * 50) + 10}):
        total += (n * item_id) % ${f + 7}
    data = {"id": item_id, "q": q, "total": total, "service": "svc${i}"}
    logger.info("handled %s", item_id)
    return data
`);
  }
  return `import logging
from fastapi import APIRouter, Depends
from .deps import current_user

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/svc${i}")
CACHE_TTL = ${Math.floor(r() * 300)}
${fns.join('')}`;
}

function tsModule(i, r) {
  const fns = [];
  for (let f = 0; f < 26; f++) {
    fns.push(`
router.${['get', 'post', 'delete'][f % 3]}('/things${i}/${f}/:id', requireAuth, async (req: Request, res: Response) => {
  const id = Number(req.params.id);
  const items: Array<{ id: number; score: number }> = [];
  for (let n = 0; n < ${Math.floor(r() * 40) + 5}; n++) items.push({ id: n, score: (n * id) % ${f + 3} });
  const best = items.sort((a, b) => b.score - a.score)[0];
  res.json({ id, best, service: 'svc${i}' });
});
`);
  }
  return `import { Router, type Request, type Response } from 'express';
import { requireAuth } from '../auth';

const router = Router();
${fns.join('')}
export default router;
`;
}

function tsxComponent(i) {
  return `import { useState } from 'react';

export function Widget${i}({ title }: { title: string }) {
  const [count, setCount] = useState(0);
  return (
    <section className="widget-${i}">
      <h2>{title}</h2>
      <button onClick={() => setCount(count + 1)}>clicked {count} times</button>
      <ul>{[1, 2, 3].map((n) => <li key={n}>{n * ${i}}</li>)}</ul>
    </section>
  );
}
`.repeat(6);
}

function composeFile(i) {
  return `services:
  api${i}:
    build: .
    image: registry.example.com/api${i}:1.${i}.0
    restart: unless-stopped
    environment:
      LOG_LEVEL: info
      DATABASE_URL: \${DATABASE_URL:?set it}
    ports:
      - "127.0.0.1:${8000 + (i % 900)}:8000"
    deploy:
      resources:
        limits:
          memory: 512m
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]
  cache${i}:
    image: redis:7.2-alpine
    command: ["redis-server", "--requirepass", "\${REDIS_PASSWORD:?}"]
`;
}

function nginxConf(i) {
  return `server {
    listen 80;
    server_name svc${i}.example.com;
    server_tokens off;
    client_max_body_size 10m;
    location /api/ {
        proxy_pass http://api${i}:8000/;
        proxy_set_header Host $host;
        proxy_read_timeout 60s;
    }
    location / {
        root /usr/share/nginx/html;
        try_files $uri /index.html;
    }
}
`;
}

function dockerfile(i) {
  return `FROM python:3.12-slim AS base
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER 10001
HEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1
CMD ["uvicorn", "svc${i}.main:app", "--host", "0.0.0.0", "--port", "8000"]
`;
}

/** Writes the corpus of a shape at a scale (1, 2, 4…); returns the number of files written. */
export function generateCorpus(root, scale, shape = 'realistic') {
  const r = rng(42);
  let files = 0;
  const write = (path, text) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
    files++;
  };
  const units = UNITS_PER_SCALE[shape] * scale;
  if (shape === 'realistic') {
    write('package.json', JSON.stringify({ name: 'bench-monorepo', private: true }, null, 2));
    write('.gitignore', 'node_modules/\ndist/\n.env\n');
    for (let i = 0; i < units; i++) writeRealisticUnit(write, r, i);
    return files;
  }
  write('package.json', JSON.stringify({ name: 'bench-monorepo', private: true, workspaces: ['web'] }, null, 2));
  for (let i = 0; i < units; i++) {
    const svc = `services/svc${i}`;
    write(`${svc}/app/routes.py`, pythonModule(i, r));
    write(`${svc}/app/models.py`, pythonModule(i + 100000, r));
    write(`${svc}/app/__init__.py`, '');
    write(`${svc}/src/routes.ts`, tsModule(i, r));
    write(`${svc}/web/Widget${i}.tsx`, tsxComponent(i));
    write(`${svc}/docker-compose.yml`, composeFile(i));
    write(`${svc}/Dockerfile`, dockerfile(i));
    if (i % 2 === 0) write(`${svc}/nginx/site.conf`, nginxConf(i));
    if (i % 2 === 1) write(`${svc}/.env.example`, `API_KEY=your-api-key\nDATABASE_URL=postgres://user:password@localhost/db\nLOG_LEVEL=info\n`);
  }
  return files;
}
