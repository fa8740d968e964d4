import type { MessageValue } from '../engine/types.js';

/** How a framework is written in prose, for the ids the analysis uses (`fastapi`, `next`, `nest`…). */
const DISPLAY: Record<string, string> = {
  fastapi: 'FastAPI',
  starlette: 'Starlette',
  flask: 'Flask',
  django: 'Django',
  rest_framework: 'Django REST framework',
  aiohttp: 'aiohttp',
  sanic: 'Sanic',
  quart: 'Quart',
  tornado: 'Tornado',
  falcon: 'Falcon',
  bottle: 'Bottle',
  litestar: 'Litestar',
  express: 'Express',
  koa: 'Koa',
  fastify: 'Fastify',
  hono: 'Hono',
  nest: 'NestJS',
  '@nestjs/common': 'NestJS',
  '@nestjs/core': 'NestJS',
  '@koa/router': 'Koa',
  'koa-router': 'Koa',
  '@hapi/hapi': 'hapi',
  next: 'Next.js',
  hapi: 'hapi',
  restify: 'Restify',
  polka: 'Polka',
  h3: 'h3',
  elysia: 'Elysia',
  node: 'Node.js',
  python: 'Python',
};

export function frameworkName(id: string): string {
  return DISPLAY[id] ?? DISPLAY[id.toLowerCase()] ?? id;
}

/** `The FastAPI service in `backend`` / `` `backend` 中的 FastAPI 服务 ``; no folder for the repository root. */
export function serviceLabel(framework: string, dir: string): MessageValue {
  const name = frameworkName(framework);
  const inFolder = dir && dir !== '.';
  return {
    en: inFolder ? `The ${name} service in \`${dir}\`` : `The ${name} service`,
    zh: inFolder ? `\`${dir}\` 中的 ${name} 服务` : `${name} 服务`,
  };
}
